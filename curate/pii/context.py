"""Confidence for names and places: the domain vocabularies, defined terms and the words around them.

A statistical NER model calls "Doppler", "Candida" and "Licensee" a person or a place.  This module
gives every NAME and LOCATION candidate a confidence in [0, 1] from evidence a reviewer would use:

- the word is a drug, device, organism, anatomy, disease, eponym, section header or contract role
  (:mod:`curate.lexicon`), or an ordinary lower-case word of the domain, and not a known person name;
- the text defines it (``the "Licensee"``) or uses it with a determiner (``such Franchisee``);
- it is an ALL-CAPS label, a citation (``Bagshawe et al``) or an eponym before ``disease``/``sign``;
- it is a known first name or surname (:mod:`curate.lexicon.names`);
- titles, roles and relations around it (``Dr.``, ``patient``, ``signed by``, ``, MD``, ``(husband)``);
  places after ``lives in``, ``moved to``, ``transferred from``;
- the text is about a person at all (a patient, a plaintiff, "she", an MRN or a phone number).

Pattern findings with their own context (``Dr. X``, ``MRN: ...``) keep their scores unless every word
of a name is a domain term.  :func:`rescore` is pure: same text and spans in, same spans out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import curate.lexicon as lexicon
from curate.lexicon.names import first_names, is_person_name
from curate.pii.detect import Span
from curate.pii.patterns import CAR_MAKES, ORG_WORDS, POSTCODES, STATE_AND_ZIP, VEHICLE_NOUNS, words

__all__ = [
    "caps_name_candidates",
    "complete_names",
    "is_company_seat",
    "name_candidates",
    "personal_signal",
    "place_candidates",
    "propagate_ids",
    "propagate_names",
    "rescore",
]


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TERM_KINDS = frozenset(("drug", "device", "organism", "anatomy", "disease", "eponym", "section", "legal"))
_SIGNAL_ENTITIES = frozenset(
    (
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "HEALTH_PLAN_ID",
        "AGE",
        "ADDRESS",
        "ZIP",
        "LICENSE",
        "VIN",
        "PLATE",
        "DEVICE_ID",
        "ID",
        "ACCOUNT",
        "CREDIT_CARD",
        "CASE_NUMBER",
    )
)
_SIGNAL_WORDS = re.compile(
    r"(?i)\b(?:patient|pt|mr|mrs|ms|miss|he|she|his|her|him|plaintiff|defendant|decedent|claimant|witness|"
    r"petitioner|respondent|husband|wife|son|daughter|mother|father|grandson|granddaughter|niece|nephew|"
    r"deponent|affiant|tenant|landlord|resident|widow|widowed|widower|married|divorced|retired|y/o|yo|dob)\b"
)
_EPONYM_NEXT = _set(
    "disease syndrome sign signs test tests procedure reflex ulcer esophagus oesophagus lymphoma catheter "
    "shunt reservoir ultrasound ultrasonography flow operation filter ataxia score scale scales criteria "
    "classification method technique repair anastomosis fixation approach palsy phenomenon effect law "
    "equation principle cell cells node nodes body bodies duct tube valve curve curves analysis "
    "regression model correction estimator stain staining blot tumor tumour tumors anomaly malformation "
    "fracture maneuver manoeuvre position incision forceps retractor needle clamp drain dressing "
    "monitor monitoring recording device pump catheterization index ratio sarcoma virus agar medium broth "
    "solution stain assay kit reagent buffer chromosome translocation gene antigen antibody receptor "
    "protein factor hypothesis theorem distribution"
)
_TITLE_BEFORE = re.compile(
    r"(?i)(?:\b(?:dr|mr|mrs|ms|mx|miss|prof|judge|justice|hon|rev|sgt|officer|nurse|attorney|counsel|"
    r"patient|pt|plaintiff|defendant|decedent|claimant|witness|deponent|affiant|petitioner|respondent|"
    r"appellant|appellee|tenant|landlord|guardian|husband|wife|son|daughter|mother|father|sister|brother|"
    r"niece|nephew|aunt|uncle|cousin|grandson|granddaughter|grandmother|grandfather|spouse|partner|friend|"
    r"neighbou?r|caregiver|named|called|dear|attn|cc|"
    r"(?:signed|seen|referred|dictated|examined|reviewed|prepared|witnessed|accompanied|brought\s+in|"
    r"interviewed|treated|evaluated|transcribed|authored|written|sent|represented)\s+by|"
    r"physician|surgeon|provider|attending|resident|adjuster|agent|officer|clerk|employee|manager|"
    r"supervisor|nurse|therapist|technician|pharmacist|prescriber|interpreter)\b\.?|/s/)[\s:,(]*$"
)
_AFTER_NAME = re.compile(
    r"^(?:,?\s*(?:MD|M\.D\.|DO|D\.O\.|RN|LPN|NP|PA-C|PhD|PharmD|DDS|Esq|Jr|Sr|II|III|DNP|APRN|CNP|FNP|PT|DPT|"
    r"OT|SLP|MSN|BSN|CNA|LCSW)\b|\s*\((?:\d|husband|wife|"
    r"son|daughter|mother|father|sister|brother|niece|nephew|friend|spouse|partner|patient|age)|"
    r",?\s+(?:age[ds]?|aged|a\s+\d|an?\s+\d|\d{1,3}\s*(?:y/?o|yo|years?|-year))\b|"
    r"\s+(?:said|says|stated|states|reported|reports|testified|denies|denied|signed|was\s+born|was\s+seen|"
    r"presented|presents|complains|called|visited|arrived|died|passed)\b)"
)
_PLACE_STRONG = re.compile(
    r"(?i)\b(?:originally|retired|works|worked|working|employed|lives|living|lived|live|resides|residing|resided|reside|moved|moving|move|relocated|born|raised|"
    r"grew\s+up|transferred|arrived|arriving|travel(?:l)?ed|visiting|visited|returned|drove|home|"
    r"resident|native|hometown|address|located|brought|sent|admitted|discharged|ambulance)\b"
    r"(?:\s+\w+){0,3}?\s+(?:in|to|from|at|of|near)\s+(?:the\s+)?$"
)
_PLACE_WEAK = re.compile(r"(?i)\b(?:in|from|at|to|near|of|outside|downtown|towards?)\s+(?:the\s+)?$")
_CITATION_AFTER = re.compile(
    r"^\s*(?:et\s+al\b|and\s+colleagues|and\s+coworkers|\(\d{4}\)|,?\s*\(?(?:19|20)\d{2}\b(?![/-]))"
)
# Function words a name never consists of ("Mr. In contrast": Mr is a molecular weight there).
_FUNCTION_WORDS = _set(
    "a an the in on at of to for from with by and or but nor as if so than then this that these those "
    "it its is are was were be been being has have had do does did not no yes all any each every some "
    "such our your their his her my we you they he she i me us them him who whom which what when where "
    "why how contrast addition conclusion summary results methods background objective purpose design "
    "setting patients subjects participants measurements interventions main outcome can could may might "
    "must shall should will would tel phone fax email e-mail mail attn attention ph mobile cell web "
    "website floor suite dr mr mrs ms mx prof western eastern northern southern central"
)
_DETERMINER_BEFORE = re.compile(
    r"(?i)(?<![A-Za-z])(?:the|such|this|that|these|those|each|any|every|our|your|its|their|said|an?|all|no)\s+$"
)
_STREET_BEFORE = re.compile(
    r"(?i)\b(?:avenue|av\.|ave\.?|rue|via|viale|calle|avenida|rua|boulevard|blvd\.?|street|road|place|plaza|"
    r"piazza|platz|edif[ií]cio|edificio|building|house|centre|center|hospital|university|school|college)\s+$"
)
_STREET_AFTER = _set(
    "street st road rd avenue ave lane ln drive dr boulevard blvd way place court ct vej gade vei straße strasse "
    "str weg laan plein hospital university school college center centre building house hall airport "
    "park bridge"
)
_GUESS_MAX = 0.85
_ORG_LABEL = re.compile(
    r"(?i)\b(?:employer|company|firm|agency|insurer|carrier|vendor|facility|hospital|pharmacy|clinic|"
    r"organi[sz]ation|manufacturer|payer|payor|school|university|bank|lender)\s*[:\-]\s*$"
)
_EPONYM_NEXT_KINDS = frozenset(("disease", "anatomy", "drug", "device", "organism"))
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _bare_format(span: Span) -> bool:
    """A plate or other number found by its shape alone, the weakest formats (no label, no make)."""
    return (span.entity == "PLATE" and span.score <= 0.75) or (span.entity == "ID" and span.score <= 0.6)


def personal_signal(text: str, spans: Iterable[Span]) -> bool:
    """Whether ``text`` is about a person: a person word, or an identifier pattern other than a date."""
    # A bare number shaped like an identifier (score 0.6: a trial registration, an accession) is no
    # signal, nor a number after a bare "No." (0.75: a company's registration).
    if any(
        (s.entity in _SIGNAL_ENTITIES and s.score >= (0.8 if s.entity == "ID" else 0.7))
        or (s.entity == "NAME" and s.score >= 0.8)
        for s in spans
    ):
        return True
    return bool(_SIGNAL_WORDS.search(text))


def _clean(word: str) -> str:
    return re.sub(r"['’]s$", "", word.strip(".,;:()[]\"'’"))


def _is_country(value: str) -> bool:
    key = lexicon.normalise(re.sub(r"(?i)^the\s+", "", value))
    return key in lexicon.terms("country")


def _is_name(word: str) -> bool:
    w = word.lower()
    return w not in _FUNCTION_WORDS and is_person_name(w)


def _is_term(word: str) -> bool:
    if word.lower() in _FUNCTION_WORDS:
        return True
    kinds = lexicon.kinds_of(word)
    return bool(kinds & _TERM_KINDS) or "common" in kinds


def _tokens(value: str) -> list[str]:
    return [t for t in (_clean(w) for w in re.split(r"[\s/]+", value)) if t]


def _defined(value: str, defined: frozenset[str]) -> bool:
    key = lexicon.normalise(value)
    return any(lexicon.normalise(d) == key for d in defined)


def _name_score(text: str, span: Span, signal: bool, defined: frozenset[str]) -> float:
    value = span.value
    tokens = _tokens(value)
    words = [t for t in tokens if len(t.rstrip(".")) > 1]  # initials carry no evidence
    if not words:
        return 0.0
    before = text[max(0, span.start - 40) : span.start]
    after = text[span.end : span.end + 40]
    if _CITATION_AFTER.match(after) or any(w.lower() in ("et", "al") for w in words):
        return 0.0
    if _in_street(text, span) or _ORG_LABEL.search(before):
        return 0.0
    letters = [c for c in value if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(words) == 1:
        return 0.0  # an ALL-CAPS label or acronym
    if _defined(value, defined) or _DETERMINER_BEFORE.search(before):
        return 0.0
    if _eponym_use(text, span) and not _TITLE_BEFORE.search(before):
        return 0.0  # "Bence Jones multiple myeloma", "Doppler ultrasound", "Heller esophagomyotomy"
    if any(w.lower() in ORG_WORDS for w in words):
        return 0.0
    first_is_name = words[0].lower() in first_names() and not lexicon.kinds_of(words[0]) & _TERM_KINDS
    if len(words) >= 2 and not first_is_name and any(lexicon.kinds_of(w) & _TERM_KINDS for w in words):
        return 0.0  # "Transcranial Doppler", "Bence Jones": a term with a capital, no first name
    names = [_is_name(w) for w in words]
    terms = [_is_term(w) for w in words]
    if all(t and not n for t, n in zip(terms, names, strict=True)):
        return 0.0
    if lexicon.kind_of(value) in _TERM_KINDS and not all(names):
        return 0.0
    if (
        len(words) == 1
        and bool(lexicon.kinds_of(words[0]) & _TERM_KINDS)
        and words[0].lower() not in first_names()
    ):
        return 0.0  # "Doppler", "Cox", "Parkinson" alone: the eponym, not the person
    first_known = words[0].lower() in first_names() and not (terms[0] and not names[0])
    if len(words) >= 2 and first_known:
        score = 0.85
    elif len(words) >= 2 and any(names):
        score = 0.6
    elif len(words) >= 2 or (names[0] and not terms[0]):
        score = 0.45
    else:
        score = 0.3
    if any(t and not n for t, n in zip(terms, names, strict=True)):
        score -= 0.2
    if _TITLE_BEFORE.search(before) or _AFTER_NAME.match(after):
        score += 0.35
    if signal:
        score += 0.15
    return max(0.0, min(score, 0.95))


def _in_street(text: str, span: Span) -> bool:
    """A person's name that is part of a street or building name ("38 avenue John F. Kennedy")."""
    before = text[max(0, span.start - 20) : span.start]
    nxt = text[span.end : span.end + 20].split()
    last = span.value.split()[-1].strip(".,").lower() if span.value.split() else ""
    return (
        bool(_STREET_BEFORE.search(before))
        or last in _STREET_AFTER
        or bool(nxt and nxt[0].strip(".,").lower() in _STREET_AFTER)
    )


_MEDICAL_SUFFIX = re.compile(
    r"(?i)(?:otomy|ectomy|ostomy|plasty|scopy|graphy|itis|osis|emia|aemia|pathy|oma|omas|algia|uria|plegia|"
    r"trophy|cele|rrhea|rrhoea)$"
)


def _eponym_use(text: str, span: Span) -> bool:
    """The capitalised word names a disease, sign, device or method: it is followed (after an
    optional possessive) by such a word, a domain term or a medical word ending, within two words."""
    after = text[span.end : span.end + 60]
    after = re.sub(r"^['’]s\b", "", after)
    for word in after.split()[:2]:
        w = word.strip(".,;:()[]")
        if not w:
            continue
        low = w.lower()
        if low in _EPONYM_NEXT or _MEDICAL_SUFFIX.search(low) or lexicon.kinds_of(w) & _EPONYM_NEXT_KINDS:
            return True
        if low in ("kappa", "lambda", "type", "multiple", "primary", "secondary", "acute", "chronic"):
            continue
        break
    return False


def _next_to(text: str, span: Span, anchors: Sequence[Span]) -> bool:
    """Whether ``span`` sits right before or after an address, postcode or place ("22 Pembroke Road, X")."""
    for a in anchors:
        if a.end <= span.start and not text[a.end : span.start].strip(" ,"):
            return True
        if span.end <= a.start and not text[span.end : a.start].strip(" ,"):
            return True
    return False


def _place_score(
    text: str, span: Span, signal: bool, defined: frozenset[str], anchors: Sequence[Span] = ()
) -> float:
    value = span.value
    if _is_country(value) or _STATE_ABBREVIATION.fullmatch(value):
        return 0.0  # "Los Angeles, Calif": a state, not a place below one
    words = [w for w in _tokens(value) if w.lower() not in ("the", "of")]
    if not words:
        return 0.0
    before = text[max(0, span.start - 50) : span.start]
    letters = [c for c in value if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return 0.0
    if _defined(value, defined) or (
        _DETERMINER_BEFORE.search(before) and not value.lower().startswith("the")
    ):
        return 0.0
    if value.lower().startswith("the ") and lexicon.kind_of(value[4:]) is not None:
        return 0.0
    names = [_is_name(w) for w in words]
    terms = [_is_term(w) and not n for w, n in zip(words, names, strict=True)]
    if all(terms) or terms[0]:
        return 0.0  # "Ventricular", "Lumbar", "Candida"; not "Dearborn Heights"
    if _eponym_use(text, span):
        return 0.0  # "Philadelphia chromosome", "Barrett's esophagus"
    if _PLACE_STRONG.search(before) or _next_to(text, span, anchors):
        score = 0.8
    elif _PLACE_WEAK.search(before) or _AFTER_CUED_PLACE.search(before):
        score = 0.4  # "collided at Kalanki, Kathmandu": the town after the place a cue named
    else:
        score = 0.25
    if signal:
        score += 0.2
    return min(score, 0.95)


_COMPANY_FORM = re.compile(
    r"\b(?:SARL|S\.?à\s?r\.?l\.?|GmbH|AG|S\.A\.|SA|SAS|B\.V\.|BV|N\.V\.|NV|Ltd\.?|Limited|LLC|L\.L\.C\.|Inc\.?|"
    r"Corp\.?|Corporation|plc|PLC|S\.p\.A\.|S\.L\.|Pty)(?![\w-])|\bregistered\s+(?:office|address)"
)


def is_company_seat(text: str, start: int, spans: Sequence[Span]) -> bool:
    """True when an address starting at ``start`` follows a company's name in a text about nobody:
    "Amazon Media EU SARL, ..., 38 avenue John F. Kennedy" is a company's seat, not a home."""
    return bool(_COMPANY_FORM.search(text, max(0, start - 120), start)) and not personal_signal(
        text, (o for o in spans if o.entity not in ("ADDRESS", "ZIP", "LOCATION"))
    )


def rescore(text: str, spans: Sequence[Span], *, ner_names: Iterable[str] = ()) -> list[Span]:
    """Spans with NAME and LOCATION confidences set from the evidence in ``text``.

    Spans whose ``detector`` is in ``ner_names`` are guesses and get a fresh score; pattern spans
    keep theirs unless every word of the value is a domain term (then 0).  Other entity types pass
    through unchanged.
    """
    guessed = frozenset(ner_names)
    signal = personal_signal(text, (s for s in spans if s.detector not in guessed and not _bare_format(s)))
    anchors = [
        s
        for s in spans
        if s.detector not in guessed and s.entity in ("ADDRESS", "ZIP", "LOCATION") and s.score >= 0.7
    ]
    defined: frozenset[str] | None = None
    out: list[Span] = []
    for s in spans:
        if s.entity == "ADDRESS" and is_company_seat(text, s.start, spans):
            out.append(replace(s, score=0.0))
            continue
        if _bare_format(s) and not signal:
            # "EC-GI-10 cells", "EL4J thymoma", "NCT01234567": a plate or number by shape alone, in a
            # text about nobody (no person word, name or labelled identifier), is a code of the domain.
            out.append(replace(s, score=0.0))
            continue
        if s.entity not in ("NAME", "LOCATION"):
            out.append(s)
            continue
        if defined is None:
            defined = lexicon.defined_terms(text)
        if s.detector in guessed:
            if s.entity == "NAME":
                score = _name_score(text, s, signal, defined)
            else:
                score = _place_score(text, s, signal, defined, anchors)
            # A guess never outranks a pattern with evidence (ADDRESS 0.9 over NER's "Floor").
            out.append(replace(s, score=round(min(score, _GUESS_MAX), 3)))
            continue
        words = _tokens(s.value)
        if (words and all(_is_term(w) and not _is_name(w) for w in words)) or (
            s.entity == "LOCATION" and _is_country(s.value)
        ):
            out.append(replace(s, score=0.0))
        elif s.entity == "LOCATION" and not signal:
            # "the city of Derby" in a study: a place, but nobody's.
            out.append(replace(s, score=round(max(0.0, s.score - 0.35), 3)))
        else:
            out.append(s)
    return out


def propagate_names(text: str, spans: Sequence[Span], *, threshold: float, detector: str) -> list[Span]:
    """Add NAME spans where a word of an accepted name recurs alone ("Mrs. Vandermolen" later in a note).

    Only words of three or more letters that are not domain terms spread, and only to whole-word,
    capitalised occurrences not already inside a span.
    """
    seeds: set[str] = set()  # lower-cased: "O'SULLIVAN" in a caption seeds "O'Sullivan" in the text
    for s in spans:
        if s.entity == "NAME" and s.score >= threshold:
            for w in _tokens(s.value):
                if len(w) >= 3 and w[0].isupper() and not _is_term(w) and not _is_country(w):
                    seeds.add(w.lower())
    if not seeds:
        return list(spans)
    added: list[Span] = []
    for m in _WORD.finditer(text):
        word = _clean(m.group())
        if not word[:1].isupper() or word.lower() not in seeds:
            continue
        start, end = m.start(), m.start() + len(word)
        following = text[end : end + 30].split()
        if following and following[0].strip(".,").lower() in ORG_WORDS:
            continue  # "Reyes Law PLLC": the firm, not the person
        if any(s.start < end and start < s.end for s in spans) or any(
            a.start < end and start < a.end for a in added
        ):
            continue
        added.append(
            Span(start=start, end=end, entity="NAME", value=text[start:end], detector=detector, score=0.8)
        )
    return sorted([*spans, *added], key=lambda s: s.start)


_NAME_PREFIX = re.compile(
    r"(?:\b(?:Md|Mohd|Muhd|Muhammad|Mohammed|Syed|Sheikh|Haji|Ma)\.?|\b[A-Z]\.|"
    # a particle with the given name before it: "María de la" Luz Contreras, "Gethin ap" Rhys
    r"\b[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+\s+(?:de\s+la|de\s+los|del|de|van\s+der|van|von|da|di|du|bin|binti|a/l|a/p|ap|ab|ibn))\s*$"
)
_PARTICLE_AFTER = re.compile(
    r"\s+(?:de\s+la|de\s+los|del|de|van\s+der|van|von|da|di|du|bin|binti|a/l|a/p|s/o|ap|ab|ibn)\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+"
)
# Words that stand before a name without being part of it.
_ROLE_WORDS = _set(
    "pt patient client resident member claimant plaintiff defendant applicant respondent appellant petitioner "
    "mr mrs ms mx miss dr prof sir dame re attn to from cc by and or of the a an dear baby child infant son daughter "
    "deceased late witness tenant landlord subject victim suspect accused complainant nurse sister brother father "
    "mother wife husband ward bed room"
)
# Where a name starts: the text's start, a label's colon, "I, ", a bracket or a title.
_NAME_START = re.compile(
    r"(?:^|[:(]\s*|\bI,\s+|\b(?:the\s+)?late\s+|"
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sh|Smt|Shri|Sri|Hajiya|Hajia|Alhaji|Chief|Pastor|Bro|Sis)\.?\s+)$"
)
_SUFFIX_AFTER = re.compile(r",?\s+(?:Jr|Sr|JR|SR)\b\.?|\s+(?:II|III|IV)\b")
# An initial, or the full stop after an initial or "Jr" that ends the span ("Rosario E.", "Higgins Jr.").
_INITIAL_AFTER = re.compile(
    r"\s+[A-Z]\.(?=\s+[A-ZÀ-Þ])|\s+[A-Z]\.(?=\s*[,;)]|\s+(?:s/o|d/o|w/o)\b)"
    r"|(?:(?<=\b[A-Z])|(?<=\b[JS]r)|(?<=\b[JS]R))\."
)
_CLOSING = re.compile(r"\s*(?:[,;(]|\s{2}|$)")
_TOKEN_AFTER = re.compile(r"\s+(?P<w>[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+)(?![\w'’-])")
_TOKEN_BEFORE = re.compile(r"(?<![\w'’-])(?P<w>[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+)(?P<comma>,)?\s+$")
_GIVEN_AFTER = re.compile(r",\s+(?P<w>[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+)?)(?![\w'’-])")


def _name_word(word: str) -> bool:
    """A capitalised word that may continue a name found next to it: a known name, no domain term,
    organisation, role or label."""
    w = _clean(word)
    low = w.lower()
    return (
        len(w) > 1
        and _is_name(w)
        and not _is_term(w)
        and low not in ORG_WORDS
        and low not in _CAPS_STOP
        and not _is_country(w)
    )


def _first_names(value: str) -> bool:
    """Every word (hyphenated parts apart, initials aside) is a known first name: "Jean-Baptiste", "Juan Carlo M."."""
    words = [w for w in re.split(r"[\s-]+", value) if len(_clean(w)) > 1]
    return bool(words) and all(_clean(w).lower() in first_names() for w in words)


def complete_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """NAME spans grown to the whole name around them, and pieces of one name joined.

    A model or pattern often finds part of a name: "DALE MOSSBERG" of "KEVIN DALE MOSSBERG",
    "Kowalczyk" of "Kowalczyk, Ewa", "Jose Ramon" of "Jose Ramon P. Villanueva", "Abul Kashem" of
    "Md. Abul Kashem".  A span grows over a known name word, an initial, "Md."/"Syed", a suffix
    ("Jr.", "III") or, around a lone surname or given name, the other half written "Surname, Given".
    """
    names = sorted((s for s in spans if s.entity == "NAME"), key=lambda s: s.start)
    others = [s for s in spans if s.entity != "NAME"]

    def free(a: int, b: int) -> bool:
        return not any(o.start < b and a < o.end for o in others)

    grown: list[Span] = []
    for s in names:
        start, end = s.start, s.end
        for _ in range(4):
            before = text[max(0, start - 40) : start]
            m = _NAME_PREFIX.search(before)
            if m and free(start - len(before) + m.start(), start):
                start -= len(before) - m.start()
                continue
            m = _TOKEN_BEFORE.search(before)
            if m and free(start - len(before) + m.start(), start):
                w, at = m.group("w"), start - len(before) + m.start()
                given = text[start:end]
                # "KHAN, Sana Fatima", "Tremblay, Jean-Guy": a surname, a comma, the given names found
                surname_first = m.group("comma") and (
                    (w.isupper() and _caps_word_ok(w) and not given.isupper())
                    or (_first_names(given) and (_name_word(w) or w.isupper()))
                )
                # "Okello" John Bosco after "Deceased: ", "Tariq" after "Mr. ": a plain word where a name starts
                leading = (
                    not m.group("comma")
                    and _plain_word(w)
                    and w.lower().rstrip(".") not in _ROLE_WORDS
                    and _NAME_START.search(text, max(0, at - 12), at)
                )
                if (not m.group("comma") and _name_word(w)) or surname_first or leading:
                    start = at
                    continue
            # matched in ``text`` from ``end`` so that look-behinds see the span's last word
            m = (
                _SUFFIX_AFTER.match(text, end)
                or _INITIAL_AFTER.match(text, end)
                or _PARTICLE_AFTER.match(text, end)
            )
            if m and free(end, m.end()):
                end = m.end()
                continue
            m = _TOKEN_AFTER.match(text, end)
            # a known name word, a capitalised word closing a name in capitals ("NGUYEN, THI HOA"), or a
            # plain word ending the name before punctuation ("Amelia Rose Wiśniewska, born ...")
            closing = m is not None and _CLOSING.match(text, m.end())
            if (
                m
                and free(end, m.end())
                and (
                    _name_word(m.group("w"))
                    or (
                        text[start:end].isupper()
                        and m.group("w").isupper()
                        and _caps_word_ok(m.group("w"))
                        and closing
                    )
                    or (
                        not m.group("w").isupper()
                        and _plain_word(m.group("w"))
                        and not _is_name(m.group("w"))
                        and closing
                        and m.group("w").lower() not in lexicon.everyday_words()
                    )
                )
            ):
                nxt = text[m.end() : m.end() + 20].split()
                if not (nxt and nxt[0].strip(".,").lower() in ORG_WORDS):
                    end = m.end()
                    continue
            m = _GIVEN_AFTER.match(text, end)
            if m and " " not in text[start:end].strip() and _first_names(m.group("w")) and free(end, m.end()):
                end = m.end()
                continue
            break
        if (start, end) != (s.start, s.end):
            s = replace(s, start=start, end=end, value=text[start:end])
        if grown and _one_name(text, grown[-1], start):
            last = grown.pop()
            lo, hi = min(last.start, start), max(last.end, end)
            s = replace(last, start=lo, end=hi, value=text[lo:hi], score=max(last.score, s.score))
        grown.append(s)
    return sorted([*others, *grown, *_names_before_addresses(text, [*others, *grown])], key=lambda s: s.start)


_GAP_WORD = re.compile(r"\s+(?P<w>[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+)\s+")
_HEADER_NAME = re.compile(
    r"(?:^|:\s+|\s[-–]\s+)(?P<v>[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿ'’-]+){1,3}),\s+$"
)


def _plain_word(word: str) -> bool:
    """A capitalised word that is no domain term, organisation, role, everyday word or country."""
    w = _clean(word).lower()
    return not (
        _is_term(w) or w in ORG_WORDS or w in _CAPS_STOP or w in lexicon.everyday_words() or _is_country(w)
    ) or _is_name(w)


_PATRONYMIC_GAP = re.compile(r"\s+(?:[swdh]/o|bin|binti|binte|bint|ibn|a/l|a/p|anak)\s+")


def _one_name(text: str, last: Span, start: int) -> bool:
    """Two NAME pieces are one name: side by side ("Mac" "Lochlainn"), overlapping, "Patel, Hemaben
    Ramesh" (a lone surname, a comma, the given names) or one unknown word apart ("Syed" Zulfiqar
    "Hussain Shah")."""
    if start < last.end:
        return True
    gap = text[last.end : start]
    if not gap.strip():
        return True
    if re.fullmatch(r",\s+", gap):
        return " " not in last.value.strip()
    if _PATRONYMIC_GAP.fullmatch(gap):
        return True  # "Bibi Zainab" w/o "Gul Muhammad", "Siti Zubaidah" binte "Ahmad"
    m = _GAP_WORD.fullmatch(gap)
    return bool(m and _plain_word(m.group("w")))


def _names_before_addresses(text: str, spans: Sequence[Span]) -> list[Span]:
    """A header's person before an address: "Pacemaker clinic note: Lim Boon Huat, Blk 456 ..."."""
    out: list[Span] = []
    for a in spans:
        if a.entity != "ADDRESS":
            continue
        m = _HEADER_NAME.search(text, max(0, a.start - 60), a.start)
        if m is None or any(s.start < m.end("v") and m.start("v") < s.end for s in spans):
            continue
        words = [_clean(w).lower() for w in m.group("v").split()]
        everyday = lexicon.everyday_words()
        if all(_plain_word(w) or w in everyday for w in words) and any(_is_name(w) for w in words):
            out.append(
                Span(
                    start=m.start("v"),
                    end=m.end("v"),
                    entity="NAME",
                    value=m.group("v"),
                    detector="names",
                    score=0.8,
                )
            )
    return out


_FIRST_LAST = re.compile(
    r"(?<![\w-])(?P<f>[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?)(?:\s+[A-Z]\.|\s+[A-Z][a-zà-öø-ÿ]+(?=\s+[A-Z]))?"
    r"(?:\s+(?:van|von|de|del|da|di|le|la|al|bin|ibn|dos|das))?\s+"
    r"(?P<l>(?:Mc|Mac|O['’])?[A-Z][a-zà-öø-ÿ]+(?:[-'’][A-Z][a-zà-öø-ÿ]+)*)(?![\w-])"
)


def name_candidates(text: str, *, detector: str = "names") -> list[Span]:
    """ "First Last" where the first word is a known first name and neither word is a domain term.

    A guess like NER's (scored by :func:`rescore`); it finds names the statistical model misses.
    """
    out: list[Span] = []
    for m in _FIRST_LAST.finditer(text):
        first, last = m.group("f"), m.group("l")
        if (
            not _is_name(first)
            or first.lower() not in first_names()
            or (_is_term(first) and not _is_name(first))
        ):
            continue
        if _is_term(last) and not _is_name(last):
            continue
        out.append(
            Span(start=m.start(), end=m.end(), entity="NAME", value=m.group(), detector=detector, score=0.6)
        )
    return out


_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]*[A-ZÀ-ÖØ-ÞĀ-Ž]"
_CAPS_RUN = re.compile(rf"(?<![\w'’-]){_CAPS_WORD}(?:,?\s+(?:[A-Z]\.?|{_CAPS_WORD}))+(?![\w'’-])")
_CAPS_TOKEN = re.compile(rf"{_CAPS_WORD}|[A-Z]\.?(?![\w'’])")


# Degrees, company forms and party roles that follow a name in captions and signatures.
_CAPS_STOP = _set(
    "deceased decd md do rn np pa pa-c dds dmd phd esq mbbs frcs frcp llb qc kc sc ltd llc inc plc gmbh ag sa bv nv "
    "pty lp llp claimant claimants plaintiff plaintiffs defendant defendants respondent respondents applicant "
    "applicants appellant appellants petitioner petitioners pursuer defender accused informant minor estate "
    "deceased's testator testatrix donor attorney executor executrix trustee guardian ward debtor creditor"
)


_ROMAN = re.compile(r"(?i)[ivxlc]+")
_WORD_SUFFIX = re.compile(
    r"(?:ional|ment|ness|ity|ing|ive|ous|able|ible|ance|ence|ship|ally|ized|ised|ful|less)$"
)


def _caps_word_ok(word: str) -> bool:
    """A word of an ALL-CAPS run that may belong to a name: no label, organisation or everyday word,
    no roman numeral, and a vowel in it ("EVLW", "PAP, BAL" are abbreviations)."""
    w = word.lower()
    if _ROMAN.fullmatch(w) or not re.search(r"[aeiouyà-ÿ]", w):
        return False
    if _WORD_SUFFIX.search(w) and not _is_name(w):
        return False  # "REPUTATIONAL HARM", "CONSEQUENTIAL DAMAGES": shouted prose, not a name
    if (
        w in _CAPS_STOP
        or w in ORG_WORDS
        or w in _FUNCTION_WORDS
        or lexicon.kinds_of(w) & {"section", "legal"}
    ):
        return False
    return _is_name(w) or not (
        lexicon.kinds_of(w) & ({"common"} | _TERM_KINDS) or w in lexicon.everyday_words()
    )


def caps_name_candidates(text: str, *, detector: str) -> list[Span]:
    """Names in ALL CAPS (court captions, EHR headers, wills): "IN RE THE ESTATE OF EDNA MAE FAIRCLOTH",
    "| LEBLANC, ARMAND |".  Inside each run of capitalised words, the longest stretches of two to four
    words that are not labels, organisations or everyday words, with at least one known first name or
    surname that is not also an everyday word.  Scored 0.8 (a pattern with evidence, not a guess).
    """
    out: list[Span] = []
    for run in _CAPS_RUN.finditer(text):
        tokens = list(_CAPS_TOKEN.finditer(text, run.start(), run.end()))
        stretch: list[re.Match[str]] = []
        for tok in [*tokens, None]:
            word = "" if tok is None else tok.group()
            initial = len(word.rstrip(".")) == 1
            if (
                tok is not None
                and word.rstrip(".").lower() not in _CAPS_STOP
                and (initial or _caps_word_ok(word))
            ):
                if not initial or stretch:  # an initial only inside a name
                    stretch.append(tok)
                continue
            words = [t.group() for t in stretch if len(t.group().rstrip(".")) > 1]
            if stretch and text.count(",", stretch[0].start(), stretch[-1].end()) > 1:
                words = []  # "PAP, EVLW, BAL": a list, not "SURNAME, GIVEN"
            elif (
                stretch
                and "," in text[stretch[0].start() : stretch[-1].end()]
                and not any(w.lower() in first_names() for w in words[1:])
            ):
                words = []  # "SURNAME, GIVEN" needs a known given name after the comma
            if word.lower() in ORG_WORDS:  # "ROYAL PRINCE ALFRED HOSPITAL": a name of a place
                words = []
            if 2 <= len(words) <= 4 and any(
                _is_name(w) and w.lower() not in lexicon.everyday_words() for w in words
            ):
                start, end = stretch[0].start(), stretch[-1].end()
                out.append(
                    Span(
                        start=start,
                        end=end,
                        entity="NAME",
                        value=text[start:end],
                        detector=detector,
                        score=0.8,
                    )
                )
            stretch = []
    return out


# A capitalised place word, macrons and other Latin letters included ("Ōtāhuhu", "Łódź").
_PLACE_WORD = "[A-ZÀ-ÖØ-ÞĀĒĪŌŪŠŽČŁŚŹŻ][a-zà-öø-ÿ\u0100-\u017f]+"
# One to three of them: "Hialeah", "Dearborn Heights", "Ho Chi Minh".
_PLACE = rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,2}}"
_PLACE_AFTER_CUE = re.compile(rf"(?i:\b(?:from|in|to|near|at|towards?)\s+)(?P<v>{_PLACE})(?![\w-])")
_STATE_ABBREVIATION = re.compile(
    r"Calif|Mich|Fla|Tex|Mass|Penn|Wash|Minn|Wis|Ariz|Colo|Conn|Ill|Ind|Kan|Ky|La|Md|Miss|Mo|Mont|Neb|Nev|Okla|Ore|"
    r"Tenn|Va|Vt|Wyo|Ala|Ark|Del|Ga|Ida|Me|Pa|Ont|Que|Alta|Sask|Man|Qld|Vic|Tas"
)
_AFTER_CUED_PLACE = re.compile(rf"(?i:\b(?:in|near)\s+){_PLACE},\s*$")


_NEXT_PLACE = re.compile(rf",[ \t]*(?P<v>{_PLACE})(?=\s*(?:[;.)]|,\s|$)|\s+[a-z])")
_OF_PLACE = re.compile(rf"\s+of\s+(?P<v>{_PLACE})(?=\s*(?:[,.;)]|$))")
_AFTER_ANCHOR = re.compile(rf"[ \t]*,?[ \t]*(?P<v>{_PLACE})(?![\w-])")


def place_candidates(text: str, *, detector: str = "places", anchors: Sequence[Span] = ()) -> list[Span]:
    """Capitalised words after "from", "in", "to", "near", "at": guesses, scored by :func:`rescore`.

    A place the statistical model misses ("arrived by ambulance from Hialeah") is kept only with
    strong context ("moved to") or in a text about a person.
    """
    out: list[Span] = []
    for cue in _PLACE_AFTER_CUE.finditer(text):
        # "in Gulberg, Lahore;": the district, then the city
        # (not after "at": "residing at Sitio Kalubihan, Purok Mangga" is an address, built later)
        nxt = _NEXT_PLACE.match(text, cue.end())
        if nxt is not None and (
            not _AFTER_CUED_PLACE.search(text, 0, nxt.start("v"))
            or _STATE_ABBREVIATION.fullmatch(nxt.group("v"))
            or any(_is_country(w) for w in _tokens(nxt.group("v")))  # "in Japanese, Utah Mormon, and ..."
            or any(w.lower() in _STREET_AFTER for w in _tokens(nxt.group("v")))
        ):
            nxt = None
        for m in (cue, nxt):
            if m is None:
                break
            value = m.group("v")
            words = _tokens(value)
            if not words or any(_is_term(w) and not _is_name(w) for w in words) or _is_country(value):
                break
            start = m.start("v")
            out.append(
                Span(
                    start=start,
                    end=start + len(value),
                    entity="LOCATION",
                    value=value,
                    detector=detector,
                    score=0.5,
                )
            )
    for a in anchors:  # "H2X 1Y4, Montréal": the place after a postcode or street address
        if a.entity == "NAME":  # "registered to Colleen MacIsaac of Antigonish."
            of = _OF_PLACE.match(text, a.end)
            if (
                of
                and not _is_country(of.group("v"))
                and not any(w.lower() in ORG_WORDS for w in _tokens(of.group("v")))
            ):
                out.append(
                    Span(
                        start=of.start("v"),
                        end=of.end("v"),
                        entity="LOCATION",
                        value=of.group("v"),
                        detector=detector,
                        score=0.5,
                    )
                )
            continue
        if a.entity not in ("ADDRESS", "ZIP"):
            continue
        after = _AFTER_ANCHOR.match(text, a.end)
        if after and not _is_country(after.group("v")):
            value = after.group("v")
            start = after.start("v")
            out.append(
                Span(
                    start=start,
                    end=after.end("v"),
                    entity="LOCATION",
                    value=value,
                    detector=detector,
                    score=0.5,
                )
            )
    return out


_ID_TYPES = frozenset(
    ("MRN", "ACCOUNT", "CASE_NUMBER", "HEALTH_PLAN_ID", "LICENSE", "DEVICE_ID", "ID", "PLATE")
)


_VEHICLE_CONTEXT = re.compile(
    # (not a drug's "vehicle": "U-74006F, U-78517F, or vehicle"; "vehicle-treated rats")
    r"(?i)\b(?:(?<!or\s)(?<!and\s)(?<!with\s)vehicles?(?![\s-](?:treated|control|alone|only|group|injection|solution))|"
    rf"(?:{VEHICLE_NOUNS})s?|(?<!syringe\s)drivers?|driving|drove|driven|crash(?:ed)?|collisions?|collided|rear-ended|"
    r"parked|parking|towed|impounded|speeding|km/h|mph|plates?|registration|rego|registered\s+(?:owner|keeper)|keeper|"
    r"motorists?|traffic|written\s+off|tolls?|fined|flashed|camera|reversed|overloading|seat\s+belt|stolen|theft|infringement|citation|"
    r"ticket|challan|violation|penalty\s+charge|charge\s+notice|fixed\s+penalty|struck|red\s+light|hit-and-run|fled|"
    r"fleeing|abandoned|lost\s+traction|intersection|roundabout|motorway|highway|owner\s+of|registered\s+person|"
    r"dvla|nzta|icbc|dmv|vicroads|saaq|notice|accident|pedestrian|"
    # (not a codon's "stop", an exon's "junction", a vessel's "collateral": NCBI Disease abstracts)
    r"(?:traffic|vehicle)\s+stop|pulled\s+over|(?:officers?|police|troopers?|deputies|was|were)\s+stopped|"
    r"overturned|rolled\s+over|skidded|swerved|overtook|overtaking|recklessly|hit\s+by|knocked\s+down|roadblock|"
    r"checkpoint|uninsured|without\s+insurance|pcn|summons|jpj|(?:drag|street)\s+racing|drives|lienholder|"
    r"repossess\w*|passengers?|left\s+the\s+road|enatis|natis)\b"
)
# A plate by its shape alone: one to four groups of capitals and digits ("PPQ 812", "4471 RSD", "H47 QT", "22 BH 6734 CA").
_PLATE_SHAPE = re.compile(r"(?<![\w/.:#-])[A-Z0-9]{1,7}(?:[ -][A-Z0-9]{1,7}){0,3}(?![\w/%-]|[.,:]\d)")
# What those shapes also are: money, standards, scores and vital signs, statutes, roads, rooms.
_NOT_PLATE_WORDS = words(
    "usd eur gbp inr pkr sar aed kes ngn zar myr sgd idr php thb egp qar omr bdt lkr npr ugx tzs rwf ghs etb mad "
    "eccn carc rarc rom mim omim usa uk jod kwd bhd cad aud nzd jpy cny chf rm rs rp tk ksh iso iec en bs din astm ansi ieee rfc nfpa ul sae hr bp "
    "rr gcs iss ais rts niss sbp dbp map spo2 sat temp wbc hb hgb plt inr crp ecg ekg nyha asa vas nrs bmi fev "
    "pef cox tnf hiv hpv hcv hbv sars covid covid19 hla icd dsm cpt nct pmid doi ecog news news2 qsofa "
    "apache sofa meld curb ipc ppc crpc mva rta cpc bns us sr sh cr fm rr hwy rte st rd ave apt ste unit flat rm "
    "box lot no nr ref id tel fax ext ph mob po form section sec art ch pt dob age mrn nhs nhi vin lot case file "
    "cat type grade stage class level room bed ward bay gate zone sector block plot pin utc gmt am pm vnd krw hkd "
    "twd brl mxn rub try pln sek nok dkk xof xaf zmw mwk bwp nad mur tnd dzd lyd iqd irr lbp yer afn mmk khr lak "
    "bnd mvr btn gdpr ewhc ewca uksc ukhl sghc sgca hca fca nswsc vsc qsc onca onsc bcca scc zasca nzsc nzca iesc "
    "iehc ieca klr air scr mlj clj wlr pps ppsn rtc nino rmb"
)


_BEFORE_ADDRESS_PART = re.compile(
    r"(?i)\b(?:erf|stand|plot|lot|house|flat|unit|box|rmb|rsd|no\.?)(?:\s+[\w/-]+)?,?\s*$"
)
_ADDRESS_PART_AFTER = re.compile(
    r"(?i),?\s+(?:st|street|rd|road|ave|avenue|lane|ln|drive|dr|way|close|cres|crescent|highway|hwy)\b"
)


_UNIT_AFTER = re.compile(
    r"\s?(?:%|(?:mmhg|mg|mcg|ml|kg|km|mm|cm|bpm|mph|km/h|min|mins|hrs?|sec|ms|mmol|iu|units?|g|l|dl|kpa|cc|degrees?|deg)\b)",
    re.I,
)


# A car's make or model near the shape: "The Kia Sportage (VIN ..., KY D4R 771)".
_MAKE_CONTEXT = re.compile(rf"\b(?:{CAR_MAKES})\b")


_CHERISHED = re.compile(r"[A-Z]{1,3}\d{1,3}\s[A-Z]{3}")
_LAST_GROUP = re.compile(r"[ -]([A-Z0-9]+)$")
_YEAR = re.compile(r"19\d{2}|20[0-3]\d")
_NOT_PLATE = re.compile(
    rf"[A-Z]\d{{2,5}}|[A-Z]{{2}}\d{{2,3}}|[A-Z]{{1,2}}-\d{{5,6}}[A-Z]?|{POSTCODES}"
    # a gene ("COL2A1", "SLC26A2"), a mutation ("C728X", "DTDST R279W"), a count of genes' parts ("14 HEXA")
    r"|[A-Z]{2,5}\d{1,2}[A-Z]\d{1,2}|(?:[A-Z]{2,6}\s)?[A-Z]\d{2,4}[A-Z]|\d{1,4}\s[A-Z]{4,}"
)
_STATE_ZIP_INSIDE = re.compile(rf"\b(?:{STATE_AND_ZIP})\b")
_DEVICE_BEFORE = re.compile(
    r"(?i)\b(?:camera|serial|s/n|device|sensor|unit|meter|radar|breathaly[sz]er)\s*[:#]?\s*$"
)


def _about_vehicles(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text`` (or its part from ``start`` to ``end``) speaks of vehicles or names a car's make."""
    end = len(text) if end is None else end
    return bool(_VEHICLE_CONTEXT.search(text, start, end) or _MAKE_CONTEXT.search(text, start, end))


def _is_plate_shape(text: str, start: int, value: str) -> bool:
    """Whether ``value`` at ``start`` is a plate by its shape and what stands around it."""
    groups = re.split(r"[ -]", value)
    letters = sum(c.isalpha() for c in value)
    digits = sum(c.isdigit() for c in value)
    end = start + len(value)
    return not (
        re.fullmatch(r"[AMNB]\d{1,4}", groups[0]) is not None  # "M1 J24": a motorway and its junction
        or any(re.fullmatch(r"J\d{1,2}", g) for g in groups)
        or any(g.isdigit() and len(g) >= 7 for g in groups)  # "KC-2617744": a citation number
        # (a British cherished mark may have one digit: "J4 MES", "K3 LLY")
        or (
            not (letters >= 2 and digits >= 2 and 5 <= letters + digits <= 10)
            and not _CHERISHED.fullmatch(value)
        )
        or _DEVICE_BEFORE.search(text, max(0, start - 25), start)
        is not None  # "camera RLC-0482-TOR" is the camera
        or any(g.lower() in _NOT_PLATE_WORDS for g in groups)  # "HR 112", "ISO 9001", "US 101"
        or _NOT_PLATE.fullmatch(value) is not None  # "A4232" a road, "U-74006F" a drug, postcodes
        or _STATE_ZIP_INSIDE.search(value) is not None  # "CA 94041 USA"
        or (
            len(groups) == 2 and _YEAR.fullmatch(groups[1]) is not None and groups[0].isalpha()
        )  # "COVID 2019"
        or (_YEAR.fullmatch(groups[0]) is not None and groups[1].isalpha())  # "2016 BMW": a model year
        # "Erf 3381, NY 112", "KG 447 St": part of an address
        or _BEFORE_ADDRESS_PART.search(text, 0, start) is not None
        or _ADDRESS_PART_AFTER.match(text, end) is not None
        or _UNIT_AFTER.match(text, end) is not None  # "PO2 40 mmHg"
    )


def plate_candidates(text: str, *, detector: str) -> list[Span]:
    """Plates written with no cue word beside them, where the text is about vehicles.

    "PKL 4471 rear-ended PPQ 812", "the registered keeper of P384 XLM": in a text that speaks of
    drivers, crashes, parking or traffic, capitals and digits in a plate's groups are a plate, when
    written within 150 characters of what the vehicle did. "17/44172 collided": Kuwait's plates.
    """
    if not _about_vehicles(text):
        return []
    found: list[tuple[int, str]] = []
    for m in _PLATE_SHAPE.finditer(text):
        value = m.group(0)
        # money or a code after the plate is not part of it: "the owner of 3-A45221 AA ETB 2,000"
        while (cut := _LAST_GROUP.search(value)) and cut.group(1).lower() in _NOT_PLATE_WORDS:
            value = value[: cut.start()]
        if _is_plate_shape(text, m.start(), value):
            found.append((m.start(), value))
    found += [(m.start(), m.group(0)) for m in _KUWAIT_PLATE.finditer(text)]
    return [
        Span(start=start, end=start + len(value), entity="PLATE", value=value, detector=detector, score=0.76)
        for start, value in found
        if _about_vehicles(text, max(0, start - 150), start + len(value) + 150)
    ]


_KUWAIT_PLATE = re.compile(r"(?<![\w/.-])\d{1,2}/\d{5}(?![\w/.-])")


def _plate_like(value: str) -> bool:
    return (
        sum(c.isalnum() for c in value) >= 4
        and any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
    )


_NEXT_PLATE = re.compile(
    r"(?:\s*[,;/&]\s*|\s*,?\s+(?:and|or)\s+)(?P<v>(?<![\w-])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){0,2}(?![\w-]))"
)


def _shape(value: str) -> re.Pattern[str] | None:
    """A pattern for identifiers shaped like ``value``: same letters and punctuation, any digits."""
    if sum(c.isdigit() for c in value) < 4:
        return None
    out = []
    for c in value:
        out.append(r"\d" if c.isdigit() else re.escape(c))
    return re.compile(r"(?<![\w-])" + "".join(out) + r"(?![\w-])")


def _class_shape(value: str) -> re.Pattern[str]:
    """The next item of a list after ``value`` shaped like it: digits, capitals and small letters
    where it has them, the same punctuation ("HA-88120-L" -> "HA-88121-R")."""
    out = []
    for c in value:
        if c.isdigit():
            out.append(r"\d")
        elif c.isupper():
            out.append("[A-Z]")
        elif c.islower():
            out.append("[a-z]")
        else:
            out.append(re.escape(c))
    body = "".join(out)
    return re.compile(r"(?:\s*[,;/&]\s*|\s*,?\s+(?:and|or)\s+)(?P<v>(?<![\w-])" + body + r"(?![\w-]))")


def propagate_ids(text: str, spans: Sequence[Span], *, detector: str) -> list[Span]:
    """Add spans for identifiers shaped exactly like one found with its keyword.

    "Patient ID PID-5520917 merged with PID-5520918": the second has no keyword of its own.
    """
    added: list[Span] = []
    for s in spans:
        if s.entity not in _ID_TYPES:
            continue
        if s.entity == "PLATE":
            # Plates in one list rarely share a shape: "plates KLM7741, HXT-220, and 4GZB918".
            found, listed = [], _NEXT_PLATE
        else:
            shape = _shape(s.value)
            if shape is None:
                continue
            found = [m.span() for m in shape.finditer(text)]
            # A list after the keyword: "serial numbers HA-88120-L and HA-88121-R", "MRN 0041, 0042".
            listed = _class_shape(s.value)
        end = s.end
        while (m := listed.match(text, end)) is not None:
            if s.entity == "PLATE" and not _plate_like(m.group("v")):
                break
            found.append(m.span("v"))
            end = m.end()
        for start, end in found:
            if any(o.start < end and start < o.end for o in (*spans, *added)):
                continue
            added.append(
                Span(
                    start=start, end=end, entity=s.entity, value=text[start:end], detector=detector, score=0.8
                )
            )
    return sorted([*spans, *added], key=lambda x: x.start) if added else list(spans)
