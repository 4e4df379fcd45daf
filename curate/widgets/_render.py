"""What the page is sent about an item: text cut into highlighted segments, metadata, state.

Pure data, no widget library: the browser side builds the DOM from these
records with ``textContent`` only, so corpus text can never become markup.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError, TaskSpecError
from curate.schema import Item, TaskSpec

if TYPE_CHECKING:
    from curate.project import Project

__all__ = [
    "Highlight",
    "Highlighter",
    "SyntheticHook",
    "ViewOptions",
    "badge",
    "segments",
    "shown_items",
    "spec_config",
]

#: ``(items) -> one {label: probability} mapping per item``: the model suggestion hook.
Suggest = Callable[[Sequence[Item]], Sequence[Mapping[str, float]]]

#: ``(item_id, accept, who) -> None``: what accepting or rejecting a synthetic item does.
SyntheticHook = Callable[[str, bool, str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewOptions:
    """How a labelling view looks and behaves: the options ``Annotator`` and ``Reviewer`` share.

    Parameters
    ----------
    prefetch
        How many items the page holds ahead of the one on screen.
    show_suggestions
        Show a model's suggestion with its probability (off by default: it anchors people).
    suggest
        ``callable(items) -> [{label: probability}, ...]`` giving the suggestion.
    highlight
        Extra ``{label: [regex, ...]}`` highlights on top of those in the task spec.
    on_synthetic
        ``callable(item_id, accept, annotator)`` run on ``A``/``R`` for a synthetic item;
        by default the item's status becomes ``accepted`` or ``rejected``.
    show_meta
        The metadata keys shown above the text (default: all).  Leave out columns that
        would give the answer away, such as an imported gold label.
    context
        How many neighbouring items of the same document to show, dimmed, before
        and after the current one (0: none).  Shown where the items' metadata
        names a document (``doc``, ``document``, ``doc_id``, ``document_id``, or
        ``context_key``); the order is an ``order`` or ``position`` metadata
        field where every item of the document has one, else the import order.
    context_key
        The metadata field naming the document (default: found as above).
    page
        Lay the widget out as the labelling page (``curate annotate``): every key
        on the page goes to it.  In a notebook leave it off; the widget's
        "open labelling page" button starts that page.
    """

    prefetch: int = 5
    show_suggestions: bool = False
    suggest: Suggest | None = None
    highlight: Mapping[str, Iterable[str]] | None = None
    on_synthetic: SyntheticHook | None = None
    show_meta: Sequence[str] | None = None
    context: int = 1
    context_key: str | None = None
    page: bool = False

    def __post_init__(self) -> None:
        if self.show_suggestions and self.suggest is None:
            raise CurateError(
                "show_suggestions=True needs a model: pass suggest=callable(items) -> "
                "[{label: probability}, ...] (for example a trained learner's predict_proba)"
            )
        if self.prefetch < 1:
            raise CurateError(f"prefetch must be at least 1, not {self.prefetch}")
        if self.context < 0:
            raise CurateError(f"context must be 0 (off) or more items on each side, not {self.context}")

    @classmethod
    def of(cls, options: ViewOptions | None = None, **changes: Any) -> ViewOptions:
        """``options`` (default: the defaults) with ``changes``; an unknown name is a clear error."""
        unknown = sorted(set(changes) - set(cls.__dataclass_fields__))
        if unknown:
            known = ", ".join(cls.__dataclass_fields__)
            raise CurateError(f"unknown widget option(s) {unknown}: the options are {known}")
        return replace(options or cls(), **changes)


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlighted stretch of text: ``kind`` is ``kw`` (label keyword) or ``pii``."""

    start: int
    end: int
    kind: str
    title: str


class Highlighter:
    """Keyword and regex highlights configured per label in the task spec (``highlight:``)."""

    def __init__(self, spec: TaskSpec, extra: Mapping[str, Iterable[str]] | None = None) -> None:
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        wanted: dict[str, list[str]] = {lab.name: list(lab.highlight) for lab in spec.labels}
        for name, pats in (extra or {}).items():
            wanted.setdefault(name, []).extend(pats)
        for name, pats in wanted.items():
            for pat in pats:
                try:
                    self.patterns.append((re.compile(pat, re.IGNORECASE), name))
                except re.error as err:
                    raise TaskSpecError(
                        f"label {name!r}: highlight pattern {pat!r} is not a valid regular expression "
                        f"({err}); fix it in the task spec"
                    ) from None

    def spans(self, text: str) -> list[Highlight]:
        out: list[Highlight] = []
        for pattern, name in self.patterns:
            out.extend(
                Highlight(m.start(), m.end(), "kw", name)
                for m in pattern.finditer(text)
                if m.end() > m.start()
            )
        return out


def segments(text: str, spans: Iterable[Highlight]) -> list[list[str]]:
    """Cut ``text`` into ``[piece, css_kinds, title]`` records covering it exactly, in order.

    Overlapping spans are merged: a piece carries every kind that covers it.
    Offsets are Python string indices; the page never sees an offset, only pieces,
    so characters outside the BMP cannot shift a highlight.
    """
    n = len(text)
    usable = [s for s in spans if 0 <= s.start < s.end <= n]
    if not usable:
        return [[text, "", ""]] if text else []
    cuts = sorted({0, n, *(s.start for s in usable), *(s.end for s in usable)})
    out: list[list[str]] = []
    for a, b in itertools.pairwise(cuts):
        cover = [s for s in usable if s.start <= a and s.end >= b]
        kinds = " ".join(sorted({s.kind for s in cover}))
        title = ", ".join(dict.fromkeys(s.title for s in cover))
        if out and out[-1][1] == kinds and out[-1][2] == title:
            out[-1][0] += text[a:b]
        else:
            out.append([text[a:b], kinds, title])
    return out


def shown_items(project: Project, items: Sequence[Item]) -> tuple[list[Item], dict[str, list[Highlight]]]:
    """The items as annotators are shown them, and the personal-data highlights on that text.

    The project's PII view (``Project.set_pii_view``) decides the text: an item with open or
    accepted findings is sent pseudonymised or masked, while the store keeps the original
    until ``apply``.  This is the one place the page's text is decided; replaced spans are
    highlighted with their type (``NAME · pseudonymised``).
    """
    shown = project.pii_shown(items)
    marks = {s.item.id: [Highlight(a, b, "pii", title) for a, b, title in s.marks] for s in shown if s.marks}
    return [s.item for s in shown], marks


def badge(item: Item) -> str:
    """The badge a view shows for an item: ``synthetic`` (with its review status) or nothing.

    This is the hook the synthetic-data workflow relies on: pending synthetic
    items are marked, and views offer accept/reject keys for them.
    """
    if item.origin == "synthetic":
        return "synthetic" if item.status == "accepted" else f"synthetic · {item.status}"
    return ""


def meta_line(item: Item, keys: Sequence[str] | None = None) -> str:
    """Source and metadata as one line: every key, or only ``keys`` in that order."""
    parts = [item.source] if item.source else []
    pairs = sorted(item.metadata.items()) if keys is None else [(k, item.metadata.get(k)) for k in keys]
    parts += [f"{k}: {v}" for k, v in pairs if v not in (None, "")]
    return " · ".join(str(p) for p in parts)


def spec_config(spec: TaskSpec, *, mode: str, title: str) -> dict[str, Any]:
    """The task as the page needs it: labels with keys, definitions, examples, guidelines."""
    return {
        "mode": mode,
        "title": title,
        "task": spec.name,
        "version": spec.version,
        "multi_label": spec.multi_label,
        "guidelines": spec.guidelines,
        "labels": [
            {
                "name": lab.name,
                "key": lab.key or "",
                "definition": lab.definition,
                "examples": list(lab.examples),
            }
            for lab in spec.labels
        ],
    }


def suggestion(probs: Mapping[str, float] | None) -> dict[str, Any] | None:
    """The top label of a model's probabilities, for display."""
    if not probs:
        return None
    label, p = max(probs.items(), key=lambda kv: kv[1])
    return {"label": str(label), "p": round(float(p), 3)}
