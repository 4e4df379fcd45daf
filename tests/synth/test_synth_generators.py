"""Generators: one conformance suite for every generator, then each one's own behaviour."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.errors import CurateError
from curate.schema import content_hash
from curate.synth.generators import Exemplar, ExemplarGenerator, SynthRequest, TemplateGenerator
from curate.synth.resources import DATA_DIR, load_template_set

LEGAL = load_template_set(DATA_DIR / "templates" / "legal.yaml")
MEDICAL = load_template_set(DATA_DIR / "templates" / "medical.yaml")


def _exemplars(label: str, k: int = 12) -> tuple[Exemplar, ...]:
    frame = pd.read_csv(DATA_DIR / "claudette_sample.csv")
    rows = frame[frame["label"] == label].head(k)
    return tuple(Exemplar(id=r.id, text=r.text) for r in rows.itertuples())


def _med_exemplars(label: str, k: int = 8) -> tuple[Exemplar, ...]:
    frame = pd.read_csv(DATA_DIR / "medical_abstracts_sample.csv")
    rows = frame[frame["label"] == label].head(k)
    return tuple(Exemplar(id=r.id, text=r.text) for r in rows.itertuples())


CASES = {
    "template-legal": (lambda: TemplateGenerator(LEGAL), SynthRequest(label="arbitration")),
    "template-medical": (lambda: TemplateGenerator(MEDICAL), SynthRequest(label="digestive system diseases")),
    "exemplar-legal": (
        lambda: ExemplarGenerator(LEGAL.vocabulary),
        SynthRequest(label="jurisdiction", exemplars=_exemplars("jurisdiction")),
    ),
    "exemplar-medical": (
        lambda: ExemplarGenerator(MEDICAL.vocabulary),
        SynthRequest(label="nervous system diseases", exemplars=_med_exemplars("nervous system diseases")),
    ),
}


def _fingerprint(cands):
    return [(c.id, c.text, c.label, c.provenance.seed, repr(c.provenance.details)) for c in cands]


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_same_seed_same_output_with_provenance(case):
    make, request = CASES[case]
    before = repr(request)
    first = make().generate(request, 8, random_state=7)
    again = make().generate(request, 8, random_state=7)
    other = make().generate(request, 8, random_state=8)
    assert repr(request) == before  # inputs unchanged
    assert _fingerprint(first) == _fingerprint(again)
    assert _fingerprint(first) != _fingerprint(other)
    assert 1 <= len(first) <= 8
    assert len({c.id for c in first}) == len(first)
    for c in first:
        prov = c.provenance
        assert c.label == request.label and c.status == "new"
        assert prov.generator in ("template", "exemplar") and prov.generator_version
        assert prov.content_hash == content_hash(c.text)
        assert prov.created_at and prov.curate_version
        assert prov.details["batch_seed"] == 7
        assert ("template_id" in prov.details) != ("exemplar_ids" in prov.details)
        for ex_id in prov.details.get("exemplar_ids", []):
            assert ex_id in {e.id for e in request.exemplars}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_candidate_regenerates_from_its_own_seed(case):
    make, request = CASES[case]
    gen = make()
    for cand in gen.generate(request, 4, random_state=11):
        again = gen.make_one(request, cand.provenance.seed)
        assert again is not None and again.text == cand.text


def test_template_slots_record_faker_provider_locale_and_vocabulary():
    (cand,) = TemplateGenerator(LEGAL, locale="de_DE").generate(
        SynthRequest(label="jurisdiction"), 1, random_state=0
    )
    slots = cand.provenance.details["slots"]
    sources = {rec["source"] for rec in slots.values()}
    assert "vocab:legal" in sources
    for rec in slots.values():
        assert rec["value"] in cand.text or rec["value"][:1].upper() + rec["value"][1:] in cand.text
        if rec["source"] == "faker":
            assert rec["locale"] == "de_DE"
    assert cand.provenance.details["template_id"] == "legal.jurisdiction.courts"


def test_template_generator_refuses_a_label_without_templates():
    with pytest.raises(CurateError, match="no template for label 'fair_or_other'"):
        TemplateGenerator(LEGAL).generate(SynthRequest(label="fair_or_other"), 3, random_state=0)


def test_exemplar_generator_always_replaces_personal_data_and_records_each_swap():
    real = Exemplar(
        id="r1",
        text="Write to Dr. Alice Carter at alice.carter@example.org or 12 Mill Road before 12/03/2019 "
        "to claim $1,500. Any dispute shall be resolved by binding arbitration.",
    )
    # swap=0: vocabulary terms stay; personal data is replaced regardless.
    cands = ExemplarGenerator(LEGAL.vocabulary, swap=0.0).generate(
        SynthRequest(label="arbitration", exemplars=(real,)), 3, random_state=0
    )
    assert cands
    for c in cands:
        for value in ("alice.carter@example.org", "Alice Carter", "12 Mill Road", "12/03/2019"):
            assert value not in c.text
        assert "$1,500" in c.text
        kinds = {rec["kind"] for rec in c.provenance.details["slots"]}
        assert kinds == {"EMAIL", "NAME", "ADDRESS", "DATE"}  # curate.pii entity names
        assert c.provenance.details["exemplar_ids"] == ["r1"]
    swapped = ExemplarGenerator(LEGAL.vocabulary, swap=1.0).generate(
        SynthRequest(label="arbitration", exemplars=(real,)), 2, random_state=0
    )
    # Amounts are facts: copied or left out, never invented (vocabulary terms are what swap).
    assert all("$1,500" in c.text for c in swapped)


def test_exemplar_recombination_joins_sentences_of_two_exemplars_of_the_label():
    request = SynthRequest(
        label="nervous system diseases", exemplars=_med_exemplars("nervous system diseases")
    )
    cands = ExemplarGenerator(MEDICAL.vocabulary, recombine=1.0).generate(request, 6, random_state=2)
    joined = [c for c in cands if len(c.provenance.details["exemplar_ids"]) == 2]
    assert joined
    for c in joined:
        a, b = c.provenance.details["exemplar_ids"]
        assert a != b
        pieces = c.provenance.details["sentences"]
        assert pieces[a][0] == 0  # the opening comes from the first exemplar
        assert pieces[b][-1] >= 1


def test_exemplar_generator_needs_exemplars():
    with pytest.raises(CurateError, match="needs real labelled items"):
        ExemplarGenerator(LEGAL.vocabulary).generate(SynthRequest(label="arbitration"), 2, random_state=0)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(0, 12))
def test_template_generator_property_distinct_and_deterministic(seed, n):
    gen = TemplateGenerator(LEGAL)
    request = SynthRequest(label="privacy_included")
    first = gen.generate(request, n, random_state=seed)
    assert len(first) <= n
    assert len({c.text for c in first}) == len(first)
    assert [c.text for c in gen.generate(request, n, random_state=seed)] == [c.text for c in first]
    assert all(c.text[:1].isupper() for c in first)
