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
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.schema import normalise_text
from curate.synth.provenance import Candidate, CheckResult

__all__ = [
    "Constraint",
    "DrugDiagnosisPairs",
    "ForbiddenTerms",
    "LabelFaithfulness",
    "LengthBounds",
    "NoNewFacts",
    "NoRealPersonalData",
    "Novelty",
    "RequiredTerms",
    "SyntheticShareCap",
    "apply_constraints",
    "clinical_entities",
    "detect_domain",
    "is_clinical_fact",
    "personal_values",
    "safety_constraints",
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


# -- safety: no new clinical or legal facts ----------------------------------------------
# A small, self-contained extraction; after the merge `clinical_entities` is the one
# function to point at curate.lexicon.
_DRUGS = [
    "acetaminophen",
    "paracetamol",
    "aspirin",
    "ibuprofen",
    "naproxen",
    "diclofenac",
    "celecoxib",
    "morphine",
    "oxycodone",
    "fentanyl",
    "tramadol",
    "codeine",
    "clopidogrel",
    "ticagrelor",
    "prasugrel",
    "warfarin",
    "heparin",
    "enoxaparin",
    "apixaban",
    "rivaroxaban",
    "dabigatran",
    "metformin",
    "insulin",
    "glipizide",
    "glyburide",
    "sitagliptin",
    "empagliflozin",
    "liraglutide",
    "semaglutide",
    "lisinopril",
    "enalapril",
    "ramipril",
    "captopril",
    "losartan",
    "valsartan",
    "irbesartan",
    "amlodipine",
    "nifedipine",
    "diltiazem",
    "verapamil",
    "metoprolol",
    "atenolol",
    "propranolol",
    "carvedilol",
    "bisoprolol",
    "hydrochlorothiazide",
    "furosemide",
    "spironolactone",
    "digoxin",
    "amiodarone",
    "atorvastatin",
    "simvastatin",
    "rosuvastatin",
    "pravastatin",
    "nitroglycerin",
    "cyclophosphamide",
    "doxorubicin",
    "epirubicin",
    "fluorouracil",
    "5-fluorouracil",
    "methotrexate",
    "cisplatin",
    "carboplatin",
    "oxaliplatin",
    "paclitaxel",
    "docetaxel",
    "vincristine",
    "etoposide",
    "gemcitabine",
    "capecitabine",
    "irinotecan",
    "tamoxifen",
    "letrozole",
    "anastrozole",
    "trastuzumab",
    "bevacizumab",
    "rituximab",
    "cetuximab",
    "imatinib",
    "erlotinib",
    "gefitinib",
    "prednisone",
    "prednisolone",
    "dexamethasone",
    "hydrocortisone",
    "methylprednisolone",
    "amoxicillin",
    "ampicillin",
    "penicillin",
    "ceftriaxone",
    "cefazolin",
    "vancomycin",
    "gentamicin",
    "ciprofloxacin",
    "levofloxacin",
    "azithromycin",
    "clarithromycin",
    "doxycycline",
    "metronidazole",
    "clindamycin",
    "trimethoprim",
    "sulfamethoxazole",
    "rifampin",
    "isoniazid",
    "fluconazole",
    "acyclovir",
    "valacyclovir",
    "oseltamivir",
    "zidovudine",
    "omeprazole",
    "pantoprazole",
    "ranitidine",
    "levothyroxine",
    "sertraline",
    "fluoxetine",
    "paroxetine",
    "citalopram",
    "escitalopram",
    "venlafaxine",
    "bupropion",
    "amitriptyline",
    "lithium",
    "haloperidol",
    "olanzapine",
    "risperidone",
    "quetiapine",
    "clozapine",
    "diazepam",
    "lorazepam",
    "alprazolam",
    "midazolam",
    "propofol",
    "ketamine",
    "lidocaine",
    "bupivacaine",
    "phenytoin",
    "carbamazepine",
    "valproate",
    "levetiracetam",
    "lamotrigine",
    "gabapentin",
    "pregabalin",
    "levodopa",
    "donepezil",
    "salbutamol",
    "albuterol",
    "ipratropium",
    "tiotropium",
    "montelukast",
    "budesonide",
    "fluticasone",
    "epinephrine",
    "adrenaline",
    "norepinephrine",
    "dopamine",
    "dobutamine",
    "atropine",
    "naloxone",
    "interferon",
    "cyclosporine",
    "tacrolimus",
    "azathioprine",
    "mycophenolate",
    "allopurinol",
    "colchicine",
    "sildenafil",
    "finasteride",
    "estradiol",
    "progesterone",
    "testosterone",
    "oxytocin",
    "magnesium",
    "potassium",
]
_DRUG_SUFFIX = (
    r"[a-z]+(?:mab|nib|pril|sartan|olol|statin|mycin|cillin|floxacin|azole|platin|rubicin|phosphamide"
    r"|vir|parin|dronate|prazole|oxetine|triptan|caine|dipine|gliptin|glitazone|cycline|taxel|tidine)"
)
_ROUTES = (
    r"oral(?:ly)?|intravenous(?:ly)?|i\.v\.|subcutaneous(?:ly)?|s\.c\.|intramuscular(?:ly)?|i\.m\."
    r"|topical(?:ly)?|intrathecal(?:ly)?|inhaled|sublingual(?:ly)?|rectal(?:ly)?|transdermal(?:ly)?"
    r"|intranasal(?:ly)?|intra-arterial(?:ly)?|epidural(?:ly)?"
)
_DIAGNOSIS_HEAD = (
    r"cancer|carcinoma|adenocarcinoma|lymphoma|leukemia|leukaemia|melanoma|sarcoma|myeloma|tumou?r"
    r"|hypertension|hypotension|diabetes|infarction|failure|stroke|asthma|pneumonia|sepsis|epilepsy"
    r"|dementia|depression|schizophrenia|fibrillation|thrombosis|embolism|anemia|anaemia|cirrhosis"
    r"|hepatitis|arthritis|disease|syndrome|disorder|infection|[a-z]+itis|[a-z]+osis|[a-z]+emia"
    r"|[a-z]+oma|[a-z]+pathy"
)
_DIAGNOSIS = re.compile(
    rf"\b(?:(?!(?:the|a|an|of|in|with|and|or|for|to|on|at|by|from|patients?|no|this|that|these|those|any|our|its|their|such|your|his|her)\b)[a-z][a-z-]+\s+)?"
    rf"(?:{_DIAGNOSIS_HEAD})\b",
    re.IGNORECASE,
)
_PROCEDURE = re.compile(
    r"\b(?:[a-z]+(?:ectomy|otomy|ostomy|plasty|scopy|graphy|pexy)|surgery|resection|transplant(?:ation)?"
    r"|biopsy|chemotherapy|radiotherapy|radiation therapy|bypass|angioplasty|stenting|dialysis"
    r"|amputation|catheteri[sz]ation|intubation)\b",
    re.IGNORECASE,
)
_UNIT = (
    r"mg/m2|mg/m²|mg/kg|mg/dl|mg/dL|mmol/l|mmol/L|µg|mcg|ug|mg|g/dl|kg|g|ml|mL|l|L|IU|units?|mmHg|mm|cm"
    r"|%|percent|days?|weeks?|months?|years?|hours?|h|min|Gy|mEq|mmol|nmol|pg/ml"
)
_NUMBER_UNIT = re.compile(
    rf"(?<![\w.])(\d+(?:[.,]\d+)?)\s?(?:-|to|–)?\s?(?:\d+(?:[.,]\d+)?\s?)?({_UNIT})(?![\w])"
)
_AMOUNT = re.compile(
    r"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b)"
)
_STATUTE = re.compile(
    r"\b(?:(?:section|sec\.|§|article|art\.|rule|regulation|directive)\s*\(?\d+[\w().\-/]*"
    r"|\d+\s+U\.S\.C\.?\s*§*\s*\d+[\w()]*"
    r"|(?-i:(?:[A-Z][A-Za-z]+\s+){1,6}Act)(?:\s+of\s+\d{4})?"
    r"|GDPR|CCPA|COPPA|HIPAA|DMCA)",
    re.IGNORECASE,
)
_DRUG = re.compile(
    r"\b(?:" + "|".join(re.escape(d) for d in sorted(_DRUGS, key=len, reverse=True)) + rf"|{_DRUG_SUFFIX})\b",
    re.IGNORECASE,
)
_ROUTE = re.compile(rf"(?<!\w)(?:{_ROUTES})(?!\w)", re.IGNORECASE)

#: The kinds :func:`clinical_entities` finds, and the domain each belongs to.
FACT_KINDS: Mapping[str, str] = {
    "drug": "clinical",
    "dose": "clinical",
    "route": "clinical",
    "diagnosis": "clinical",
    "procedure": "clinical",
    "statute": "legal",
    "amount": "legal",
}
#: Words that end like a diagnosis or drug but are not one.
_NOT_FACTS = frozenset(
    {
        "diagnosis",
        "prognosis",
        "analysis",
        "basis",
        "thesis",
        "hypothesis",
        "emphasis",
        "synthesis",
        "axis",
        "dose",
        "chroma",
        "stoma",
        "coma",
        "aroma",
        "diploma",
        "soma",
        "trauma",
        "genome",
        "idiom",
        "somatic",
        "symptoms",
        "outcome",
        "income",
        "sodium",
        "calcium",
        "drug disease",
    }
)


def _clean(term: str) -> str:
    return " ".join(term.lower().split())


def clinical_entities(text: str) -> set[tuple[str, str]]:
    """Facts a synthetic text must not invent: ``{(kind, term)}``, terms in lower case.

    Kinds: ``drug``, ``dose`` (a number with a unit, the number and unit
    normalised), ``route``, ``diagnosis`` (head word with one modifier, e.g.
    ``breast cancer``), ``procedure``, ``statute`` (sections, articles, Acts)
    and ``amount`` (sums of money).

    >>> sorted(clinical_entities("FEC: cyclophosphamide 500 mg/m2 i.v. in breast cancer"))
    [('diagnosis', 'breast cancer'), ('dose', '500 mg/m2'), ('drug', 'cyclophosphamide'), ('route', 'i.v.')]
    """
    found: set[tuple[str, str]] = set()
    for m in _DRUG.finditer(text):
        if m.group(0).lower() not in _NOT_FACTS:
            found.add(("drug", _clean(m.group(0))))
    for m in _NUMBER_UNIT.finditer(text):
        found.add(("dose", _clean(f"{m.group(1).replace(',', '.')} {m.group(2)}")))
    found.update(("route", _clean(m.group(0))) for m in _ROUTE.finditer(text))
    for m in _DIAGNOSIS.finditer(text):
        term = _clean(m.group(0))
        if term not in _NOT_FACTS and term.split()[-1] not in _NOT_FACTS:
            found.add(("diagnosis", term))
    found.update(("procedure", _clean(m.group(0))) for m in _PROCEDURE.finditer(text))
    found.update(("statute", _clean(m.group(0))) for m in _STATUTE.finditer(text))
    found.update(("amount", _clean(m.group(0)).replace(" ", "")) for m in _AMOUNT.finditer(text))
    return found


def is_clinical_fact(term: str) -> bool:
    """True when ``term`` holds a fact :func:`clinical_entities` finds (a generator must not swap it)."""
    return bool(clinical_entities(term))


def detect_domain(texts: Iterable[str], *, min_share: float = 0.3) -> str | None:
    """``"clinical"`` or ``"legal"`` when at least ``min_share`` of ``texts`` hold facts of that kind, else None."""
    texts = list(texts)
    if not texts:
        return None
    share: Counter[str] = Counter()
    for t in texts:
        share.update({FACT_KINDS[k] for k, _ in clinical_entities(t) if k not in ("dose", "amount")})
    best = max(("clinical", "legal"), key=lambda d: share[d])
    return best if share[best] / len(texts) >= min_share else None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NoNewFacts:
    """A candidate may not hold a ``kind`` fact (drug, dose, diagnosis...) absent from its sources.

    A candidate's sources are the exemplars it was made from (``exemplar_ids``
    in its provenance, looked up in ``texts``); a candidate made from none (a
    template) is held to every real item of its label (``label_texts``).
    The rule is named ``no_new_<kind>``; the detail names the invented terms.
    """

    kind: str
    texts: Mapping[str, str]
    label_texts: Mapping[str, Sequence[str]]
    extract: Callable[[str], set[tuple[str, str]]] = clinical_entities
    hard: bool = True

    @property
    def name(self) -> str:
        return f"no_new_{self.kind}"

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        out = []
        for c in candidates:
            allowed = {
                t
                for src in _sources(c, self.texts, self.label_texts)
                for k, t in self.extract(src)
                if k == self.kind
            }
            new = sorted(t for k, t in self.extract(c.text) if k == self.kind and t not in allowed)
            out.append(
                CheckResult(
                    passed=not new,
                    value=float(len(new)),
                    detail=f"{self.name}: {', '.join(new)} not in the exemplars" if new else "",
                    hard=self.hard,
                )
            )
        return out


def _sources(c: Candidate, texts: Mapping[str, str], label_texts: Mapping[str, Sequence[str]]) -> list[str]:
    ids = c.provenance.details.get("exemplar_ids") or []
    found = [texts[i] for i in ids if i in texts]
    return found if found else list(label_texts.get(c.label, ()))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrugDiagnosisPairs:
    """Every drug-diagnosis pair in a candidate occurs together in one of its sources.

    Catches "clopidogrel in essential hypertension" written from two real
    items that each mention one of them.  Rule name: ``drug_diagnosis_pair``.
    """

    texts: Mapping[str, str]
    label_texts: Mapping[str, Sequence[str]]
    extract: Callable[[str], set[tuple[str, str]]] = clinical_entities
    name: str = "drug_diagnosis_pair"
    hard: bool = True

    def check(self, candidates: Sequence[Candidate]) -> list[CheckResult]:
        out = []
        for c in candidates:
            ents = self.extract(c.text)
            pairs = {(d, x) for k, d in ents if k == "drug" for k2, x in ents if k2 == "diagnosis"}
            seen: set[tuple[str, str]] = set()
            for src in _sources(c, self.texts, self.label_texts):
                e = self.extract(src)
                seen |= {(d, x) for k, d in e if k == "drug" for k2, x in e if k2 == "diagnosis"}
            new = sorted(f"{d} in {x}" for d, x in pairs - seen)
            out.append(
                CheckResult(
                    passed=not new,
                    value=float(len(new)),
                    detail=f"{self.name}: {'; '.join(new)} never occur together in the exemplars"
                    if new
                    else "",
                    hard=self.hard,
                )
            )
        return out


def safety_constraints(
    domain: str | None, *, texts: Mapping[str, str], label_texts: Mapping[str, Sequence[str]]
) -> list[Constraint]:
    """The fact constraints for ``domain`` (``clinical`` or ``legal``); numbers with units for both."""
    if domain not in ("clinical", "legal"):
        return []
    kinds = [k for k, d in FACT_KINDS.items() if d == domain]
    if domain == "legal":
        kinds.append("dose")  # numbers with units: copied or left out, never invented
    out: list[Constraint] = [NoNewFacts(kind=k, texts=texts, label_texts=label_texts) for k in kinds]
    if domain == "clinical":
        out.append(DrugDiagnosisPairs(texts=texts, label_texts=label_texts))
    return out
