"""Constraints on synthetic candidates: pure, composable predicates.

Each constraint has a ``name``, a ``hard`` flag and a ``check(candidates)``
method returning one :class:`~curate.synth.provenance.CheckResult` per
candidate.  :func:`apply_constraints` runs a list of them in order and
records every result on each candidate (and in its provenance).  A failed
hard constraint keeps a candidate out of the review queue; a failed soft one
(label faithfulness) only flags it for the expert.

Constraints that depend on other candidates (near-duplicates, the share cap)
look at the results recorded so far, so their place in the list matters:
put :class:`SyntheticShareCap` last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.schema import normalise_text
from curate.synth.provenance import Candidate, CheckResult

__all__ = [
    "Constraint",
    "ForbiddenTerms",
    "LabelFaithfulness",
    "LengthBounds",
    "NoRealPersonalData",
    "Novelty",
    "RequiredTerms",
    "SyntheticShareCap",
    "apply_constraints",
    "personal_values",
]


@runtime_checkable
class Constraint(Protocol):
    """A named check over a list of candidates."""

    @property
    def name(self) -> str: ...

    @property
    def hard(self) -> bool: ...

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]: ...


def apply_constraints(candidates: Sequence[Candidate], constraints: Iterable[Constraint]) -> list[Candidate]:
    """Run ``constraints`` in order and return the candidates with every result recorded.

    Inputs are not modified (candidates are frozen); the same inputs give the same output.
    """
    out = list(candidates)
    for con in constraints:
        results = con.check(out) if out else []
        if len(results) != len(out):
            raise CurateError(
                f"constraint {con.name!r} returned {len(results)} results for {len(out)} candidates"
            )
        out = [c.with_check(con.name, r) for c, r in zip(out, results, strict=True)]
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthBounds:
    """Text length in characters within ``[min_chars, max_chars]``."""

    min_chars: int = 20
    max_chars: int = 5000
    name: str = "length"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        return [
            CheckResult(
                passed=self.min_chars <= len(c.text) <= self.max_chars,
                value=float(len(c.text)),
                detail=f"{len(c.text)} chars, allowed {self.min_chars}-{self.max_chars}",
                hard=self.hard,
            )
            for c in candidates
        ]


def _patterns(terms: Sequence[str], regexes: Sequence[str]) -> list[tuple[str, re.Pattern[str]]]:
    out = [(t, re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)", re.IGNORECASE)) for t in terms]
    for rx in regexes:
        try:
            out.append((rx, re.compile(rx, re.IGNORECASE)))
        except re.error as err:
            raise CurateError(f"regular expression {rx!r} is not valid: {err}; fix or escape it") from None
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiredTerms:
    """Every term (whole words, any case) and every regex must occur; ``any_of`` needs just one."""

    terms: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    any_of: bool = False
    name: str = "required_terms"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        pats = _patterns(self.terms, self.regexes)
        out = []
        for c in candidates:
            missing = [t for t, p in pats if not p.search(c.text)]
            ok = (len(missing) < len(pats)) if (self.any_of and pats) else not missing
            out.append(
                CheckResult(
                    passed=ok,
                    value=float(len(pats) - len(missing)),
                    detail=f"missing: {missing}" if missing else "",
                    hard=self.hard,
                )
            )
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class ForbiddenTerms:
    """No term (whole words, any case) and no regex may occur."""

    terms: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    name: str = "forbidden_terms"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        pats = _patterns(self.terms, self.regexes)
        out = []
        for c in candidates:
            hits = [t for t, p in pats if p.search(c.text)]
            out.append(
                CheckResult(
                    passed=not hits,
                    value=float(len(hits)),
                    detail=f"found: {hits}" if hits else "",
                    hard=self.hard,
                )
            )
        return out


# -- personal data ------------------------------------------------------------------------
def personal_values(texts: Iterable[str]) -> frozenset[str]:
    """Personal-data values in ``texts``, found by curate's PII pattern detector.

    Values are normalised (whitespace collapsed, lower case) for comparison.
    """
    from curate.pii import PatternDetector

    detector = PatternDetector()
    found: set[str] = set()
    for text in texts:
        found.update(_norm(span.value) for span in detector.find(text))
    return frozenset(v for v in found if len(v) >= 4)


def _norm(value: str) -> str:
    return normalise_text(value).lower()


def _slot_values(cand: Candidate) -> list[str]:
    slots = cand.provenance.details.get("slots") or {}
    recs = slots.values() if isinstance(slots, Mapping) else slots
    return [str(r.get("value")) for r in recs if isinstance(r, Mapping) and r.get("value") is not None]


@dataclass(frozen=True, slots=True, kw_only=True)
class NoRealPersonalData:
    """No slot value, and no personal-data-like value in the text, equals one from the real corpus.

    ``real_values`` come from :func:`personal_values` over the real items (or a
    PII detector); ``extract`` finds values in a candidate's text.  Results
    name the kind of leak, never the value.
    """

    real_values: frozenset[str]
    extract: Callable[[Iterable[str]], frozenset[str]] = personal_values
    name: str = "no_real_personal_data"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        out = []
        for c in candidates:
            # A slot value counts when it, or an identifier inside it ("Dr. Maria Lopez" holds
            # the name "Maria Lopez"), is a real value.
            slot_hits = sum(
                _norm(v) in self.real_values or bool(self.extract([v]) & self.real_values)
                for v in _slot_values(c)
            )
            text_hits = len(self.extract([c.text]) & self.real_values)
            detail = ""
            if slot_hits or text_hits:
                detail = (
                    f"{slot_hits} slot value(s) and {text_hits} value(s) in the text match real personal data"
                )
            out.append(
                CheckResult(
                    passed=not (slot_hits or text_hits),
                    value=float(slot_hits + text_hits),
                    detail=detail,
                    hard=self.hard,
                )
            )
        return out


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Novelty:
    """Cosine similarity to the nearest real item below ``max_similarity``, and no near-duplicates.

    Parameters
    ----------
    reference
        Unit-length embeddings of the real items (rows).
    embed
        Maps texts to unit-length embeddings with the same model.
    existing
        Embeddings of synthetic items already kept (pending or accepted).
    max_similarity
        A candidate at or above this similarity to a real item is too close to it.
    duplicate_similarity
        A candidate at or above this similarity to an earlier candidate that
        passed so far, or to an existing synthetic item, is a near-duplicate.
    """

    reference: np.ndarray
    embed: Callable[[Sequence[str]], np.ndarray]
    existing: np.ndarray | None = None
    max_similarity: float = 0.95
    duplicate_similarity: float = 0.95
    name: str = "novelty"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        vecs = np.asarray(self.embed([c.text for c in candidates]), dtype=np.float32)
        if self.reference.size:
            nearest = (vecs @ self.reference.T).max(axis=1)
        else:
            nearest = np.zeros(len(candidates), dtype=np.float32)
        kept: list[np.ndarray] = [] if self.existing is None else list(self.existing)
        out = []
        for i, c in enumerate(candidates):
            dup = float(max((float(vecs[i] @ k) for k in kept), default=0.0))
            too_close = float(nearest[i]) >= self.max_similarity
            is_dup = dup >= self.duplicate_similarity
            if c.passed and not too_close and not is_dup:
                kept.append(vecs[i])
            detail = []
            if too_close:
                detail.append(f"nearest real item at similarity {nearest[i]:.3f} >= {self.max_similarity}")
            if is_dup:
                detail.append(f"near-duplicate of another synthetic item ({dup:.3f})")
            out.append(
                CheckResult(
                    passed=not (too_close or is_dup),
                    value=round(float(nearest[i]), 4),
                    detail="; ".join(detail),
                    hard=self.hard,
                )
            )
        return out


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LabelFaithfulness:
    """The learner gives the candidate's label at least its threshold (else flagged).

    ``predict_proba(texts) -> (n, len(labels))`` with columns in ``labels`` order.
    ``min_probability`` is one threshold, or one per label: the workflow sets
    it per label to a low quantile of what the learner gives the label's own
    real items out of fold, so only candidates less like the label than nearly
    all real examples are flagged, not every candidate of a rare label.
    Soft by default: a flagged candidate still goes to the expert, with the flag shown.
    """

    predict_proba: Callable[[Sequence[str]], np.ndarray]
    labels: tuple[str, ...]
    min_probability: float | Mapping[str, float] = 0.25
    name: str = "label_faithfulness"
    hard: bool = False

    def threshold(self, label: str) -> float:
        if isinstance(self.min_probability, Mapping):
            return float(self.min_probability.get(label, 0.0))
        return float(self.min_probability)

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        proba = np.asarray(self.predict_proba([c.text for c in candidates]), dtype=float)
        if proba.shape != (len(candidates), len(self.labels)):
            raise CurateError(
                f"predict_proba returned shape {proba.shape}, expected {(len(candidates), len(self.labels))}"
            )
        out = []
        for i, c in enumerate(candidates):
            if c.label not in self.labels:
                out.append(
                    CheckResult(
                        passed=False, detail=f"the learner does not know label {c.label!r}", hard=self.hard
                    )
                )
                continue
            p = float(proba[i, self.labels.index(c.label)])
            top = self.labels[int(proba[i].argmax())]
            low = self.threshold(c.label)
            out.append(
                CheckResult(
                    passed=p >= low,
                    value=round(p, 4),
                    detail=""
                    if p >= low
                    else f"learner gives {c.label!r} {p:.2f} (threshold {low:.2f}); its top label is {top!r}",
                    hard=self.hard,
                )
            )
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class SyntheticShareCap:
    """Synthetic items make up at most ``max_share`` of each label's examples.

    ``real_counts`` are the real labelled items per label, ``synthetic_counts``
    the synthetic items already kept (pending or accepted).  Candidates that
    passed every hard constraint so far fill the room in order; the rest fail.
    """

    real_counts: Mapping[str, int]
    synthetic_counts: Mapping[str, int] = field(default_factory=dict)
    max_share: float = 0.5
    name: str = "synthetic_share"
    hard: bool = True

    def room(self, label: str) -> int:
        """How many more synthetic items ``label`` may take."""
        if not 0 <= self.max_share < 1:
            raise CurateError(f"max_share must be in [0, 1), not {self.max_share}")
        real = int(self.real_counts.get(label, 0))
        allowed = int(np.floor(self.max_share / (1 - self.max_share) * real + 1e-9))
        return max(allowed - int(self.synthetic_counts.get(label, 0)), 0)

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        left = {lab: self.room(lab) for lab in {c.label for c in candidates}}
        out = []
        for c in candidates:
            if not c.passed:
                out.append(
                    CheckResult(
                        passed=False, detail="not counted: failed an earlier constraint", hard=self.hard
                    )
                )
                continue
            ok = left[c.label] > 0
            if ok:
                left[c.label] -= 1
            real = self.real_counts.get(c.label, 0)
            share = f"at most {self.max_share:.0%} synthetic for {c.label!r} ({real} real)"
            out.append(
                CheckResult(
                    passed=ok,
                    value=float(left[c.label]),
                    detail="" if ok else f"cap reached: {share}",
                    hard=self.hard,
                )
            )
        return out


# The safety constraints live in curate.synth.safety; importable from here too.
from curate.synth.safety import (  # noqa: E402
    DrugDiagnosisPairs,
    NoNewFacts,
    clinical_entities,
    detect_domain,
    is_clinical_fact,
    safety_constraints,
)

__all__ += [
    "DrugDiagnosisPairs",
    "NoNewFacts",
    "clinical_entities",
    "detect_domain",
    "is_clinical_fact",
    "safety_constraints",
]
