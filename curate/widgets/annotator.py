"""Keyboard-first annotator and reviewer widgets for JupyterLab (anywidget).

The page shows prefetched items at once and sends each decision to the kernel
as a custom message (lossless and in order, unlike synced state); the kernel
commits it through the :class:`~curate.session.Session` and answers with an
``ack``.  Until the ack arrives the page lists the decision as pending; a
failed one stays on screen with the error and can be sent again.

Message protocol (page -> kernel), each with a ``seq`` the ack repeats:

``{"type": "hello"}``
    the page asks for the full state (answered by ``reset``).
``{"type": "decide", "item_id", "labels", "unsure", "note", "seconds"}``
    a decision on a served item.
``{"type": "skip", "item_id", "seconds"}``
    pass over an item (recorded only when it has no decision).
``{"type": "undo"}``
    take back the latest decision.
``{"type": "synthetic", "item_id", "accept"}``
    accept or reject a pending synthetic item (keys ``A`` and ``R``).

Kernel -> page: ``reset`` (all served items and the position), ``items``
(newly reserved items from index ``start``), ``ack`` (``ok`` with the stored
state of the item, or ``ok: false`` with ``error``).

Order: each page view numbers its messages (``view`` id, ``seq`` from 1, the
``hello`` first) and the kernel acts on them in that order.  It must: ipykernel
routes a widget's comm messages either to the main shell thread or to a
subshell thread (JupyterLab sends them on a subshell once it has one), so two
consecutive messages can be handled on two threads at once, and an ``undo``
could overtake the decision before it, or the decision made right after an
undo could overtake the undo.  :meth:`_QueueView.receive` holds a message that
arrives before its predecessor until the predecessor has been handled (or
until ``HOLD_S`` seconds have passed, so a lost message cannot stall the page).
Replies to a view's ``hello`` and its acks carry its ``view`` id; other views
of the same widget ignore them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anywidget
import traitlets

from curate.errors import CurateError
from curate.schema import Annotation, Item
from curate.widgets._context import DocContext
from curate.widgets._render import (
    Highlighter,
    SyntheticHook,
    ViewOptions,
    badge,
    meta_line,
    segments,
    shown_items,
    spec_config,
    suggestion,
)

if TYPE_CHECKING:
    from curate.project import Project
    from curate.widgets.page import LabellingPage

__all__ = ["Annotator", "Reviewer", "SyntheticHook", "ViewOptions"]

_HERE = Path(__file__).resolve().parent

#: How many items before the one on screen a (re)opened page can go back to.
RESET_BACK = 200

#: Seconds a message that overtook an earlier one of its view waits for it.
HOLD_S = 3.0

#: Characters of a neighbouring item shown as context (longer ones are cut with "…").
CONTEXT_CHARS = 600


class Queue(Protocol):
    """What a view needs from a queue: :class:`~curate.session.Session` and ``ReviewSession`` fit."""

    annotator: str

    @property
    def history(self) -> list[str]: ...
    @property
    def position(self) -> int: ...
    @property
    def ahead(self) -> int: ...
    @property
    def current(self) -> Item | None: ...
    def next(self) -> Item | None: ...
    def reserve(self, n: int) -> list[Item]: ...
    def submit(
        self,
        labels: Iterable[str] | str | None = ...,
        *,
        spans: Iterable[Any] | None = ...,
        unsure: bool = ...,
        note: str | None = ...,
        seconds: float | None = ...,
        advance: bool = ...,
        item_id: str | None = ...,
    ) -> Annotation: ...
    def skip(self, *, item_id: str | None = ..., seconds: float | None = ...) -> Item | None: ...
    def undo(self) -> Annotation | None: ...
    def progress(self) -> dict[str, Any]: ...


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, CurateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _QueueView(anywidget.AnyWidget):
    _esm: Path | str = _HERE / "_view.js"
    _css: Path | str = _HERE / "_view.css"

    config = traitlets.Dict().tag(sync=True)
    progress = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        project: Project,
        queue: Queue,
        *,
        mode: str,
        title: str,
        options: ViewOptions,
    ) -> None:
        super().__init__()
        self.project = project
        self.session = queue
        self.options = options
        self.prefetch = options.prefetch
        self.show_suggestions = options.show_suggestions
        self.show_meta = None if options.show_meta is None else list(options.show_meta)
        self._suggest = options.suggest
        self._on_synthetic = options.on_synthetic or self._set_synthetic_status
        self.context = options.context
        self._doc_context = self._make_context(options.context, options.context_key)
        self.page: LabellingPage | None = None
        self._lock = threading.RLock()
        self._sent = 0
        self._next_seq: dict[str, int] = {}  # view -> the seq to act on next
        self._held: dict[str, dict[int, Mapping[str, Any]]] = {}  # view -> seq -> message
        self.config = {
            **self._task_config(mode=mode, title=title),
            "page": options.page,
            "context": bool(self._doc_context),
        }
        if queue.current is None and queue.position < len(queue.history):
            queue.next()
        queue.reserve(self.prefetch)
        self._sent = len(queue.history)
        self.progress = self._progress()
        self.on_msg(self._on_msg)

    # -- what the page is sent ------------------------------------------------------------
    def _task_config(self, *, mode: str, title: str) -> dict[str, Any]:
        """The task as the page needs it (labels, keys, guidelines); the span views add theirs."""
        spec = self.project.spec  # one read of the stored spec for both
        self._highlighter = Highlighter(spec, self.options.highlight)
        return spec_config(spec, mode=mode, title=title)

    def _version(self) -> int:
        return self.project.spec.version

    def _payloads(self, start: int, ids: Sequence[str]) -> list[dict[str, Any]]:
        store = self.project.store
        items, pii = shown_items(self.project, store.items(ids))  # the project's PII view decides the text
        states = store.vote_states(self.session.annotator, ids)
        probs: Sequence[Mapping[str, float] | None] = [None] * len(items)
        if self.show_suggestions and self._suggest is not None and items:
            probs = list(self._suggest(items))
        around = self._context_texts(ids)
        out = []
        for k, (item, p) in enumerate(zip(items, probs, strict=True)):
            marks = pii.get(item.id, [])
            spans = self._highlighter.spans(item.text) + marks
            state = states.get(item.id, {})
            out.append(
                {
                    "index": start + k,
                    "id": item.id,
                    "segments": segments(item.text, spans),
                    "chars": len(item.text),
                    "meta": meta_line(item, self.show_meta),
                    "origin": item.origin,
                    "status": item.status,
                    "badge": badge(item),
                    "pii": len(marks),
                    "decision": state.get("decision"),
                    "unsure": state.get("unsure", False),
                    "note": state.get("note", ""),
                    "suggestion": suggestion(p),
                    "context": around.get(item.id),
                    **self._extra(item),
                }
            )
        return out

    def _extra(self, item: Item) -> dict[str, Any]:
        return {}

    def _make_context(self, n: int, key: str | None) -> DocContext | None:
        if n == 0:
            return None
        from curate.store.places import item_places

        found = DocContext(item_places(self.project.store), key=key)
        return found if found else None

    def _context_texts(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The texts of each item's neighbours in its document: ``{id: {doc, before, after}}``."""
        ctx = self._doc_context
        if ctx is None:
            return {}
        plan = {i: ctx.neighbours(i, self.context) for i in ids}
        wanted = list(dict.fromkeys(j for before, after in plan.values() for j in (*before, *after)))
        shown = shown_items(self.project, self.project.store.items(wanted))[0] if wanted else []
        texts = {it.id: it.text for it in shown}
        return {
            i: {
                "doc": ctx.doc(i),
                "key": ctx.key,
                "before": [_clip(texts[j]) for j in before],
                "after": [_clip(texts[j]) for j in after],
            }
            for i, (before, after) in plan.items()
            if before or after
        }

    def _progress(self) -> dict[str, Any]:
        return {**self.session.progress(), "version": self._version()}

    def _reset(self) -> dict[str, Any]:
        history = self.session.history
        self._sent = len(history)
        # A page (re)opened after hours of work gets the last RESET_BACK items to go back to.
        start = max(0, min(self.session.position, len(history)) - RESET_BACK)
        return {
            "type": "reset",
            "items": self._payloads(start, history[start:]),
            "pos": self.session.position,
            "exhausted": self.session.ahead < self.prefetch,
        }

    def _top_up(self) -> list[dict[str, Any]]:
        self.session.reserve(self.prefetch)
        history = self.session.history
        if len(history) <= self._sent:
            return []
        start, self._sent = self._sent, len(history)
        return [
            {
                "type": "items",
                "start": start,
                "items": self._payloads(start, history[start:]),
                "exhausted": self.session.ahead < self.prefetch,
            }
        ]

    # -- what the page asks ----------------------------------------------------------------
    def handle(self, message: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Act on one message from the page and return every reply (what the page gets).

        Every ``decide``, ``skip``, ``undo`` or ``synthetic`` message is answered by
        exactly one ``ack`` carrying its ``seq``: ``ok: true`` once the store has
        committed it, ``ok: false`` with ``error`` otherwise.  Safe to call from any thread.
        """
        return list(self.replies(message))

    def replies(self, message: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """The replies to ``message`` one by one: the ``ack`` first, then the prefetch top-up.

        The kernel sends each as soon as it is ready, so the page learns that a
        decision is saved before the kernel reserves and renders the next items.
        """
        kind = message.get("type")
        seq = message.get("seq")
        tag = {"view": message["view"]} if "view" in message else {}
        with self._lock:
            try:
                first, more = self._act(kind, seq, message)
            except Exception as exc:  # every failure must reach the page, never vanish
                yield {"type": "ack", "seq": seq, "ok": False, "error": _error_text(exc), **tag}
                return
            yield {**first, **tag} if first.get("type") in ("ack", "reset") else first
            if more:
                try:
                    yield from self._top_up()
                except Exception as exc:  # the decision is saved; only the look-ahead failed
                    yield {"type": "notice", "text": f"could not fetch the next items: {_error_text(exc)}"}

    def _act(self, kind: Any, seq: Any, message: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        """Carry out one message; returns the first reply and whether to top up the prefetch."""
        if kind == "hello":
            return self._reset(), False
        if kind == "decide":
            event = self._decide(message)
            self._labelled_candidate(event)
            return self._ack(seq, event), True
        if kind == "skip":
            item_id = str(message["item_id"])
            self.session.skip(item_id=item_id, seconds=_seconds(message.get("seconds")))
            return {"type": "ack", "seq": seq, "ok": True, "item_id": item_id}, True
        if kind == "undo":
            known = set(self.session.history)
            undone = self.session.undo()
            if undone is None:
                return {"type": "ack", "seq": seq, "ok": True, "item_id": None}, False
            ack = self._ack(seq, undone)
            if undone.item_id not in known:
                ack["reset"] = self._reset()  # an item from an earlier session came back
            return ack, False
        if kind == "synthetic":
            item_id = str(message["item_id"])
            accept = bool(message.get("accept"))
            reason = str(message.get("reason") or "").strip()
            if self._on_synthetic == self._set_synthetic_status:
                self._set_synthetic_status(item_id, accept, self.session.annotator, reason=reason)
            else:
                self._on_synthetic(item_id, accept, self.session.annotator)
            item = self.project.store.item(item_id)
            ack = {"type": "ack", "seq": seq, "ok": True, "item_id": item_id}
            return {**ack, "status": item.status, "badge": badge(item)}, True
        raise CurateError(f"unknown message type {kind!r} from the page")

    def _decide(self, message: Mapping[str, Any]) -> Annotation:
        """Submit a ``decide`` message's decision; returns the stored event."""
        labels = message.get("labels") or []
        return self.session.submit(
            [str(x) for x in labels],
            unsure=bool(message.get("unsure")),
            note=str(message.get("note") or "") or None,
            seconds=_seconds(message.get("seconds")),
            item_id=str(message["item_id"]),
        )

    def _stored(self, event: Annotation) -> dict[str, Any]:
        """The decision, unsure flag and note of ``event``'s item as stored after it."""
        if event.kind == "undo":  # the state the undo restored, note included
            return self.project.store.vote_states(self.session.annotator, [event.item_id]).get(
                event.item_id, {}
            )
        return {"decision": list(event.labels or ()), "unsure": event.unsure, "note": event.note or ""}

    def _ack(self, seq: Any, event: Annotation) -> dict[str, Any]:
        stored = self._stored(event)
        return {
            "type": "ack",
            "seq": seq,
            "ok": True,
            "item_id": event.item_id,
            "event_id": event.id,
            "kind": event.kind,
            "decision": stored.get("decision"),
            "unsure": stored.get("unsure", False),
            "note": stored.get("note", ""),
        }

    def receive(self, message: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Take one message as the kernel delivers it, possibly before an earlier one of its view.

        Acts on every message of the view that is now in order (``seq`` following
        the last one acted on) and returns all their replies; a message that
        overtook an earlier one is held until that one arrives (at most ``HOLD_S``
        seconds).  Messages without ``view`` and ``seq`` are acted on at once.
        Safe to call from any thread: this is what the widget does with each comm message.
        """
        return [reply for _, reply in self._receive(message)]

    def _receive(self, message: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
        view, seq = message.get("view"), message.get("seq")
        with self._lock:
            if not isinstance(view, str) or not isinstance(seq, int) or isinstance(seq, bool):
                for reply in self.replies(message):
                    yield message, reply
                return
            expected = self._next_seq.get(view, 1)
            if seq > expected:  # an earlier message of this view is still on its way
                self._held.setdefault(view, {})[seq] = message
                timer = threading.Timer(HOLD_S, self._release, args=(view, seq))
                timer.daemon = True
                timer.start()
                return
            yield from self._run_in_order(view, message)

    def _run_in_order(
        self, view: str, message: Mapping[str, Any]
    ) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
        """Act on ``message`` and then on every held message of ``view`` that now follows it."""
        held = self._held.get(view, {})
        while True:
            seq = int(message["seq"])
            self._next_seq[view] = max(self._next_seq.get(view, 1), seq + 1)
            for reply in self.replies(message):
                yield message, reply
            following = held.pop(self._next_seq[view], None)
            if following is None:
                return
            message = following

    def _release(self, view: str, seq: int) -> None:
        """``HOLD_S`` after ``seq`` was held: give up on the missing messages before it."""
        with self._lock:
            held = self._held.get(view, {})
            if seq not in held or self._next_seq.get(view, 1) > seq:
                return
            self._next_seq[view] = min(held)
            self._deliver(self._run_in_order(view, held.pop(min(held))))

    def _deliver(self, replies: Iterable[tuple[Mapping[str, Any], dict[str, Any]]]) -> None:
        """Send each reply to the page as soon as it is ready, then refresh the progress line."""
        progress = False
        for message, reply in replies:
            self.send(reply)
            progress = progress or message.get("type") != "hello"
        if progress:
            # A progress line is not worth failing a decision over.
            with contextlib.suppress(Exception):
                self.refresh_progress()

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, Mapping):
            return
        if content.get("type") == "open_page":  # outside the decision order: it takes seconds
            view = content.get("view")
            threading.Thread(target=self._send_page, args=(view,), daemon=True).start()
            return
        self._deliver(self._receive(content))

    def open_page(self) -> str:
        """Start (once) the labelling page for this widget's annotator and return its URL.

        The same annotator, batch and options on a page of its own, where no
        notebook can receive the keys (see :class:`curate.widgets.page.LabellingPage`).
        """
        from curate.widgets.page import LabellingPage

        with self._lock:
            if self.page is None or not self.page.running():
                self.page = LabellingPage(
                    self.project.store.url,
                    annotator=self.session.annotator,
                    batch=getattr(self.session, "batch", None),
                    options=self._page_options(),
                )
            page = self.page
        return page.start().url

    def _page_options(self) -> dict[str, Any]:
        out: dict[str, Any] = {"prefetch": self.prefetch, "context": self.context}
        if self.show_meta is not None:
            out["show_meta"] = self.show_meta
        if self._doc_context is not None:
            out["context_key"] = self._doc_context.key
        return out

    def _send_page(self, view: Any) -> None:
        try:
            reply: dict[str, Any] = {"type": "page", "ok": True, "url": self.open_page()}
        except Exception as exc:  # shown on the page, never lost
            reply = {"type": "page", "ok": False, "error": _error_text(exc)}
        if view is not None:
            reply["view"] = view
        self.send(reply)

    def close(self) -> None:
        """Close the widget and stop its labelling page if one was started."""
        page = getattr(self, "page", None)  # absent when __init__ failed
        if page is not None:
            page.stop()
        super().close()

    def refresh_progress(self) -> dict[str, Any]:
        """Recount progress (done, assigned, remaining, items per hour) and push it to the page."""
        self.progress = self._progress()
        return dict(self.progress)

    def _labelled_candidate(self, event: Annotation) -> None:
        """A pending synthetic item an expert labels (surely) is decided: accepted, with the expert's label.

        The resolver then gives the expert's label, whatever the generator meant.  Left alone when
        an ``on_synthetic`` hook takes synthetic review over.
        """
        if event.unsure or not event.labels or self._on_synthetic != self._set_synthetic_status:
            return
        item = self.project.store.item(event.item_id)
        if item.origin == "synthetic" and item.status == "pending":
            why = f"labelled {', '.join(event.labels)}"
            self.project.review(accept=[item.id], reason=why, reviewer=self.session.annotator)

    def _set_synthetic_status(self, item_id: str, accept: bool, who: str, *, reason: str = "") -> None:
        item = self.project.store.item(item_id)
        if item.origin != "synthetic":
            raise CurateError(
                f"item {item_id!r} is not synthetic: only synthetic items are accepted or rejected"
            )
        # One home for a synthetic review and its reason: Project.review.
        ids = [item_id]
        self.project.review(
            accept=ids if accept else (), reject=() if accept else ids, reason=reason or None, reviewer=who
        )
        if accept:
            # Accepting is this expert's vote for the intended label (read from the provenance, where
            # the generator left it): it counts as done, and the resolver gives the expert's label.
            from curate.labels import intended_labels

            meant = intended_labels(self.project.store.provenance(item_id), self.project.spec)
            if meant:
                self.session.submit(list(meant), note=reason or None, item_id=item_id)


def _clip(text: str, n: int = CONTEXT_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _seconds(value: Any) -> float | None:
    try:
        return None if value is None else round(max(float(value), 0.0), 3)
    except (TypeError, ValueError):
        return None


class Annotator(_QueueView):
    """An annotator's labelling widget; create it with :meth:`Project.annotator`.

    Keys (while the widget has focus; none reaches JupyterLab): a label's key
    labels (single-label: saves and moves on; multi-label: toggles, Enter saves),
    Space or Right skips, Left goes back, Backspace or Ctrl+Z undoes, ``?``
    toggles unsure, ``n`` focuses the note (Enter or Escape returns), and on a
    synthetic item ``A`` accepts and ``R`` rejects it.

    Parameters
    ----------
    project
        The project to label.
    annotator
        Who labels; every event records it.
    batch
        Only serve the items of this batch assigned to the annotator.
    lease_s
        Seconds an item served to this annotator stays reserved for them.
    options, **changes
        A :class:`ViewOptions` and/or its fields by name (``prefetch``,
        ``show_suggestions``, ``suggest``, ``highlight``, ``on_synthetic``, ``show_meta``, ``context``, ``context_key``, ``page``).
    """

    def __init__(
        self,
        project: Project,
        *,
        annotator: str,
        batch: int | None = None,
        lease_s: float = 600.0,
        options: ViewOptions | None = None,
        **changes: Any,
    ) -> None:
        opts = ViewOptions.of(options, **changes)
        super().__init__(
            project,
            project.session(annotator, batch=batch, lease_s=lease_s),
            mode="annotate",
            title=f"{project.spec.name} · {annotator}",
            options=opts,
        )


class _ReviewView(_QueueView):
    """What the label and the span reviewer share: a reviewer's queue over contested items."""

    def __init__(
        self,
        project: Project,
        *,
        reviewer: str,
        flagged: Mapping[str, str] | Iterable[str] | None = None,
        include_resolved: bool = False,
        annotators: Iterable[str] | None = None,
        options: ViewOptions | None = None,
        **changes: Any,
    ) -> None:
        opts = ViewOptions.of(options, **changes)
        self._cases = project.review_session(
            reviewer, flagged=flagged, include_resolved=include_resolved, annotators=annotators
        )
        title = f"review · {self._task_name(project)} · {reviewer}"
        super().__init__(project, self._cases, mode="review", title=title, options=opts)

    @staticmethod
    def _task_name(project: Project) -> str:
        return project.spec.name


class Reviewer(_ReviewView):
    """A reviewer's widget over contested items; create it with :meth:`Project.reviewer`.

    Lists items where annotators disagree, were unsure, or that ``flagged``
    names; shows each annotator's label and note, and records the key pressed
    as the final label (an ``adjudicate`` event).  Same keys as :class:`Annotator`;
    skipping records nothing.  Options as for :class:`Annotator` (:class:`ViewOptions`).
    """

    def _extra(self, item: Item) -> dict[str, Any]:
        case = self._cases.cases.get(item.id)
        return {
            "votes": self._cases.votes_json(item.id),
            "reasons": list(case.reasons) if case else [],
        }

    def _top_up(self) -> list[dict[str, Any]]:
        # Every case is known up front; the page gets them all in the first reset.
        return []

    def _reset(self) -> dict[str, Any]:
        msg = super()._reset()
        msg["exhausted"] = True
        return msg
