"""Personal data: find identifiers, pseudonymise them, report (pure and offline).

>>> from curate.pii import PatternDetector, Pseudonymiser
>>> text = "Call 617-555-0148 about MRN 00847291."
>>> spans = PatternDetector().find(text)
>>> [s.entity for s in spans]
['PHONE', 'MRN']
>>> new, edits = Pseudonymiser(salt="ab" * 16).replace(text, spans)
>>> "617-555-0148" in new, "00847291" in new
(False, False)

The project-level workflow (scan, review, apply, the publishing gate) is in
:mod:`curate.workflows.pii`; ``Project.pii_scan()`` and friends delegate there.
"""

from __future__ import annotations

from curate.pii.detect import (
    CombinedDetector,
    Detector,
    Pattern,
    PatternDetector,
    Span,
    find_many,
    resolve_overlaps,
)
from curate.pii.evaluate import Evaluation, evaluate, parse_marked
from curate.pii.ner import SpacyNERDetector, ner_available
from curate.pii.settings import DetectorSettings, DomainDetector, build_detector
from curate.pii.surrogates import Edit, Masker, Pseudonymiser, map_offset, new_salt

__all__ = [
    "CombinedDetector",
    "Detector",
    "DetectorSettings",
    "DomainDetector",
    "Edit",
    "Evaluation",
    "Masker",
    "Pattern",
    "PatternDetector",
    "Pseudonymiser",
    "SpacyNERDetector",
    "Span",
    "build_detector",
    "default_detector",
    "evaluate",
    "find_many",
    "map_offset",
    "ner_available",
    "new_salt",
    "parse_marked",
    "resolve_overlaps",
]


def default_detector(*, ner: bool | None = None) -> Detector:
    """The default detector (see :func:`build_detector`): patterns, a first-name list and spaCy NER
    when installed, scored with domain evidence.

    Parameters
    ----------
    ner
        ``None``: use NER when available; ``True``: require it (raises
        :class:`~curate.errors.CurateError` when the model is missing);
        ``False``: patterns and the name list only.
    """
    return build_detector(DetectorSettings(ner=ner))
