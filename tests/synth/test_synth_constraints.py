"""Constraints: pure predicates whose results are recorded on each candidate."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from curate.errors import CurateError
from curate.synth.constraints import (
    ForbiddenTerms,
    LabelFaithfulness,
    LengthBounds,
    NoRealPersonalData,
    Novelty,
    RequiredTerms,
    SyntheticShareCap,
    apply_constraints,
    personal_values,
)
from curate.synth.provenance import Candidate, candidate_id, make_provenance


def cand(text: str, label: str = "arbitration", slots: dict | None = None) -> Candidate:
    prov = make_provenance(
        generator="template",
        version="1",
        seed=1,
        details={"template_id": "t", "slots": slots or {}},
        text=text,
    )
    return Candidate(id=candidate_id(text), text=text, label=label, provenance=prov)


def bag_of_words(texts):
    """A deterministic stand-in embedding for pure checks: hashed bag of words, unit length."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().split():
            out[i, zlib.crc32(w.encode()) % 64] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_results_are_recorded_on_candidates_and_provenance_without_changing_inputs():
    cands = [cand("Short."), cand("Any dispute shall be resolved by binding arbitration in Dublin.")]
    checked = apply_constraints(cands, [LengthBounds(min_chars=10, max_chars=200)])
    assert cands[0].checks == {}  # inputs unchanged
    assert [c.passed for c in checked] == [False, True]
    assert checked[0].failed == ["length"]
    assert checked[0].provenance.constraints["length"]["passed"] is False
    assert checked[1].provenance.constraints["length"]["value"] == len(cands[1].text)
    again = apply_constraints(cands, [LengthBounds(min_chars=10, max_chars=200)])
    assert [c.checks for c in again] == [c.checks for c in checked]


def test_required_and_forbidden_terms_and_regexes():
    cands = [cand("Disputes go to binding arbitration."), cand("Disputes go to the courts of Paris.")]
    req = apply_constraints(cands, [RequiredTerms(terms=("arbitration",))])
    assert [c.passed for c in req] == [True, False]
    anyof = apply_constraints(cands, [RequiredTerms(terms=("arbitration", "courts"), any_of=True)])
    assert all(c.passed for c in anyof)
    forb = apply_constraints(cands, [ForbiddenTerms(regexes=(r"court\w*",))])
    assert [c.passed for c in forb] == [True, False]
    with pytest.raises(CurateError, match="not valid"):
        apply_constraints(cands, [ForbiddenTerms(regexes=("(",))])


def test_no_real_personal_data_catches_values_from_the_real_corpus():
    real = personal_values(["Contact Dr. Maria Lopez at maria.lopez@example.org or +44 20 7946 0958."])
    assert "maria.lopez@example.org" in real
    con = NoRealPersonalData(real_values=real)
    clean = cand("Write to Dr. Ann Fox at ann.fox@example.net.")
    in_text = cand("Write to Dr. Ann Fox at MARIA.LOPEZ@example.org.")
    in_slot = cand("Write to our office.", slots={"person": {"source": "faker", "value": "Dr. Maria Lopez"}})
    checked = apply_constraints([clean, in_text, in_slot], [con])
    assert [c.passed for c in checked] == [True, False, False]
    # The result says what kind of leak it was, never the value itself.
    assert "maria" not in checked[1].checks["no_real_personal_data"].detail.lower()


def test_novelty_rejects_near_copies_of_real_items_and_near_duplicates():
    real_texts = ["the provider may terminate your account at any time without notice"]
    con = Novelty(
        reference=bag_of_words(real_texts), embed=bag_of_words, max_similarity=0.9, duplicate_similarity=0.9
    )
    cands = [
        cand("The provider may terminate your account at any time without notice"),  # copy of real
        cand("Disputes are settled by arbitration in Geneva under Swiss rules"),
        cand("disputes are settled by arbitration in geneva under swiss rules"),  # duplicate of the last
        cand("Your content can be removed when it breaks the community guidelines"),
    ]
    checked = apply_constraints(cands, [con])
    assert [c.passed for c in checked] == [False, True, False, True]
    assert checked[0].checks["novelty"].value == pytest.approx(1.0, abs=1e-4)
    assert "near-duplicate" in checked[2].checks["novelty"].detail
    existing = Novelty(
        reference=bag_of_words(real_texts), embed=bag_of_words, existing=bag_of_words([cands[3].text])
    )
    assert apply_constraints([cands[3]], [existing])[0].passed is False


def test_label_faithfulness_flags_without_blocking():
    labels = ("fair_or_other", "arbitration")

    def proba(texts):
        return np.array([[0.1, 0.9] if "arbitration" in t else [0.8, 0.2] for t in texts])

    con = LabelFaithfulness(predict_proba=proba, labels=labels, min_probability=0.5)
    checked = apply_constraints([cand("Binding arbitration applies."), cand("Welcome to our shop.")], [con])
    assert [c.checks["label_faithfulness"].passed for c in checked] == [True, False]
    assert checked[1].passed and checked[1].flags == ["label_faithfulness"]
    assert checked[1].checks["label_faithfulness"].value == pytest.approx(0.2)
    bad = LabelFaithfulness(predict_proba=lambda t: np.zeros((len(t), 3)), labels=labels)
    with pytest.raises(CurateError, match="shape"):
        apply_constraints([cand("x" * 30)], [bad])


def test_share_cap_counts_existing_synthetic_and_only_passing_candidates():
    cap = SyntheticShareCap(
        real_counts={"arbitration": 3}, synthetic_counts={"arbitration": 1}, max_share=0.5
    )
    assert cap.room("arbitration") == 2
    assert cap.room("jurisdiction") == 0
    cands = [cand("too short"), *(cand(f"Binding arbitration clause number {i} applies.") for i in range(3))]
    checked = apply_constraints(cands, [LengthBounds(min_chars=15), cap])
    assert [c.passed for c in checked] == [False, True, True, False]
    assert "cap reached" in checked[3].checks["synthetic_share"].detail
    assert SyntheticShareCap(real_counts={"a": 10}, max_share=0.2).room("a") == 2
