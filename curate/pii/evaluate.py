"""Measure a detector on texts whose identifiers are marked ``{{ENTITY:value}}``.

Recall counts a gold identifier as found only when every one of its
non-space characters lies inside some detected span (of any type): a partly
covered name still leaks.  Precision counts a detected span as right when it
overlaps a gold identifier.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from curate.errors import CurateError
from curate.pii.detect import Detector, Span, find_many

__all__ = ["Evaluation", "evaluate", "parse_marked"]

_MARK = re.compile(r"\{\{([A-Z_]+):(.+?)\}\}")


def parse_marked(marked: str) -> tuple[str, list[Span]]:
    """The plain text and gold spans of a line marked with ``{{ENTITY:value}}``.

    Examples
    --------
    >>> text, gold = parse_marked("Seen by Dr. {{NAME:Ada Byron}} today")
    >>> text, gold[0].entity, text[gold[0].start : gold[0].end]
    ('Seen by Dr. Ada Byron today', 'NAME', 'Ada Byron')
    """
    parts: list[str] = []
    gold: list[Span] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        parts.append(before)
        length += len(before)
        value = m.group(2)
        gold.append(
            Span(start=length, end=length + len(value), entity=m.group(1), value=value, detector="gold")
        )
        parts.append(value)
        length += len(value)
        pos = m.end()
    parts.append(marked[pos:])
    text = "".join(parts)
    if "{{" in text or "}}" in text:
        raise CurateError(f"unbalanced {{{{ENTITY:value}}}} mark in: {marked[:80]!r}")
    return text, gold


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """Per-entity and overall recall/precision of one detector on one test set."""

    gold: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    partial: dict[str, int] = field(default_factory=dict)
    predicted: dict[str, int] = field(default_factory=dict)
    correct: dict[str, int] = field(default_factory=dict)
    missed: tuple[tuple[str, str], ...] = ()
    false_positives: tuple[tuple[str, str], ...] = ()

    @property
    def recall(self) -> float:
        total = sum(self.gold.values())
        return sum(self.found.values()) / total if total else 1.0

    @property
    def precision(self) -> float:
        total = sum(self.predicted.values())
        return sum(self.correct.values()) / total if total else 1.0

    def recall_of(self, entity: str) -> float:
        return self.found.get(entity, 0) / self.gold[entity] if self.gold.get(entity) else float("nan")

    def precision_of(self, entity: str) -> float:
        n = self.predicted.get(entity, 0)
        return self.correct.get(entity, 0) / n if n else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "recall": self.recall,
            "precision": self.precision,
            "gold": dict(self.gold),
            "found": dict(self.found),
            "partial": dict(self.partial),
            "predicted": dict(self.predicted),
            "correct": dict(self.correct),
            "missed": [list(m) for m in self.missed],
            "false_positives": [list(f) for f in self.false_positives],
        }


def _covered(span: Span, text: str, predicted: Sequence[Span]) -> tuple[bool, bool]:
    need = [i for i in range(span.start, span.end) if not text[i].isspace()]
    hit = [any(p.start <= i < p.end for p in predicted) for i in need]
    return all(hit), any(hit)


def evaluate(detector: Detector, marked: Iterable[str]) -> Evaluation:
    """Recall and precision of ``detector`` on lines marked with ``{{ENTITY:value}}``."""
    cases = [parse_marked(m) for m in marked]
    outputs = find_many(detector, [text for text, _ in cases])
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    partial: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    missed: list[tuple[str, str]] = []
    fps: list[tuple[str, str]] = []
    for (text, spans), preds in zip(cases, outputs, strict=True):
        for g in spans:
            gold[g.entity] += 1
            full, some = _covered(g, text, preds)
            found[g.entity] += full
            partial[g.entity] += some and not full
            if not full:
                missed.append((g.entity, g.value))
        for p in preds:
            predicted[p.entity] += 1
            if any(p.start < g.end and g.start < p.end for g in spans):
                correct[p.entity] += 1
            else:
                fps.append((p.entity, p.value))
    return Evaluation(
        gold=dict(gold),
        found=dict(found),
        partial=dict(partial),
        predicted=dict(predicted),
        correct=dict(correct),
        missed=tuple(missed),
        false_positives=tuple(fps),
    )
