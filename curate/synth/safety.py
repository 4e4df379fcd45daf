"""Safety constraints: a synthetic text may not invent clinical or legal facts.

:func:`clinical_entities` is the one extraction every rule uses (the domain
vocabularies of :mod:`curate.lexicon` and this module's patterns for doses,
routes, units, diagnosis heads and procedures).  :class:`NoNewFacts` rejects a candidate holding a drug, dose, route,
diagnosis, procedure, statute, amount or number with a unit absent from the
exemplars it was made from; :class:`DrugDiagnosisPairs` rejects a
drug-diagnosis pair that never occurs together in one source.  Every
rejection names its rule (``no_new_drug``...).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from curate.synth.provenance import Candidate, CheckResult

if TYPE_CHECKING:
    from curate.synth.constraints import Constraint

__all__ = [
    "FACT_KINDS",
    "DrugDiagnosisPairs",
    "NoNewFacts",
    "clinical_entities",
    "detect_domain",
    "is_clinical_fact",
    "safety_constraints",
]


# -- safety: no new clinical or legal facts ----------------------------------------------
# Drug, disease, device and anatomy words come from curate.lexicon (the one home of domain
# vocabularies) and statutes from its citation spans; what stays here are patterns, not lists:
# drug-name suffixes, routes, diagnosis heads with their modifier, procedures, doses and amounts.
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
_DRUG = re.compile(rf"\b{_DRUG_SUFFIX}\b", re.IGNORECASE)
_ROUTE = re.compile(rf"(?<!\w)(?:{_ROUTES})(?!\w)", re.IGNORECASE)

#: The kinds :func:`clinical_entities` finds, and the domain each belongs to.
FACT_KINDS: Mapping[str, str] = {
    "drug": "clinical",
    "dose": "clinical",
    "route": "clinical",
    "diagnosis": "clinical",
    "procedure": "clinical",
    "device": "clinical",
    "anatomy": "clinical",
    "statute": "legal",
    "amount": "legal",
}
#: Words that end like a diagnosis (``-osis``, ``-oma``, ``-emia``) or a drug suffix, or that the drug
#: vocabulary rightly holds but a paraphrase may name freely (``sodium``, ``calcium``): synth-specific.  Everyday words the drug
#: vocabulary used to hold are dropped at their home (:func:`curate.lexicon.everyday_words`).
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


_WORDLIKE = re.compile(r"^[a-z][a-z0-9' -]*$")


def _clean(term: str) -> str:
    return " ".join(term.lower().split())


def clinical_entities(text: str) -> set[tuple[str, str]]:
    """Facts a synthetic text must not invent: ``{(kind, term)}``, terms in lower case.

    Kinds: ``drug`` (:mod:`curate.lexicon`'s drugs, and drug-name suffixes),
    ``dose`` (a number with a unit, the number and unit normalised),
    ``route``, ``diagnosis`` (a disease head word with one modifier, e.g.
    ``breast cancer``, and the lexicon's disease names that are not everyday
    words), ``procedure``, ``device`` and ``anatomy`` (the lexicon's),
    ``statute`` (:func:`curate.lexicon.statute_spans`) and
    ``amount`` (sums of money).

    >>> sorted(clinical_entities("FEC: cyclophosphamide 500 mg/m2 i.v. in breast cancer"))
    [('anatomy', 'breast'), ('diagnosis', 'breast cancer'), ('dose', '500 mg/m2'), ('drug', 'cyclophosphamide'), ('route', 'i.v.')]
    """
    return set(_entities(text))


@lru_cache(maxsize=4096)
def _entities(text: str) -> frozenset[tuple[str, str]]:
    # Cached: every rule reads the same exemplars' facts again for each candidate.
    from curate.lexicon import everyday_words, mentions, statute_spans, terms

    found: set[tuple[str, str]] = set()
    everyday = terms("common")
    for hit in mentions(text, kinds=("drug", "device", "anatomy")):
        term = _clean(hit.text)
        # Codes and numbered entries of the drug data ("5-fu", "3tc") are not compared as facts.
        if hit.kind == "drug" and (term in _NOT_FACTS or not _WORDLIKE.search(term)):
            continue
        found.add((hit.kind, term))
    for m in _DRUG.finditer(text):
        # A suffix match can be an everyday word ("april" ends like captopril): the lexicon's rule.
        if m.group(0).lower() not in _NOT_FACTS and m.group(0).lower() not in everyday_words():
            found.add(("drug", _clean(m.group(0))))
    for m in _NUMBER_UNIT.finditer(text):
        found.add(("dose", _clean(f"{m.group(1).replace(',', '.')} {m.group(2)}")))
    found.update(("route", _clean(m.group(0))) for m in _ROUTE.finditer(text))
    diagnoses: set[str] = set()
    for m in _DIAGNOSIS.finditer(text):
        term = _clean(m.group(0))
        if term not in _NOT_FACTS and term.split()[-1] not in _NOT_FACTS:
            diagnoses.add(term)
    named = {word for d in diagnoses for word in d.split()}
    for hit in mentions(text, kinds=("disease",)):
        term = _clean(hit.text)
        if term not in everyday and term not in named and term not in _NOT_FACTS:
            diagnoses.add(term)
    found.update(("diagnosis", t) for t in diagnoses)
    found.update(("procedure", _clean(m.group(0))) for m in _PROCEDURE.finditer(text))
    statutes = {_clean(text[a:b]) for a, b in statute_spans(text)}
    found.update(("statute", t.rstrip(".,;")) for t in statutes)
    found.update(("amount", _clean(m.group(0)).replace(" ", "")) for m in _AMOUNT.finditer(text))
    return frozenset(found)


def is_clinical_fact(term: str) -> bool:
    """True when ``term`` holds a fact :func:`clinical_entities` finds (a generator must not swap it)."""
    return bool(clinical_entities(term))


#: Kinds too everyday to tell a domain by ("pay back", "by hand", "5 days").
_NOT_DOMAIN_SIGNS = frozenset({"dose", "amount", "anatomy"})

#: Kinds whose new terms are flagged for the reviewer rather than rejected: anatomy words are
#: often everyday words, and a paraphrase may name a body part its exemplar did not.
_SOFT_KINDS = frozenset({"anatomy"})


def detect_domain(texts: Iterable[str], *, min_share: float = 0.3) -> str | None:
    """``"clinical"`` or ``"legal"`` when at least ``min_share`` of ``texts`` hold facts of that kind, else None."""
    texts = list(texts)
    if not texts:
        return None
    share: Counter[str] = Counter()
    for t in texts:
        share.update({FACT_KINDS[k] for k, _ in clinical_entities(t) if k not in _NOT_DOMAIN_SIGNS})
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
    out: list[Constraint] = [
        NoNewFacts(kind=k, texts=texts, label_texts=label_texts, hard=k not in _SOFT_KINDS) for k in kinds
    ]
    if domain == "clinical":
        out.append(DrugDiagnosisPairs(texts=texts, label_texts=label_texts))
    return out
