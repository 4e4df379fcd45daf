"""Pseudonymisation: replace each identifier with a consistent, realistic surrogate.

The surrogate of a value is derived from a secret project salt and the value
itself (a keyed hash seeds faker), so the same real value gets the same fake
value in every item of a project, in any order, without a lookup table of
real values.  Dates move by one project-wide shift, so intervals between
them are kept.  Formats are kept where it makes sense: ``(313) 555-2876``
becomes another ``(NNN) 555-01NN`` number, ``MRN 00847291`` another eight
digits, ``March 3, 2024`` another date written the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from curate.pii.detect import Span

__all__ = ["Edit", "Pseudonymiser", "map_offset", "new_salt"]

_MONTHS_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_INDEX = {m.lower(): i for i, m in enumerate(_MONTHS_FULL)} | {
    m[:3].lower(): i for i, m in enumerate(_MONTHS_FULL)
}
_MONTH_INDEX["sept"] = 8
_MON = r"(?P<mon>[A-Za-z]{3,9})(?P<dot>\.?)"
_ORD = r"(?P<d>\d{1,2})(?P<ord>st|nd|rd|th)?"
_DATE_FORMS = (
    re.compile(r"^(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{2}|\d{4})$"),
    re.compile(r"^(?P<y>\d{4})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})$"),
    re.compile(rf"^{_MON}\s+{_ORD}(?:(?P<comma>,?\s+)(?P<y>\d{{4}}))?$"),
    re.compile(rf"^{_ORD}\s+(?P<of>of\s+)?{_MON}(?:(?P<comma>,?\s+)(?P<y>\d{{4}}))?$"),
    re.compile(rf"^{_MON}(?P<comma>,?\s+)(?P<y>\d{{4}})$"),
)
_PARTICLES = frozenset(("van", "von", "de", "del", "da", "di", "le", "la", "al", "bin", "ibn", "der", "den"))
_DOC_IPV4 = ("192.0.2", "198.51.100", "203.0.113")  # RFC 5737 documentation ranges
_UPPER = "ABCDEFGHJKLMNPRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"


def new_salt(random_state: int | None = None) -> str:
    """A fresh secret salt (hex): seeded when ``random_state`` is given, else from OS entropy."""
    rng = np.random.default_rng(random_state)
    return bytes(rng.integers(0, 256, size=16, dtype=np.uint8).tolist()).hex()


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """One replacement: ``text[start:end]`` became ``surrogate`` at ``new_start``."""

    start: int
    end: int
    new_start: int
    surrogate: str
    entity: str

    @property
    def new_end(self) -> int:
        return self.new_start + len(self.surrogate)


def map_offset(pos: int, edits: Sequence[Edit], *, side: str) -> int:
    """Where an offset of the old text lies in the new text.

    An offset inside a replaced span moves to the surrogate's start
    (``side="start"``) or end (``side="end"``).
    """
    delta = 0
    for e in sorted(edits, key=lambda x: x.start):
        if pos <= e.start:
            break
        if pos >= e.end:
            delta = e.new_end - e.end
            continue
        return e.new_start if side == "start" else e.new_end
    return pos + delta


class Pseudonymiser:
    """Consistent, format-preserving surrogates for one project.

    Parameters
    ----------
    salt
        The project's secret (see :func:`new_salt`); the same salt gives the
        same surrogates.  Keep it with the project, never publish it.
    locale
        faker locale for names, cities and street addresses.

    Examples
    --------
    >>> p = Pseudonymiser(salt="00" * 16)
    >>> p.surrogate("NAME", "Rosalind Okafor") == p.surrogate("NAME", "Rosalind  Okafor")
    True
    """

    def __init__(self, salt: str, *, locale: str = "en_US") -> None:
        self.salt = salt
        self.locale = locale
        self.faker_: Any = None

    # -- seeds -------------------------------------------------------------------------------
    def _seed(self, family: str, key: str) -> int:
        digest = hashlib.sha256(f"{self.salt}\x1f{family}\x1f{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def _rng(self, family: str, key: str) -> np.random.Generator:
        return np.random.default_rng(self._seed(family, key))

    def _faker(self, family: str, key: str) -> Any:
        if self.faker_ is None:
            from faker import Faker

            self.faker_ = Faker(self.locale)
        self.faker_.seed_instance(self._seed(family, key))
        return self.faker_

    @property
    def date_shift(self) -> dt.timedelta:
        """The project-wide date shift: 30 to 365 days, earlier or later."""
        rng = self._rng("DATE_SHIFT", "")
        days = int(rng.integers(30, 366)) * (1 if rng.random() < 0.5 else -1)
        return dt.timedelta(days=days)

    # -- surrogates --------------------------------------------------------------------------
    def surrogate(self, entity: str, value: str) -> str:
        """The surrogate of ``value``, the same every time for the same salt, never ``value`` itself."""
        fake = self._surrogate(entity, value, "")
        for attempt in range(1, 8):
            if fake.casefold() != value.casefold() or entity == "AGE":
                break
            fake = self._surrogate(entity, value, f"#{attempt}")
        return fake

    def _surrogate(self, entity: str, value: str, round_: str) -> str:
        norm = " ".join(value.split())
        key = norm + round_
        if entity == "NAME":
            return self._name(norm, round_)
        if entity == "LOCATION":
            return str(self._faker("LOCATION", key.lower()).city())
        if entity == "ADDRESS":
            if re.search(r"(?i)box", key):
                return self._shape("ADDRESS", norm, key)
            return str(self._faker("ADDRESS", key.lower()).street_address())
        if entity == "DATE":
            return self._date(norm)
        if entity == "AGE":
            return "90+"
        if entity == "EMAIL":
            fk = self._faker("EMAIL", key.lower())
            return f"{fk.user_name()}@example.{fk.random_element(('com', 'org', 'net'))}"
        if entity == "URL":
            fk = self._faker("URL", key)
            scheme = "https://" if key.lower().startswith("https") else "http://"
            return f"{scheme}www.example.org/{fk.uri_path()}"
        if entity == "IP_ADDRESS":
            rng = self._rng("IP", key.lower())
            if ":" in key:
                return f"2001:db8::{int(rng.integers(1, 0xFFFF)):x}:{int(rng.integers(1, 0xFFFF)):x}"
            return f"{_DOC_IPV4[int(rng.integers(0, 3))]}.{int(rng.integers(1, 255))}"
        if entity in ("PHONE", "FAX"):
            return self._phone(value, round_)
        if entity == "SSN":
            out = self._shape("SSN", value, _alnum(value) + round_)
            i = next((k for k, c in enumerate(out) if c.isdigit()), None)
            return out if i is None else out[:i] + "9" + out[i + 1 :]  # 9xx is never an issued SSN
        return self._shape(entity, value, _alnum(value) + round_, keep_lower=entity == "CASE_NUMBER")

    def _name(self, key: str, round_: str = "") -> str:
        tokens = key.split(" ")
        out = []
        for i, tok in enumerate(tokens):
            if tok.lower() in _PARTICLES:
                out.append(tok)
            elif re.fullmatch(r"[A-Za-z]\.?", tok):
                letter = _UPPER[int(self._rng("INITIAL", tok.upper()).integers(0, len(_UPPER)))]
                out.append(letter + ("." if tok.endswith(".") else ""))
            else:
                last = i == len(tokens) - 1
                family = "NAME_LAST" if last else "NAME_FIRST"
                fake = tok
                for attempt in range(8):  # a common name may draw itself: draw again
                    fk = self._faker(family, f"{tok.lower()}{round_}{'#' * attempt}")
                    fake = str(fk.last_name() if last else self._first_name(fk, tok))
                    if fake.casefold() != tok.casefold():
                        break
                out.append(fake.upper() if tok.isupper() and len(tok) > 1 else fake)
        return " ".join(out)

    @staticmethod
    def _first_name(fk: Any, token: str) -> str:
        """A first name of the same gender when faker's lists know the real one."""
        from faker.providers.person.en_US import Provider

        name = token.title()
        if name in Provider.first_names_female and name not in Provider.first_names_male:
            return str(fk.first_name_female())
        if name in Provider.first_names_male and name not in Provider.first_names_female:
            return str(fk.first_name_male())
        return str(fk.first_name())

    def _phone(self, value: str, round_: str = "") -> str:
        digits = [c for c in value if c.isdigit()]
        country = 1 if len(digits) == 11 and digits[0] == "1" else 0
        rng = self._rng("PHONE", "".join(digits[country:]) + round_)
        new = [str(int(rng.integers(0, 10))) for _ in digits]
        if len(digits) - country == 10:  # North American: (2-9)XX 555-01XX, reserved for fiction
            new[country : country + 10] = [
                str(int(rng.integers(2, 10))),
                *new[country + 1 : country + 3],
                "5",
                "5",
                "5",
                "0",
                "1",
                *new[country + 8 : country + 10],
            ]
        new[:country] = digits[:country]
        it = iter(new)
        return "".join(next(it) if c.isdigit() else c for c in value)

    def _shape(self, family: str, value: str, key: str, *, keep_lower: bool = False) -> str:
        rng = self._rng(family, key.upper())
        hexlike = ":" in value and all(c in "0123456789abcdefABCDEF:-" for c in value)
        out = []
        for c in value:
            if c.isdigit():
                out.append(str(int(rng.integers(0, 10))))
            elif hexlike and c.isalpha():
                out.append(
                    "ABCDEF"[int(rng.integers(0, 6))] if c.isupper() else "abcdef"[int(rng.integers(0, 6))]
                )
            elif c.isupper():
                out.append(_UPPER[int(rng.integers(0, len(_UPPER)))])
            elif c.islower() and not keep_lower:
                out.append(_LOWER[int(rng.integers(0, len(_LOWER)))])
            else:
                out.append(c)
        return "".join(out)

    def _date(self, key: str) -> str:
        shift = self.date_shift
        for form in _DATE_FORMS:
            m = form.match(key)
            if m is None:
                continue
            out = _shift_date(m, shift)
            if out is not None:
                return out
        return self._shape("DATE", key, key, keep_lower=True)

    def replace(self, text: str, spans: Sequence[Span]) -> tuple[str, list[Edit]]:
        """``text`` with every span replaced by its surrogate, and the edits made.

        ``spans`` must not overlap (see :func:`curate.pii.resolve_overlaps`).
        """
        parts: list[str] = []
        edits: list[Edit] = []
        pos = 0
        new_pos = 0
        for span in sorted(spans, key=lambda s: s.start):
            if span.start < pos:
                raise ValueError(f"overlapping spans at offset {span.start}: resolve overlaps first")
            parts.append(text[pos : span.start])
            new_pos += span.start - pos
            fake = self.surrogate(span.entity, text[span.start : span.end])
            edits.append(
                Edit(start=span.start, end=span.end, new_start=new_pos, surrogate=fake, entity=span.entity)
            )
            parts.append(fake)
            new_pos += len(fake)
            pos = span.end
        parts.append(text[pos:])
        return "".join(parts), edits


class Masker(Pseudonymiser):
    """Replaces every value by its type in brackets (``[NAME]``): what a masked view shows.

    ``keep_length=True`` masks with as many ``█`` as the value has characters, so every
    character offset in the text stays valid (what a span task needs: annotators mark
    spans in the text they are shown, and the store keeps offsets into the original).
    """

    def __init__(self, *, keep_length: bool = False) -> None:
        super().__init__("")
        self.keep_length = keep_length

    def surrogate(self, entity: str, value: str) -> str:
        return "\u2588" * len(value) if self.keep_length else f"[{entity}]"


def _alnum(value: str) -> str:
    return "".join(c for c in value if c.isalnum())


def _shift_date(m: re.Match[str], shift: dt.timedelta) -> str | None:
    g = m.groupdict()
    year_text = g.get("y")
    month_name = g.get("mon")
    try:
        if month_name is not None:
            month = _MONTH_INDEX.get(month_name.lower())
            if month is None:
                return None
            month += 1
            day = int(g["d"]) if g.get("d") else 15
        elif "a" in g and g["a"] is not None:
            a, b = int(g["a"]), int(g["b"])
            european = g["s"] == "." or a > 12
            month, day = (b, a) if european else (a, b)
        else:
            month, day = int(g["m"]), int(g["d"])
        if year_text is None:
            year = 2000
        elif len(year_text) == 2:
            year = 2000 + int(year_text) if int(year_text) <= 30 else 1900 + int(year_text)
        else:
            year = int(year_text)
        new = dt.date(year, month, day) + shift
    except ValueError:
        return None
    if month_name is not None:
        if len(month_name) <= 4 and month_name.lower() != "june" and month_name.lower() != "july":
            mon = _MONTHS_FULL[new.month - 1][:3]
        else:
            mon = _MONTHS_FULL[new.month - 1]
        mon = mon.upper() if month_name.isupper() else mon
        mon += g.get("dot") or ""
        year_part = f"{g.get('comma') or ' '}{new.year}" if year_text else ""
        if not g.get("d"):
            return f"{mon}{g.get('comma') or ' '}{new.year}"
        day_text = f"{new.day}{_ordinal(new.day) if g.get('ord') else ''}"
        if m.re is _DATE_FORMS[3]:
            return f"{day_text} {g.get('of') or ''}{mon}{year_part}"
        return f"{mon} {day_text}{year_part}"
    y = f"{new.year % 100:02d}" if year_text and len(year_text) == 2 else str(new.year)
    if "a" in g and g["a"] is not None:
        width_a, width_b = len(g["a"]), len(g["b"])
        first, second = (new.day, new.month) if (g["s"] == "." or int(g["a"]) > 12) else (new.month, new.day)
        return f"{first:0{width_a}d}{g['s']}{second:0{width_b}d}{g['s']}{y}"
    return f"{new.year}{g['s']}{new.month:0{len(g['m'])}d}{g['s']}{new.day:0{len(g['d'])}d}"


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
