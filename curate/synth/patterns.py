"""Regular expressions for entities in text, shared by the exemplar generator and the constraints.

A stand-in for ``curate.pii`` until it lands: the constraint that keeps real
personal data out takes any extractor, so swapping in the PII module is one argument.
"""

from __future__ import annotations

__all__ = ["ENTITY_PATTERNS", "PERSONAL_KINDS"]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

#: ``(kind, regex, Faker provider for a replacement)``, in order of precedence.
ENTITY_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", "email"),
    ("url", r"\b(?:https?://|www\.)[^\s,;)]+[^\s,;).]", "url"),
    ("ssn", r"\b\d{3}-\d{2}-\d{4}\b", "ssn"),
    (
        "phone",
        r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?\b",
        "phone_number",
    ),
    (
        "date",
        rf"\b(?:\d{{1,2}} (?:{_MONTHS})\.? \d{{4}}|(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}"
        r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b",
        "date",
    ),
    (
        "address",
        r"\b\d{1,5} (?:[A-Z][a-z]+ ){1,3}"
        r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct)\b\.?",
        "street_address",
    ),
    ("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b", "iban"),
    (
        "amount",
        r"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)? ?(?:USD|EUR|GBP|dollars|euros|pounds)\b)",
        "pricetag",
    ),
    ("person", r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.? [A-Z][a-z]+(?: [A-Z][a-z]+)?", "name"),
    (
        "organisation",
        r"\b(?:[A-Z][\w&'-]*,? ){1,4}"
        r"(?:Inc|LLC|Ltd|Limited|GmbH|Corp|Corporation|S\.A|S\.A\.R\.L|AG|B\.V|plc|PLC)\b\.?",
        "company",
    ),
)

#: Kinds that identify a person or can: always replaced, and checked against the real corpus.
PERSONAL_KINDS = frozenset({"email", "url", "ssn", "phone", "date", "address", "iban", "person"})
