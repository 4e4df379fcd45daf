"""Domain vocabularies for clinical and legal text, and helpers for legal defined terms and citations.

One home for the words a detector or a generator must know are *terms*, not people or places:
drugs, devices, anatomy, organisms, diseases, eponyms, clinical section headers and contract roles.
The lists are small data files in ``curate/lexicon/data`` (sources and licences in the file headers
and in :mod:`curate.lexicon._build`); nothing is downloaded.

>>> from curate import lexicon
>>> lexicon.kind_of("Ondansetron"), lexicon.kind_of("Doppler"), lexicon.kind_of("Licensee")
('drug', 'eponym', 'legal')
>>> lexicon.kind_of("Harriet") is None
True
>>> [(m.text, m.kind) for m in lexicon.mentions("Aspirin 81 mg for angina", kinds=("drug", "disease"))]
[('Aspirin', 'drug'), ('angina', 'disease')]

Entries are lower-case; lookups ignore case, a trailing possessive and surrounding punctuation.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "KINDS",
    "Mention",
    "defined_terms",
    "everyday_words",
    "kind_of",
    "kinds_of",
    "mentions",
    "normalise",
    "statute_spans",
    "terms",
]

_DATA = Path(__file__).with_name("data")

#: Vocabulary kinds, in the order :func:`kind_of` reports them.  ``country`` holds countries,
#: regions, US states and Canadian provinces (places too large to identify anyone); ``common`` holds
#: ordinary lower-case words of the development corpora (capitalised: a sentence start or a heading).
KINDS: tuple[str, ...] = (
    "drug",
    "device",
    "organism",
    "anatomy",
    "disease",
    "eponym",
    "section",
    "legal",
    "country",
    "common",
)

_FILES: dict[str, tuple[str, ...]] = {
    "drug": ("drug.txt.gz", "drug_brands.txt"),
    "device": ("device.txt",),
    "organism": ("organism.txt",),
    "anatomy": ("anatomy.txt",),
    "disease": ("disease.txt", "disease_ncbi.txt.gz"),
    "eponym": ("eponym.txt",),
    "section": ("section.txt",),
    "legal": ("legal.txt",),
    "country": ("country.txt",),
    "common": ("common.txt.gz",),
}
_MAX_WORDS = 3
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_POSSESSIVE = re.compile(r"['’]s$")


def normalise(phrase: str) -> str:
    """Lower case, single spaces, no trailing possessive or surrounding punctuation."""
    words = phrase.lower().replace("’", "'").split()
    words = [_POSSESSIVE.sub("", w.strip(".,;:!?()[]{}\"'")) for w in words]
    return " ".join(w for w in words if w)


def _read(name: str) -> Iterable[str]:
    path = _DATA / name
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line


@cache
def terms(kind: str) -> frozenset[str]:
    """The lower-cased entries of one vocabulary (single words and phrases of up to three words).

    Raises :class:`ValueError` for an unknown kind (see :data:`KINDS`).
    """
    if kind not in _FILES:
        raise ValueError(f"unknown vocabulary kind {kind!r}: use one of {', '.join(KINDS)}")
    entries = frozenset(normalise(entry) for name in _FILES[kind] for entry in _read(name))
    if kind in _NO_EVERYDAY:
        entries = frozenset(e for e in entries if not _is_everyday(e))
    return entries


#: Vocabularies whose mined source also lists everyday words ("more", "caps", "april" are brands or
#: abbreviations in the drug data): those entries are dropped when the vocabulary is read.
_NO_EVERYDAY = frozenset({"drug"})
_MIN_TERM_CHARS = 3
_CALENDAR = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)


@cache
def everyday_words() -> frozenset[str]:
    """Ordinary English words (lower case) that are never a domain term on their own.

    Faker's English lorem words (about a thousand of the most frequent English words, shipped with
    a dependency of curate), month and weekday names, and ``data/everyday.txt`` (everyday words a
    domain source lists as a brand or abbreviation that the others miss).
    """
    from faker.providers.lorem.en_US import Provider

    words = {w.lower() for w in Provider.word_list} | set(_CALENDAR.split())
    return frozenset(words | {normalise(w) for w in _read("everyday.txt")})


def _is_everyday(entry: str) -> bool:
    """True for an entry too short to be a term (< 3 characters) or an everyday word or its plural."""
    if len(entry) < _MIN_TERM_CHARS:
        return True
    words = everyday_words()
    return entry in words or (entry.endswith("s") and entry[:-1] in words)


def kinds_of(phrase: str) -> frozenset[str]:
    """Every vocabulary ``phrase`` belongs to (empty when none)."""
    key = normalise(phrase)
    return frozenset(k for k in KINDS if key in terms(k)) if key else frozenset()


def kind_of(phrase: str) -> str | None:
    """The first vocabulary (in :data:`KINDS` order) that holds ``phrase``, else ``None``."""
    key = normalise(phrase)
    if not key:
        return None
    return next((k for k in KINDS if key in terms(k)), None)


@dataclass(frozen=True, slots=True)
class Mention:
    """A vocabulary term found in a text: ``text[start:end]``."""

    start: int
    end: int
    text: str
    kind: str


def mentions(text: str, *, kinds: Iterable[str] = KINDS) -> list[Mention]:
    """Vocabulary terms in ``text``, longest first where phrases overlap, in text order.

    ``common`` words are only reported when asked for by name.
    """
    wanted = tuple(k for k in KINDS if k in set(kinds))
    tokens = list(_TOKEN.finditer(text))
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            key = normalise(text[start:end])
            kind = next((k for k in wanted if key in terms(k)), None)
            if kind is not None:
                hit = Mention(start, end, text[start:end], kind)
                i += n
                break
        if hit is None:
            i += 1
        else:
            out.append(hit)
    return out


# -- legal ---------------------------------------------------------------------------------------
_CAP_TERM = r"[A-Z][\w’'&-]*(?:\s+(?:of|and|&|to|for|the)?\s*[A-Z][\w’'&-]*){0,5}"
_QUOTED = re.compile(rf"[\"“”‘’'](?P<t>{_CAP_TERM})[\"“”‘’']")
_DETERMINED = re.compile(
    rf"(?<![A-Za-z])(?:[Tt]he|[Ss]uch|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ee]ach|[Aa]ny|[Aa]ll|[Ee]very|[Nn]o|"
    rf"[Oo]ur|[Yy]our|[Ii]ts|[Tt]heir|[Aa]n?|[Oo]ther|[Ss]aid|[Aa]pplicable|[Rr]elevant)\s+(?P<t>{_CAP_TERM})"
)


def defined_terms(text: str) -> frozenset[str]:
    """Capitalised terms that ``text`` defines in quotes (``the "Licensee"``) or uses with a determiner.

    ``the Franchisee``, ``such Default``, ``any Affiliate`` are roles of the document, not people.
    Returns the terms as written; look a candidate up with :func:`normalise` on both sides.
    A determiner at the start of a sentence ("The Smith family") is not a definition, so only quoted
    definitions count there.
    """
    found = {m.group("t") for m in _QUOTED.finditer(text)}
    for m in _DETERMINED.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?\n":
            continue
        found.add(m.group("t"))
    return frozenset(found)


_STATUTE = re.compile(
    r"\b\d+\s+U\.?\s?S\.?\s?C\.?(?:\s*§+\s*[\w.()-]+)?|"  # 42 U.S.C. § 1983
    r"§+\s*\d[\w.()-]*|"  # § 1983, §§ 101-105
    r"\b(?:Section|Sec\.|Article|Art\.|Rule|Regulation|Title|Clause|Paragraph|Part|Chapter|Schedule|Exhibit|"
    r"Annex|Appendix)\s+(?:\d+[A-Za-z]?(?:\(\w+\))*(?:\.\d+)*|[IVXLC]+\b)|"
    r"\b\d+\s+(?:U\.S\.|S\.\s?Ct\.|F\.(?:\s?\d?d|\s?Supp\.(?:\s?\d?d)?)|L\.\s?Ed\.(?:\s?2d)?|A\.\d?d|P\.\d?d|"
    r"N\.E\.\d?d|N\.W\.\d?d|S\.E\.\d?d|S\.W\.\d?d|So\.\s?\d?d|Cal\.\s?Rptr\.)\s+\d+|"  # 512 U.S. 218
    r"\b[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,6}?\s+v\.?\s+[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,6}?,\s+\d+\s+"
    r"(?:U\.S\.|S\.\s?Ct\.|F\.|L\.\s?Ed\.|A\.|P\.|N\.E\.|N\.W\.|S\.E\.|S\.W\.|So\.|Cal\.)|"  # Roe v. Wade, 410 U.S.
    r"\bRegulation\s+\(EU\)\s+\d{4}/\d+|\b(?:GDPR|CCPA|HIPAA|COPPA|FERPA|DMCA)\b|"
    r"\b(?i:section|sec\.|article|art\.|rule|regulation|directive)\s*\(?\d+[\w().\-/]*|"  # section 5, Directive 2011/83/EU
    r"\b(?:[A-Z][A-Za-z]+\s+){1,6}Act\b(?:\s+of\s+\d{4})?"  # Sherman Act, Data Protection Act of 2018
)


def statute_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of statute, rule, section and case citations (``42 U.S.C. § 1983``,
    ``Rule 12(b)(6)``, ``Article VII``, ``Roe v. Wade, 410 U.S. 113``, ``section 5``, ``Directive
    2011/83/EU``, ``the Sherman Act``): public references, not
    personal identifiers (a party named in a reported case citation is part of the citation)."""
    return [m.span() for m in _STATUTE.finditer(text)]
