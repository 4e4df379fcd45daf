"""The span annotator and span reviewer: mark labelled stretches of a text with the keyboard or mouse.

Same machinery as the classification :class:`~curate.widgets.Annotator`
(prefetch, per-view message order, decisions pending until the kernel acks,
failures kept on screen, undo, back, skip, unsure, note, the labelling page);
what differs is the decision, an item's whole span list, and how the page
draws and edits it (``_spans.js``, bundled before ``_view.js``).

Message protocol additions (page -> kernel): ``decide`` carries ``spans``, a
list of ``{start, end, label}`` in Python string offsets, instead of
``labels``, and ``labels`` the task's document-level labels chosen beside them
(``[]`` for none); the ack's ``decision`` is the stored span list and its
``doc_labels`` the stored document labels (both ``None`` when the undo left the
item without a decision).  Each item the page gets carries its
``text``, its ``tokens`` (flat ``[start, end, ...]`` offsets, the export
tokenizer's, so a selection snaps to what export will tag), the stored
``decision`` and ``doc_labels`` and, with ``pre_annotate``, the ``suggestions`` worked out so far;
the rest follow as ``{"type": "suggestions", "id", "suggestions"}`` messages
from a worker thread (kernel -> page), so suggestions never hold up an ack.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError
from curate.schema import Annotation, Item
from curate.spans.model import LabeledSpan
from curate.spans.tokens import tokenize
from curate.widgets._render import ViewOptions, badge, meta_line, shown_items
from curate.widgets.annotator import _error_text, _QueueView, _ReviewView, _seconds

if TYPE_CHECKING:
    from curate.project import Project
    from curate.spans.spec import SpanTaskSpec
    from curate.workflows.spans import SpanModelState

#: The badge on an item whose personal data the project's PII view would hide (not in span tasks yet).
MASKED = "personal data masked (\u2588): offsets are those of the stored text"

#: Where suggestions come from (``project.span_suggestions``); ``pre_annotate=True`` takes them all.
SUGGESTION_SOURCES = ("rules", "pii", "model")

__all__ = ["SpanAnnotator", "SpanReviewer", "span_config", "span_dicts", "token_offsets"]

_HERE = Path(__file__).resolve().parent


def _bundle(*names: str) -> str:
    return "\n".join((_HERE / n).read_text(encoding="utf-8") for n in names)


def span_config(spec: SpanTaskSpec, *, mode: str, title: str) -> dict[str, Any]:
    """The span task as the page needs it: labels with keys and colours, overlap rules, guidelines."""
    return {
        "kind": "spans",
        "mode": mode,
        "title": title,
        "task": spec.name,
        "version": spec.version,
        "multi_label": False,
        "overlapping": spec.overlapping,
        "nested": spec.nested,
        "guidelines": spec.guidelines,
        "labels": [
            {
                "name": lab.name,
                "key": lab.key or "",
                "color": lab.color or "",
                "definition": lab.definition,
                "examples": list(lab.examples),
            }
            for lab in spec.labels
        ],
        # Optional labels for the whole text, chosen beside the spans (keys distinct from the span labels').
        "document_labels": [
            {
                "name": lab.name,
                "key": lab.key or "",
                "definition": lab.definition,
                "examples": list(lab.examples),
            }
            for lab in spec.document_labels
        ],
        "document_multi_label": spec.document_multi_label,
    }


def token_offsets(text: str) -> list[int]:
    """``[start0, end0, start1, end1, ...]`` of the text's tokens, where a selection snaps to."""
    out: list[int] = []
    for tok in tokenize(text):
        out += [tok.start, tok.end]
    return out


def span_dicts(spans: Iterable[Any] | None) -> list[dict[str, Any]] | None:
    """Spans (records or mappings) as sorted ``{start, end, label}`` dicts; None stays None."""
    if spans is None:
        return None
    return [s.to_dict() for s in sorted(LabeledSpan.from_value(x) for x in spans)]


def _suggestion(value: Any) -> dict[str, Any]:
    """One suggestion as the page shows it: offsets, label and where it came from."""
    span = LabeledSpan.from_value(
        {k: value[k] for k in ("start", "end", "label")} if isinstance(value, Mapping) else value
    )
    source = value.get("source") if isinstance(value, Mapping) else getattr(value, "source", None)
    return {**span.to_dict(), "source": str(source or "suggestion")}


class _SpanView(_QueueView):
    _esm = _bundle("_spans.js", "_view.js")
    _css = _bundle("_view.css", "_spans.css")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._suggested: dict[str, list[dict[str, Any]]] = {}  # item id -> its suggestions, once worked out
        self._asked: set[str] = set()
        self._jobs: queue.Queue[str] | None = None
        self._fitted: dict[str, SpanModelState] = {}

    def _task_config(self, *, mode: str, title: str) -> dict[str, Any]:
        return span_config(self.project.span_spec, mode=mode, title=title)

    def _version(self) -> int:
        return self.project.span_spec.version

    def _payloads(self, start: int, ids: Sequence[str]) -> list[dict[str, Any]]:
        store = self.project.store
        items = store.items(ids)
        # Span offsets count in the stored text: on a span task the PII view masks each value with
        # as many characters as it has (curate.workflows.pii.shown_items), so offsets marked in the
        # shown text are offsets into the stored one, and the original value never reaches the page.
        shown, _ = shown_items(self.project, items)
        masked = {a.id for a, b in zip(items, shown, strict=True) if a.text != b.text}
        if any(len(a.text) != len(b.text) for a, b in zip(items, shown, strict=True)):
            raise CurateError("a span task's PII view must keep each text's length (see shown_items)")
        items = shown
        states = store.vote_states(self.session.annotator, ids)
        around = self._context_texts(ids)
        out = []
        for k, item in enumerate(items):
            state = states.get(item.id, {})
            warn = MASKED if item.id in masked else ""
            out.append(
                {
                    "index": start + k,
                    "id": item.id,
                    "text": item.text,
                    "tokens": token_offsets(item.text),
                    "chars": len(item.text),
                    "meta": meta_line(item, self.show_meta),
                    "origin": item.origin,
                    "status": item.status,
                    "badge": " · ".join(x for x in (badge(item), warn) if x),
                    "decision": span_dicts(state.get("spans")) if "decision" in state else None,
                    "doc_labels": list(state["decision"]) if "decision" in state else None,
                    "unsure": state.get("unsure", False),
                    "note": state.get("note", ""),
                    "suggestions": self._suggestions(item),
                    "context": around.get(item.id),
                    **self._extra(item),
                }
            )
        return out

    def _sources(self) -> tuple[str, ...]:
        wanted = self.options.pre_annotate
        if wanted is True:
            return SUGGESTION_SOURCES
        return tuple(wanted) if wanted else ()

    def _suggestions(self, item: Item) -> list[dict[str, Any]]:
        """The suggestions already worked out for ``item``; else none yet, and the worker is asked.

        Suggestions never hold up an ack: a worker thread computes them one item at a
        time and sends each item's list as a ``suggestions`` message when it is ready.
        """
        if not self._sources():
            return []
        with self._lock:
            done = self._suggested.get(item.id)
            if done is None and item.id not in self._asked:
                self._asked.add(item.id)
                self._work().put(item.id)
        return list(done or [])

    def _work(self) -> queue.Queue[str]:
        if self._jobs is None:
            self._jobs = queue.Queue()
            threading.Thread(target=self._suggest_loop, args=(self._jobs,), daemon=True).start()
            if "model" in self._sources():
                threading.Thread(target=self._fit_model, daemon=True).start()
        return self._jobs

    def _suggest_loop(self, jobs: queue.Queue[str]) -> None:
        while True:
            item_id = jobs.get()
            sources = self._sources()
            state = self._fitted.get("state")
            if "model" in sources and state is None:  # not fitted yet: the others now, the model later
                sources = tuple(s for s in sources if s != "model")
            try:
                found = [
                    _suggestion(x)
                    for x in self.project.span_suggestions(item_id, sources=sources, state=state)
                ]
            except Exception as exc:  # shown on the page; labelling goes on without suggestions
                with contextlib.suppress(Exception):
                    self.send({"type": "notice", "text": f"no suggestions for {item_id}: {_error_text(exc)}"})
                continue
            with self._lock:
                self._suggested[item_id] = found
            with contextlib.suppress(Exception):  # a closed widget has no page to tell
                self.send({"type": "suggestions", "id": item_id, "suggestions": found})

    def _fit_model(self) -> None:
        """Fit the span tagger once (seconds: it featurises every item), then redo the items done without it."""
        try:
            self._fitted["state"] = self.project.span_model()
        except Exception as exc:  # shown once on the page; the other sources still work
            with contextlib.suppress(Exception):
                self.send({"type": "notice", "text": f"no model suggestions: {_error_text(exc)}"})
            return
        with self._lock:
            again = list(self._suggested)
        for item_id in again:
            self._work().put(item_id)

    def _decide(self, message: Mapping[str, Any]) -> Annotation:
        spans = message.get("spans")
        if not isinstance(spans, list):
            raise CurateError("a span decision needs a list of spans (an empty list when there is none)")
        labels = message.get("labels") or []
        if not isinstance(labels, list):
            raise CurateError("a span decision's document labels must be a list of label names")
        return self.session.submit(
            spans=[LabeledSpan.from_value(dict(s)) for s in spans],
            labels=[str(x) for x in labels],
            unsure=bool(message.get("unsure")),
            note=str(message.get("note") or "") or None,
            seconds=_seconds(message.get("seconds")),
            item_id=str(message["item_id"]),
        )

    def _stored(self, event: Annotation) -> dict[str, Any]:
        if event.kind == "undo":  # the state the undo restored
            state = self.project.store.vote_states(self.session.annotator, [event.item_id]).get(
                event.item_id, {}
            )
            return {
                "decision": span_dicts(state.get("spans")) if "decision" in state else None,
                "doc_labels": list(state["decision"]) if "decision" in state else None,
                "unsure": state.get("unsure", False),
                "note": state.get("note", ""),
            }
        return {
            "decision": span_dicts(event.spans or ()),
            "doc_labels": list(event.labels or ()),
            "unsure": event.unsure,
            "note": event.note or "",
        }

    def _ack(self, seq: Any, event: Annotation) -> dict[str, Any]:
        # The document labels stored with the spans (None when the undo left the item without a decision).
        stored = self._stored(event)
        return {**super()._ack(seq, event), "doc_labels": stored.get("doc_labels")}

    def _page_options(self) -> dict[str, Any]:
        out = super()._page_options()
        if self._sources():
            out["pre_annotate"] = self._sources()
        return out


class SpanAnnotator(_SpanView):
    """An annotator's span widget; :meth:`Project.annotator` returns it on a span task.

    Keys (while the widget has focus): drag with the mouse, or move by word with
    Left/Right and extend with Shift+Left/Right (selections snap to whole
    tokens); a label's key marks the selection.  Tab / Shift+Tab pick the
    next / previous span or suggestion (a click picks one too); a label key
    relabels the picked span, Backspace or Delete removes it; ``A`` accepts and
    ``R`` rejects a picked (dashed) suggestion.  Ctrl+Z undoes the last edit on
    the item, or with none the last saved decision.  Enter saves the item's spans
    (none is a decision too) and moves on; Space or ``]`` skips, ``[`` goes back,
    ``?`` toggles unsure, ``n`` writes a note, Escape drops the selection.
    On a task with ``document_labels`` each one's key (assigned after the span
    labels' by :class:`~curate.spans.SpanTaskSpec`) toggles its chip under the
    text; Enter saves them with the spans as one event.

    Parameters are those of :class:`~curate.widgets.Annotator`; ``pre_annotate=True``
    shows ``project.span_suggestions(item_id)`` dashed (off by default).
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
            title=f"{project.span_spec.name} · {annotator}",
            options=opts,
        )


class SpanReviewer(_ReviewView, _SpanView):
    """A reviewer's span widget; :meth:`Project.reviewer` returns it on a span task.

    Each annotator's spans are listed side by side (those not every annotator
    marked in bold); the text starts with the spans all of them agree on, and
    offers the others dashed: ``A`` keeps one, ``R`` drops it, a label key keeps
    it under that label, and every key of :class:`SpanAnnotator` edits the set.
    Enter records it as the adjudicated span list.
    """

    @staticmethod
    def _task_name(project: Project) -> str:
        return project.span_spec.name

    def _extra(self, item: Item) -> dict[str, Any]:
        case = self._cases.cases.get(item.id)
        # Each annotator's span list as the review case holds it (a vote without one: no spans).
        who_spans = [(v.annotator, tuple(v.spans or ())) for v in case.votes] if case else []
        votes = [
            {
                "annotator": v.annotator,
                "spans": span_dicts(v.spans or ()),
                "labels": list(v.labels),
                "unsure": v.unsure,
                "note": v.note or "",
            }
            for v in (case.votes if case else ())
        ]
        sets = [set(spans) for _, spans in who_spans]
        agreed: set[LabeledSpan] = set.intersection(*sets) if sets else set()
        others = sorted(set().union(*sets) - agreed)
        # The document labels every annotator chose start the reviewer's choice, as the agreed spans do.
        doc_sets = [set(v.labels) for v in (case.votes if case else ())]
        doc_agreed = set.intersection(*doc_sets) if doc_sets else set()
        by = {s: [who for (who, _), got in zip(who_spans, sets, strict=True) if s in got] for s in others}
        return {
            "votes": votes,
            "reasons": list(case.reasons) if case else [],
            "initial": span_dicts(agreed),
            "initial_doc_labels": [
                lab.name for lab in self.project.span_spec.document_labels if lab.name in doc_agreed
            ],
            "suggestions": [{**s.to_dict(), "source": ", ".join(by[s])} for s in others],
        }

    def _top_up(self) -> list[dict[str, Any]]:
        return []  # every case is known up front

    def _reset(self) -> dict[str, Any]:
        msg = super()._reset()
        msg["exhausted"] = True
        return msg
