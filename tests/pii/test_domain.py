"""The domain-aware detector: recall on the committed test sets, and medicine and contracts left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate.pii import DetectorSettings, Span, build_detector, evaluate

SETS = Path(__file__).resolve().parent / "sets"


def marked_sets(name: str) -> list[str]:
    """A test set of tests/pii/sets (dev.txt: tuned on; heldout.txt: never tuned on)."""
    text = (SETS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


FIXED_FORMAT = [
    "PHONE",
    "FAX",
    "ZIP",
    "MRN",
    "HEALTH_PLAN_ID",
    "ACCOUNT",
    "LICENSE",
    "VIN",
    "PLATE",
    "DEVICE_ID",
    "CASE_NUMBER",
    "AGE",
    "DATE",
    "EMAIL",
    "SSN",
    "IP_ADDRESS",
    "URL",
    "ID",
    "CREDIT_CARD",
]


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return build_detector()


def _values(spans: list[Span], entity: str | None = None) -> list[str]:
    return [s.value for s in spans if entity is None or s.entity == entity]


@pytest.mark.parametrize("name", ["dev.txt", "heldout.txt", "heldout3.txt", "heldout4.txt", "heldout5.txt"])
def test_recall_on_the_test_sets_written_before_tuning(detector, name: str) -> None:  # type: ignore[no-untyped-def]
    ev = evaluate(detector, marked_sets(name))
    for entity in FIXED_FORMAT:
        if ev.gold.get(entity):
            assert ev.recall_of(entity) >= 0.95, (entity, ev.missed)
    for entity in ("NAME", "ADDRESS"):
        assert ev.recall_of(entity) >= 0.9, (entity, ev.missed)


def test_never_tuned_set_is_reported_not_asserted(detector, capsys) -> None:  # type: ignore[no-untyped-def]
    """heldout6.txt is the never-tuned estimate: its recall is printed (pytest -s), not asserted, so
    nobody tunes the patterns to pass it. What is asserted is that it covers the fixed-format types
    at least 6 times, as docs/pii.md says."""
    ev = evaluate(detector, marked_sets("heldout6.txt"))
    with capsys.disabled():
        print(f"\nheldout6 (never tuned on): recall {ev.recall:.3f}, precision {ev.precision:.3f}")
        for entity in sorted(ev.gold):
            print(f"  {entity}: {ev.found.get(entity, 0)}/{ev.gold[entity]}")
    for entity in set(FIXED_FORMAT) - {"EMAIL", "SSN", "IP_ADDRESS", "URL", "ID", "CREDIT_CARD"}:
        assert ev.gold.get(entity, 0) >= 6, entity
    assert ev.gold["NAME"] >= 8 and ev.gold["ADDRESS"] >= 8


@pytest.mark.parametrize(
    "text",
    [
        "Doppler ultrasound and Holter monitoring were normal; Aspirin and Doxazosin were stopped.",
        "Blood cultures grew Candida albicans and Streptococcus pneumoniae.",
        "PHYSICAL EXAMINATION: Lumbar spine tender. DIAGNOSIS: Angina. Swan-Ganz catheter placed.",
        "Steri-Strips and Betadine were applied; Vicodin and Kerlix on discharge.",
        "Hodgkin's disease and Parkinson's disease were excluded by the Kaplan-Meier analysis.",
    ],
)
def test_medical_terms_are_not_names_or_places(detector, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [s for s in detector.find(text) if s.entity in ("NAME", "LOCATION")]


@pytest.mark.parametrize(
    "text",
    [
        'This Agreement is between Northwind LLC ("Franchisor") and the Franchisee named below.',
        "The Licensee shall indemnify the Licensor and its Affiliates; such Seller owns the Copyrights.",
        "If you are a resident of South Korea: the Addendum applies to the Customer.",
        "See Smith v. Jones, 512 U.S. 218 (1994), and 42 U.S.C. § 1983.",
    ],
)
def test_contract_defined_terms_are_not_names(detector, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [s for s in detector.find(text) if s.entity in ("NAME", "LOCATION")]


def test_a_name_found_with_context_is_found_again_alone(detector) -> None:  # type: ignore[no-untyped-def]
    text = "Patient Harriet Vandermolen, 92. Later Vandermolen refused the Doppler study."
    assert _values(detector.find(text), "NAME") == ["Harriet Vandermolen", "Vandermolen"]


def test_the_same_word_is_a_name_with_a_title_and_a_term_without(detector) -> None:  # type: ignore[no-untyped-def]
    assert "Parkinson" in _values(detector.find("Seen today by Dr. Parkinson in clinic."), "NAME")
    assert not _values(detector.find("Signs of Parkinson disease were absent."), "NAME")


def test_every_finding_has_a_confidence_and_the_threshold_filters(detector) -> None:  # type: ignore[no-untyped-def]
    text = "Lewis was admitted; call 617-555-0148."
    spans = detector.find(text)
    assert all(0.0 < s.score <= 1.0 for s in spans)
    strict = build_detector(DetectorSettings(threshold=0.9))
    assert {s.entity for s in strict.find(text)} <= {s.entity for s in spans}
    assert "617-555-0148" not in _values(strict.find(text))  # a bare phone format scores 0.85


def test_dismissed_surface_forms_are_never_reported() -> None:
    settings = DetectorSettings(ner=False).dismiss("Ada  Byron", "name")
    spans = build_detector(settings).find("Seen by Dr. Ada Byron and Dr. Tom Wren.")
    assert _values(spans, "NAME") == ["Tom Wren"]
    assert DetectorSettings.from_json(settings.to_json()) == settings


def test_bad_threshold_is_a_clear_error() -> None:
    from curate.errors import CurateError

    with pytest.raises(CurateError, match="outside"):
        DetectorSettings(threshold=1.5)


def test_a_company_seat_is_not_a_home_address(detector) -> None:  # type: ignore[no-untyped-def]
    seat = "Amazon Media EU SARL, Société à responsabilité limitée, 38 avenue John F. Kennedy, L-1855 Luxembourg."
    home = "The patient lives at 38 avenue John F. Kennedy, L-1855 Luxembourg, with her daughter."
    assert not _values(detector.find(seat), "ADDRESS")
    assert _values(detector.find(home), "ADDRESS")
