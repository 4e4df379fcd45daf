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
from curate.pii.surrogates import Edit, Pseudonymiser, map_offset, new_salt

__all__ = [
    "CombinedDetector",
    "Detector",
    "Edit",
    "Evaluation",
    "Pattern",
    "PatternDetector",
    "Pseudonymiser",
    "SpacyNERDetector",
    "Span",
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
    """The pattern detector, combined with spaCy NER when it is installed.

    Parameters
    ----------
    ner
        ``None``: use NER when available; ``True``: require it (raises
        :class:`~curate.errors.CurateError` when the model is missing);
        ``False``: patterns only.
    """
    patterns = PatternDetector()
    if ner is None and not ner_available():
        import warnings

        from curate.errors import CurateWarning

        warnings.warn(
            "spaCy NER is not installed, so names and places without a title or role around them will "
            "be missed: `pip install 'curate-workbench[pii]'`, or scan with patterns only to silence this (CLI --regex-only, Python ner=False)",
            CurateWarning,
            stacklevel=2,
        )
        return patterns
    if ner is False:
        return patterns
    detector = SpacyNERDetector()
    if ner:
        detector._nlp()  # fail now, with the install hint, rather than mid-scan
    return CombinedDetector((patterns, detector))
