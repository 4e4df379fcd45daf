"""Whole street addresses from their parts, in the styles of many countries.

The street patterns of :mod:`curate.pii.patterns` find "27 Marchmont Road" or "Blk 5 Lot 12".  Real
addresses carry more around them, and outside the US most of it is not a house number and a street:
"House 23, Road 7, Block C" (Dhaka), "Plot 17, Block B, Community 18" (Tema), "Room 1203, 12/F, Wah Kin
House, Wah Fu (I) Estate" (Hong Kong), "Basement, 519 Halsey Street", "Ardnagashel House, Ballylickey,
Co. Cork P75 WK20".  :func:`complete_addresses` reads a text's findings and

- joins runs of address parts separated by commas (a flat, house, plot or lot number, a block, road
  or floor number, a named building or estate, a street name) into one ADDRESS when the run holds a
  number and carries enough evidence: a dwelling number or a street address and one more part,
  three parts, or "No. 45/2, Temple Road";
- accepts a shorter run (a house name, a street without a number, "2 Maes y Coed") when the town and
  a postcode follow it;
- after a residence cue ("residing at", "R/o", "premises known as", "Name, of ...") takes the
  comma-separated parts up to the town, when they hold a digit, an address part or lead to a
  postcode.

The parts and cues live here; every rule that says "this is a street address" beyond one regular
expression is in this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from curate.pii.context import is_company_seat
from curate.pii.detect import Span, resolve_overlaps
from curate.pii.patterns import _STREET, words

__all__ = ["complete_addresses"]

_CAP = r"[A-ZÀ-ÞĀ-Ž][\w'’-]*"
_ID = r"(?:[A-Z]{1,2}[- ]?)?\d[\w/-]*"
# A dwelling number: strong evidence on its own ("House 23", "Erf 1182", "Flat No. 302").
_DWELLING = (
    r"\b(?:Flat|Apartment|Apt|House|Hse|Holding|Plot|Lot|Blk|Erf|Stand|Bungalow|Villa|Kothi|Quarters?|Qtr|H\.\s?No|"
    r"H/No|Door|D\.\s?No|RMB|RSD|CMB|PMB|Croft|Ward\s+No|Nyumba\s+Na|Building|Bldg|Chamber)\.?\s*(?:No\.?\s*)?[#:]?\s*(?:"
    + _ID
    + r"|[A-Z]\b)"
    r"(?:\s*\([\w ]{1,20}\))?"  # "House 34 (3rd floor)"
)
# A part that needs company: a floor, block, road or sector number, a unit word alone.
_AUX = (
    r"\b(?:Unit|Suite|Ste|Room|Rm|Shop|Level|Lvl|Floor|Fl|Block|Bldg|Building|Tower|Twr|Wing|Phase|Sector|Zone|"
    r"Community|Street|St|Road|Rd|Lane|Gali|Cluster|Pocket|Site|Cross|Main|Stage|Ext|Extension|No|Old\s+No|New\s+No|"
    r"Ward|Blok|RR|RD|Rural\s+Route|Calle|Trlr|Space|Spc|Survey|S\.\s?No|Gat|CTS|Purok|Woreda|Kebele|Office)"
    r"\.?\s*(?:No\.?\s*)?[#:]?\s*(?:" + _ID + r"|[A-Z]\b|[IVX]{1,4}\b)"
    r"|\b\d{1,2}/F\b|#\d{1,3}-\d{1,5}\b|\b[A-H]-\d{1,2}(?:/\d)?\b|\b[A-Z]\s+Wing\b"
    r"|\b(?:Ground|Upper|Lower|Top|First|Second|Third|\d{1,2}(?i:st|nd|rd|th))\s+(?:Floor|Fl)\b\.?"
    r"(?:\s+(?:Rear|Front|Left|Right|Flat|Back|Shop|Unit|Office))?"
    r"|\b(?:Basement|Bsmt|Rear|Front|Penthouse|Attic|Upstairs|Downstairs|Lower|Upper)(?:\s+(?i:level|unit|flat|apt|suite))?\b"
    r"|\b(?:app|appt|apt|unité|bureau)\.?\s*\d[\w-]*"
    r"|\bGarden\s+(?:Flat|Apt|Level|Unit)\b\.?|\b\d{1,2}e\s+étage\b|\brez-de-chaussée\b"
    r"|\b\d{1,3}(?:st|nd|rd|th)?\s+(?:Road|Street|Avenue|Lane|Cross|Main|Crescent|Close)\b"  # "23 Road, 2nd Avenue"
    r"|(?:(?<=, )|(?<=: )|(?<=^)|(?<=of )|(?<=at ))\d{1,4}[A-Z]?(?=,\s+[A-Z])"  # a bare house number: "12, Shantinagar Society"
)
_PREMISE_WORDS = (
    r"House|Farm|Farmhouse|Cottage|Niwas|Nivas|Nilayam|Bhavan|Bhawan|Sadan|Kunj|Society|Estate|Apartments?|Towers?|"
    r"Residency|Residences|Heights|Enclave|Subdivision|Complex|Mansions?|Lodge|Villas?|Manor|Hall|Court|Chambers|"
    r"Gardens|Plaza|Colony|Nagar|Layout|Homes|Village|Flats|Phase|Condominium|Condos?|Quarters|Tole|Section|Zone|MHP|"
    r"Mobile\s+Home\s+Park|RV\s+Park|Trailer\s+Park|Townhomes|Nursing\s+Home|Care\s+Home|Rest\s+Home|Subd\.?|City|Centre|Center"
)
# A named building, estate or house: "Wah Fu (I) Estate", "Avida Towers Centera", "C/o Joshi Niwas".
_PREMISE = (
    rf"(?:\bC/o\s+)?[\"“]?\b(?:{_CAP}\.?\s+){{1,3}}(?:\([IVX]{{1,4}}\)\s+)?(?:{_PREMISE_WORDS})(?:\b|(?<=\.))[\"”]?"
    rf"(?:\s+(?:{_CAP}|\d{{1,3}}\b|[IVX]{{1,4}}\b))?"
    r"|\b(?:Brgy|Barangay|Bgy)\.?\s+" + _CAP + rf"(?:\s+{_CAP}){{0,2}}"
    r"|\bC/o\s+" + _CAP + rf"(?:\s+{_CAP}){{0,2}}"
    r"|\b(?i:near|opp|opposite|behind|beside|off|next\s+to)\.?\s+" + _CAP + rf"(?:\.?\s+{_CAP}){{0,3}}"
    # an estate, condominium or neighbourhood word first: "Taman Bukit Indah", "Mtaa wa Uhuru", "Urb. Villa Carolina"
    r"|\b(?:Mtaa\s+wa|Taman|Urb\.|Urbanización|Cond\.|Condominio|Purok|Sitio|Pangsapuri|Kampung|Kg\.|Residencial|Mohallah?|Gali|"
    r"Colonia|Barrio|Bo\.)\s+" + _CAP + rf"(?:\s+(?:{_CAP}|del|de|la)){{0,3}}"
)
# A street named without a house number: "Temple Road", "EDSA cor. Reliance Street"; after "No. 45/2, " it has one.
_STREET_NAME = rf"(?:\b[A-Z]{{2,5}}\s+cor\.?\s+)?\b(?:{_CAP}\.?\s+){{1,3}}{_STREET}"
# ... or a street named word-first, as Malaysia, Indonesia, Thailand and Vietnam write it, with its number before
# or after: "No. 88, Jalan Pudu", "22, Jalan Ipoh Kecil", "88/4 Soi Nimmanhaemin 9", "Jl. Tebet Barat IV No. 12".
_STREET_FIRST = (
    rf"(?:Jalan|Jln\.?|Jl\.|Lorong|Lrg\.?|Soi|Thanon|Persiaran|Lebuh|Lebuhraya|Gang|Phố|Đường|Ngõ)\s+{_CAP}"
    rf"(?:\s+(?:{_CAP}|[IVX]{{1,4}}\b|\d{{1,3}}\b)){{0,3}}"
)
_NO_STREET = (
    rf"\bNo\.?\s*\d[\w/-]*,?\s+(?:{_STREET_NAME}|{_STREET_FIRST})"
    rf"|(?<![\w/.:-])\d{{1,4}}(?:/\d{{1,4}})?[A-Z]?,?\s+{_STREET_FIRST}"
    rf"|{_STREET_FIRST}\s+No\.?\s*\d{{1,4}}[A-Z]?\b"
)
# A house number and a name with no street word: "2 Maes y Coed", "4 Ard na Gréine" (needs a postcode after).
_NUMBERED = rf"(?<![\w/.:-])\d{{1,4}}[A-Z]?\s+{_CAP}(?:\s+(?:{_CAP}|(?:y|yr|na|an|de|la|du)\b)){{0,3}}"

_KINDS = (
    ("dwelling", _DWELLING, 2),
    ("numbered", _NO_STREET, 3),
    ("aux", _AUX, 1),
    ("premise", _PREMISE, 1),
    ("street", _STREET_NAME, 1),
)
_PARTS = re.compile("|".join(f"(?P<{kind}>{rx})" for kind, rx, _ in _KINDS))
_WEIGHT = {kind: w for kind, _, w in _KINDS}
_NUMBERED_RX = re.compile(_NUMBERED)
_DIGIT = re.compile(r"\d")
_GAP = re.compile(r"\s*,?\s*")
# What may sit between an address and its postcode: towns, "Co. Cork", a state or province.
_TOWNS = re.compile(rf",?\s*(?:(?:Co\.\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}(?:\s+\d{{1,2}}\b)?\s*[,-]?\s*){{0,3}}")
_STATE_TAIL = re.compile(r"(?:[\s,(-]+|\b(?:[A-Z]{2,3}|Eircode|Postcode|Pin|PIN|Pincode)\b\.?)+$")
_CUE = re.compile(
    r"(?<![A-Za-z])(?:(?i:lives|living|lived|resides|residing|reside|resident|domiciled|staying|moved|relocated|"
    r"situated|situate)(?:\s+alone)?\s+(?:at|to)|(?i:late\s+of|resident\s+of)"
    r"|(?i:r/o)|(?i:premises|property|dwelling(?:house)?|house|land)(?:\s+(?:known\s+as|situated\s+at|located\s+at|at))?"
    r"|(?i:(?:home|street|mailing|civic|postal|residential|last\s+known)\s+)?(?i:address)(?:\s+is|\s+of\s+\w+)?\s*[:-]?"
    r"|(?i:home|dwelling|ship\s+to)\s*[:-])\s+(?=[A-Z0-9#À-Þ])"
)
_OF_CUE = re.compile(r"(?:,\s+|\s)(?P<w>of|at)\s+(?=[A-Z0-9À-Þ])")
_SEGMENT = re.compile(
    r"(?:C/o\s+)?[\"“]?[A-Z0-9#À-ÞĀ-Ž][\w'’./#\"”-]*"
    r"(?:\s+(?:\([\w ]{1,20}\)|[A-Z0-9#À-ÞĀ-Ž][\w'’./#-]*|(?:na|an|de|del|la|las|los|le|du|y|yr|ar|of|the|on|upon|wa)\b|cor\.))"
    r"{0,6}"
)
_LABEL = re.compile(
    r"(?i:tel|ph|phone|mob|mobile|cell|email|e-mail|dob|d\.o\.b|nic|cnic|nid|ssn|aged?|born|fax|pin|postcode|zip|"
    r"hosp|mrn|ur|nhs|nin|id|ic|nric|occupation|vehicle|car|case|claim)\b"
)
_PERSONAL = frozenset(("NAME", "AGE", "SSN", "ID", "MRN", "HEALTH_PLAN_ID", "LICENSE", "ACCOUNT", "DATE"))
_JUST_AFTER = re.compile(r"[\s,)]*")
_ABSORB = frozenset(("ADDRESS", "LOCATION", "NAME", "ZIP", "ID"))
_SCORE = 0.9
# Words an address may end with, full stop included ("1732 S. 9th St.").
_ABBREVIATIONS = words(
    "st rd ave av blvd ln dr ct pl sq hwy pkwy ter cres cl mt ft apt app bldg brgy bgy stn ext n s e w ne nw se sw "
    "no nos sen gen urb cond bo kg opp p.o jr sr dist rte rt co blk fl rm ste cor jln lor tmn ul vill co-op nagar "
    "hno dno flr bsmt trlr spc"
)
_COMMA = re.compile(r",\s+")
# A word before a house number that belongs to the address.
_PREFIX = re.compile(r"\b(?:No\.?|RMB|RSD|CMB)\s*$")


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    weight: int


def _parts(text: str, spans: Sequence[Span]) -> list[_Part]:
    found = [_Part(m.start(), m.end(), _WEIGHT[m.lastgroup or "aux"]) for m in _PARTS.finditer(text)]
    found += [_Part(m.start(), m.end(), 1) for m in _NUMBERED_RX.finditer(text)]
    # a part may swallow a weak ID inside it ("House No. C 412/14") but not cut into an identifier
    # ("ID 63-2218475-F-42" holds no sector "F-42")
    found = [
        p
        for p in found
        if not any(
            o.start < p.end
            and p.start < o.end
            and (
                o.entity not in _ABSORB
                or (o.entity in ("ID", "ZIP") and not p.start <= o.start <= o.end <= p.end)
            )
            for o in spans
        )
    ]
    found += [_Part(s.start, s.end, 2) for s in spans if s.entity == "ADDRESS"]
    merged: list[_Part] = []
    for p in sorted(found, key=lambda p: (p.start, -p.end)):
        last = merged[-1] if merged else None
        if last is not None and p.start < last.end:
            merged[-1] = _Part(last.start, max(last.end, p.end), max(last.weight, p.weight))
        else:
            merged.append(p)
    return merged


def _chains(text: str, parts: list[_Part]) -> list[list[_Part]]:
    chains: list[list[_Part]] = []
    for p in parts:
        if (
            chains
            and _GAP.fullmatch(text, chains[-1][-1].end, p.start)
            and "," in text[chains[-1][-1].end : p.start]
        ):
            chains[-1].append(p)
        else:
            chains.append([p])
    return chains


_TOWN = re.compile(rf",\s+(?:Co\.\s+)?{_CAP}(?:[\s-]+(?:{_CAP}|es|de|del|la|al|el)){{0,3}}")
_CLAUSE_END = re.compile(r"\s*(?:[.;)|(]|$|,\s+(?:[a-z]|\d))")


def _towns_to_clause_end(text: str, end: int, spans: Sequence[Span]) -> int | None:
    """Where the towns after an address end when no postcode follows: "..., Palmgrove, Lagos; NHIA ...",
    "..., Chalala, Lusaka, and the Defendant": up to three places, then the clause or a label ends."""
    others = [
        s
        for s in spans
        if s.entity not in ("LOCATION", "ADDRESS") and not (s.entity == "NAME" and s.score < 0.8)
    ]
    pos = end
    for _ in range(3):
        m = _TOWN.match(text, pos)
        if m is None or any(o.start < m.end() and m.start() < o.end for o in others):
            return None
        pos = m.end()
        if _CLAUSE_END.match(text, pos) or _LABEL.match(text, pos + 2 if text.startswith(", ", pos) else pos):
            return pos
    return None


def _towns_to_postcode(text: str, end: int, zips: Sequence[Span]) -> int | None:
    """Where the towns between an address ending at ``end`` and its postcode end; None without a postcode.

    The town is part of what identifies a home (HIPAA's Safe Harbor removes every subdivision smaller
    than a state), so an address followed by its postcode covers the town; a state or a label
    ("NSW", "Eircode") before the postcode stays out.
    """
    m = _TOWNS.match(text, end)
    stop = m.end() if m else end
    z = next((z.start for z in zips if end <= z.start <= stop + 1), None)
    if z is None:
        return None
    return end + len(_STATE_TAIL.sub("", text[end:z]))


def _sentence_end(text: str, start: int, end: int) -> int:
    """``end``, or the first full stop before it that ends a sentence ("at 0730. Reviewed Suprep",
    "Warren Park D, Harare. Tests"): after a word of four or more characters that is no abbreviation
    ("Blvd.", "app.", "H.No.", "APT."), before a capital or a digit."""
    for m in re.finditer(r"\.(?=\s+[A-Z0-9À-Þ])", text[start:end]):
        before = text[start : start + m.start()]
        word = before.rsplit(None, 1)[-1] if before.strip() else ""
        if _ends_sentence(word):
            return start + m.start()
    return end


def _ends_sentence(word: str) -> bool:
    w = word.lower().strip(",;")
    return len(w) >= 4 and w.isalnum() and not word.isupper() and w not in _ABBREVIATIONS


def _cue_runs(
    text: str, spans: Sequence[Span], zips: Sequence[Span], parts: list[_Part]
) -> list[tuple[int, int]]:
    """The comma-separated parts after a residence cue, up to the town or a label."""
    starts = [m.end() for m in _CUE.finditer(text)]
    # "Kofi Asante-Darko, SSNIT No. D017804150023, of Plot 17": "of" right after a person's name or number.
    # ("at" without a comma only after a name: "aunt Loretta Tillman at 915 Lincoln", not "account no. 0048821937 at Firstline")
    for m in _OF_CUE.finditer(text):
        kinds = _PERSONAL if m.group("w") == "of" or text[m.start()] == "," else ("NAME",)
        if any(
            s.entity in kinds and s.end <= m.start() and _JUST_AFTER.fullmatch(text, s.end, m.start())
            for s in spans
        ):
            starts.append(m.end())
    others = [s for s in spans if s.entity not in ("ADDRESS", "NAME", "LOCATION", "ID")]
    places = {s.start for s in spans if s.entity == "LOCATION"}
    runs: list[tuple[int, int]] = []
    for pos in starts:
        start, end, n = pos, pos, 0
        while n < 5:
            seg = _SEGMENT.match(text, pos)
            if seg is None or _LABEL.match(text, pos) or text.startswith("Co. ", pos):
                break
            stop = _sentence_end(text, seg.start(), seg.end())
            if n and pos in places:
                break
            if any(o.start < seg.end() and seg.start() < o.end for o in others):
                break
            end, n = stop, n + 1
            if stop < seg.end():
                break
            comma = _COMMA.match(text, end)
            if comma is None:
                break
            pos = comma.end()
        if n == 0:
            continue
        value = text[start:end]
        if value.endswith(".") and _ends_sentence(value.rsplit(None, 1)[-1][:-1]):
            end -= 1
            value = value[:-1]
        if not any(c.isalpha() for c in value):
            continue
        has_part = any(start <= p.start < end for p in parts)
        town_end = _towns_to_postcode(text, end, zips)
        if any(c.isdigit() for c in value) or has_part or town_end is not None:
            runs.append((start, town_end or _towns_to_clause_end(text, end, spans) or end))
    return runs


_POSTCODE_AFTER = re.compile(
    rf"(?:,?\s*(?:Co\.\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}){{1,2}},?\s+(?P<z>\d{{4,6}})(?![\d/.,:-]?\d)"
    r"(?!\s*(?i:mg|ml|kg|g|%|patients|cases|years|hours|days)\b)"
)
_POSTCODE_BEFORE_TOWN = re.compile(rf",\s*(?P<z>\d{{5,6}})\s+(?P<t>{_CAP}(?:\s+{_CAP}){{0,2}})")


_HOUSE_NAME = re.compile(
    rf"(?:(?P<after>,\s+)|\b(?:of|at|attended|to)\s+)(?P<h>{_CAP}(?:\s+(?:{_CAP}|(?:na|an|y|yr|ar|the|of)\b)){{0,3}}),\s+$"
)


def _house_name_start(text: str, start: int, spans: Sequence[Span]) -> int:
    """Where an address starting at ``start`` really starts when a house name comes first: "CHI 2811356294,
    Tigh na Mara, 4 Shore Street", "crew attended Ty Newydd, 5 Maes y Llan"."""
    if not any(s.entity == "ADDRESS" and s.start == start for s in spans):
        return start
    m = _HOUSE_NAME.search(text, max(0, start - 50), start)
    if m is None:
        return start
    a, b = m.start("h"), m.end("h")
    if any(
        s.start < b and a < s.end and not (s.entity == "LOCATION" or (s.entity == "NAME" and s.score < 0.8))
        for s in spans
    ):
        return start
    if m.group("after") and not any(
        s.entity in _PERSONAL and s.entity != "NAME" and s.end == m.start() for s in spans
    ):
        return start  # after a comma only when a person's number or age ends right before it
    return a


def _span(text: str, start: int, end: int, entity: str, detector: str, score: float = _SCORE) -> Span:
    return Span(start=start, end=end, entity=entity, value=text[start:end], detector=detector, score=score)


def _bare_postcodes(text: str, chains: list[list[_Part]], spans: Sequence[Span], detector: str) -> list[Span]:
    """Bare four- to six-digit postcodes next to the town after an address: "RD 3, Katikati 3178",
    "Taman Bukit Jambul, 11900 Bayan Lepas"; found here because only the address before them says so."""
    out: list[Span] = []
    for chain in chains:
        start, end = chain[0].start, chain[-1].end
        known = any(a.entity == "ADDRESS" and start <= a.start and a.end <= end for a in spans)
        if not (known or sum(p.weight for p in chain) >= 3) or not _DIGIT.search(text, start, end):
            continue
        m = _POSTCODE_BEFORE_TOWN.match(text, end) or _POSTCODE_AFTER.match(text, end)
        if m is None or any(s.start < m.end("z") and m.start("z") < s.end for s in spans):
            continue
        out.append(_span(text, m.start("z"), m.end("z"), "ZIP", detector, 0.8))
        t = m.groupdict().get("t")
        if t and not any(s.start < m.end("t") and m.start("t") < s.end for s in spans if s.entity != "NAME"):
            out.append(
                _span(text, m.start("t"), m.end("t"), "LOCATION", detector, 0.8)
            )  # "11900 Bayan Lepas"
    return out


def complete_addresses(text: str, spans: Sequence[Span], *, detector: str = "regex") -> list[Span]:
    """``spans`` with street addresses joined, extended and completed from their parts (see module)."""
    parts = _parts(text, spans)
    chains = _chains(text, parts)
    spans = [*spans, *_bare_postcodes(text, chains, spans, detector)]
    zips = [s for s in spans if s.entity == "ZIP"]
    runs: list[tuple[int, int]] = []
    for chain in chains:
        start, end = chain[0].start, chain[-1].end
        town_end = _towns_to_postcode(text, end, zips)
        house = _house_name_start(text, start, spans)
        # an address found already is extended: by parts around it ("No. 14 Adeola Odeku Street") or its town
        known = any(s.entity == "ADDRESS" and start <= s.start and s.end <= end for s in spans)
        unchanged = len(chain) == 1 and any(
            s.entity == "ADDRESS" and (s.start, s.end) == (start, end) for s in spans
        )
        if unchanged and town_end is None and not _PREFIX.search(text, max(0, start - 6), start):
            continue
        strong = sum(p.weight for p in chain) >= 3 and _DIGIT.search(text, start, end)
        if known or strong or town_end is not None:
            runs.append((house, town_end or _towns_to_clause_end(text, end, spans) or end))
    runs += _cue_runs(text, spans, zips, parts)
    runs = [(a, b) for a, b in runs if not is_company_seat(text, a, spans)]
    if not runs:
        return _ended(text, spans)
    new: list[Span] = []
    for start, end in sorted(runs):
        if new and start <= new[-1].end:
            start = new[-1].start
            end = max(end, new[-1].end)
            new.pop()
        prefix = _PREFIX.search(text, max(0, start - 6), start)
        if prefix:
            start = prefix.start()
        new.append(_span(text, start, end, "ADDRESS", detector))
    kept = [
        s
        for s in spans
        if not (s.entity in _ABSORB and any(n.start <= s.start and s.end <= n.end for n in new))
    ]
    # An address part the run overlaps in part ("Wah Fu" of "Wah Fu (I) Estate") joins it.
    out: list[Span] = []
    for n in new:
        for s in list(kept):
            if s.entity in _ABSORB and s.start < n.end and n.start < s.end:
                lo, hi = min(n.start, s.start), max(n.end, s.end)
                if s.entity == "ADDRESS" or (s.start >= n.start):
                    n = _span(text, lo, hi, "ADDRESS", n.detector)
                    kept.remove(s)
        out.append(n)
    return _ended(text, resolve_overlaps([*kept, *out]))


def _ended(text: str, spans: Sequence[Span]) -> list[Span]:
    """Addresses cut at the end of a sentence: "..., Warren Park D, Harare. Tests requested" ends at Harare."""
    out: list[Span] = []
    for s in spans:
        end = _sentence_end(text, s.start, s.end) if s.entity == "ADDRESS" else s.end
        out.append(s if end == s.end else replace(s, end=end, value=text[s.start : end]))
    return out
