"""Span agreement between annotators: precision, recall and F1 by exact and by overlap match.

Inputs are plain mappings ``{item_id: {annotator: spans}}``, like the
classification agreement in :mod:`curate.quality.agreement`, so any caller
(the CLI, the card, a notebook) can use them without a store.

Definitions (one annotator is read as the reference and the other as the
prediction; F1 does not depend on which is which):

* **exact**: a span matches when the other annotator has a span with the same
  start, end and label.  F1 is ``2 * matched / (spans_a + spans_b)``.
* **overlap**: a span of ``a`` counts as found when ``b`` has a span with the
  same label sharing at least one character with it, and the other way round.
  Recall is the share of ``a``'s spans found by ``b``, precision the share of
  ``b``'s spans found by ``a``, F1 their harmonic mean (the "lenient" F1 of
  i2b2-style evaluations).

Counts are pooled over every item both annotators annotated (micro F1); an
item where both marked nothing counts in ``n`` and adds no spans.  F1 is None
when neither annotator marked any span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from curate.spans.model import LabeledSpan

__all__ = ["SpanCounts", "span_agreement", "span_counts", "span_f1"]

Spans = Sequence[LabeledSpan]


@dataclass(slots=True, kw_only=True)
class SpanCounts:
    """Pooled counts for one comparison: spans of each side and how many of them matched."""

    a: int = 0
    b: int = 0
    exact: int = 0  # spans identical in both (counted once)
    a_found: int = 0  # spans of a overlapped by a same-label span of b
    b_found: int = 0  # spans of b overlapped by a same-label span of a

    def add(self, other: SpanCounts) -> None:
        self.a += other.a
        self.b += other.b
        self.exact += other.exact
        self.a_found += other.a_found
        self.b_found += other.b_found

    @property
    def exact_f1(self) -> float | None:
        total = self.a + self.b
        return None if total == 0 else 2 * self.exact / total

    @property
    def overlap_precision(self) -> float | None:
        return None if self.b == 0 else self.b_found / self.b

    @property
    def overlap_recall(self) -> float | None:
        return None if self.a == 0 else self.a_found / self.a

    @property
    def overlap_f1(self) -> float | None:
        if self.a + self.b == 0:
            return None
        p, r = self.overlap_precision or 0.0, self.overlap_recall or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _found(spans: Spans, others: Spans) -> int:
    """How many of ``spans`` share a character with a same-label span of ``others``."""
    by_label: dict[str, list[LabeledSpan]] = {}
    for o in others:
        by_label.setdefault(o.label, []).append(o)
    return sum(any(s.overlaps(o) for o in by_label.get(s.label, ())) for s in spans)


def span_counts(a: Spans, b: Spans) -> dict[str | None, SpanCounts]:
    """Counts for one item, overall (key None) and per label."""
    sa, sb = set(a), set(b)
    out: dict[str | None, SpanCounts] = {
        None: SpanCounts(a=len(sa), b=len(sb), exact=len(sa & sb), a_found=_found(list(sa), list(sb)))
    }
    out[None].b_found = _found(list(sb), list(sa))
    for label in sorted({s.label for s in sa | sb}):
        la = [s for s in sa if s.label == label]
        lb = [s for s in sb if s.label == label]
        out[label] = SpanCounts(
            a=len(la), b=len(lb), exact=len(set(la) & set(lb)), a_found=_found(la, lb), b_found=_found(lb, la)
        )
    return out


def span_f1(
    a: Mapping[str, Spans], b: Mapping[str, Spans], *, name_a: str = "a", name_b: str = "b"
) -> dict[str, Any]:
    """Micro span F1 between two annotators on the items both annotated.

    Parameters
    ----------
    a, b
        ``{item_id: spans}`` of each annotator; an item missing from either is left out.

    Returns
    -------
    dict
        ``{"a", "b", "n", "exact", "overlap", "per_label"}`` where ``per_label``
        maps each label either used to ``{"exact", "overlap", "a_spans", "b_spans"}``.

    Examples
    --------
    >>> s = lambda i, j, lab: LabeledSpan(start=i, end=j, label=lab)
    >>> out = span_f1({"x": [s(0, 5, "DRUG"), s(10, 14, "DOSE")]}, {"x": [s(0, 5, "DRUG"), s(9, 14, "DOSE")]})
    >>> out["n"], out["exact"], out["overlap"]
    (1, 0.5, 1.0)
    """
    shared = sorted(set(a) & set(b))
    total: dict[str | None, SpanCounts] = {}
    for item in shared:
        for key, counts in span_counts(a[item], b[item]).items():
            total.setdefault(key, SpanCounts()).add(counts)
    overall = total.pop(None, SpanCounts())
    return {
        "a": name_a,
        "b": name_b,
        "n": len(shared),
        "exact": overall.exact_f1,
        "overlap": overall.overlap_f1,
        "per_label": {
            label: {"exact": c.exact_f1, "overlap": c.overlap_f1, "a_spans": c.a, "b_spans": c.b}
            for label, c in sorted(total.items(), key=lambda kv: str(kv[0]))
        },
    }


def span_agreement(
    spans: Mapping[str, Mapping[str, Spans]], *, annotators: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """:func:`span_f1` for every pair of annotators who share at least one item.

    ``spans`` is ``{item_id: {annotator: spans}}``; pairs come in sorted name order.
    This is the ``"span_f1"`` list of ``curate agreement --json``.
    """
    by_annotator: dict[str, dict[str, Spans]] = {}
    for item, votes in spans.items():
        for who, item_spans in votes.items():
            by_annotator.setdefault(who, {})[item] = tuple(item_spans)
    names = sorted(by_annotator if annotators is None else set(annotators) & set(by_annotator))
    out = []
    for x, y in combinations(names, 2):
        if set(by_annotator[x]) & set(by_annotator[y]):
            out.append(span_f1(by_annotator[x], by_annotator[y], name_a=x, name_b=y))
    return out
