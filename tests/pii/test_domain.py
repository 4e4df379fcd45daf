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


#: Sets tuned on, each after it was first measured (see benchmarks/pii_detect.py for the history).
TUNED = ["dev.txt", *[f"heldout{n}.txt" for n in ("", *range(2, 67))]]
#: Sets never tuned on: measured once, printed, never asserted (so nobody tunes the patterns to pass them).
NEVER_TUNED = ["heldout67.txt", "heldout68.txt", "heldout69.txt"]


@pytest.fixture(scope="module")
def tuned(detector):  # type: ignore[no-untyped-def]
    return {name: evaluate(detector, marked_sets(name)) for name in TUNED}


@pytest.mark.parametrize("name", TUNED)
def test_recall_on_each_set_tuned_on(tuned, name: str) -> None:  # type: ignore[no-untyped-def]
    ev = tuned[name]
    assert ev.recall >= 0.95, ev.missed
    assert ev.precision >= 0.9, ev.false_positives


def test_recall_per_type_over_all_sets_tuned_on(tuned) -> None:  # type: ignore[no-untyped-def]
    """The issue's aims, per type, pooled over the 67 sets (each type has 20+ examples there)."""
    gold: dict[str, int] = {}
    found: dict[str, int] = {}
    for ev in tuned.values():
        for entity, n in ev.gold.items():
            gold[entity] = gold.get(entity, 0) + n
            found[entity] = found.get(entity, 0) + ev.found.get(entity, 0)
    for entity in FIXED_FORMAT:
        if gold.get(entity):
            assert found[entity] / gold[entity] >= 0.95, (entity, found[entity], gold[entity])
    for entity in ("NAME", "ADDRESS"):
        assert found[entity] / gold[entity] >= 0.9, (entity, found[entity], gold[entity])


@pytest.mark.parametrize("name", NEVER_TUNED)
def test_never_tuned_sets_are_reported_not_asserted(detector, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    """The never-tuned estimate: recall is printed (pytest -s), not asserted. What is asserted is
    that the set holds what its writer was asked for: 40 or more vehicle plates and 30 or more case
    numbers (the aims still open when it was written), 30 or more names and 20 or more street addresses."""
    if not (SETS / name).exists():
        pytest.skip(f"{name} is not written yet")
    ev = evaluate(detector, marked_sets(name))
    with capsys.disabled():
        print(f"\n{name} (never tuned on): recall {ev.recall:.3f}, precision {ev.precision:.3f}")
        for entity in sorted(ev.gold):
            print(f"  {entity}: {ev.found.get(entity, 0)}/{ev.gold[entity]}")
    assert ev.gold["NAME"] >= 30 and ev.gold["ADDRESS"] >= 20
    assert ev.gold["PLATE"] >= 40 and ev.gold["CASE_NUMBER"] >= 30


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


@pytest.mark.parametrize(
    "text",
    [
        "The NMDA antagonists CGP 37849 and CGP 39551 were given at 10 mg/kg to C57BL/6 mice.",
        "Gastrin rose more after vagotomy [median 2120 pmol.h/L; range, 733-2831 pmol.h/L].",
        "Serial technetium-99m ventriculograms were recorded between 2010-2015 in 1200000 screenings.",
        "Regulation (EU) 2016/679 and Regulation (EU) No 524/2013 apply; see clause 14.2.",
        "For OneSearch, Yahoo Auctions, Yahoo House, Yahoo Mail and Yahoo Money, Yahoo is the provider.",
        "THE TENANT MAY NOT ASSIGN THE LEASE. DATE OF THE EVENT GIVING RISE TO THE CLAIM.",
        "Sepsis mortality rose to 15.2 deaths/100,000/year; dose 100000IU daily.",
        "Erratum in Proc Natl Acad Sci U S A 1991 Apr 1;88(7):2967; the gene of Japanese patients differs.",
        "One hundred patients, aged twenty to ninety-two years, underwent the procedure; motor 4/5.",
    ],
)
def test_numbers_codes_and_headings_of_real_text_are_not_identifiers(detector, text: str) -> None:  # type: ignore[no-untyped-def]
    """False alarms met on the real corpora while widening the patterns, each fixed once."""
    assert [s for s in detector.find(text) if s.entity != "DATE"] == []


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
