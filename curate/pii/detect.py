"""Spans, the Detector protocol, the pattern detector and the combined detector.

A detector finds personal identifiers in one text and returns them as
:class:`Span` records.  Detectors are pure: no I/O, no network, the same
text gives the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from curate.schema import Span

__all__ = [
    "CombinedDetector",
    "Detector",
    "Pattern",
    "PatternDetector",
    "Span",
    "find_many",
    "resolve_overlaps",
]


@runtime_checkable
class Detector(Protocol):
    """Finds identifiers in a text.  ``name`` is stored with every finding."""

    @property
    def name(self) -> str: ...

    def find(self, text: str) -> list[Span]:
        """Spans in ``text``, sorted by start, not overlapping one another."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern:
    """A regular expression for one entity type.

    The named group ``v`` marks the identifier when the expression also
    matches context around it (``MRN: 00847291``); a second alternative may name
    its value ``v2`` (a group name is used once per expression); without either
    the whole match is the identifier.  ``validate`` may refuse a match (a checksum, a range).
    """

    entity: str
    regex: re.Pattern[str]
    score: float = 0.8
    validate: Callable[[str], bool] | None = None


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep the best of overlapping spans: highest score, then longest, then first.

    Returns non-overlapping spans sorted by start.
    """
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.entity))
    kept: list[Span] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and trailing punctuation that no identifier ends with."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:!?)]}\"'"):
        if text[end - 1] == ")" and "(" in text[start : end - 1]:
            break  # a balanced bracket belongs to the value: "K447128(3)"
        end -= 1
    return start, end


class PatternDetector:
    """Regular-expression recognisers for the identifier types regex can find.

    Parameters
    ----------
    patterns
        The patterns to use; the default covers names with titles or roles,
        street addresses, cities before a state, ZIP codes, dates, ages over
        89, phone and fax numbers, e-mail, SSN, medical record, health-plan,
        account, card, licence, vehicle, plate, device, case and other ID
        numbers, URLs and IP addresses (see :mod:`curate.pii.patterns`).
    entities
        Keep only these entity types (default: all).
    name
        Stored as the ``detector`` of every finding.

    Examples
    --------
    >>> [s.entity for s in PatternDetector().find("MRN: 00847291, seen 02/17/2025")]
    ['MRN', 'DATE']
    """

    def __init__(
        self,
        patterns: Sequence[Pattern] | None = None,
        *,
        entities: Iterable[str] | None = None,
        name: str = "regex",
    ) -> None:
        self.patterns = patterns
        self.entities = None if entities is None else frozenset(entities)
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def _patterns(self) -> Sequence[Pattern]:
        if self.patterns is not None:
            return self.patterns
        from curate.pii.patterns import default_patterns

        return default_patterns()

    def find(self, text: str) -> list[Span]:
        found: list[Span] = []
        has_digit = any(c.isdigit() for c in text)
        for pat in self._patterns():
            if self.entities is not None and pat.entity not in self.entities:
                continue
            if not has_digit and pat.entity in _NEED_DIGITS:
                continue
            for m in pat.regex.finditer(text):
                # The value is group "v" (or "v2" in a second alternative), else the whole match.
                group = next((g for g in ("v", "v2") if g in pat.regex.groupindex and m.start(g) >= 0), 0)
                start, end = m.span(group)
                start, end = _trim(text, start, end)
                if end <= start:
                    continue
                value = text[start:end]
                if pat.validate is not None and not pat.validate(value):
                    continue
                found.append(
                    Span(
                        start=start,
                        end=end,
                        entity=pat.entity,
                        value=value,
                        detector=self._name,
                        score=pat.score,
                    )
                )
        return resolve_overlaps(_merge_addresses(text, found))


#: Entity types whose every built-in pattern needs a digit in the value, skipped on texts without one
#: (most sentences of a contract). Dates, ages, addresses, names and IDs can be written in words.
_NEED_DIGITS = frozenset(
    (
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "HEALTH_PLAN_ID",
        "ACCOUNT",
        "CREDIT_CARD",
        "LICENSE",
        "VIN",
        "PLATE",
        "DEVICE_ID",
        "CASE_NUMBER",
        "ZIP",
    )
)


def _merge_addresses(text: str, spans: list[Span]) -> list[Span]:
    """One span for overlapping street-address matches: rules that see different parts of one address
    ("Flat 702, Sai Krupa Apartments" and "... Plot 18, Sector 17") describe the same address."""
    addresses = sorted((s for s in spans if s.entity == "ADDRESS"), key=lambda s: s.start)
    if len(addresses) < 2:
        return spans
    merged: list[Span] = []
    for span in addresses:
        last = merged[-1] if merged else None
        if last is not None and span.start < last.end:
            end = max(last.end, span.end)
            merged[-1] = replace(
                last, end=end, value=text[last.start : end], score=max(last.score, span.score)
            )
        else:
            merged.append(span)
    return [s for s in spans if s.entity != "ADDRESS"] + merged


class CombinedDetector:
    """Runs several detectors and keeps the best of overlapping spans.

    Each span keeps the name of the detector that found it.

    Examples
    --------
    >>> from curate.pii import default_detector
    >>> detector = default_detector(ner=False)
    >>> [s.value for s in detector.find("Call 617-555-0148 today")]
    ['617-555-0148']
    """

    def __init__(self, detectors: Sequence[Detector], *, name: str | None = None) -> None:
        self.detectors = tuple(detectors)
        self._name = name

    @property
    def name(self) -> str:
        return self._name or "+".join(d.name for d in self.detectors)

    def find(self, text: str) -> list[Span]:
        return resolve_overlaps(s for d in self.detectors for s in d.find(text))

    def find_many(self, texts: Sequence[str]) -> list[list[Span]]:
        if not self.detectors:
            return [[] for _ in texts]
        per_detector = [find_many(d, texts) for d in self.detectors]
        return [
            resolve_overlaps(s for spans in parts for s in spans) for parts in zip(*per_detector, strict=True)
        ]


def find_many(detector: Detector, texts: Sequence[str]) -> list[list[Span]]:
    """Spans for each text, using the detector's batched ``find_many`` when it has one."""
    batched = getattr(detector, "find_many", None)
    if callable(batched):
        return list(batched(texts))
    return [detector.find(t) for t in texts]
