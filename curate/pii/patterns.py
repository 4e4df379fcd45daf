"""Regular expressions for identifiers in clinical and legal text (US formats first).

Entity types and the HIPAA Safe Harbor identifier each one covers
(45 CFR 164.514(b)(2)(i), letters A-R):

========================  =====================================================
NAME                      A names (after a title or role, or before ", MD")
ADDRESS, LOCATION, ZIP    B street address, city before a state, ZIP code
DATE, AGE                 C dates other than the year alone; ages over 89
PHONE, FAX                D, E telephone and fax numbers
EMAIL                     F e-mail addresses
SSN                       G social security numbers
MRN                       H medical record numbers
HEALTH_PLAN_ID            I health-plan beneficiary numbers (incl. Medicare MBI)
ACCOUNT, CREDIT_CARD      J account numbers (incl. IBAN, Luhn-valid card numbers)
LICENSE                   K certificate and licence numbers (NPI, DEA, bar)
VIN, PLATE                L vehicle identifiers, serial numbers, licence plates
DEVICE_ID                 M device identifiers and serial numbers (incl. MAC)
URL                       N web addresses
IP_ADDRESS                O IP addresses
CASE_NUMBER, ID           R other unique identifying numbers (court cases, IDs)
========================  =====================================================

P (biometric identifiers) and Q (full-face photographs) are not text.
Context patterns (``MRN: ...``) score higher than bare formats, so when two
overlap the one with evidence wins.
"""

from __future__ import annotations

import re
from functools import cache

from curate.lexicon import everyday_words, kinds_of
from curate.lexicon.names import first_names, is_person_name
from curate.pii.detect import Pattern

__all__ = ["ORG_WORDS", "default_patterns", "luhn_ok"]

_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|AS|GU|MP|VI|FM|MH|PW|AA|AE|AP"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    "Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
    "Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    "New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
    "South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
    "Wisconsin|Wyoming"
)
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    # French (Québec, Belgium, West Africa): "4 novembre 2026", "1er juillet"
    r"janvier|janv|février|fevrier|févr|mars|avril|avr|mai|juin|juillet|juil|août|aout|septembre|octobre|novembre|"
    r"décembre|decembre|"
    # Malay: "18 Januari 2025", "5 Disember 2024"
    r"januari|februari|julai|ogos|disember|mei)"
)
_WIDE_PLACES = frozenset(_STATE_NAMES.lower().split("|")) | frozenset(
    ("america", "united states", "canada", "mexico", "england", "europe", "the united states", "the state")
)
_NO_ORG_AFTER = (
    r"(?!,?\s+(?i:llc|inc|corp|corporation|co|company|ltd|limited|llp|lp|plc|bank|group|holdings|gmbh|ag|sa|sas|sarl|"
    r"bv|nv|dac|pty|srl|spa|oy|ab|kg|se|sdn|bhd)\b)"
)
_ZIP = r"\d{5}(?:-\d{4})?"
_PROVINCES = r"AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_UK_POSTCODE = r"(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})"
_CA_POSTCODE = r"(?:[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d)"
_EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}"
# UK, Canadian and Irish postcodes, which plates of the same letters and digits must not claim.
POSTCODES = rf"{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE}"
# A US state and its ZIP code ("CA 90069"), which a plate's shape must not claim either.
STATE_AND_ZIP = rf"(?:{_STATES})\s{_ZIP}"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er)?"
_WEEKDAY_WORD = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_WEEKDAY = rf"(?:\b(?i:{_WEEKDAY_WORD})\.?,?\s+)?"
_ORDINAL_WORD = (
    r"(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty-first)"
)
_MM = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:1[89]|20)\d{2}"
# Words that may stand between a keyword and its value: "number is", "No.:", "#".
_FILL = (
    r"(?:\s*(?:[:#=]|\([A-Za-z][^()\d]{0,30}\)|(?i:is|was|of|are|no|nos|nr|nrs|numbers?|num|nbr|id|identifier|code|card)\b\.?))"
    r"{0,3}\s*[:#]?\s*"
)
# An identifier value: letters, digits and inner dashes/dots, with at least one digit;
# digit groups separated by single spaces stay together ("4539 1488 0343 6467", "CT 429817").
_ID = (
    r"(?P<v>(?:[A-Z]{1,4}(?:/[A-Z]{1,4})?\s){0,2}(?=[A-Za-z0-9./-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9]))*(?:\([0-9A-Z]\))?"
    r"(?:\s\d{2,}(?:[-./]?\d+)*){0,6}(?:\s\d(?!\w|[.,-]\w))?(?:\s(?!OF\b)[A-Z]{1,3}(?![\w-]|\.\w))?(?:\s+(?i:of)\s+(?:19|20)\d{2}\b)?)"
)
_IN_PLATE = r"[A-Z]{2}[ -]?\d{1,2}[ -]?(?:[A-Z]{1,2}[ -])?[A-Z]{1,3}[ -]?\d{4}"
CAR_MAKES = (
    r"Toyota|Honda|Ford|Nissan|Mazda|Hyundai|Kia|Renault|Peugeot|Citroën|Citroen|Skoda|Škoda|Volkswagen|VW|BMW|Mercedes|"
    r"Mercedes-Benz|Audi|Perodua|Proton|Tata|Maruti|Mahindra|Suzuki|Subaru|Mitsubishi|Chevrolet|Chevy|Dodge|Ram|Jeep|Tesla|"
    r"Volvo|Fiat|Opel|Vauxhall|Seat|Lexus|Jaguar|Land\s+Rover|Range\s+Rover|Rover|Mini|Holden|Isuzu|Hino|Scania|DAF|Iveco|Geely|"
    r"BYD|Chery|Dacia|Lada|Alfa\s+Romeo|Porsche|Buick|Cadillac|GMC|Chrysler|Lincoln|Acura|Infiniti|Genesis|Datsun|Daihatsu|MGB|Saab|Yamaha|Kawasaki|Ducati|Harley(?:-Davidson)?|"
    # Models often written without their make: "the rental Corolla DJX 84M", "his older Falcon PLW 482".
    r"Corolla|Camry|Yaris|Vios|Hilux|Prado|Fortuner|Innova|Hiace|Civic|Jazz|Falcon|Commodore|Fiesta|Mondeo|Transit|"
    r"Golf|Polo|Passat|Jetta|Astra|Corsa|Micra|Qashqai|Navara|Altima|Sentra|Tiida|Demio|Elantra|Sonata|Picanto|"
    r"Octavia|Fabia|Impreza|Forester|Pajero|Lancer|Myvi|Axia|Swift|Alto|Wagon\s+R|Sprinter|Silverado|"
    r"Tacoma|Wrangler|Cherokee|Mustang|Camaro|Prius|RAV4|CR-V|F-150|Clio|Megane|Kangoo|Berlingo|Patrol|Land\s+Cruiser|"
    r"Sportage|Sorento|Santa\s+Fe|X-Trail|Pathfinder|Hiace|Coaster|Canter"
)
_NUM_WORD = r"(?:\s+(?i:numbers?|no\.?|nos\.?|#|num\.?|id|identifier))?"
# Words for a road vehicle, in English and the words local records use (kereta, boda boda, trotro ...): a plate
# follows them, and text with them speaks of vehicles (``context.plate_candidates``).
VEHICLE_NOUNS = (
    r"car|motor\s*car|motorcycle|motorbike|van|minivan|truck|lorry|taxi|cab|scooter|moped|suv|sedan|hatchback|pickup|"
    r"trailer|minibus|bus|coach|tricycle|jeepney|rickshaw|auto-rickshaw|tuk-tuk|ute|kereta|mobil|sepeda\s+motor|"
    r"boda(?:\s+boda)?|okada|matatu|bajaji|bajaj|kombi|bakkie|daladala|jeep|tempo|three-wheeler|caravan|"
    r"camper(?:van)?|motorhome|tractor(?:\s+unit)?|quad(?:\s+bike)?|bike|tanker|keke|trotro|microbus|ambulance"
)
# The province a Thai plate names after its number: "1 Kor Khor 4417 Bangkok", "1กข 2345 Bangkok".
_THAI_PROVINCE = (
    r"(?:Bangkok|Chiang\s+Mai|Chiang\s+Rai|Phuket|Khon\s+Kaen|Nonthaburi|Pathum\s+Thani|Samut\s+Prakan|"
    r"Chon\s?Buri|Chonburi|Nakhon\s+Ratchasima|Songkhla|Udon\s+Thani|Ayutthaya|Rayong|Surat\s+Thani)"
)
_PHONE_CORE = r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"
_PHONE_INTL = r"\+(?:[2-9]\d{0,2})(?:[\s.-]?\(?\d{1,4}\)?){2,5}"
# Any digits in phone groupings, after a phone or fax label: "030 12345678", "(09) 555 0133", "+91 98765 43210".
_PHONE_ANY = r"(?:\+|00)?\(?\d{1,5}\)?(?:[ .-]?\(?\d{1,5}\)?){1,6}"
_PHONE_LABEL = (
    r"(?i:tel|telephone|phone|ph|mob|mobile|cell|cellphone|landline|whatsapp|direct(?:\s+line|\s+dial)?|switchboard|"
    r"home|work|office|daytime|evening|contact|hp)\.?(?:\s+(?:no\.?|number|#|phone|tel))?"
)
# An extension after a number: "ext. 14", "x221", ", extension 3", "#402".
_EXT = r"(?:\s*,?\s*(?i:ext\.?|extension|x|#)\s*\d{1,5}(?![\w-]))?"
# Ages over 89 in words: "ninety-three", "one hundred and one", "a hundred".
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORDS = (
    rf"(?i:ninety(?:[- ]{_UNITS})?|(?:one|a)\s+hundred(?:\s+(?:and\s+)?(?:{_UNITS}|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?)"
)
# Name tokens may carry accents (Echeverría, Ødegaard): any letter, apostrophes and hyphens.
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĠĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_NAME_PART = rf"[{_UP}](?:[^\W\d_]|['’-])*[a-zß-öø-ÿ\u0101-\u017f](?:[^\W\d_]|['’-])*"
_PARTICLE = (
    r"(?:(?i:van\s+der|van\s+den|van\s+de|von\s+der|de\s+la|de\s+los|op\s+de|dela|delos|van|von|de|del|della|da|di|du|le|la|al|"
    r"bin|binti|binte|bint|ibn|a/l|a/p|s/o|d/o|dos|das|ter|ten|ní|nic|mac|ó|ua|singh|kaur|ap|ab|verch|ferch)\s+)?"
)
_CAPS_PART = rf"(?:Mc|Mac|O['’])?[{_UP}][{_UP}'’-]+"
_NAME = (
    rf"(?:(?:[A-Z]\.\s*|[A-Z]\s+){{1,2}}{_PARTICLE}{_NAME_PART}|{_CAPS_PART}(?:\s+{_NAME_PART}){{1,2}}|"
    rf"{_NAME_PART}(?:\s+[A-Z]\.)?(?:\s+{_PARTICLE}{_NAME_PART}){{0,2}})"
)
_NAME2 = rf"{_NAME_PART}(?:\s+[A-Z]\.)?(?:\s+{_PARTICLE}{_NAME_PART}){{1,2}}"


# "Flat 2, " or "Unit 4/" before a house number.
_HOUSE_WORDS = (
    r"House|Court|Lodge|Mansions|Cottages?|Farm|Hall|Manor|Buildings?|Towers?|Heights|Villa|Barn|Mill|Rectory|"
    r"Vicarage|Grange|Chambers|Residency|Apartments|Bungalow|Croft|Farmhouse|Estate|Forge|Steading|Schoolhouse|"
    r"Granary|Oast|Barns|Stables|Lodge|Smithy|Bothy|Manse|Glebe|Homestead|Station|Terrace|Gardens|Villas|Garden|"
    r"Home|Hostel|Mews|Close|Place"
)
_UNIT_BEFORE = (
    r"(?:\b(?:Building|Bldg|Suite|Ste|Apt|Apartment|Flat|Unit|Floor|Fl|Room|Rm|Blk|Block|Level|Lot|Shop|Kiosk|RR)\.?\s*"
    r"[A-Z0-9-]+(?:/[A-Z0-9]+)?(?:,?\s+|/(?=\d))|\b\d{1,2}F\d{1,2},\s+|\b\d{1,2}/\d{1,2},\s+|#\d{1,5}\s*-\s*){0,2}"
    rf"(?:(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}\s+(?:{_HOUSE_WORDS}),\s+)?"
)


# Role and title words that start a phrase but are no part of the name after them ("Patient Rosalind Okafor").
_NOT_ROLE = (
    r"(?!(?i:patient|pt|name|client|resident|member|worker|claimant|plaintiff|defendant|applicant|respondent|the|a|an|"
    r"mr|mrs|ms|dr|miss|mdm|mx|prof|dear|re|attn|to|from|cc|by|and|or|of|between)\b)"
)


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, lower-cased."""
    return frozenset(text.lower().split())


ORG_WORDS = words(
    "llc inc corp corporation co company ltd llp lp plc pllc pc law firm bank hospital clinic center centre university "
    "college group holdings trust association agreement court state county city department services "
    "partners act code policy plan program programme handbook terms conditions rights portal form notice "
    "records record data information protection privacy care health medical insurance security "
    "account service site website platform user users content app application software product "
    "products order rules regulation regulations law section article exhibit schedule appendix "
    "fund foundation office board committee council district government united states authority agency "
    "transit commission administration permanente healthcare pharmaceuticals laboratories labs systems "
    "limited gmbh ag sa sas sarl bv nv dac pty srl spa oy ab kg sdn bhd"
)
# USPS street suffixes (Publication 28), full words with an optional plural, and common abbreviations.
_STREET_WORDS = (
    "Alley|Annex|Arcade|Avenue|Bayou|Beach|Bend|Bluff|Bottom|Boulevard|Branch|Bridge|Brook|Burg|Bypass|"
    "Camp|Canyon|Cape|Causeway|Center|Circle|Cliff|Club|Common|Corner|Course|Court|Cove|Creek|Crescent|"
    "Crest|Crossing|Crossroad|Curve|Dale|Dam|Divide|Drive|Estate|Expressway|Extension|Fall|Ferry|Field|"
    "Flat|Ford|Forest|Forge|Fork|Fort|Freeway|Garden|Gateway|Glen|Green|Grove|Harbor|Haven|Heights|"
    "Highway|Hill|Hollow|Inlet|Island|Isle|Junction|Key|Knoll|Lake|Land|Landing|Lane|Light|Loaf|Lock|"
    "Lodge|Loop|Mall|Manor|Meadow|Mews|Mill|Mission|Motorway|Mount|Mountain|Neck|Orchard|Oval|Overpass|"
    "Park|Parkway|Pass|Passage|Path|Pike|Pine|Place|Plain|Plaza|Point|Port|Prairie|Radial|Ramp|Ranch|"
    "Rapid|Rest|Ridge|River|Road|Route|Row|Rue|Run|Shoal|Shore|Skyway|Spring|Spur|Square|Station|"
    "Stravenue|Stream|Street|Summit|Terrace|Throughway|Trace|Track|Trafficway|Trail|Tunnel|Turnpike|"
    "Underpass|Union|Valley|Via|Viaduct|View|Village|Ville|Vista|Walk|Wall|Way|Well|Broadway|Close|"
    # British and Commonwealth street words
    "Rise|Wynd|Gate|Yard|Parade|Chase|Drove|Croft|Fold|Vale|Embankment|Quay|Wharf|Esplanade|Promenade|"
    "Heath|Downs|Moor|Brae|Lea|Leys|Glade|Copse|Dene|Holt|Hurst|Wold|Meadows|Fields|"
    "Circus|Cottage|Villa|Grange|Approach|Concourse|Strand|Dell|Nook|Marg|Nagar|Colony|Layout|Towers|Mansions|"
    "Buildings|Residency|Enclave|Apartments|Mawatha|Veediya|Para|Soi|Thanon|Marg|Salai|Peth"
)
_STREET = (
    rf"(?:(?:{_STREET_WORDS})(?:s|es)?\b|"
    r"(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Pkwy|Cir|Hwy|Sq|Trl|Expy|Fwy|Hts|Jct|Xing)\b\.?)"
)
# Suffixes that make a one-word street name in German, Dutch and the Nordic languages ("Storgatan 12").
_DISTINCT_SUFFIX = (
    r"straße|strasse|gasse|allee|straat|gracht|laan|plein|kade|singel|steeg|gatan|vägen|gränd|torget|"
    r"stræde|veien|vegen|katu|vej|tori|väylä|gürtel|kai|zeile|markt|tie|kuja|polku"
)
_CONTINENTAL_STREET = (
    r"(?:[A-ZÄÖÜ][a-zäöüß]+\s+)?[A-ZÄÖÜÅØÆ][a-zäöüßåøæé-]*"
    rf"(?:{_DISTINCT_SUFFIX}|str\.|weg|platz|damm|ufer|ring|gade|gata|gate|vei|väg|tie|kuja)"
    r"\s+\d{1,4}[a-zA-Z]?(?:-(?:[A-Z0-9]{1,3}|hs|bis)|/\d{1,4}[a-z]?|\s[A-Z]\s\d{1,3})?\b"
)
# Floor and flat after a continental house number: "Hinterhaus 3. OG", "3º B", "lgh 1103", "3. tv.".
_FLOOR = (
    r"(?:,\s*(?:(?:Hinterhaus|Vorderhaus|Seitenflügel|Gartenhaus|Stiege\s+\d+|Top\s+\d+)(?:\s+\d{1,2}\.\s*(?:OG|Stock|Etage))?|"
    r"lgh\.?\s*\d{3,4}|\d{1,2}\.\s*(?:OG|EG|DG|Stock|Etage|tv\.?|th\.?|mf\.?|sal\.?)|\d{1,2}\s?[ºª°]\s*[A-Z0-9]{1,2}\b|"
    r"(?:bus|boîte|esc\.?|piso|planta|puerta|étage|app\.?)\s*\w{1,4}\.?))?"
)
_DISTINCT_STREET = (
    rf"(?:[A-ZÄÖÜ][a-zäöüß]+\s+)?[A-ZÄÖÜÅØÆ][a-zäöüßåøæé-]*(?:{_DISTINCT_SUFFIX})"
    rf"\s+\d{{1,4}}[a-zA-Z]?(?:-(?:[A-Z0-9]{{1,3}}|hs|bis)|/\d{{1,4}}[a-z]?|\s[A-Z]\s\d{{1,3}})?\b{_FLOOR}"
)
_CONTINENTAL_STREET += _FLOOR
_UNIT = (
    r"(?:,?\s+(?:(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|Room|Rm|Bldg|Building|Lot|Space|Spc|Trlr|Level|Lvl|Block|Blk|"
    r"Flat|Box|RD|#)\.?\s*#?\s*[A-Z0-9-]+|"
    r"\d{1,3}(?:st|nd|rd|th)\s+(?i:floor|fl)\.?|(?:Lower|Upper|Rear|Front|Basement|Bsmt|Ground\s+Floor|Penthouse)\b)){0,2}"
)


def luhn_ok(value: str) -> bool:
    """True when the digits of ``value`` pass the Luhn check (payment cards)."""
    digits = [int(c) for c in value if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _ipv4_ok(value: str) -> bool:
    parts = value.split(".")
    return len(parts) == 4 and all(
        p.isdigit() and int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in parts
    )


def _not_org(value: str) -> bool:
    words = value.lower().split()
    return bool(words) and not any(w.strip(".,'’") in ORG_WORDS for w in words)


def _caps_label(value: str) -> bool:
    """An ALL-CAPS heading or form label rather than a name ("DISCHARGE SUMMARY", "HISTORY OF ILLNESS")."""
    label_kinds = {"section", "common", "legal"}
    words = [w.strip(",.").lower() for w in value.split()]
    return bool(kinds_of(value.lower()) & label_kinds) or any(
        w in ORG_WORDS or kinds_of(w) & label_kinds for w in words if len(w) > 1
    )


_EXT_TAIL = re.compile(r"\s*,?\s*(?i:ext\.?|extension|x|#)\s*\d{1,5}$")


def _person_like(value: str) -> bool:
    """Neither an organisation nor a heading: what every name pattern asks of its value."""
    return _not_org(value) and not _caps_label(value)


def _ordinary_words(value: str) -> bool:
    """Every word is an everyday word or a domain term and none is a known name ("PC. Moreover",
    "Chief Complaint"): what follows an abbreviation that looks like a title, not a name."""
    words = [w.strip(",.").lower() for w in value.split() if len(w.strip(",.")) > 1]
    if not words or any(is_person_name(w) for w in words):
        return False
    return all(w in everyday_words() or kinds_of(w) for w in words)


def _has_country(value: str) -> bool:
    """A word of ``value`` is a country, state or province ("Edinburgh, Scotland")."""
    return any("country" in kinds_of(w.strip(",.")) for w in value.split())


def _has_person_name(value: str) -> bool:
    """At least one word is a known first name or surname (curate.lexicon.names)."""
    words = [w.strip(",.").lower() for w in re.split(r"[\s-]+", value)]
    return any(is_person_name(w) for w in words if len(w) > 1)


def _digits_between(lo: int, hi: int) -> object:
    """Accept a value with ``lo`` to ``hi`` digits, an extension at the end not counted."""

    def check(value: str) -> bool:
        n = sum(c.isdigit() for c in _EXT_TAIL.sub("", value))
        return lo <= n <= hi

    return check


def _id_ok(value: str) -> bool:
    """An identifier has a digit and at least five letters or digits ("2019" alone is a year), and no
    lower-case word ("Serial technetium-99m ventriculograms" is no serial number)."""
    return (
        any(c.isdigit() for c in value)
        and sum(c.isalnum() for c in value) >= 5
        and not re.search(r"[a-z]{4,}", value)
    )


_UNIT_SUFFIX = re.compile(
    r"^[\d.,]+(?i:mg|mcg|ug|µg|g|kg|ml|l|dl|iu|u|units?|mm|cm|m|km|hz|khz|mhz|ms|s|sec|min|h|hrs?|bp|kb|mb|gb|kda|da|nm|um|µm|"
    r"mmhg|mmol|mol|x|k|mgs|kcal|cal|w|kw|v|mv|kv|lbs?|oz|ft|in)$"
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}[-–/](?:(?:19|20)?\d{2})")


def _bare_id_ok(value: str) -> bool:
    """A token that is an identifier by its shape alone: five or more digits and a letter
    ("PJN4471206", "UHC-90441287", "T4412098"), or seven or more digits ("24-118842", "8812045").

    Not: decimals, year ranges ("2010-2015"), quantities with a unit ("100000IU").
    """
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    if digits < 5 or (letters == 0 and digits < 7):
        return False
    if re.fullmatch(r"[\d.]+", value) and "." in value:
        return False
    if re.fullmatch(r"\d{1,4}-\d{1,4}", value):  # a range: "733-2831 pmol/L"
        return False
    if letters and not any(c.isupper() for c in value) and (digits < 7 or "-" in value):
        return False  # "q21-q11-22", "technetium-99m"
    return not (_YEAR_RANGE.fullmatch(value) or _UNIT_SUFFIX.search(value))


def _keyword(
    entity: str, keywords: str, *, score: float = 0.95, value: str = _ID, validate: object = _id_ok
) -> Pattern:
    regex = re.compile(rf"(?<![A-Za-z])(?:{keywords})(?:(?<![A-Za-z])|(?![A-Za-z0-9])){_FILL}{value}")
    return Pattern(entity=entity, regex=regex, score=score, validate=validate)  # type: ignore[arg-type]


def _bare(entity: str, regex: str, *, score: float = 0.8, flags: int = 0, validate: object = None) -> Pattern:
    return Pattern(entity=entity, regex=re.compile(regex, flags), score=score, validate=validate)  # type: ignore[arg-type]


@cache
def default_patterns() -> tuple[Pattern, ...]:
    """The built-in patterns, compiled on first use (once per process) so importing is cheap."""
    return (
        # -- names ---------------------------------------------------------------------------------
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"\b(?:Dr|Mr|Mrs|Ms|Mx|Miss|Mme|Prof|Judge|Justice|Hon|Sen|Rep|Rev|Revd|Sgt|Lt|Capt|Officer|Det|Insp|"
                r"Nurse|Attorney|Atty|Sister|Father|Smt|Shri|Sri|Kum|Km|Tmt|Thiru|Selvi|Dame|Sir|Lady|Lord|Cllr|"
                r"PC|DC|DS|DI|DCI|Imam|Rabbi|Pastor|Mstr|Master|Mdm|Mlle|Sra|Srta|Frau|Herr|Datuk|Dato|Tan\s+Sri|Puan|Encik|"
                r"Chief|Alhaji|Hajia|Mallam|Baba|Mama|SPC|PFC|Pvt|Cpl|SSG|SFC|MSG|SGT|CPT|MAJ|COL|LTC|Gen|Maj|Col|Brig|Adm|"
                rf"Cmdr|CDR|LCDR|Pte|Cpt|Spc|Airman|Seaman|Constable|Const|Sergeant|Trooper|Superintendent|Supt|Detective|Garda|"
                rf"Corporal|Warden)\.?\s+(?P<v>{_NAME})"
            ),
            score=0.9,
            validate=lambda v: _not_org(v) and not _ordinary_words(v),
        ),
        # The accused in a criminal caption: "State v. Kendrick A. Mbeki", "R v Dylan Morgan".
        _bare(
            "NAME",
            rf"\b(?:State|People|Commonwealth|United\s+States|Republic|R|Regina|Rex|DPP|Crown|Government)\s+v\.?\s+"
            rf"(?P<v>{_NAME2})",
            score=0.85,
            validate=_not_org,
        ),
        # Balinese birth-order names: "I Made Suartana", "Ni Luh Putu Ayu".
        _bare(
            "NAME",
            rf"\b(?:I|Ni)\s+(?:Made|Wayan|Ketut|Nyoman|Putu|Kadek|Komang|Gede|Gusti|Luh|Nengah)(?:\s+{_NAME_PART}){{1,2}}",
            score=0.85,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:patient|pt|plaintiffs?|defendants?|decedent|deponent|witness|claimant|"
                r"petitioner|respondent|appellant|appellee|tenant|landlord|debtor|creditor|guardian|employee|"
                r"beneficiary|insured|client|mother|father|wife|husband|son|daughter|spouse|"
                r"nephew|niece|brother|sister|aunt|uncle|cousin|grandson|granddaughter|grandmother|grandfather|"
                r"partner|fianc[ée]e?|friend|neighbou?r|caregiver|roommate|counsel|attorney|lawyer|solicitor|"
                r"barrister|mediator|arbitrator|adjuster|investigator|case\s+manager|social\s+worker|supervisor|inspector|"
                r"trustee|executor|executrix|administrator|physician|surgeon|"
                r"therapist|caseworker|interpreter|whistleblower|informant|victim|suspect|accused|inmate|complainant|"
                r"worker|physiotherapist|physio|pharmacist|midwife|paramedic|psychologist|psychiatrist|counsell?or|"
                r"dentist|optometrist|gp|consultant|registrar|rn|np|emt|carer|deputy|helper|nurse|"
                r"in re|matter of|marriage of|estate of|guardianship of|conservatorship of|custody of|"
                r"guarantor|subscriber|policyholder|declarant|affiant|applicant|pursuer|defender|donor|testat(?:or|rix)|"
                r"proposed\s+ward|ward|driver|passenger|owner|occupant|borrower|lender|payee|account\s+holder|cardholder|"
                r"driven\s+by|ridden\s+by|owned\s+by|registered\s+to|registered\s+keeper|keeper|rider|pedestrian|cyclist|"
                r"motorcyclist|pillion(?:\s+rider)?|vendee|owner\s+of\s+the\s+(?:\w+\s+){0,2}vehicle|"
                r"buyer|seller|purchaser|vendor|"
                r"signed by|prepared by|examined by|seen by|referred by|dictated by|reviewed by|received by|delivered to|"
                r"signed for by|witnessed by|certified by|notari[sz]ed by|sworn by|testament of|will of|lessee|lessor|hirer|"
                r"contact|ask for|speak (?:to|with)|accompanied by|visited by|attended by|represented by|c/o|care of|"
                r"deposition of|testimony of|declaration of|affidavit of|name|/s/|dear|attn:?|cc:|re:|"
                r"(?:health\s*care\s+)?proxy|hcpoa|poa|attorney-in-fact|surrogate|agent|"
                r"yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|sincerely|regards|"
                r"notices?\s+to(?:\s+the)?\s+[A-Za-z]+:|"
                r"recorded\s+by|reported\s+by|arrested\s+by|booked\s+by|issued\s+to|fined|belongs\s+to|signed(?!\s+by)|"
                r"registered\s+person|"
                r"(?:summary|note|letter|report|referral|consent|prescription|discharge|request|refill|order|appointment|"
                r"form|certificate)"
                r"\s+(?:for|of|to|from))s?(?![A-Za-z])"
                rf"\s*[:,]?\s*(?P<v>(?:(?:Md|Mohd|Muhd)\.?\s)?{_NAME2}|(?:[A-Z]\.\s*){{1,2}}{_NAME_PART})\b{_NO_ORG_AFTER}"
            ),
            score=0.85,
            validate=_not_org,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:(?:daughter|son|mother|father|sister|brother)(?:-in-law)?|wife|husband|niece|nephew|aunt|uncle|"
                r"cousin|granddaughter|grandson|grandmother|grandfather|partner|spouse|fianc[ée]e?|friend|mum|mom|mummy|dad|"
                r"bystander|carer|"
                r"neighbou?r|caregiver|roommate|guarantor|next\s+of\s+kin|emergency\s+contact|nok|child|baby|infant|toddler|"
                r"minor|student|pupil|grandchild|stepson|stepdaughter|twin)"
                rf"\s*[:(,]?\s*(?P<v>{_NAME_PART})\b(?!\s+[{_UP}])"
            ),
            score=0.8,
            validate=_not_org,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?P<v>{_NAME2})(?:\s*[,|]\s*(?:Attorney\s+at\s+Law|Solicitor|Barrister|Advocate|Counsel|Notary)\b|,?\s+(?:MD|M\.D\.|DO|D\.O\.|NP|RN|LPN|PA-C|PhD|Ph\.D\.|PharmD|DDS|DMD|"
                r"Esq\.?|J\.D\.|CNM|CRNA|LCSW|MSW|DNP|APRN|CNP|FNP|FNP-C|ANP|PT|DPT|OT|OTR|SLP|MSN|BSN|CNA|"
                r"PsyD|MPH|MBBS|FACS|FACP|RPh|LMFT|LPC|FRCP|FRCS|MRCP|MRCGP|FRACP|FRCPC|BDS|MS|LLB|QC|KC|SC)(?![A-Za-z]))"
            ),
            score=0.85,
            validate=_not_org,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?P<v>{_NAME2}),\s+(?i:individually|on\s+behalf\s+of|as\s+(?:parent|guardian|next\s+friend|"
                r"executor|executrix|administrat|personal\s+representative|trustee))"
            ),
            score=0.85,
            validate=_not_org,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?P<v>{_CAPS_PART}(?:\s+[A-Z]\.)?(?:\s+{_CAPS_PART}){{1,3}})(?:,|\s*\.{{2,}}|\s*…)?\s+"
                r"(?:(?:an?\s+)?(?i:individual|minor|adult|individually|deceased)[\w ,]{0,30}?,?\s+)?"
                r"(?i:Plaintiffs?|Defendants?|Petitioners?|Respondents?|Appellants?|Appellees?|Debtors?|Claimants?|"
                r"Applicants?|Pursuers?|Defenders?|Accused)\b"
            ),
            score=0.85,
            validate=_not_org,
        ),
        _bare(
            "NAME",
            rf"\b(?:[WSDHCwsdhc]/[oO]|[WSDHC]\.[oO]\.)\.?\s+(?:(?i:mr|mrs|shri|sri|smt|late)\.?\s+)?(?P<v>{_NAME})",
            score=0.85,
        ),
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>(?:{_CAPS_PART}\s+)?{_NAME2}|{_CAPS_PART}(?:\s+{_CAPS_PART}){{1,2}})"
            r"(?:\s+(?:[SWDHCswdhc]/[oO]\b|\((?:NRIC|FIN|DOB|NHI|MRN|Identity|ID|IC|PAN|Aadhaar|SSN|born)\b)|,?\s+(?:NHI|MRN|NHS|CHI|DOB|D\.O\.B\.|URN|UHID|NRIC|SSN|"
            r"Hosp(?:ital)?\s+No|H&C|PPSN|Medicare|PHN|OHIP|(?i:chart\s*#|chart\s+no|dob|mrn|ssn|emirates\s+id|passport|"
            r"id\s+no|nic|cnic|aadhaar|pan\s+no)|(?i:aged?)\s+(?:(?i:about|approximately|approx\.?)\s+)?(?:\d+|[a-z]+ty)|"
            r"(?i:born)\s+(?:on\s+)?\d+)(?!\w))",
            score=0.85,
        ),
        _bare(
            "NAME",
            rf"\b{_NAME_PART}(?:\s+{_NAME_PART})?\s+[sd]/o\s+{_NAME_PART}(?:\s+{_NAME_PART})?",
            score=0.9,
        ),
        # Nicknames: 'a/k/a "Dre"', "also known as Bobby".
        _bare(
            "NAME",
            r"(?<![A-Za-z])(?i:a/k/a|aka|alias|nicknamed|goes\s+by)\s+[\"“'‘]?"
            rf"(?P<v>[{_UP}][\w'’-]+(?:\s+[{_UP}][\w'’-]+){{0,2}})",
            score=0.85,
            validate=lambda v: _person_like(v) and (" " not in v or _has_person_name(v)),
        ),
        # A name alone in a table cell: "| NGUYEN Thi Lan |", "| HARRIS, Leonard |", "Sung-Ho Park | Attorney".
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?:^|\||:)\s*{_NOT_ROLE}(?P<v>{_NAME_PART},\s*{_NAME_PART}(?:\s+[A-Z]\.?)?|{_CAPS_PART},\s*{_CAPS_PART}(?:\s+[A-Z]\b\.?)?|{_CAPS_PART},\s*{_NAME_PART}(?:\s+{_NAME_PART})?|{_CAPS_PART}(?:\s+{_NAME_PART}){{1,2}}|"
                rf"{_NAME2})\s*(?=\||$|\((?:MRN|DOB|NHS|ID|Hosp|UR)|,\s*(?:MD|NP|RN|PA|DO|PA-C|DDS|DNP|APRN)\b)"
            ),
            score=0.85,
            validate=lambda v: _person_like(v) and _has_person_name(v),
        ),
        _bare(
            "NAME",
            rf"\b(?:MR|MRS|MS|MISS|DR|JUSTICE|JUDGE|LORD|LADY|SIR|DAME|PROF|SMT|SHRI|SRI|KUM)\.?\s+(?:JUSTICE\s+|JUDGE\s+)?(?P<v>{_CAPS_PART}(?:\s+{_CAPS_PART}){{0,2}})\b(?![-/]?\d)",
            score=0.85,
            validate=_person_like,
        ),
        # A name before ", 11 yrs" or before a house number and street: "Hyun-woo Park, 3815 Rainier Ave S".
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>{_NAME2}),\s+(?:\d{{1,3}}\s*(?i:yrs?|years?|y/o|yo)\b|\d{{1,6}}[A-Z]?\s+[A-Z][a-z]+|"
            r"(?i:male|female|age|aged)\b)",
            score=0.8,
            validate=lambda v: _person_like(v) and _has_person_name(v),
        ),
        # A name, a comma, then what describes the person: a spelled-out age ("Lorraine Petrakis, ninety-one
        # y/o F"), age and sex as triage lists write them ("Selvarajah a/l Murugan, 71 M", "Sita Rai, F/34") or
        # a role ("Curtis Bellweather, process server", "K. Brannigan, RN").
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>{_NAME2}|(?:[A-Z]\.\s?){{1,3}}{_NAME_PART}),\s+(?:"
            rf"(?:a\s+)?{_AGE_WORDS}(?:[\s-]*(?i:y/?o|yrs?|years?)|(?=[,;]))|\d{{1,3}}\s?/?\s?[MF]|[MF]\s?/\s?\d{{1,3}}|"
            r"\d{1,3}(?=,\s)|"
            r"RN|LPN|RPN|NP|PA-C|CNA|(?i:process\s+server|notary\s+public|commissioner\s+for\s+oaths|solicitor|advocate|"
            r"attorney\s+at\s+law|staff\s+nurse|ward\s+sister|charge\s+nurse|social\s+worker|bailiff|constable|consultant|"
            # ... or an identifier of the person: "Hospital: Abdul Kader Chowdhury, registration CMCH-25-118407"
            r"mrn|mr\s?#|uhid|hospital\s+(?:no|number)|reg(?:istration)?\.?(?:\s+no)?|folder\s+no|hc\s+(?:no|number)|"
            r"[io]p\s+no|nhis|nhif|nhia|nid|national\s+id|qid|cnic|nric|mykad|aadhaa?r|bpjs|d\.?o\.?b|born|date\s+of\s+birth|"
            r"docket|case\s+no|file\s+no|card\s+no|fayda|nida|ic\s+no|tax\s+file|tfn|ppsn|ird|"
            r"(?:nsw\s+|driver'?s\s+|driving\s+)?licen[cs]e|\d{1,3}\s*(?:yrs?|years?|y/?o)))\b",
            score=0.85,
            validate=lambda v: (
                _person_like(v) and not _ordinary_words(v) and not re.match(rf"(?:{CAR_MAKES})\b", v)
            ),
        ),
        # A party named after its role, no colon: "Assignor Isabel Trewin;", "Deceased Mwansa Chileshe, NRC ...".
        _bare(
            "NAME",
            r"(?<![A-Za-z])(?i:assignor|assignee|transferor|transferee|lessor|lessee|vendor|purchaser|executor(?:-nominate)?|"
            r"executrix|applicant|respondent|deceased|deponent|complainant|petitioner|locataire|tenant|landlord|borrower|"
            r"guarantor|donor|recipient|grantor|grantee|mortgagor|surety)\s+"
            rf"(?P<v>(?:[A-Z]\.\s?){{0,3}}{_NAME_PART}(?:\s+{_PARTICLE}{_NAME_PART}){{1,4}}|(?:[A-Z]\.\s?){{1,3}}{_NAME_PART})"
            r"(?=\s*(?:[,;(]|\s(?:of|c\.|v\.?|vs\.?|and)\b))",
            score=0.8,
            validate=lambda v: _person_like(v) and not _ordinary_words(v),
        ),
        # "LEUNG Ka Wai Plaintiff and CHEUNG Siu Fong Defendant"; "(formerly Blessing Adaeze Okonkwo)".
        _bare(
            "NAME",
            rf"(?<![\w'’-])(?P<v>{_CAPS_PART}(?:\s+{_NAME_PART}){{1,2}})\s+(?:Plaintiffs?|Defendants?|Respondents?|Applicants?|"
            r"Petitioners?|Claimants?)\b",
            score=0.8,
            validate=_person_like,
        ),
        _bare(
            "NAME",
            rf"\((?i:formerly|née|nee|born|alias|aka|also\s+known\s+as)\s+(?P<v>{_NAME_PART}(?:\s+{_PARTICLE}{_NAME_PART}){{0,3}})\)",
            score=0.85,
            validate=_person_like,
        ),
        # EHR and form style after a label: "Patient: GARCIA, MARIA L", "Name: Smith, John", "NAME: JOHN SMITH".
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:patient(?:'s)?(?:\s+name)?|pt\.?(?:\s+name)?|name|full\s+name|surname|last\s+name|"
                r"decedent|deceased|insured|subscriber|guarantor|member(?:\s+name)?|client|resident|claimant|applicant|"
                r"tenant|ward|beneficiary|testat(?:or|rix)|employee|witness|respondent|appellant|petitioner|"
                r"next\s+of\s+kin|emergency\s+contact|parent|guardian|spouse|landlord|landlady|lessor|lessee|vendor|"
                r"purchaser|transferor|transferee|borrower|grantor|grantee|mortgagor|plaintiff|defendant|accused|"
                r"complainant|informant|deponent|surety|executor|executrix|subject|driver|owner|occupant|child|baby|infant|"
                r"mother|father|husband|wife|partner)\s*:\s*"
                rf"(?P<v>[{_UP}][{_UP}a-zß-öø-ÿ\u0100-\u017f'’-]+,\s*[{_UP}][{_UP}a-zß-öø-ÿ\u0100-\u017f'’-]+(?:\s+[A-Z]\.?(?![\w]))?"
                rf"|[{_UP}][{_UP}'’-]+(?:\s+[A-Z]\.?)?(?:\s+[{_UP}][{_UP}'’-]+){{1,3}}(?![a-z])"
                rf"|{_CAPS_PART}(?:\s+{_NAME_PART}){{1,2}}(?![\w'’-]))"  # "Landlord: WONG Kwok Keung"
            ),
            score=0.9,
            validate=_person_like,
        ),
        # After a person label, a name in title case with a known first name or surname: "Deceased: Okello John Bosco".
        _bare(
            "NAME",
            r"(?<![A-Za-z])(?i:patient|pt|name|client|resident|deceased|decedent|insured|subscriber|member|claimant|"
            r"applicant|tenant|child|baby|infant|mother|father|husband|wife|partner|plaintiff|defendant|complainant|"
            rf"accused|deponent|testator|testatrix|landlord|purchaser|vendor|borrower|to)\s*:\s*(?P<v>{_NAME2})(?![\w'’-])",
            score=0.85,
            validate=lambda v: _person_like(v) and _has_person_name(v) and not _ordinary_words(v),
        ),
        # A name before its identity or birth details in brackets: "Gethin ap Rhys (DOB ...", "HO Siu Fong (HKID ...".
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>{_NAME2}|{_CAPS_PART}(?:\s+{_NAME_PART}){{1,2}}|{_CAPS_PART}(?:\s+{_CAPS_PART}){{1,3}})"
            r"\s*\((?:DOB|D\.O\.B|born|b\.|NHS|NHI|MRN|CHI|HKID|NRIC|NIC|CNIC|IC|ID|OHIP|PHN|Medicare|PPSN|aged|age)\b",
            score=0.85,
            validate=lambda v: _person_like(v) and not _ordinary_words(v),
        ),
        # A nickname in quotes inside a name: 'Eleanor "Nell" Pritchard', 'RUBEN "BETO" GARCIA'.
        _bare(
            "NAME",
            rf"(?<![\w'’-])(?P<v>(?:{_NAME_PART}|{_CAPS_PART})\s+[\"“'‘][A-Za-z]+[\"”'’]\s+(?:{_NAME_PART}|{_CAPS_PART}))(?![\w'’-])",
            score=0.85,
            validate=lambda v: _person_like(v) and _has_person_name(v),
        ),
        # A record's header: "Discharge summary: Tamatea, Wiremu, NHI PRT7356", "Pt Kowalczyk, Ewa, DOB ...".
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?:^|[:.]\s+|\b(?:Pt|Member|Re|Patient)\.?:?\s+)(?P<v>(?:(?:Ó|Ní|Nic|Mac|Mc|De|Van|Von|Le|La|Da|Di|Du)\s+)?(?:Mc|Mac|O['’])?[{_UP}][\w'’-]+,\s+{_NAME_PART}"
                rf"(?:\s+{_NAME_PART})?(?:\s+[A-Z]\.)?)(?=[,.]?\s+(?:DOB|D\.O\.B|born|aged?|NHS|NHI|CHI|MRN|UR|H&C|Hosp|"
                r"hospital\s+no|health\s+card|PHN|PHIN|AHCIP|HSN|HCN|MSP|HAR|OHIP|RAMQ|Medicare|NIC|SSN|PPSN|UHID|ID)\b|"
                r",?\s+\d{1,3}\s*(?:/?[MF]\b|y\b|yo\b|yrs\b))"
            ),
            score=0.85,
            validate=lambda v: _person_like(v) and not _ordinary_words(v) and not _has_country(v),
        ),
        # "Member JACKSON, TERRELL D": a surname and given name in capitals, one of them a known name.
        _bare(
            "NAME",
            rf"(?<![\w'’-])(?P<v>{_CAPS_PART},\s+{_CAPS_PART}(?:\s+{_CAPS_PART})?(?:\s+[A-Z]\b\.?)?)(?![\w'’-])",
            score=0.8,
            validate=lambda v: _person_like(v) and v.split(",")[1].split()[0].lower() in first_names(),
        ),
        # Relations in South Asian and Nigerian documents: "Sudipta Banerjee, son of late Amal Banerjee",
        # "widow of late S. Krishnaswamy", "Bilal Ahmed s/o Muhammad Aslam".
        _bare(
            "NAME",
            r"(?<![A-Za-z])(?:s/o|d/o|w/o|(?:son|daughter|wife|widow|husband)\s+of)\s+(?:(?:late|Late|Lt\.)\s+)?"
            r"(?:(?:Sri|Shri|Smt|Mr|Mrs|Dr|Alhaji|Chief)\.?\s+)?"
            rf"(?P<v>(?:(?:Md|Mohd|Muhd|Syed)\.?\s+)?(?:[A-Z]\.\s?){{0,3}}{_NAME_PART}(?:\s+{_PARTICLE}{_NAME_PART}){{0,3}})",
            score=0.85,
            validate=_person_like,
        ),
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>(?:(?:Md|Mohd|Muhd|Syed)\.?\s+)?(?:[A-Z]\.\s?){{0,3}}{_NAME2}),?\s+"
            r"(?:s/o|d/o|w/o|(?:son|daughter|wife|widow|husband)\s+of)\b",
            score=0.85,
            validate=_person_like,
        ),
        # A party named before its role: "Jaspreet Kaur Grewal, applicant, and ...".
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>{_NAME2}),\s+(?:the\s+)?(?:applicant|respondent|plaintiff|defendant|claimant|"
            r"petitioner|appellant|deponent|testator|testatrix|accused|complainant|surety)s?\b",
            score=0.85,
            validate=_person_like,
        ),
        # Parties after "Between"/"And" in a caption: "BETWEEN SIOBHÁN NÍ MHAOLÁIN PLAINTIFF", "And MUTHUSAMY RAJENDRAN (NRIC".
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?:\b(?:Between|BETWEEN|And|AND)\b:?)\s+(?P<v>{_CAPS_PART}(?:\s+{_CAPS_PART}){{1,3}})"
                r"(?=\s*(?:\(|,|\.\.\.|…|$))"
            ),
            score=0.8,
            validate=_person_like,
        ),
        _bare(
            "NAME",
            rf"(?i:between|and|v\.?|versus)\s+(?P<v>{_NAME2})\s*\((?i:the\s+)?(?i:plaintiff|defendant|claimant|applicant|respondent|"
            r"appellant|petitioner|pursuer|defender|accused|deceased)s?\)",
            score=0.85,
        ),
        # "I, Siobhán Ní Mhaoláin, of ..." (affidavits, wills, witness statements).
        _bare(
            "NAME",
            rf"\bI,\s+(?P<v>{_NAME2}|[{_UP}][{_UP}'’-]+(?:\s+[{_UP}][{_UP}'’-]+){{1,3}}),\s+(?:(?i:of|born|aged|residing|the|a|an|currently|date)\b|[a-z])",
            score=0.85,
        ),
        # "Be it known that X died", "X, deceased", "X died on".
        _bare(
            "NAME",
            rf"(?<![\w'’-]){_NOT_ROLE}(?P<v>{_NAME2})(?:,\s+(?i:deceased|late\s+of)\b|\s+died\s+(?:on|at|in|aged)\b)",
            score=0.85,
        ),
        # A party or patient named by surname alone: "the defendant Dhillon, operating ...".
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:defendant|plaintiff|claimant|applicant|respondent|appellant|petitioner|accused|witness|"
                r"deponent|complainant|victim|suspect|patient|tenant|landlord|debtor|employee|officer|constable)\s+"
                rf"(?P<v>{_NAME_PART})(?=\s*[,;:)]|\.\s|\s+(?:was|is|had|has|did|stated|said|told|testified|admitted|"
                r"denied|operating|driving|claims|alleges|seeks|appeared|attended|reported))"
            ),
            score=0.8,
            validate=_person_like,
        ),
        # Case captions: "Priya Sharma v Acme Ltd", "DOE v. SMITH", "R v Okafor".
        Pattern(
            entity="NAME",
            regex=re.compile(
                r"(?<![\w.])(?!(?:In|The|See|Cf|And|But|Per|Under|From|As|Following|Applying|Unlike|Like|Both|Since|After|"
                r"Before|Also|Contra|Compare|Accord|Citing|Re)\s)"
                rf"(?P<v>{_NAME2}|[{_UP}][{_UP}'’-]+(?:\s+[{_UP}][{_UP}'’-]+){{1,2}})\s+(?:v|vs|versus)\.?\s+[A-Z]"
            ),
            score=0.8,
            validate=_person_like,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(rf"(?:^|,\s+|\.\s+|:\s+)(?P<v>{_NAME_PART})\s+v\.?\s+[A-Z]"),
            score=0.75,
            validate=lambda v: (
                _not_org(v)
                and not _caps_label(v)
                and v.lower() not in _WIDE_PLACES
                and v
                not in {
                    "State",
                    "People",
                    "Commonwealth",
                    "Crown",
                    "Regina",
                    "Rex",
                    "R",
                    "United",
                    "Re",
                    "In",
                }
            ),
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"\s(?:v|vs|versus)\.?\s+(?P<v>{_NAME2}|[{_UP}][{_UP}'’-]+(?:\s+[{_UP}][{_UP}'’-]+){{1,2}}(?![a-z]))"
                rf"{_NO_ORG_AFTER}(?![\w-])"
            ),
            score=0.8,
            validate=_person_like,
        ),
        Pattern(
            entity="NAME",
            regex=re.compile(
                rf"(?<![A-Za-z])(?:R|The\s+(?:Queen|King|State|People)|State|People|Commonwealth|United\s+States)\s+v\.?\s+"
                rf"(?P<v>{_NAME_PART}(?:\s+{_NAME_PART})?)\b{_NO_ORG_AFTER}"
            ),
            score=0.85,
            validate=_not_org,
        ),
        # -- geography -----------------------------------------------------------------------------
        _bare(
            "ADDRESS",
            rf"{_UNIT_BEFORE}(?:\b(?:Blk|Block)\s+)?(?:\b|(?<=/))(?:\d{{1,4}}[A-Z]?/)?\d{{1,6}}[A-Z]?(?:-\d{{1,4}}[A-Z]?|-[A-Z]\b|\s1/2|½)?"
            r"(?:\s+(?:[NSEW]|NE|NW|SE|SW|[NS]\.[EW]\.)\.?)?"
            rf"(?:\s+(?:[A-Z][a-zA-Z'-]+|\d{{1,3}}[A-Z]?(?:st|nd|rd|th)?)){{1,4}}"
            rf"\s+{_STREET}(?:\s+(?:[A-Z]{{1,2}}-?)?\d{{1,4}}\b(?![:/.,]\d))?(?:\s+(?:East|West|North|South|NE|NW|SE|SW|E|W|N|S)\b\.?)?{_UNIT}"
            rf"(?:,\s+[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+){{0,2}}\s+{_STREET})?",
            score=0.9,
        ),
        _bare(
            "ADDRESS",
            r"\b(?i:p\.?\s?o\.?\s*(?:box|drawer)|post office box|gpo box|private bag|locked bag|"
            r"(?:rr|hc|rural route|star route|rt\.?|rte\.?|psc|cmr|unit)\s*#?\s*\d{1,4}(?:,?\s+box)?)\s+#?\d{1,7}(?:-?[A-Z]|-\d{5})?\b(?:,?\s+(?:Station|Stn|STN|RPO|Postal\s+Station)\s+[A-Z0-9]+\b)?",
            score=0.9,
        ),
        _bare(
            "ADDRESS",
            rf"(?:\b(?:Apt|Apartment|Flat|Unit|Suite|Ste)\.?\s*[A-Z0-9-]+,\s+)?\b(?:(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}\s+(?:{_HOUSE_WORDS})|The\s+[A-Z][a-z]+),\s+(?:\d{{1,4}}[A-Z]?\s+)?"
            rf"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}\s+{_STREET}",
            score=0.85,
        ),
        # A lot or shop number instead of a house number: "Lot 7 Bruce Highway".
        _bare(
            "ADDRESS",
            rf"\b(?:Lot|Shop|Unit|Site|Plot)\s+\d{{1,4}}[A-Z]?,?\s+(?:[A-Z][a-zA-Z'-]+\s+){{1,3}}{_STREET}{_UNIT}",
            score=0.9,
        ),
        # Named houses and crofts with their locality: "Ardnagashel House, Kilnamartyra", "Croft of Netherton".
        _bare(
            "ADDRESS",
            r"(?:(?<=\bat )|(?<=\bof )|(?<=\bto )|(?<=\| )|(?<=: )|(?<=\bin )|(?<=R/o ))"
            r"(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s+(?:House|Cottage|Farm|Farmhouse|Rectory|Vicarage|Barn|"
            r"Croft|Forge|Steading|Bungalow|Schoolhouse|Manse|Smithy|Bothy|Oast|Granary)(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
            r"(?=,\s+[A-Z])",
            score=0.75,
            validate=lambda v: (
                _not_org(v)
                and not re.match(
                    r"(?:The\s+)?(?:Police|Fire|Railway|Bus|Train|Power|Gas|Petrol|Service|Nursing|Care|Medical|Health|Court|"
                    r"Town|City|County|White|Opera|Custom|Guest|Public|Open|Full|Safe|Green|Dog|Tree|Glass|Light|Ware)\b",
                    v,
                )
            ),
        ),
        _bare("ADDRESS", r"\b(?:Croft|Mains|Farm|Mill|Milton|Kirkton)\s+of\s+[A-Z][a-z]+", score=0.8),
        _bare(
            "ADDRESS",
            r"(?<=, )(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Farmhouse|Cottage|Farm|Rectory|Vicarage|Barn|Croft|Forge|"
            r"Steading|Bungalow|Schoolhouse|Manse)(?=,\s+[A-Z])",
            score=0.75,
            validate=_not_org,
        ),
        # After an address label, the address and up to three more parts, each starting with a capital, a
        # digit or #: "Address: Croft of Netherton, Insch", "Address: Room 1506, Wah Ming House, Wah Fu Estate".
        _bare(
            "ADDRESS",
            r"(?<![A-Za-z])(?i:home\s+address|residential\s+address|postal\s+address|mailing\s+address|prior\s+address|"
            r"previous\s+address|correspondence\s+address|address(?:\s+for\s+service)?|addr|premises|property)\.?\s*:\s*"
            # (a later part with four digits in a row is the postcode, found on its own)
            r"(?P<v>[A-Z0-9][^,|;\n(]{2,60}?(?:,\s*[A-Z0-9#](?:(?!\d{4})[^,|;\n(]){0,40}?){0,3})(?=\s*[,|;\n(]|$)",
            score=0.85,
        ),
        # Villages in Indian addresses: "Vill. Bhagwanpur, Post Rampur Khas".
        _bare(
            "ADDRESS",
            r"\b(?:Vill|Village|Mohalla|At\s*/\s*Post|At\s+&\s+Post)\.?\s+[A-Z][\w]+(?:\s+[A-Z][\w]+)?"
            r"(?:,\s*(?:Post|P\.O\.|PO|Tehsil|Teh|Via|Taluk|Mandal|Block)\.?\s+[A-Z][\w]+(?:\s+[A-Z][\w]+)?){0,3}",
            score=0.85,
        ),
        # Number first, then a French street: "4521, rue de la Roche, app. 6".
        _bare(
            "ADDRESS",
            r"(?<![\w.,/-])\d{1,5}[A-Z]?,?\s+(?i:rue|avenue|av\.|boulevard|boul\.|chemin|ch\.|rang|route|place|montée|côte)\s+"
            r"(?:(?:de\s+la|de\s+l'|du|des|de|d')\s*)?[A-ZÀ-Þ][\w'-]+(?:[\s-]+[A-ZÀ-Þ][\w'-]+){0,2}"
            r"(?:\s+(?:O|E|N|S|Ouest|Est|Nord|Sud)\b)?(?:,?\s+(?:app\.?|apt\.?|bureau|suite|unité)\s*[\w-]+)?",
            score=0.85,
        ),
        # Edmonton-style "11824 - 95 Street NW"; Welsh named houses "Tŷ Newydd, Lôn Pen-y-bryn".
        _bare(
            "ADDRESS",
            r"\b\d{3,6}\s?-\s?\d{1,3}(?:st|nd|rd|th)?\s+(?:Street|St|Avenue|Ave)\b\.?(?:\s+(?:NW|NE|SW|SE))?",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"\b(?:Tŷ|Plas|Bwthyn|Fferm)\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?:,\s+(?:Lôn|Heol|Ffordd|Stryd)\s+[\w'-]+(?:\s+[\w'-]+)?)?",
            score=0.85,
        ),
        # Informal, lower-case: "2215 w cortland st apt 3".
        _bare(
            "ADDRESS",
            r"(?<![.,£$€])\b\d{2,6}\s+(?:[nsew]\.?\s+)?[a-z]{3,}(?:\s+[a-z]{3,}){0,2}\s+(?:st|ave|rd|blvd|dr|ln|ct|street|avenue|road|drive|"
            r"lane|court|place|way|terrace|circle)\b\.?(?:\s+(?:apt|unit|ste|#)\.?\s*[\w-]+)?",
            score=0.7,
        ),
        # Forms in capitals: "505 W 152ND ST #5C", "2211 N HALSTED AVE APT 3".
        _bare(
            "ADDRESS",
            r"\b(?:(?:APT|UNIT|STE|#)\s*[A-Z0-9-]+\s+)?(?:\d{1,5}-)?\d{1,6}[A-Z]?\s+(?:[NSEW]{1,2}\.?\s+)?(?:\d{1,3}(?:ST|ND|RD|TH)|[A-Z]{2,}\.?)(?:\s+[A-Z]{2,}){0,2}\s+"
            r"(?:ST|AVE|AV|RD|BLVD|LN|DR|CT|PL|TER|PKWY|HWY|CIR|WAY|STREET|AVENUE|ROAD|DRIVE|LANE|COURT|PLACE|BOULEVARD|"
            r"TERRACE|PARKWAY|HIGHWAY|CIRCLE)\b\.?(?:\s+[NSEW]{1,2}\b)?(?:,?\s*(?:APT|UNIT|STE|SUITE|FL|RM|TRLR|LOT|#)\.?\s*#?[A-Z0-9-]+|\s+(?:UPPER|LOWER|REAR|FRONT|BSMT)\b)?",
            score=0.85,
        ),
        # A house number and a Spanish street name, as the US Southwest writes it: "Apt. 5, 902 Calle del Sol".
        _bare(
            "ADDRESS",
            rf"{_UNIT_BEFORE}\b\d{{1,6}}\s+(?:(?:N|S|E|W|North|South|East|West)\.?\s+)?(?:Calle|Camino|Avenida|Paseo|Vía|Via|Callejón|Plaza|Rue|Rua)\s+"
            r"(?:(?:de\s+la|de\s+los|de\s+las|del|de|la|las|los)\s+)?[A-ZÀ-Þ][\w'-]+(?:\s+[A-ZÀ-Þ][\w'-]+)?"
            rf"(?:\s+(?:[NSEW]|O|Ouest|Est|Nord|Sud)\b)?{_UNIT}",
            score=0.9,
        ),
        # After a residence cue, a house number (or flat) and the words up to the town:
        # "lives alone at 1187 Calle Ranchito, Las Cruces", "of 12 Páirc na Coille, Galway", "R/o Flat B-702, Kumar Pebble Park, Hadapsar".
        _bare(
            "ADDRESS",
            r"(?:(?<![A-Za-z])(?i:lives|living|lived|resides|residing|reside|resident|domiciled|staying|moved|relocated|remain|"
            r"delivered)(?:\s+alone)?"
            r"\s+(?:at|to)\s+|(?i:r/o)\s+|(?<=, )of\s+|(?i:address(?:\s+for\s+service)?)\s*:?\s+)"
            r"(?P<v>(?:(?:Flat|Apt|Apartment|Unit|Suite|Room|House|H\.?\s?No\.?|Old\s+No\.?|Door\s+No\.?|Plot\s+No\.?|No\.?)\s*)?"
            r"[\w/-]*\d[\w/-]*,?\s+"
            r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|na|an|de|del|la|las|los|y|ar|of|the|st|nd|rd|th)){0,4}"
            r"(?:,\s+(?:[A-ZÀ-Þ][\w'’.-]+|\d{1,3}(?:st|nd|rd|th))(?:\s+(?:[A-ZÀ-Þ][\w'’.-]+|\d{1,4}[A-Z]?)){0,3}){0,3})"
            r"(?=\s*(?:[,;.(]|\s+in\b|$))",
            score=0.9,
        ),
        _bare(
            "ADDRESS",
            r"\b(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|Seventeen|"
            rf"Eighteen|Nineteen|Twenty)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+{_STREET}{_UNIT}",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"\b(?:Flat|Room|Rm|Unit|Apt)\.?\s*[\w-]+,\s+\d{1,2}/F,?\s+(?:(?:Block|Blk|Tower|Tsuen|Wing)\s+[\w-]+,\s+)?"
            r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}(?:,\s+\d{1,4}[A-Z]?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"\b(?:Blk|Block)\s+\d{1,4}[A-Z]?\s+[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|\d{1,4}[A-Z]?)){1,5}(?:,?\s+#\d{1,3}-\d{1,5})?",
            score=0.9,
        ),
        _bare(
            "ADDRESS",
            r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s+(?:Lôn|Heol|Ffordd|Stryd|Bóthar|Sráid)\s+[\w'’-]+(?:\s+[\w'’-]+)?",
            score=0.8,
        ),
        # A box number alone between commas: "PHIN 109 457 233, Box 118, Norway House".
        _bare("ADDRESS", r"(?<=, )Box\s+\d{1,5}(?=,\s+[A-Z])", score=0.8),
        # Rural Canadian roads: "4418 Concession 7", "2210 Sideroad 15", "53024 Range Road 225".
        _bare(
            "ADDRESS",
            r"\b\d{1,6}\s+(?:Concession(?:\s+Road)?|Conc\.?|Sideroad|Side\s+Road|Line|Range\s+Road|Township\s+Road|Twp\s+Rd|Rang)"
            r"\s+\d{1,3}[A-Z]?\b",
            score=0.85,
        ),
        # Grid addresses of the western US: "3370 S 2700 W".
        _bare(
            "ADDRESS",
            r"\b\d{1,5}\s+(?:[NSEW]\.?|North|South|East|West)\s+\d{1,5}\s+(?:[NSEW]\b\.?|North|South|East|West)\b",
            score=0.85,
        ),
        # "41 Kingsway", "3 Southgate": a house number and a one-word street name ending in -way/-gate.
        _bare("ADDRESS", rf"{_UNIT_BEFORE}\b\d{{1,4}}[A-Z]?\s+[A-Z][a-z]{{2,}}(?:way|gate)\b", score=0.85),
        # Welsh and Irish street words come first: "31 Heol y Coed", "12 Bóthar na Trá".
        _bare(
            "ADDRESS",
            r"\b\d{1,4}[A-Z]?\s+(?:Heol|Ffordd|Stryd|Lôn|Bóthar|Sráid|Cnoc)\s+(?:(?:y|yr|an|na|an\s+t)\s+)?"
            r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+)?",
            score=0.85,
        ),
        # Indian and South Asian house numbers and the segments after them:
        # "H.No. 12-3-456, Road No. 5, Banjara Hills", "Flat No. 302, Sai Residency, Sector 21".
        _bare(
            "ADDRESS",
            r"(?:\b(?:H\.?\s?No|House\s+No|Flat\s+No|Plot\s+No|Door\s+No|D\.\s?No|Shop\s+No|Quarter\s+No)|"
            r"(?<=R/o )No|(?<=at )No|(?<=address: )No|No(?=\.?\s*\d{1,4}[A-Z]?,\s*\d{1,2}(?:st|nd|rd|th)\s+(?:Cross|Main|Block|"
            r"Stage|Phase|Sector|Street|Road|Lane|Avenue)))\.?\s*[:#]?\s*"
            r"[\w/-]*\d[\w/-]*(?:,\s*(?:[A-Z]\.\s?){0,3}(?:[A-Z0-9](?:[\w'’/-]|\.(?=\w))*)"
            r"(?:\s+(?:No\.\s*)?(?:[A-Z]\.\s?){0,3}[A-Z0-9](?:[\w'’/-]|\.(?=\w))*){0,3}){0,3}",
            score=0.9,
        ),
        # US highway addresses: "12345 State Route 9", "4500 US Highway 19 N".
        _bare(
            "ADDRESS",
            rf"{_UNIT_BEFORE}\b[NSEW]?\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:(?:State|County|US|U\.S\.|Farm\s+to\s+Market)\s+)?"
            r"(?:Route|Rte|Highway|Hwy|Road|Rd|FM|CR|SR)\.?"
            rf"\s*-?\s*(?:\d{{1,4}}[A-Z]?|[A-Z]{{1,2}})\b(?:\s+(?:[NSEW]|North|South|East|West)\b)?{_UNIT}",
            score=0.85,
        ),
        _bare("ADDRESS", rf"\b(?P<v>{_DISTINCT_STREET})", score=0.85),
        # Two-word German streets: "Währinger Straße 147/12", "Am Hof 3".
        _bare(
            "ADDRESS",
            r"\b[A-ZÄÖÜ][a-zäöüß]+\s+(?:Straße|Strasse|Gasse|Platz|Allee|Weg|Ring|Gürtel|Kai|Zeile|Markt|Damm|Ufer|Chaussee)"
            rf"\s+\d{{1,4}}[a-z]?(?:/\d{{1,4}}[a-z]?)?\b{_FLOOR}",
            score=0.85,
        ),
        # Continental streets: "Hauptstraße 12", "Lindenweg 4a", "77 rue de Rivoli", "Via Roma 5", "Calle Mayor 3".
        # (a bare "Walchestrasse 9" line is a company's imprint as often as a home: postcode or cue needed)
        _bare(
            "ADDRESS",
            rf"\b(?P<v>{_CONTINENTAL_STREET})(?=,?\s+(?:[A-Z]{{1,2}}-)?\d{{4,5}}\s+[A-ZÀ-Þ])",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"(?<![A-Za-z])(?i:at|address:?|lives\s+(?:at|in)|living\s+at|resid(?:es|ing)\s+at|moved\s+to)\s+"
            rf"(?P<v>{_CONTINENTAL_STREET})",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|chemin|allée|quai|impasse)\s+"
            r"(?:(?:de\s+la|de|du|des|d'|l')\s*)?[A-ZÀ-Þ][\w'-]+(?:\s+[A-ZÀ-Þ][\w'-]+)?",
            score=0.85,
        ),
        _bare(
            "ADDRESS",
            r"(?:\bNo\.?\s*\d{1,4}[A-Z]?,\s*|(?:(?<=\bat )|(?<=\bof )|(?<=: )|(?<=\| )|(?<=^))\d{1,4}[A-Z]?,\s*)?\b(?:Via|Viale|Piazza|Corso|Calle|Avenida|Av\.|Plaza|Paseo|Carrer|Rua|Rue|Avenue|Chaussée|Boulevard|Jalan|Lorong|"
            r"Persiaran|Lebuh|ul\.|al\.|ulica|aleja|V|Na|U|Nám\.|Náměstí)\s+"
            r"(?:(?:de\s+la|de\s+l'|del|de|des|du|della|di|da|do|dos|das)\s+)?"
            rf"[A-ZÀ-ÞĀ-Ž][\w'-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'-]+){{0,2}},?\s+\d{{1,4}}[a-zA-Z]?(?:/\d{{1,4}}[a-z]?)?\b"
            r"(?:\s+(?:m\.|bte|bus|boîte|lok\.|apt\.?|app\.?)\s*\d{1,4}|\s+[A-Z]\s\d{1,3}\b|,\s*\d{1,2}\.?\s?[ºª°]\s*(?:Esq|Dto|Dir|Frt)\.?)?"
            rf"{_FLOOR}",
            score=0.85,
        ),
        # A continental postcode before its town, after a street: "Hauptstraße 12, 80331 München".
        _bare(
            "ZIP",
            r"(?:(?:straße|strasse|str\.|weg|platz|gasse|allee)\s+\d{1,4}[a-z]?|\b(?:rue|avenue|boulevard|place|via|calle)"
            r"\s+[\w' -]{2,40}?),\s+(?P<v>(?:[A-Z]{1,2}-)?\d{4,5})\s+[A-ZÀ-Þ]",
            score=0.85,
        ),
        # The place a police station is named for: "at the Kilimani police station", "Tejgaon thana".
        _bare(
            "LOCATION",
            rf"\b(?P<v>{_NAME_PART}(?:\s+{_NAME_PART}){{0,2}})\s+(?i:police\s+(?:station|post)|thana)\b"
            rf"|\bP\.\s?S\.\s+(?P<v2>{_NAME_PART}(?:\s+{_NAME_PART}){{0,2}})",
            score=0.8,
            validate=lambda v: (
                not _ordinary_words(v)
                and v.split()[0] not in ("The", "A", "An", "This", "That")
                and not re.search(
                    r"\b(?:Street|St|Road|Rd|Avenue|Ave|Lane)$", v
                )  # "the Park Street police station" is named for a street
            ),
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                rf"(?<![A-Za-z])(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),\s+(?:{_STATES}|{_STATE_NAMES}|{_PROVINCES})"
                r"(?![A-Za-z])"
            ),
            score=0.8,
            validate=lambda v: v.split()[0] not in {"Suite", "Apt", "Unit", "Floor", "Room"},
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:moved to|move to|lives in|living in|lived in|resides in|residing in|"
                r"resident of|born in|relocated to|transferred to|town of|city of|village of|county of)"
                rf"\s+(?P<v>{_NAME_PART}(?:[ -]{_NAME_PART}){{0,2}})"
            ),
            score=0.75,
            validate=lambda v: v.lower() not in _WIDE_PLACES,
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                rf"(?<![A-Za-z])(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})\s+(?:{_STATES})\s+{_ZIP}\b"
            ),
            score=0.8,
            validate=lambda v: v.split()[0] not in {"Suite", "Apt", "Unit", "Floor", "Room"},
        ),
        _bare("ZIP", rf"(?<![A-Za-z])(?:{_STATES}|{_STATE_NAMES})\.?,?\s+(?P<v>{_ZIP})\b", score=0.9),
        _bare("ZIP", r"(?i:zip(?:\s*code)?|postal\s+code)\s*[:#]?\s*(?P<v>\d{5}(?:-\d{4})?)\b", score=0.95),
        # Bare, a UK postcode needs its space ("C57BL/6" is a mouse strain); after "postcode" it need not.
        _bare("ZIP", rf"(?<![\w-])(?=[A-Z0-9]{{2,4}}\s){_UK_POSTCODE}(?![\w-])", score=0.8),
        _bare(
            "ZIP", r"(?<![A-Za-z])(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT)\s+(?P<v>\d{4})(?!\d|\s[A-Z]\b)", score=0.85
        ),
        _bare("ZIP", rf"(?<![\w-]){_CA_POSTCODE}(?![\w-])", score=0.8),
        _bare("ZIP", rf"(?<![\w-]){_EIRCODE}(?![\w-])", score=0.75),
        _bare(
            "ZIP",
            r"(?<![A-Za-z])(?i:post\s*code|postal\s+code|code\s+postal|postleitzahl|plz|cap|cp|c\.p\.|p\.c\.)(?![A-Za-z0-9])\s*[:#]?\s*"
            r"(?P<v>[A-Z0-9]{2,5}[ -]?[A-Z0-9]{2,4}|\d{3})\b",
            score=0.9,
            validate=lambda v: any(c.isdigit() for c in v),
        ),
        # A postcode after a house number and before the town, as most of Europe writes it:
        # "Sveavägen 44, 111 34 Stockholm", "Keizersgracht 123, 1015 CJ Amsterdam", "ul. Długa 5, 00-950 Warszawa".
        _bare(
            "ZIP",
            r"(?:\d[A-Za-z]?(?:-[A-Z0-9]{1,3})?|\b(?:OG|EG|DG|Stock|tv|th|mf|sal)\.?|[ºª°]\s?[A-Z0-9]{1,2}),\s*"
            r"(?P<v>(?:[A-Z]{1,2}-)?(?:\d{3}\s\d{2}|\d{4}\s?[A-Z]{2}|\d{4}-\d{3}|\d{2}-\d{3}|\d{4,5}))"
            r"\s+[A-ZÀ-ÞŌ][\w’'-]+",
            score=0.85,
        ),
        # Indonesian postcodes after the city: "Jakarta Selatan 12810".
        _bare(
            "ZIP",
            r"\b(?:Jakarta(?:\s+(?:Selatan|Utara|Barat|Timur|Pusat))?|Surabaya|Bandung|Medan|Semarang|Makassar|Denpasar|"
            r"Yogyakarta|Bekasi|Tangerang(?:\s+Selatan)?|Depok|Bogor|Malang|Palembang|Batam|Sleman|Badung)\s+(?P<v>\d{5})\b",
            score=0.85,
        ),
        # A five-digit postcode before the town at the end of an address: "Jalan Ipoh Kecil, 50350 Kuala Lumpur."
        _bare(
            "ZIP",
            r"(?<=,\s)(?P<v>\d{5})\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*(?:[.;,)]|$)|\s+(?:on|at|in|and)\b)",
            score=0.75,
        ),
        # Postcodes by their neighbours: "Sitapur (U.P.) 261001", "S(560412)", "..., Ōtorohanga 3973 |".
        _bare("ZIP", r"\((?:[A-Z]\.?){2,3}\)\s+(?P<v>[1-9]\d{2}\s?\d{3})(?!\w|[.,]\d)", score=0.85),
        _bare("ZIP", r"\bS\s?\((?P<v>\d{6})\)", score=0.85),
        _bare("ZIP", r"\bBox\s+\d{1,7}\s?-\s?(?P<v>\d{5})\b", score=0.85),
        _bare(
            "ZIP",
            r"(?<![\w-])(?P<v>\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2}|(?!19|20)\d{4}\s?[A-Z]{2})\s+[A-ZÀ-Þ][a-zà-ÿ]{2,}",
            score=0.75,
        ),
        Pattern(
            entity="ZIP",
            regex=re.compile(
                rf"(?<=,\s)(?P<town>[{_UP}][a-zß-öø-ÿ\u0100-\u017f]+(?:\s+[{_UP}][a-z]+)?),?\s+(?P<v>\d{{4,5}}(?:-\d{{4}})?)"
                r"(?=\s*(?:[|;.]|,\s|$|\s+(?:and|or|with)\b))"
            ),
            score=0.75,
            validate=lambda v: not re.fullmatch(r"(?:19[5-9]\d|20[0-3]\d)", v),
        ),
        # A four-digit postcode after a street and its town: "56 Karaka Street, Rotorua 3010".
        _bare(
            "ZIP",
            rf"\b{_STREET},\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,?\s+(?P<v>\d{{4}})(?!\w|[.,]\d)",
            score=0.8,
        ),
        _bare(
            "ZIP",
            r"(?<![A-Za-z])(?i:pin(?:\s*code)?|pincode|zip|postcode|post\s+code)\s*[:#.-]?\s*(?P<v>[1-9]\d{2}\s?\d{3})(?!\d)",
            score=0.9,
        ),
        # Indian PIN after the city ("Bengaluru - 560034", "New Delhi 110 001") and Singapore ("Singapore 238823").
        _bare(
            "ZIP",
            r"(?:(?<![A-Za-z])[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?\s*[-–]\s*|,\s*[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?,?\s+|"
            r"\b(?i:singapore)\s+)(?P<v>[1-9]\d{2}\s?\d{3})(?!\w|[.,]\d)",
            score=0.75,
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                rf"(?<![A-Za-z])(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),?\s+(?:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE})"
                r"(?![\w-])"
            ),
            score=0.8,
        ),
        _bare(
            "LOCATION",
            r"\b(?:Distt?|District|Tehsil|Taluka?|Mandal)\.?\s+(?P<v>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)",
            score=0.8,
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                r"(?<![A-Za-z])(?i:city|town|suburb|village|municipality|city/town|place\s+of\s+birth|birthplace)\s*:\s*"
                rf"(?P<v>[{_UP}][a-zß-öø-ÿ'’-]+(?:[ -][{_UP}][a-zß-öø-ÿ'’-]+){{0,2}}|[{_UP}]{{2,}}(?:[ -][{_UP}]{{2,}}){{0,2}})"
            ),
            score=0.85,
            validate=lambda v: v.lower() not in _WIDE_PLACES,
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                r"(?<![A-Za-z])(?:County|Parish|Borough|Township)\s+of\s+(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
            ),
            score=0.7,
        ),
        Pattern(
            entity="LOCATION",
            regex=re.compile(
                r"(?<![A-Za-z])(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}\s+(?:County|Parish|Borough|Township)\b)"
            ),
            score=0.7,
            validate=lambda v: v.split()[0] not in {"The", "This", "Such", "Any", "Each", "Said", "Every"},
        ),
        # -- dates and ages ------------------------------------------------------------------------
        # An age over 89 in Malay and Indonesian ("92 tahun", "91 th"), French, Spanish and German, and "at 94 she ...".
        _bare("AGE", r"\b(?P<v>9\d|1[01]\d)\s*(?:tahun|thn|th|ans|años|Jahre)\b", score=0.85),
        _bare("AGE", r"\b(?i:at)\s+(?P<v>9\d|1[01]\d)\s+(?:she|he|they)\b", score=0.85),
        # An age over 89 after a name, alone: "driven by Yusuf Haddad, 91.", "the pedestrian Chisomo Banda is 90."
        _bare("AGE", rf"{_NAME2}(?:,|\s+(?:is|was))\s+(?P<v>9\d|1[01]\d)(?=[.,;)]|$)", score=0.8),
        _bare(
            "DATE",
            rf"{_WEEKDAY}\b{_MONTH}\.?\s+{_DAY}\b(?:\s*(?:-|–|to|and|&|through)\s*{_DAY}\b)?(?:,?\s+{_YEAR}\b)?",
            score=0.85,
        ),
        _bare(
            "DATE",
            rf"{_WEEKDAY}(?i:\bthe\s+)?\b{_DAY}\s+(?i:(?:day\s+)?of\s+)?{_MONTH}\.?(?:,?\s+(?:{_YEAR}|'?\d{{2}}(?![\d:.]|\s*(?i:patients|cases|mg|%))))?\b",
            score=0.85,
        ),
        _bare("DATE", rf"(?<![\d/.-]){_MM}/(?:19|20)\d{{2}}(?![\d/-]|\.\d)", score=0.75),
        _bare(
            "DATE",
            rf"\b(?i:{_WEEKDAY_WORD})\.?,?\s+\d{{1,2}}([/.-])\d{{1,2}}\1(?:19|20)?\d{{2}}\b",
            score=0.85,
        ),
        _bare("DATE", r"\b\d{1,2}/\d{1,2}/1[34]\d{2}\s?(?:H|AH|(?i:hijri))\b", score=0.85),
        _bare("DATE", rf"\b{_DD}(?P<s>[-/ ]){_MONTH}(?P=s)(?:19|20)?\d{{2}}\b", score=0.85),
        # US month first with dots: "11.15.2025" (day-first "15.11.2025" is found elsewhere).
        _bare("DATE", r"\b(?:0?[1-9]|1[0-2])\.(?:1[3-9]|2\d|3[01])\.(?:19|20)\d{2}\b", score=0.8),
        _bare(
            "DATE",
            rf"(?i:\bthe\s+)?\b{_ORDINAL_WORD}\s+(?:day\s+)?of\s+{_MONTH}\b(?:,?\s+{_YEAR}\b)?",
            score=0.85,
        ),
        _bare(
            "DATE",
            r"(?<![A-Za-z])(?i:on|since|from|until|through|thru|dated?|drawn|seen|admitted|discharged|dos|doa|dod|again|"
            r"about|around|approximately|circa|before|after|last|next|effective|as\s+of|by|"
            r"repeated|collected|obtained|visit|f/u|follow-up|followup)"
            rf"\s+(?P<v>{_MM}/{_DD})(?![/\d])",
            score=0.8,
        ),
        _bare(
            "DATE",
            rf"(?<![\d/.-]){_MM}/{_DD}(?=,?\s+(?:at\s+)?(?:[01]?\d|2[0-3])(?::[0-5]\d|\s?(?i:am|pm|a\.m\.|p\.m\.)))",
            score=0.8,
        ),
        _bare(
            "DATE",
            r"(?<![A-Za-z])(?i:phone|call|voicemail|vm|note|visit|appt|appointment|called|emailed|texted|faxed|signed|filed|"
            r"received|sent|injured|injury|surgery|op|procedure|log|entry|message|msg|scan|mri|ct|x-?ray|labs?|ed|check|"
            r"recheck|test|review|due|drawn|bloods|inr|follow-up|f/u|appt\.?)"
            rf"\s+(?P<v>{_MM}/{_DD})(?![/\d])",
            score=0.75,
        ),
        _bare("DATE", rf"\b{_DD}\.\s{_MM}\.\s(?:19|20)\d{{2}}\b", score=0.8),
        # A weekday names a day: "Friday 1/24", "Tue 3/5", "Mon., 12/2".
        _bare("DATE", rf"\b(?i:{_WEEKDAY_WORD})\.?,?\s+{_MM}/{_DD}(?![/\d])", score=0.8),
        # "March of 2021"; compact clinical/SAS dates "01JAN2024", "03MAR21".
        _bare("DATE", rf"\b{_MONTH}\s+of\s+{_YEAR}\b", score=0.8),
        _bare(
            "DATE",
            rf"\b{_DD}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?:19|20)?\d{{2}}\b",
            score=0.8,
        ),
        _bare("DATE", rf"\b{_MONTH}\.?(?:,?\s+|-|/){_YEAR}\b", score=0.8),
        _bare("DATE", rf"\b{_MONTH}\.?\s+{_DAY},?\s+'\d{{2}}\b", score=0.85),
        _bare(
            "DATE",
            r"(?<![A-Za-z])(?i:on|by|dated|from|until|till|before|after|since|of)\s+(?P<v>the\s+\d{1,2}(?:st|nd|rd|th))\b"
            r"(?!\s+(?i:of\b|day|floor|percentile|centile|century|time|dose|cycle|grade|edition|week|month|year|line|rib|"
            r"toe|finger|intercostal|ventricle|nerve|cranial|decile|quartile|quintile|generation|position|place|attempt))",
            score=0.75,
        ),
        _bare("DATE", rf"(?<![\d.]){_DD}\.{_MM}\.\d{{2}}(?![\d.])", score=0.7),
        _bare(
            "DATE",
            r"(?<![A-Za-z])(?i:dob|d\.o\.b\.?|date\s+of\s+(?:birth|death|service|admission|discharge|injury|loss|accident)|"
            r"born|dos|doi|dol|dod|birth\s+date|date)\s*[:#]?\s*"
            rf"(?P<v>(?:19|20)\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|{_MM}\s{_DD}\s(?:19|20)\d{{2}}|"
            r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\d{2}|(?:19|20)\d{2}))(?!\d)",
            score=0.9,
        ),
        _bare(
            "DATE",
            rf"(?:(?i:w/c|w/e|wk\s+of)\s+)?\b{_MM}(?P<s>[/-]){_DD}(?P=s)(?:(?:19|20)?\d{{2}})\b(?![/-]\d)",
        ),
        _bare(
            "DATE", rf"(?i:w/c|w/e|wk\s+of)\s+{_DD}(?P<s>[/.-]){_MM}(?P=s)(?:(?:19|20)?\d{{2}})\b", score=0.85
        ),
        _bare("DATE", rf"\b{_DD}(?P<s>[/.-]){_MM}(?P=s)(?:19|20)\d{{2}}\b", score=0.75),
        _bare("DATE", rf"(?<![\d/.-]){_DD}/{_MM}/\d{{2}}(?![\d/]|\.\d)", score=0.7),
        _bare("DATE", rf"\b(?i:{_WEEKDAY_WORD})\.?,?\s+{_DD}/{_MM}(?![/\d])", score=0.8),
        _bare("DATE", rf"\b(?i:{_WEEKDAY_WORD})\.?,?\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b", score=0.8),
        _bare("DATE", rf"\b(?:19|20)\d{{2}}(?P<s>[/.-]){_MM}(?P=s){_DD}\b"),
        _bare(
            "AGE",
            r"\b(?P<v>9\d|1[01]\d)(?:\s*-?\s*(?i:years?|yrs?)[\s-]*(?i:old|of\s+age)|\s*-?\s*(?i:y/?o|y\.o\.?|yrs?\s+old)(?![A-Za-z]))",
            score=0.9,
        ),
        _bare(
            "AGE",
            r"(?<![A-Za-z])(?i:age[ds]?|aged\s+of)(?:\s*(?:[:=]|is|was|of))?\s*(?P<v>9\d|1[01]\d)\b",
            score=0.9,
        ),
        _bare(
            "AGE",
            r"(?<![A-Za-z])(?i:lived\s+(?:to|until)|died\s+(?:at|aged)|reached|reaching|survived\s+to|"
            r"celebrated\s+(?:her|his|their)|centenarian,?)\s+(?:the\s+age\s+of\s+)?(?P<v>9\d|1[01]\d)(?!\d|[.,]\d|\s*(?i:%|percent|mg|patients|cases|days|weeks|months))",
            score=0.85,
        ),
        _bare(
            "AGE",
            r"\b(?P<v>9\d|1[01]\d)\s*(?:(?:Y|Yrs?|yrs?|years?)\s*)?(?:[/|,]\s*(?:M|F|male|female|Male|Female)\b|"
            r"(?i:yo|y/o|y\.o\.)\s*(?:M|F)\b)",
            score=0.9,
        ),
        _bare(
            "AGE", r"\b(?:M|F|Male|Female|male|female)\s*[/|,]\s*(?P<v>9\d|1[01]\d)(?![\w.]|\.\d)", score=0.85
        ),
        _bare("AGE", rf"(?:[{_UP}][a-z]+|\d{{2,4}})\s*\((?P<v>9\d|1[01]\d|{_AGE_WORDS})\)", score=0.75),
        _bare("AGE", r"(?:,|\|)\s*(?P<v>9\d|1[01]\d)\s?[MF]\b(?=\s*[,;|)])", score=0.85),
        _bare(
            "AGE",
            r"(?<![A-Za-z])(?i:he|she|pt|patient|mom|mum|mother|dad|father|grandma|grandpa|gran|nan|husband|wife|who|resident)"
            rf"(?:['’]s|\s+is|\s+was)\s+(?P<v>9\d|1[01]\d|{_AGE_WORDS})"
            r"(?=\s*(?:[.;,)]|$)|\s+(?i:and|but|now|today|years|yrs|with|w/)\b)",
            score=0.85,
        ),
        _bare(
            "AGE",
            r"\b(?P<v>9\d|1[01]\d)\s*(?i:yrs?|years?|y)\b\.?(?=\s*[,;)|/]|\s+(?:old|F|M|male|female|of\s+age)\b)",
            score=0.85,
        ),
        _bare(
            "AGE",
            rf"[a-z],\s+(?P<v>{_AGE_WORDS}|9\d|1[01]\d)(?=\s*(?:[|;)]|$)|,\s+(?!\d))",
            score=0.7,
        ),
        _bare(
            "AGE",
            rf"(?<![A-Za-z])(?P<v>{_AGE_WORDS})(?:[\s-]*(?i:years?|yrs?)[\s-]*(?i:old|of\s+age)|\s*(?i:y/?o)\b)",
            score=0.9,
        ),
        # "Pt Agnes McAllister, ninety-four years, found on floor" (not a range: "aged twenty to ninety-two years")
        _bare(
            "AGE",
            rf"(?<![A-Za-z])(?<!\bto\s)(?<!\band\s)(?<!-)(?P<v>{_AGE_WORDS})[\s-]*(?i:years?|yrs?)\b"
            r"(?!\s+(?i:ago|later|before|after|since|of\b))",
            score=0.85,
        ),
        _bare(
            "AGE",
            rf"(?<![A-Za-z])(?i:age[ds]?|aged|at\s+the\s+age\s+of)(?:\s*(?:[:=]|is|was|of))?\s*(?P<v>{_AGE_WORDS})"
            r"(?![A-Za-z])",
            score=0.9,
        ),
        _bare(
            "AGE",
            rf"(?:(?<![A-Za-z])(?i:is|was|now|turned|turns|turning|am)|['’][sm])\s+(?P<v>{_AGE_WORDS})(?![\w-])"
            r"(?!\s+(?i:percent|per|times|minutes|seconds|hours|days|weeks|months|mg|ml|units|of\b|to\b|%))",
            score=0.85,
        ),
        _bare(
            "AGE",
            r"(?<![A-Za-z])(?P<v>(?i:ninetieth|ninety-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
            r"(?:one\s+)?hundredth|hundred(?:\s+and)?\s+(?:first|second|third|fourth|fifth)|9\d(?:st|nd|rd|th)|"
            r"1[01]\d(?:st|nd|rd|th)))\s+(?i:birthday|year\s+of\s+life)",
            score=0.9,
        ),
        _bare(
            "AGE",
            r"(?<![A-Za-z])(?i:now|turned|turns|turning|just\s+turned)\s+(?P<v>9\d|1[01]\d)"
            r"(?=\s*(?:[.;,)]|$|\s+(?i:years|yrs|and|but|with|on|in|last|this|at|today|yesterday|recently)\b))",
            score=0.85,
        ),
        # -- contact -------------------------------------------------------------------------------
        _bare(
            "FAX",
            rf"(?<![A-Za-z])(?i:fax|facsimile|telefax)(?:ed|ing)?(?:\s*[:#]|\s+[A-Za-z.]+){{0,4}}?\s*[:#]?\s*"
            rf"(?P<v>(?:{_PHONE_INTL}|{_PHONE_CORE}){_EXT})(?!\d)",
            score=0.95,
        ),
        _bare("PHONE", rf"(?<![\w/.+-]){_PHONE_CORE}(?:(?![\w-])|(?=x\d)){_EXT}", score=0.85),
        _bare(
            "FAX",
            rf"(?:(?<![A-Za-z])(?i:fax|facsimile|telefax)(?:\s+(?i:no\.?|number|#))?|\bF)\s*[:.]?\s*(?P<v>{_PHONE_ANY}{_EXT})(?![\w/])",
            score=0.95,
            validate=_digits_between(7, 16),
        ),
        _bare(
            "PHONE",
            rf"(?:(?<![A-Za-z]){_PHONE_LABEL}|\b[TMHWP])\s*[:.]\s*(?P<v>{_PHONE_ANY}{_EXT})(?![\w/])",
            score=0.9,
            validate=_digits_between(7, 16),
        ),
        _bare(
            "PHONE",
            rf"(?<![A-Za-z])(?:(?i:tel|telephone|phone|ph|mob|mobile|cell|call|ring|text|landline|whatsapp|home|work|office|"
            rf"daytime|evening|pager|contact)|HP)\.?\s+"
            rf"(?:(?i:on|at|me\s+on|me\s+at|him\s+on|her\s+on|us\s+on|no\.?|number)\s+)?(?P<v>{_PHONE_ANY}{_EXT})(?![\w/])",
            score=0.85,
            validate=_digits_between(8, 16),
        ),
        _bare(
            "PHONE",
            r"(?<![\w/.+-])\(0\d{1,4}\)\s?(?:\d{2,4}(?:[\s-]\d{2,5}){1,2}|\d{5,8})(?![\w-])",
            score=0.8,
            validate=_digits_between(8, 12),
        ),
        _bare(
            "PHONE",
            rf"(?<![\w/.+-])0\d{{1,4}}[ -]\d{{3,8}}(?:[ -]\d{{3,4}})?(?![\w-]|[.,]\d){_EXT}",
            score=0.7,
            validate=_digits_between(9, 11),
        ),
        _bare("PHONE", r"(?<![\w/.+-])[6-9]\d{4}\s\d{5}(?![\w-])", score=0.75),
        _bare(
            "PHONE",
            rf"(?<![\w/.+-]){_PHONE_INTL}(?![\w-]){_EXT}",
            score=0.87,
            validate=_digits_between(8, 15),
        ),
        _bare(
            "PHONE",
            r"(?<![A-Za-z])(?i:call|phone|tel|telephone|cell|mobile|home|work|pager|beeper|reach(?:ed)?|contact|notified|"
            r"reachable|paged|texted|called|calling|"
            r"number|ph|ext|extension|dial|text)\.?(?:\s+(?:me|him|her|us|them|at|on|is|was|#|no\.?|number)){0,3}"
            rf"\s*[:#]?\s*(?P<v>(?:\d{{3}}[-.]\d{{4}}|\d{{10}}|\(?0\d{{1,4}}\)?[\s/-]?\d{{3,4}}[\s-]?\d{{3,5}})(?![\w-]){_EXT})",
            score=0.85,
        ),
        _bare(
            "PHONE",
            rf"(?<![\w/.+-])(?:0\d{{3,4}}\s?\d{{3}}\s?\d{{3,4}}|0\d{{2}}\s\d{{4}}\s\d{{4}})(?![\w-]){_EXT}",
            score=0.75,
            validate=_digits_between(10, 11),
        ),
        _bare("PHONE", r"(?<![\w/.+-])0[1-9](?:[ .]\d{2}){4}(?![\w-])", score=0.75),
        # Hong Kong and Singapore numbers: eight digits in two fours, starting 5, 6, 8 or 9 ("9136 2087").
        _bare("PHONE", r"(?<![\w/.+,-])[5689]\d{3}(?<!00)\s\d{4}(?<!00)(?![\w-]|[.,]\d)", score=0.7),
        _bare("PHONE", r"(?<![\w/.+-])\(0[2-8]\)\s?\d{4}\s?\d{4}(?![\w-])", score=0.8),
        _bare("EMAIL", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", score=0.95),
        # (a scheme makes it certain, and it outranks an account-like token inside: "...?challan=KA0592...")
        _bare("URL", r"\bhttps?://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]", score=0.99),
        _bare("URL", r"\bwww\.[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]", score=0.95),
        _bare(
            "URL",
            r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|org|net|io|me|co|uk|au|ca|in|de|fr|nl|ie|nz|info|biz|app|page|site)"
            r"(?:\.[a-z]{2})?/[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]",
            score=0.85,
        ),
        _bare(
            "URL",
            r"(?<![A-Za-z])(?i:website|web\s*site|site|blog|portfolio|homepage|home\s+page|profile|page)\s+(?:(?i:at|is|on)\s+)?"
            r"(?P<v>(?:[a-z0-9-]+\.)+(?:com|org|net|io|me|co|uk|au|ca|in|de|fr|nl|ie|nz|info|biz|app|page|site|art|design)"
            r"(?:\.[a-z]{2})?)\b",
            score=0.85,
        ),
        _bare("IP_ADDRESS", r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)", score=0.85, validate=_ipv4_ok),
        _bare(
            "IP_ADDRESS",
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|"
            r"(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}(?![\w:])|"
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])",
            score=0.8,
            validate=lambda v: sum(c.isalnum() for c in v) >= 4,
        ),
        # -- numbers with context ------------------------------------------------------------------
        _keyword(
            "SSN",
            r"(?i:ssn|ss#|ss\s+no\.?|social\s+security(?:\s+(?:number|no\.?|#))?)",
            value=r"(?P<v>\d{3}[- ]?\d{2}[- ]?\d{4})(?!\d)",
            validate=None,
        ),
        _bare(
            "SSN",
            r"(?i:last\s+(?:four|4)(?:\s+digits)?\s+(?:of\s+)?(?:(?:his|her|the|their|your)\s+)?(?:ssn|ss#|social\s+security"
            r"(?:\s+(?:number|no\.?|#))?))\s*(?:is|was|[:#])?\s*(?P<v>\d{4})(?!\d)",
            score=0.97,
        ),
        _bare("SSN", r"\b(?!000|666|9\d\d)\d{3}(?P<s>[- ])(?!00)\d{2}(?P=s)(?!0000)\d{4}\b", score=0.85),
        # National identity numbers after their names: UK NI, Canadian SIN, Irish PPSN, Aadhaar, PAN,
        # NRIC, BSN, TFN, IRD, personnummer, NIE/NIF/DNI, Steuer-ID.
        _keyword(
            "SSN",
            r"(?i:national\s+insurance|ni\s+(?:number|no\b\.?)|nino|social\s+insurance|ppsn?|aadhaa?r|nric|"
            r"bsn|burgerservicenummer|tfn|tax\s+file|ird|personnummer|personal\s+identity|nie|nif|dni|steuer-?id|"
            r"tax\s+identification|national\s+id(?:entity)?|identity\s+(?:card|number)|id\s+card|sozialversicherungs\w*|"
            r"insee|nir|cpr|hetu|fødselsnummer|codice\s+fiscale|pesel|hkid|mykad|cnic|nic|sss|umid|svnr|sv-nummer|ahv|amka|cnp|"
            r"birth\s+number|rodné\s+číslo|nino|tin|nida|omang|ghana\s+card|qatar\s+id|philsys|psn|nik|e-?ktp|iqama)|\b(?:SIN|PAN|NI|IC|FIN|NAS|NRC|NIN|NID|QID)\b"
            + _NUM_WORD,
            score=0.95,
        ),
        _bare("SSN", r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", score=0.96),
        _bare("SSN", r"\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b", score=0.85),
        _bare("SSN", r"\b[STFGM]\d{7}[A-Z]\b", score=0.8),
        # Emirates ID "784-1985-4521887-3"; Myanmar NRC "12/SaKhaNa(N)045218".
        _bare("SSN", r"\b784-\d{4}-\d{7}-\d\b", score=0.97),
        _bare("SSN", r"(?<![\w*])(?:[Xx*]{3}-[Xx*]{2}|[Xx*]{5})-?\d{4}\b", score=0.95),
        _bare("SSN", r"\b\d{1,2}/[A-Za-z]{3,12}\([NEPT]\)\d{6}\b", score=0.97),
        _bare("SSN", r"\b[A-Z]{1,2}\d{6}\([0-9A]\)", score=0.96),
        _bare("SSN", r"\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b", score=0.96),
        _bare("SSN", r"\b[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]\b", score=0.9),
        _bare("SSN", r"\b\d{7}[A-W][A-IW]?\b", score=0.75),
        # Zimbabwean national IDs: "63-1234567 F 42", "08-2214783-K-07".
        _bare("SSN", r"\b\d{2}-\d{6,7}[\s-]?[A-Z][\s-]?\d{2}\b", score=0.96),
        # Rwandan national IDs: "1 1987 7 0044718 2 23".
        _bare("SSN", r"\b[1-3]\s(?:19|20)\d{2}\s\d\s\d{7}\s\d\s\d{2}\b", score=0.95),
        _bare("SSN", r"(?<![\d-])[2-9]\d{3}\s\d{4}\s\d{4}(?![\d-])", score=0.8),
        _keyword(
            "MRN",
            r"(?i:mrn|mr\s*#|mr\s+no\.?|medical\s+record|med\.?\s+rec(?:ord)?|chart|patient\s+(?:id|identifier|number|no\.?)|"
            r"specimen|sample\s+(?:id|number|no\.?)|lab\s+(?:id|number|no\.?)|requisition|"
            r"hosp(?:ital)?\.?\s+(?:number|no\.?|#)|accession|(?:emr|ehr|epr|nhs|chi|ihi)\s*(?:id|no\.?|number|#)|"
            r"unit\s+(?:number|no\.?|#)|encounter(?:\s+(?:id|number|no\.?|#))?|case\s+record|csn|fin|har|"
            r"visit\s+(?:id|number|no\.?|#)|episode(?:\s+(?:id|number|no\.?|#))?|admission\s+(?:id|number|no\.?|#)|"
            r"rx|prescription\s+(?:id|number|no\.?|#)|pharmacy\s+(?:id|number|no\.?|#)|patient\s+acct|billing\s+id|"
            r"uhid|ur\s*(?:no|number)|urn|nhi|chi|ip\s+no|op\s+no|ipd|opd|hospital\s+(?:id|number)|crn|"
            r"record|hn|subject(?:\s+(?:id|no\.?|number))?|participant(?:\s+(?:id|no\.?|number))?|screening\s+(?:id|no\.?|number))"
            r"|\b(?:MR|IP|OP|IPD|OPD)(?=\s+[A-Z]{2,6}[-/][A-Z0-9/-]*\d)",
        ),
        _keyword(
            "HEALTH_PLAN_ID",
            r"(?i:membership|member|subscriber|beneficiary|medicare(?:\s+beneficiary)?|medicaid|mbi|policy(?:holder)?|"
            r"group|insurance|insurer|health\s+plan|plan|coverage|hicn|ohip|ramq|msp|ahcip|phn|health\s+card|"
            r"care\s+card|medi-cal|champus|tricare|nhis|nhif|nhia|philhealth|medical\s+card|medical\s+aid|ayushman|pm-?jay|"
            r"gms|phin|hsn|mcp)" + _NUM_WORD,
        ),
        _bare(
            "HEALTH_PLAN_ID",
            r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
            r"[AC-HJKMNP-RT-Y]{2}\d{2}\b",
            score=0.9,
        ),
        _keyword(
            "ACCOUNT",
            r"(?i:account|acct\.?|a/c|iban|routing|aba|bsb(?:/acc(?:ount)?)?|sort\s+code|ifsc|bank|card|credit\s+card|debit\s+card|loan|invoice|billing|"
            r"(?:wire|transfer|transaction|payment|confirmation)(?:\s+(?:reference|ref\.?))?|"
            r"visa|mastercard|amex|american\s+express|discover)" + _NUM_WORD,
        ),
        # IBAN (country, check digits, groups of four): more specific than a card number inside it.
        _bare("ACCOUNT", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", score=0.98),
        # A UK sort code and account number: "80-22-60 14377820".
        _bare("ACCOUNT", r"\b\d{2}-\d{2}-\d{2}\s\d{8}\b", score=0.9),
        _bare(
            "ACCOUNT",
            r"(?<![A-Za-z])(?i:ending(?:\s+(?:in|with))?|last\s+(?:four|4)(?:\s+digits)?(?:\s+(?:of|are|is))?)\s*[:#]?\s*"
            r"(?P<v>\d{4})(?!\d)",
            score=0.9,
        ),
        # (a card number starts with 2-6; "+880 1711-452188" is a phone, "0001452188723" a member number)
        _bare(
            "CREDIT_CARD", r"(?<![\w+-])(?=[2-6])(?:\d[ -]?){12,18}\d(?![\d-])", score=0.97, validate=luhn_ok
        ),
        _keyword(
            "LICENSE",
            r"(?i:(?:driver'?s\s+)?licen[cs]e|(?:driver'?s\s+)?lic\b\.?|licensure|reg(?:istration)?\.?\s*(?:no\b\.?|number|#)|"
            r"dl|cdl|dea|npi|gmc|nmc|hcpc|ahpra|cpso|imc|mcrn|cpsbc|cpsa|cpsm|cpsns|cmq|oiiq|mcnz|ncnz|pcnz|dcnz|mdcn|hpcsa|mci|"
            r"smc|mmc|kmpdc|pmdc|slmc|psi|nmbi|coru|gphc|gdc|sra|lso|aor\s+code|law\s+society(?:\s+of\s+[A-Z][a-z]+)?|"
            r"certificate|cert\.?|registration|bar|badge|passport|permit|"
            r"upin|tin|ein|itin|tax\s+id|ardc|attorney\s+registration|attorney\s+id|atty\.?|sbn|state\s+bar)"
            + _NUM_WORD,
        ),
        _bare("LICENSE", r"\b[ABCDEFGHJKLMPRSTUX][A-Z]\d{7}\b", score=0.7),
        _bare("LICENSE", r"\((?P<v>P\d{5})\)", score=0.8),
        _keyword("VIN", r"(?i:vin|vehicle\s+identification)" + _NUM_WORD),
        _bare(
            "VIN",
            r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b",
            score=0.85,
        ),
        _keyword(
            "PLATE",
            r"(?i:licen[cs]e\s+plates?|plate[sd]?(?:\s+(?:reading|as))?|conduction\s+sticker|"
            r"(?:cherished|dateless|personali[sz]ed|private|vanity|Ireland|NI)\s+mark|licen[cs]e\s+disc|plaque|immatriculation|immatricul[ée]e?|tag(?:s|ged)?|lp(?=\s*#|\s)|l/p|registration\s+plate|"
            r"registration\s+mark|registration|rego|vrm|vrn|"
            r"reg\.?\s*(?:no\b\.?|number|mark)|car\s+reg(?:istration)?)" + _NUM_WORD,
            value=(
                rf"[\"“]?(?:(?P<v>{_IN_PLATE})\b|(?:\([A-Z]{{2}}\)\s*)?"
                r"(?P<v2>(?=[A-Z0-9 -]{0,9}\d)[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){1,3}[A-Z0-9]?)\b)"
            ),
            validate=lambda v: sum(c.isalnum() for c in v) >= 4,
        ),
        _keyword(
            "PLATE",
            rf"(?i:vehicles?(?:\s+[AB12](?![A-Z0-9]),?)?|véhicule(?:\s+immatricul[ée]e?)?|driving|drove|driven|"
            rf"{VEHICLE_NOUNS}|motor|moto|toyo|registered|(?:motorcyclist|rider|cyclist|passenger)\s+(?:on|of))",
            value=(
                r"\(?(?P<v>(?=[A-Z0-9 -]{0,9}\d)(?=[A-Z0-9 -]{0,9}[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){0,3}"
                r"|\d{2,3}-\d{4})\b"
            ),
            score=0.8,
            validate=lambda v: (
                sum(c.isalnum() for c in v) >= 4
                and (any(c.isalpha() for c in v) or re.fullmatch(r"\d{2,3}-\d{4}", v) is not None)
                and not v.isalpha()
                and not re.fullmatch(r"\d{1,4}\s?(?i:cc|kg|km|hp|kw|am|pm)", v)
            ),
        ),
        _bare(
            "PLATE",
            rf"\b(?:{CAR_MAKES})(?:\s+[A-Z0-9][\w-]*){{0,2}}?\s*[(,]?\s*(?:(?i:reg(?:istration)?|plate|rego|tag)\.?\s*(?:no\.?\s*)?)?"
            r"(?P<v>(?=[A-Z0-9 -]{0,10}\d)(?=[A-Z0-9 -]{0,10}[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){0,3}|\d{1,2}/\d{4,6}|\d{5,6}\s\d{3}\s\d{2})\b",
            score=0.8,
            validate=lambda v: sum(c.isalnum() for c in v) >= 5,
        ),
        # A plate after the state or province that issued it: "West Virginia 4AK 7392" (not a bill, "Texas HB 2345",
        # nor a state and ZIP, "New York NY 10001").
        _bare(
            "PLATE",
            rf"\b(?:{_STATE_NAMES}|Ontario|Quebec|Alberta|British\s+Columbia|Manitoba|Saskatchewan|Nova\s+Scotia|"
            r"New\s+Brunswick|Queensland|Victoria|Tasmania|New\s+South\s+Wales)\s+"
            r"(?P<v>(?=[A-Z0-9 -]{0,8}\d)(?=[A-Z0-9 -]{0,8}[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2})\b",
            score=0.8,
            validate=lambda v: (
                sum(c.isalnum() for c in v) >= 5
                and not re.match(r"(?:AB|SB|HB|SF|HF|LB|HR|SR|DC|ZIP)\b", v)
                and not re.fullmatch(rf"[A-Z]{{2}}\s\d{{5}}(?:-\d{{4}})?|{_CA_POSTCODE}|{_UK_POSTCODE}", v)
            ),
        ),
        # Plates asked for by their letters alone: "personalised plate KIWIGAL", "requested plate EQX-ROZ".
        _keyword(
            "PLATE",
            r"(?i:personali[sz]ed|vanity|custom|cherished|private|requested|novelty|fictitious|false|fake|cloned)\s+"
            r"(?:licen[cs]e\s+|number\s+)?"
            r"(?:plate|registration|mark)(?:\s+reading)?|(?i:vanity|personali[sz]ed|cherished)(?=\s+[A-Z0-9]{4,8}\b)",
            value=r"[\"“]?(?P<v>[A-Z0-9]{2,8}(?:[ -][A-Z0-9]{1,7})?)\b",
            validate=lambda v: sum(c.isalnum() for c in v) >= 4,
        ),
        _bare("PLATE", r"\b\d-[A-Z]{3}-\d{3}\b", score=0.8),
        # The Gulf's plates are digits only: "driver of vehicle 556721", "whose car 458219".
        _bare(
            "PLATE",
            r"\b(?i:vehicle|car)(?:\s+(?i:no\.?|number|plate))?\s+(?P<v>\d{5,6})\b(?![\d,/%-]|\.\d|\s*(?i:km|miles|mi|kg|cc)\b)",
            score=0.75,
        ),
        # Egypt "Cairo 4417 ABC"; Qatar "Qatar 447182"; old Sri Lankan "64 Sri 2210".
        _bare(
            "PLATE",
            r"\b(?:Cairo|Giza|Alexandria|Qalyubia|Sharqia|Dakahlia|Gharbia|Menoufia|Beheira|Ismailia|Suez|Port\s+Said|"
            r"Damietta|Fayoum|Minya|Asyut|Sohag|Qena|Luxor|Aswan)\s+\d{3,4}\s+[A-Z]{2,3}\b",
            score=0.85,
        ),
        _bare("PLATE", r"\bQatar\s+\d{4,6}\b", score=0.85),
        # Laos "ກຂ 4417 Vientiane Capital"; UK prefix-style "P417 KWE" (bare, so only in a text about a person).
        _bare(
            "PLATE",
            r"(?<!\w)\d?[\u0E81-\u0EAE]{1,2}\s?\d{1,4}"
            r"(?:\s+(?:Vientiane(?:\s+Capital)?|Luang\s+Prabang|Savannakhet|Champasak|Pakse))?\b",
            score=0.85,
        ),
        _bare("PLATE", r"\b[A-HJ-NP-Y]\d{1,3}\s[A-HJ-PR-Y]{3}\b", score=0.75),
        _bare(
            "PLATE",
            r"\b(?:Baghdad|Basra|Erbil|Mosul|Najaf|Karbala|Kirkuk|Sulaymaniyah|Duhok)\s+(?:\d{4,6}\s?[A-Z]|\d{2}\s[A-Z]\s\d{4,6})\b",
            score=0.85,
        ),
        # A plate and the state or province that issued it in brackets: "LUV2SRF (HI)", "the ute 1AB 2CD (QLD)".
        _bare(
            "PLATE",
            r"(?<![\w/-])(?P<v>(?=[A-Z0-9 -]{0,9}\d)(?=[A-Z0-9 -]{0,9}[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){0,2})\s\("
            rf"(?:{_STATES}|NSW|VIC|QLD|WA|SA|TAS|ACT|NT|ON|QC|BC|AB|MB|SK|NS|NB|PE|NL|Vic|Qld|Tas)\)",
            score=0.9,
            validate=lambda v: sum(c.isalnum() for c in v) >= 4,
        ),
        _bare("PLATE", r"(?i:state\s*/\s*plate)\s*:?\s*[A-Z]{2}\s*/\s*(?P<v>[A-Z0-9-]{2,8})\b", score=0.95),
        # Myanmar "YGN 9K/4521"; Morocco "45821-أ-6", "45128-A-6".
        _bare("PLATE", r"\b[A-Z]{3}\s?\d[A-Z]/\d{4}\b", score=0.9),
        _bare("PLATE", r"(?<![\w-])\d{3,6}-[A-Z\u0621-\u064A]-\d{1,2}(?![\w-])", score=0.85),
        _bare(
            "PLATE",
            r"\b(?:Phnom\s+Penh|Siem\s+Reap|Battambang|Kampot|Sihanoukville|Kandal|Takeo|Kampong\s+Cham)\s+\d[A-Z]{1,2}-\d{4}\b",
            score=0.9,
        ),
        _bare("PLATE", r"\b\d{1,2}\s?Sri\s?\d{4}\b", score=0.85),
        _bare("PLATE", r"\b[1-9][A-Z]{3}\s?\d{3}\b", score=0.85),
        # Ghana "GR 4471-23" (region, number, year); Tanzania "T 447 DKB", Botswana "B 447 BDK"; Ethiopia "Code 3 AA 44719".
        _bare(
            "PLATE",
            r"\b(?:GR|GW|GT|GN|GE|GS|GC|GX|AS|AW|AE|BA|BT|CR|ER|NR|UE|UW|WR|VR|NT|NE|UW)\s\d{1,4}-\d{2}\b",
            score=0.9,
        ),
        _bare("PLATE", r"\b[A-Z]\s\d{3}\s[A-Z]{3}\b", score=0.86),
        _bare("PLATE", r"\bCode\s+\d\s+[A-Z]{1,2}\s?[A-Z]?\d{4,6}\b", score=0.96),
        # Nepal provincial "Bagmati 01-002 Pa 5566"; Thai "1 Kor Kor 4471", "1กข 8820"; Arabic letters "ط ر ق 4471".
        _bare(
            "PLATE",
            r"\b(?:Bagmati|Koshi|Madhesh|Gandaki|Lumbini|Karnali|Sudurpashchim)(?:\s+Pradesh)?\s+\d{2}-\d{3}\s+(?:Pa|Kha|Cha|Ja)\s+\d{4}\b",
            score=0.9,
        ),
        _bare(
            "PLATE",
            r"\b\d?\s?(?:Kh|Ng|Ch|Th|Ph|[KSTNBPFMYRLWHDJ])or?\s(?:Kh|Ng|Ch|Th|Ph|[KSTNBPFMYRLWHDJ])or?\s\d{1,4}"
            rf"(?:\s+{_THAI_PROVINCE})?\b",
            score=0.85,
        ),
        _bare(
            "PLATE", rf"(?<!\w)\d?[\u0E01-\u0E2E]{{1,2}}\s?\d{{1,4}}(?:\s+{_THAI_PROVINCE})?\b", score=0.85
        ),
        # Vietnam "51G-452.71", "59-X2 341.28"; the Emirates "Abu Dhabi 5 48213", "Dubai K 12345".
        _bare("PLATE", r"\b\d{2}(?:[A-Z]{1,2}\d?-|-[A-Z]\d\s)\d{3}\.\d{2}\b", score=0.96),
        _bare(
            "PLATE",
            r"\b(?:Abu\s+Dhabi|Dubai|Sharjah|Ajman|Ras\s+Al\s+Khaimah|RAK|Fujairah|Umm\s+Al\s+Quwain|UAQ)\s+[A-Z0-9]{1,2}\s\d{4,5}\b",
            score=0.9,
        ),
        _bare("PLATE", r"(?<!\w)(?:[\u0621-\u064A]\s){2,3}\d{1,4}\b", score=0.8),
        # Nepal "Lu 3 Pa 2871", "Ba 1 Kha 1043"; Bangladesh "Dhaka Metro-La 14-4471"; Sri Lanka "CP YJ-4471".
        _bare(
            "PLATE",
            r"\b(?:Me|Ko|Sa|Ja|Na|Ba|Ja|Ga|Lu|Ra|Bhe|Ka|Se|Ma|Pra)\s?\d{1,2}\s?(?:Pa|Kha|Cha|Ja|Ka|Ga|Ya|Ba)\s?\d{3,4}\b",
            score=0.85,
        ),
        _bare(
            "PLATE",
            r"\b(?:Dhaka|Chattogram|Chatta|Chittagong|Khulna|Rajshahi|Sylhet|Barishal|Rangpur|Mymensingh|Gazipur|Narayanganj)"
            r"(?:\s+Metro)?\s*-\s*[A-Z][A-Za-z]{0,3}[\s-]+\d{2}-\d{4}\b",
            score=0.9,
        ),
        _bare("PLATE", r"\b(?:WP|CP|SP|NP|EP|NW|NC|UP|SG)\s+[A-Z]{2,3}\s?-\s?\d{4}\b", score=0.92),
        # UK (AB12 CDE), Irish (191-D-12345), German (M-KL 4412), Indian (KA 05 MN 1234), French (GX-123-AB)
        # and Dutch (12-ABC-3) registrations.
        _bare("PLATE", rf"(?<![\w-]){_IN_PLATE}(?![\w-])", score=0.96),
        _bare("PLATE", r"\b[SEFGKQ][A-HJ-NP-Z]{1,2}\s?\d{1,4}\s?[A-EGHJ-MPRSTUXYZ]\b", score=0.75),
        _bare("PLATE", r"\b[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}\b", score=0.8),
        _bare(
            "PLATE",
            r"\b(?:\d{1,2}-[A-Z]{3}-\d{1,2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|"
            r"\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{3}-\d{2}-[A-Z])\b",
            score=0.75,
        ),
        _bare("PLATE", r"\b[A-HJ-PR-Y]{2}\d{2}\s?[A-HJ-PR-Z]{3}\b", score=0.8),
        _bare(
            "PLATE",
            r"(?<![\w-])\d{2,3}-(?:C|CE|CN|CW|D|DL|G|KE|KK|KY|L|LD|LH|LK|LM|LS|MH|MN|MO|OY|RN|SO|T|TN|TS|W|WD|WH|WX|WW)-\d{1,6}(?![\w-])",
            score=0.85,
        ),
        _bare("PLATE", r"(?<![\w-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s\d{1,4}[EH]?(?![\w-])", score=0.75),
        _keyword(
            "DEVICE_ID",
            r"(?i:serial|s/n|sn(?=[\s:#.]|$)|device|imei|udi|lot|implant|pacemaker|pump|monitor|meid|esn|mac\s+address|"
            r"telemetry(?:\s+(?:box|unit|pack|monitor))?|"
            r"transmitter|receiver|sensor|tracker|hearing\s+aid|wheelchair|concentrator|ventilator|cpap|bipap|"
            r"breathaly[sz]er|intoxilyzer|dash\s?cam|camera(?:\s+unit)?|radar(?:\s+gun)?|lidar|body[\s-]worn\s+video)"
            + _NUM_WORD,
        ),
        _bare("DEVICE_ID", r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b", score=0.85),
        # GS1 unique device identifier: "(01)00884521097655(17)270101(10)A1234".
        _bare("DEVICE_ID", r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]{1,20})*", score=0.9),
        _keyword(
            "CASE_NUMBER",
            r"(?i:case|docket|civil\s+action|file|claim|matter|index|cause|complaint|appeal|indictment|"
            r"reference|ref\.?|incident|report)" + r"(?:\s+(?i:number|no\.?|nos\.?|#|num\.?))",
            value=(
                r"(?P<v>\d{1,4}\(\d{1,2}\)\d{2,4}|(?=[\w:./-]{0,12}\d)[A-Za-z0-9][\w:./-]*[A-Za-z0-9](?:\s(?:[A-Z]{1,3}\s)?\d[\w:./-]*\d)*"
                r"(?:\s+of\s+(?:19|20)\d{2}\b)?"
                r"(?:\s(?!(?:THE|AND|FOR|OF|IN|ON|AT|TO|BY|IS|WAS)\b)[A-Z]{2,4}\b(?![\w-]))?)"
            ),
        ),
        _keyword(
            "CASE_NUMBER",
            r"(?i:case|docket|cause|index|appeal|claim|file|matter|report|incident|citation|ticket|summons|warrant|"
            r"complaint|charge|petition|application|reference|ref\.?|writ|suit|proceeding|action|folio|judgment|log|event|"
            r"occurrence|crime|job|cad|gd|g\.d\.|notice|statement|procès-verbal|pv|fiscal|prosecution|challan|fir|"
            r"infringement|infraction|penalty|violation|offen[cs]e|misdemeanou?r|chit|blotter|entry|sheet)s?|"
            r"receipt|obligation|acknowledg(?:e)?ment|subpoena|polis|constat|accident\s+book|"
            r"\b(?:OB|NIP|PCN|SJP|CR|RB|FPN)\b|\b(?:RD|DA)(?=#)",
            validate=lambda v: _id_ok(v) and not _YEAR_RANGE.fullmatch(v) and not re.match(_MONTH, v),
            value=(
                r"(?P<v>(?:[A-Z]{1,5}\s){0,2}(?=[\w:./-]{0,16}\d)(?=[\w:./]*[-/:])[A-Za-z0-9][\w:./-]*[A-Za-z0-9]|"
                r"(?:[A-Z]{2,4}\s)?\d{2,6}(?:\s(?:[A-Z]\s)?\d{2,8}[A-Z]?){1,3}(?:\s\d)?\b|\d{8,16}\b|"
                r"(?=[A-Z0-9]{0,4}[A-Z])[A-Z0-9]{2,5}\s\d{6,12}\b|(?:[A-Z]{2,5}\s)?(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d{5})[A-Z0-9]{6,16}\b|"
                r"\d{1,6}\s+of\s+(?:19|20)\d{2}\b)"
            ),
            score=0.85,
        ),
        _bare("CASE_NUMBER", r"\b\d{1,2}:\d{2}-[a-z]{2,4}-\d{3,6}(?:-[A-Z]{2,4})*\b", score=0.95),
        # Garda PULSE numbers; prosecution and police file shapes "NIP/26/0320117", "DFU/26/1187"; Indonesian
        # police letters "LP/B/452/V/2024/SPKT/POLDA METRO JAYA", "B/8812/VII/2025/Ditlantas".
        _bare(
            "CASE_NUMBER",
            r"\b(?i:pulse)(?:\s+(?i:incident|ref(?:erence)?|no\.?|number|id))*\s*[:#]?\s*(?P<v>\d{6,10})\b",
            score=0.9,
        ),
        _bare("CASE_NUMBER", r"(?<![\w/])[A-Z]{2,5}/\d{2}/\d{4,8}(?![\w/])", score=0.8),
        _bare("CASE_NUMBER", r"\bPULSE\s+\d{6,10}\b", score=0.91),
        # "ETLE/SBY/26/0441276"; Vietnamese sanction decisions "451/QĐ-XPHC".
        _bare("CASE_NUMBER", r"(?<![\w/])[A-Z]{2,6}/[A-Z]{2,5}/\d{2}/\d{4,8}(?![\w/])", score=0.85),
        _bare("CASE_NUMBER", r"\b\d{1,6}/QĐ-[A-Z]{2,6}\b", score=0.9),
        # Victorian UR numbers and Indonesian medical-record numbers with their labels: "UR 4418273", "RM 04-41-72".
        _bare("MRN", r"\bUR\s?\d{5,8}\b", score=0.9),
        _bare("MRN", r"\bRM\s+\d{2}(?:-\d{2}){2,3}\b", score=0.9),
        # Kenyan OB numbers with their letters "OB 23/14/03/2025"; agency/kind/year/number "NTSA/IF/2025/0871342";
        # Malaysian court numbers "MA-44H-118-03/2025".
        _bare("CASE_NUMBER", r"\bOB\s+(?:No\.?\s*)?\d{1,4}/\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b", score=0.9),
        _bare("CASE_NUMBER", r"(?<![\w/])[A-Z]{2,6}/[A-Z]{1,4}/(?:19|20)\d{2}/\d{3,8}(?![\w/])", score=0.85),
        _bare("CASE_NUMBER", r"\b[A-Z]{1,3}-\d{2}[A-Z]{1,3}-\d{1,4}-\d{2}/(?:19|20)\d{2}\b", score=0.9),
        _bare(
            "CASE_NUMBER",
            r"\b[A-Z]{1,3}(?:/[A-Z])?/\d{1,6}/[IVXL]{1,4}/(?:19|20)\d{2}(?:/[A-Z][A-Za-z]*)*(?:\s(?:[A-Z]{2,}|[A-Z][a-z]+)\b){0,2}",
            score=0.97,
            validate=lambda v: not re.search(r"\s(?:The|This|That|In|On|At|And|Was)$", v),
        ),
        # A police station's general diary: "GD entry no. 1142", short as it is.
        _bare(
            "CASE_NUMBER",
            r"\b(?i:gd|g\.d\.|general\s+diary)\s+(?i:entry\s+)?(?i:no\.?|number|#)\s*(?P<v>\d{1,6}[A-Z]?(?:/\d{2,4})?)\b",
            score=0.9,
        ),
        # Circuit-court numbers, year, division letters and a sequence: "2025 P 004712", "2026 PO 004187".
        _bare(
            "CASE_NUMBER",
            r"\b(?:19|20)\d{2}\s[A-Z]{1,3}\s\d{3,7}\b",
            score=0.96,
            validate=lambda v: (
                not re.fullmatch(rf"(?:{CAR_MAKES})", v.split()[1], re.IGNORECASE)
            ),  # "2020 RAM 1500": a truck
        ),
        # Number/year, as most courts outside the US write it: "28471/2021", "45821/2022"; German "12 O 4471/23".
        _bare(
            "CASE_NUMBER",
            # (not EU legislation: "Regulation (EU) No 524/2013", "(EC) 889/2002")
            r"(?<![\w/.-])(?<!EU )(?<!EC )(?<!No )(?<!No\. )(?<!\) )\d{3,6}/(?:19|20)\d{2}(?![\w/]|[.,]\d)",
            score=0.75,
            validate=lambda v: not _YEAR_RANGE.fullmatch(v),
        ),
        _bare("CASE_NUMBER", r"\b\d{1,3}\s[A-Z][a-z]{0,2}\s\d{1,6}/(?:\d{2}|(?:19|20)\d{2})\b", score=0.85),
        _bare("CASE_NUMBER", r"\b(?:19|20)\d{2}\s+No\.?\s+\d{1,6}(?:\s?[A-Z]{1,3})?\b", score=0.85),
        # Court numbering "HCA 123/2022", "CS(OS) 456/2021", "Crl.A. No. 456 of 2021".
        _bare(
            "CASE_NUMBER",
            r"\b[A-Z][A-Za-z./]{1,8}(?:\s[A-Z][a-z]{1,6}\.)?(?:\s?\([A-Z]{1,4}\))?\s?(?:No\.?\s?)?[A-Z]?\d{1,6}(?:-[A-Z])?"
            r"(?:/\d{1,4})?\s?(?:/\s?|\s+of\s+)(?:19|20)\d{2}\b",
            score=0.8,
            validate=lambda v: (
                not re.search(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}$", v)
                and not re.match(
                    r"(?i)(?:regulation|directive|decision|law|act|section|article|rule|order|eu|ec|eec|ue|dob|date|no)\b",
                    v,
                )
            ),
        ),
        _bare(
            "CASE_NUMBER",
            r"\b(?:[A-Z][A-Z0-9]{0,4}-){0,2}(?:19|20)\d{2}-(?:[A-Z]{1,4}-)?(?:\d{3}-)?\d{4,8}\b",
            score=0.8,
            validate=lambda v: not _YEAR_RANGE.fullmatch(v),
        ),
        _keyword(
            "ID",
            r"(?i:employee|student|staff|customer|client|user|national|personnel|inmate|alien|a-number|"
            r"identification)" + _NUM_WORD,
            score=0.9,
        ),
        _keyword("ID", r"\bID\b|\b(?i:identifier)\b", score=0.8),
        # Any "<label> No./#/Ref/Reg." value: "citation no. T4412098", "Adv. Pro. No. 24-01052", "CDS reg. CDS-44102".
        _keyword(
            "ID",
            r"(?<!\(EU\) )(?<!\(EC\) )(?<!\(EEC\) )(?i:no|nos|nr|number|num|nbr|ref|reference|reg|az|aktenzeichen)\b\.?|#|"
            r"(?i:n|no)\s?[°º]",
            score=0.75,
        ),
        _bare(
            "ID",
            r"(?<![\w$€£¥.,/-])[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*[A-Za-z0-9](?:\([0-9A-Z]\))?(?![\w%/]|[.,-]\d|\s+[a-z]{3,}s\b)",
            score=0.6,
            validate=_bare_id_ok,
        ),
        _keyword(
            "ID",
            r"(?i:user\s?name|login|log-in|handle|screen\s+name|user\s+id)",
            value=r"(?P<v>[A-Za-z0-9][\w.-]{2,})",
            score=0.85,
            validate=lambda v: len(v) >= 4 and any(c.isdigit() or c in "._" for c in v),
        ),
    )


def __getattr__(name: str) -> tuple[Pattern, ...]:
    # ``DEFAULT_PATTERNS`` stays importable by name; it is built lazily by :func:`default_patterns`.
    if name == "DEFAULT_PATTERNS":
        return default_patterns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
