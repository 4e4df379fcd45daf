"""First names and surnames of many locales (from Faker's person providers, installed with curate).

Used as evidence that a capitalised word is a person's name; never a complete list.
"""

from __future__ import annotations

import importlib
from functools import cache

__all__ = ["first_names", "is_first_name", "is_person_name", "is_surname", "surnames"]

_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_IN",
    "en_NZ",
    "en_PK",
    "es_ES",
    "es_MX",
    "es_CO",
    "es_CL",
    "es_AR",
    "fr_FR",
    "fr_CA",
    "fr_CH",
    "de_DE",
    "de_AT",
    "de_CH",
    "it_IT",
    "pt_BR",
    "pt_PT",
    "nl_NL",
    "pl_PL",
    "sv_SE",
    "no_NO",
    "da_DK",
    "fi_FI",
    "tr_TR",
    "vi_VN",
    "cs_CZ",
    "hu_HU",
    "ro_RO",
    "hr_HR",
    "sk_SK",
    "sl_SI",
    "id_ID",
    "ga_IE",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "zu_ZA",
    "tw_GH",
    "et_EE",
    "lv_LV",
    "lt_LT",
)


def _collect(attrs: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for loc in _LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for attr in attrs:
            values = provider.__dict__.get(attr)
            if values is None or isinstance(values, property):
                continue
            out.update(v.lower() for v in values if isinstance(v, str) and len(v) > 1)
    return frozenset(out)


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names."""
    return _collect(("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"))


@cache
def surnames() -> frozenset[str]:
    """Lower-cased surnames."""
    return _collect(("last_names", "last_names_male", "last_names_female"))


def is_first_name(word: str) -> bool:
    return word.lower() in first_names()


def is_surname(word: str) -> bool:
    return word.lower() in surnames()


def is_person_name(word: str) -> bool:
    """A known first name or surname (any case): the one test of "is this word a name"."""
    w = word.lower()
    return w in first_names() or w in surnames()
