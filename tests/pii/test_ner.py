"""The spaCy NER detector (the offline small English model) and the combined detector."""

from __future__ import annotations

import pytest

from curate.errors import CurateError
from curate.pii import CombinedDetector, PatternDetector, SpacyNERDetector, default_detector, evaluate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ner() -> SpacyNERDetector:
    return SpacyNERDetector()


def test_ner_finds_names_and_places_no_pattern_sees(ner: SpacyNERDetector) -> None:
    text = "On Monday, Rosalind Okafor flew to Dearborn to see her brother."
    assert PatternDetector().find(text) == []
    spans = ner.find(text)
    assert ("NAME", "Rosalind Okafor") in {(s.entity, s.value) for s in spans}
    assert ("LOCATION", "Dearborn") in {(s.entity, s.value) for s in spans}


def test_states_countries_years_and_durations_are_not_identifiers(ner: SpacyNERDetector) -> None:
    spans = ner.find("In 2019 the company moved from California to the United States for 30 days.")
    assert spans == []


def test_combined_batch_equals_one_by_one(ner: SpacyNERDetector, dev_lines: list[str]) -> None:
    combined = CombinedDetector((PatternDetector(), ner))
    texts = [line.replace("{{", "").replace("}}", "") for line in dev_lines[:8]]
    assert combined.find_many(texts) == [combined.find(t) for t in texts]


def test_ner_adds_recall_on_the_held_out_set(
    ner: SpacyNERDetector, heldout_lines: list[str], dev_lines: list[str]
) -> None:
    lines = heldout_lines + dev_lines
    regex = evaluate(PatternDetector(), lines)
    both = evaluate(CombinedDetector((PatternDetector(), ner)), lines)
    assert both.recall >= regex.recall
    assert both.recall >= 0.95


def test_default_detector_uses_ner_when_installed() -> None:
    assert "spacy" in default_detector().name
    assert "spacy" not in default_detector(ner=False).name


def test_a_missing_model_says_how_to_install_it() -> None:
    with pytest.raises(CurateError, match="pip install"):
        SpacyNERDetector("no_such_spacy_model_pkg").find("x")
