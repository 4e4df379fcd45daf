"""The one place that builds the personal-data detector, from settings a project can store.

``curate pii scan`` (a project) and ``curate pii detect`` (a file outside any project) both call
:func:`build_detector`; a project keeps its :class:`DetectorSettings` as JSON under the meta key
:data:`META_KEY` (read and written through ``Store.meta`` / ``Store.set_meta``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from curate.errors import CurateError
from curate.pii.addresses import complete_addresses
from curate.pii.context import (
    caps_name_candidates,
    complete_names,
    name_candidates,
    place_candidates,
    plate_candidates,
    propagate_ids,
    propagate_names,
    rescore,
)
from curate.pii.detect import Detector, PatternDetector, Span, resolve_overlaps

__all__ = [
    "DEFAULT_THRESHOLD",
    "META_KEY",
    "VIEWS",
    "DetectorSettings",
    "DomainDetector",
    "build_detector",
]

#: Meta key under which a project stores its settings (JSON).
META_KEY = "pii_settings"
#: Findings scoring below this are dropped (patterns score 0.7-0.97; guesses 0-0.95).
DEFAULT_THRESHOLD = 0.5
#: What annotators see of an item with open or accepted findings (see ``DetectorSettings.view``).
VIEWS = ("pseudonymised", "masked", "original")
_NAMES_DETECTOR = "names"
_PLACES_DETECTOR = "places"
_PLATES_DETECTOR = "plates"


def _key(value: str, entity: str) -> tuple[str, str]:
    return (" ".join(value.split()).casefold(), entity.upper())


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectorSettings:
    """How a project (or one ``curate pii detect`` run) finds personal data.

    threshold
        Minimum confidence of a finding, in [0, 1].
    ner
        ``None``: use spaCy NER when installed; ``True``: require it; ``False``: patterns only.
    dismissed
        ``(surface form, entity type)`` pairs a reviewer dismissed: never reported again
        (compared ignoring case and repeated spaces).
    view
        What annotators are shown of an item whose findings are open or accepted:
        ``pseudonymised`` (consistent surrogates, the ones ``apply`` will write), ``masked``
        (``[NAME]``) or ``original``.  The store keeps the original text until ``apply``.
    """

    threshold: float = DEFAULT_THRESHOLD
    ner: bool | None = None
    dismissed: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    view: str = VIEWS[0]

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise CurateError(f"unknown PII view {self.view!r}: use one of {', '.join(VIEWS)}")
        if not 0.0 <= self.threshold <= 1.0:
            raise CurateError(f"PII threshold {self.threshold} is outside [0, 1]: pick e.g. 0.5")
        object.__setattr__(self, "dismissed", frozenset(_key(v, e) for v, e in self.dismissed))

    def dismiss(self, value: str, entity: str) -> DetectorSettings:
        """A copy that also dismisses ``value`` as ``entity``."""
        if not value.strip():
            raise CurateError("nothing to dismiss: give the surface form with --value TEXT")
        return replace(self, dismissed=self.dismissed | {_key(value, entity)})

    def undismiss(self, value: str, entity: str) -> DetectorSettings:
        """A copy in which ``value`` as ``entity`` is no longer dismissed."""
        return replace(self, dismissed=self.dismissed - {_key(value, entity)})

    def is_dismissed(self, value: str, entity: str) -> bool:
        return _key(value, entity) in self.dismissed

    def to_json(self) -> str:
        return json.dumps(
            {
                "threshold": self.threshold,
                "ner": self.ner,
                "dismissed": sorted(map(list, self.dismissed)),
                "view": self.view,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, raw: str | None) -> DetectorSettings:
        if not raw:
            return cls()
        try:
            data: dict[str, Any] = json.loads(raw)
            return cls(
                threshold=float(data.get("threshold", DEFAULT_THRESHOLD)),
                ner=data.get("ner"),
                dismissed=frozenset((str(v), str(e)) for v, e in data.get("dismissed", [])),
                view=str(data.get("view", VIEWS[0])),
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise CurateError(
                f"the project's PII settings ({META_KEY}) are not valid JSON settings: {exc}; "
                "set them again with `curate pii scan PROJECT --threshold 0.5`"
            ) from exc


class DomainDetector:
    """Patterns, spaCy NER and a first-name list, scored with domain evidence, then thresholded.

    Guesses (NER and the name list) get a confidence from :func:`curate.pii.context.rescore`;
    names found with confidence spread to later mentions of the same surname; dismissed surface
    forms are dropped.  Use :func:`build_detector` rather than building one by hand.
    """

    def __init__(
        self,
        patterns: Detector,
        ner: Detector | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        dismissed: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.patterns = patterns
        self.ner = ner
        self.settings = DetectorSettings(threshold=threshold, dismissed=frozenset(dismissed))

    @property
    def name(self) -> str:
        parts = [self.patterns.name, _NAMES_DETECTOR, _PLACES_DETECTOR, _PLATES_DETECTOR] + (
            [self.ner.name] if self.ner is not None else []
        )
        return "+".join(parts)

    def find(self, text: str) -> list[Span]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Span]]:
        from curate.pii.detect import find_many

        pattern_spans = [self.patterns.find(t) for t in texts]
        ner_spans = find_many(self.ner, texts) if self.ner is not None else [[] for _ in texts]
        # Guesses are no evidence that a text is about a person (a plate by its shape is no signal either).
        guessed = {_NAMES_DETECTOR, _PLACES_DETECTOR, _PLATES_DETECTOR} | (
            {self.ner.name} if self.ner is not None else set()
        )
        return [
            self._finish(
                text,
                [
                    *p,
                    *n,
                    *name_candidates(text, detector=_NAMES_DETECTOR),
                    *caps_name_candidates(text, detector=self.patterns.name),
                    *place_candidates(text, detector=_PLACES_DETECTOR, anchors=p),
                    *plate_candidates(text, detector=_PLATES_DETECTOR),
                ],
                guessed,
            )
            for text, p, n in zip(texts, pattern_spans, ner_spans, strict=True)
        ]

    def _finish(self, text: str, spans: list[Span], guessed: set[str]) -> list[Span]:
        import curate.lexicon as lexicon

        threshold = self.settings.threshold
        scored = [s for s in rescore(text, spans, ner_names=guessed) if s.score >= threshold]
        cited = lexicon.statute_spans(text)
        if cited:
            scored = [
                s
                for s in scored
                if not (s.entity in ("NAME", "LOCATION") and any(a < s.end and s.start < b for a, b in cited))
            ]
        kept = complete_addresses(text, resolve_overlaps(scored), detector=self.patterns.name)
        kept = propagate_names(text, kept, threshold=threshold, detector=_NAMES_DETECTOR)
        kept = complete_names(text, kept)
        kept = propagate_ids(text, kept, detector=self.patterns.name)
        if self.settings.dismissed:
            kept = [s for s in kept if not self.settings.is_dismissed(s.value, s.entity)]
        return kept


def build_detector(settings: DetectorSettings | None = None) -> Detector:
    """The detector for ``settings`` (defaults when ``None``): the only way curate builds one.

    Raises :class:`~curate.errors.CurateError` when ``settings.ner`` is ``True`` and the spaCy
    model is missing; warns (and uses patterns and the name list) when it is ``None`` and missing.
    """
    from curate.pii.ner import SpacyNERDetector, ner_available

    settings = settings or DetectorSettings()
    ner: Detector | None = None
    if settings.ner is None and not ner_available():
        import warnings

        from curate.errors import CurateWarning

        warnings.warn(
            "spaCy NER is not installed, so names and places without a title, role or known first name "
            "around them will be missed: `pip install 'curate-workbench[pii]'`, or scan with patterns only to "
            "silence this (CLI --regex-only, Python ner=False)",
            CurateWarning,
            stacklevel=2,
        )
    elif settings.ner is not False:
        spacy_detector = SpacyNERDetector()
        if settings.ner:
            spacy_detector._nlp()  # fail now, with the install hint, rather than mid-scan
        ner = spacy_detector
    return DomainDetector(PatternDetector(), ner, threshold=settings.threshold, dismissed=settings.dismissed)
