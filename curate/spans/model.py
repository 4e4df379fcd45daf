"""The annotation span record and the one rule that decides whether a set of spans is allowed.

A :class:`LabeledSpan` is a labelled character range ``text[start:end]``
(Python string offsets, end-exclusive).  :func:`check_spans` is the single
place that decides whether spans fit a text and a task (offsets inside the
text, known labels, overlap and nesting as the task allows); import, the
annotator's saves and export all call it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from curate.errors import CurateError

__all__ = [
    "LabeledSpan",
    "check_spans",
    "overlap_problems",
    "sort_spans",
]


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class LabeledSpan:
    """A labelled character range: the mention is ``text[start:end]``.

    Ordering is by ``(start, end, label)``, the order curate stores and exports spans in.

    Examples
    --------
    >>> span = LabeledSpan(start=5, end=12, label="DRUG")
    >>> "Took aspirin daily"[span.start : span.end]
    'aspirin'
    """

    start: int
    end: int
    label: str

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # bool is an int subclass; True as an offset is a data error, not 1.
            if not isinstance(value, int) or isinstance(value, bool):
                raise CurateError(f"span {name} must be an integer character offset, not {value!r}")
        if self.start < 0:
            raise CurateError(f"span start {self.start} is negative: offsets count from 0")
        if self.start >= self.end:
            raise CurateError(
                f"span [{self.start}, {self.end}) is empty or reversed: start must be less than end"
            )
        if not isinstance(self.label, str) or not self.label.strip():
            raise CurateError(f"span [{self.start}, {self.end}) has no label: give a label name")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: LabeledSpan) -> bool:
        """True when the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: LabeledSpan) -> bool:
        """True when ``other`` lies inside this range (equal ranges contain each other)."""
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}

    @classmethod
    def from_value(cls, value: Any) -> LabeledSpan:
        """Build a span from a ``{start, end, label}`` mapping or a ``(start, end, label)`` triple."""
        if isinstance(value, LabeledSpan):
            return value
        if isinstance(value, dict):
            missing = [k for k in ("start", "end", "label") if k not in value]
            if missing:
                raise CurateError(f"span {value!r} lacks {missing}: give start, end and label")
            return cls(start=value["start"], end=value["end"], label=value["label"])
        if isinstance(value, list | tuple) and len(value) == 3:
            return cls(start=value[0], end=value[1], label=value[2])
        raise CurateError(f"a span must be a mapping with start, end and label, not {value!r}")


def sort_spans(spans: Iterable[LabeledSpan]) -> tuple[LabeledSpan, ...]:
    """Spans in ``(start, end, label)`` order, exact repeats removed."""
    return tuple(sorted(set(spans)))


def overlap_problems(
    spans: Sequence[LabeledSpan], *, overlapping: bool = False, nested: bool = False
) -> list[str]:
    """Describe every pair of spans the task does not allow, in text order.

    ``overlapping`` allows any two spans to share characters (and so implies
    ``nested``); ``nested`` allows one span to lie wholly inside another.  The
    same range with the same label twice is never allowed.
    """
    ordered = sorted(spans)
    out = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            if a == b:
                out.append(f"span [{a.start}, {a.end}) {a.label} is given twice")
            elif overlapping or (nested and (a.contains(b) or b.contains(a))):
                continue
            else:
                kind = "nests inside" if (a.contains(b) or b.contains(a)) else "overlaps"
                allowed = "nested spans" if not nested else "overlapping spans"
                out.append(
                    f"span [{b.start}, {b.end}) {b.label} {kind} [{a.start}, {a.end}) {a.label}, "
                    f"but the task does not allow {allowed}"
                )
    return out


def check_spans(
    text: str,
    spans: Iterable[Any],
    *,
    labels: Collection[str],
    overlapping: bool = False,
    nested: bool = False,
) -> tuple[LabeledSpan, ...]:
    """Validate spans for one text and return them sorted.

    Parameters
    ----------
    text
        The document the offsets count in (Python characters, not bytes).
    spans
        :class:`LabeledSpan` records or ``{start, end, label}`` mappings.
    labels
        The task's span label names.
    overlapping, nested
        What the task allows (see :func:`overlap_problems`).

    Raises
    ------
    CurateError
        Naming every problem found: offsets outside the text, unknown labels,
        a span that covers only whitespace, overlaps the task does not allow.
    """
    problems: list[str] = []
    parsed: list[LabeledSpan] = []
    known = set(labels)
    unknown: dict[str, list[str]] = {}
    for value in spans:
        try:
            span = LabeledSpan.from_value(value)
        except CurateError as exc:
            problems.append(str(exc))
            continue
        if span.end > len(text):
            problems.append(
                f"span [{span.start}, {span.end}) {span.label} ends after the text "
                f"({len(text)} characters): offsets must lie inside the text"
            )
            continue
        if span.label not in known:
            unknown.setdefault(span.label, []).append(f"[{span.start}, {span.end})")
            continue
        if not text[span.start : span.end].strip():
            problems.append(f"span [{span.start}, {span.end}) {span.label} covers only whitespace")
            continue
        parsed.append(span)
    for label, where in unknown.items():
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        problems.append(
            f"unknown label {label!r} on span {shown}; known labels: {', '.join(sorted(known))}. "
            "Fix the label or add it to the task spec"
        )
    problems.extend(overlap_problems(parsed, overlapping=overlapping, nested=nested))
    if problems:
        raise CurateError("; ".join(problems))
    return tuple(sorted(parsed))
