"""Safety constraints: a synthetic text may not invent clinical or legal facts (the issue's cases)."""

from __future__ import annotations

from curate.synth.constraints import (
    DrugDiagnosisPairs,
    NoNewFacts,
    apply_constraints,
    clinical_entities,
    detect_domain,
    safety_constraints,
)
from curate.synth.generators import Exemplar, ExemplarGenerator, SynthRequest
from curate.synth.provenance import Candidate, candidate_id, make_provenance
from curate.synth.resources import Vocabulary

FEC = (
    "Women with node-positive breast cancer received six cycles of FEC (fluorouracil 500 mg/m2, "
    "epirubicin 100 mg/m2 and cyclophosphamide 500 mg/m2 intravenously every 3 weeks)."
)


def made_from(text: str, exemplar_ids: list[str], label: str = "neoplasms") -> Candidate:
    details = {"exemplar_ids": exemplar_ids} if exemplar_ids else {"template_id": "t"}
    prov = make_provenance(generator="x", version="1", seed=1, details=details, text=text)
    return Candidate(id=candidate_id(text), text=text, label=label, provenance=prov)


def test_fec_regimen_drug_and_diagnosis_swap_is_rejected_naming_the_rules():
    swapped = FEC.replace("cyclophosphamide", "doxorubicin").replace(
        "breast cancer", "colorectal adenocarcinoma"
    )
    texts = {"e1": FEC}
    checked = apply_constraints(
        [made_from(swapped, ["e1"]), made_from(FEC.replace("Women", "Patients"), ["e1"])],
        safety_constraints("clinical", texts=texts, label_texts={"neoplasms": [FEC]}),
    )
    bad, ok = checked
    assert {"no_new_drug", "no_new_diagnosis"} <= set(bad.failed)
    assert "doxorubicin" in bad.checks["no_new_drug"].detail
    assert "colorectal adenocarcinoma" in bad.checks["no_new_diagnosis"].detail
    assert ok.passed, ok.failed


def test_clopidogrel_in_essential_hypertension_from_two_real_items_is_rejected():
    label_texts = {
        "cardiovascular diseases": [
            "Clopidogrel 75 mg reduced events after acute myocardial infarction.",
            "Essential hypertension was controlled with amlodipine 5 mg daily.",
        ]
    }
    template = made_from(
        "Clopidogrel in essential hypertension: a randomized trial.", [], "cardiovascular diseases"
    )
    checked = apply_constraints(
        [template], safety_constraints("clinical", texts={}, label_texts=label_texts)
    )[0]
    # Each term occurs in a real item of the label, so only the pairing rule catches it.
    assert checked.failed == ["drug_diagnosis_pair"]
    assert "clopidogrel in essential hypertension" in checked.checks["drug_diagnosis_pair"].detail


def test_numbers_with_units_are_copied_or_left_out_never_invented():
    texts = {"e1": "Aspirin 100 mg was given orally for 12 weeks."}
    kept = made_from("Aspirin was given orally for 12 weeks.", ["e1"], "x")
    invented = made_from("Aspirin 300 mg was given orally for 12 weeks.", ["e1"], "x")
    route = made_from("Aspirin 100 mg was given intravenously for 12 weeks.", ["e1"], "x")
    checked = apply_constraints(
        [kept, invented, route], [NoNewFacts(kind=k, texts=texts, label_texts={}) for k in ("dose", "route")]
    )
    assert [c.failed for c in checked] == [[], ["no_new_dose"], ["no_new_route"]]
    assert "300 mg" in checked[1].checks["no_new_dose"].detail


def test_legal_statutes_and_amounts_are_not_invented():
    texts = {"e1": "These Terms are governed by the laws of Ireland. Fees above $50 are refundable."}
    cand = made_from(
        "These Terms are governed by Section 230 of the Communications Decency Act. Fees above $500 are refundable.",
        ["e1"],
        "law",
    )
    checked = apply_constraints([cand], safety_constraints("legal", texts=texts, label_texts={}))[0]
    assert {"no_new_statute", "no_new_amount"} <= set(checked.failed)


def test_domain_detection_and_extraction():
    assert detect_domain([FEC, "Metformin in type 2 diabetes."]) == "clinical"
    assert detect_domain(["We may terminate your account.", "You can cancel at any time."]) is None
    ents = clinical_entities(FEC)
    assert (
        ("drug", "epirubicin") in ents
        and ("dose", "100 mg/m2") in ents
        and ("route", "intravenously") in ents
    )
    assert DrugDiagnosisPairs(texts={}, label_texts={}).name == "drug_diagnosis_pair"


def test_exemplar_generator_never_swaps_protected_clinical_terms():
    vocab = Vocabulary(
        categories={
            "drug": ("cyclophosphamide", "doxorubicin", "paclitaxel"),
            "people": ("Women", "Patients", "Participants"),
        }
    )
    request = SynthRequest(label="neoplasms", exemplars=(Exemplar(id="e1", text=FEC),))
    unsafe = ExemplarGenerator(vocab, swap=1.0).generate(request, 3, random_state=0)
    assert any("cyclophosphamide" not in c.text for c in unsafe)  # what the issue saw
    safe = ExemplarGenerator(vocab, swap=1.0, keep=lambda t: bool(clinical_entities(t))).generate(
        request, 3, random_state=0
    )
    assert safe  # the non-clinical words still swap
    assert all("cyclophosphamide" in c.text and "doxorubicin" not in c.text for c in safe)


def test_everyday_words_in_a_paraphrase_are_not_new_drugs():
    facts = clinical_entities("He needed more caps in April; aspirin was stopped.")
    assert {t for k, t in facts if k == "drug"} == {"aspirin"}
