"""Vocabulary and template YAML: the bundled files, a user's own files, and malformed ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate.synth.resources import DATA_DIR, SynthResourceError, load_template_set, load_vocabulary


@pytest.mark.parametrize(("name", "spec_fixture"), [("legal", "legal_spec"), ("medical", "medical_spec")])
def test_bundled_templates_cover_every_label_of_the_demo_task(name, spec_fixture, request):
    spec = request.getfixturevalue(spec_fixture)
    tset = load_template_set(DATA_DIR / "templates" / f"{name}.yaml", labels=spec.label_names)
    # Every label except the catch-all has templates, and every slot resolves (checked on load).
    wanted = set(spec.label_names) - {"fair_or_other"}
    assert wanted <= tset.labels
    assert tset.vocabulary.categories


def test_user_templates_and_vocabulary_are_used(tmp_path: Path):
    (tmp_path / "vocab").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "vocab" / "mine.yaml").write_text("categories:\n  regulator: [the Data Authority]\n")
    tpl = tmp_path / "templates" / "mine.yaml"
    tpl.write_text(
        "vocabularies: [mine]\nlocale: en_GB\n"
        "templates:\n  - id: t1\n    label: privacy_included\n"
        "    text: '{company} reports to {regulator}.'\n"
    )
    tset = load_template_set(tpl)
    from curate.synth.generators import SynthRequest, TemplateGenerator

    (cand,) = TemplateGenerator(tset).generate(SynthRequest(label="privacy_included"), 1, random_state=3)
    assert cand.text.endswith("reports to the Data Authority.")
    slots = cand.provenance.details["slots"]
    assert slots["regulator"]["source"] == "vocab:mine"
    assert slots["company"] == {
        "source": "faker",
        "provider": "company",
        "locale": "en_GB",
        "value": slots["company"]["value"],
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "templates:\n  - id: a\n    label: arbitration\n    text: '{no_such_slot_xyz}'\n",
            "no_such_slot_xyz",
        ),
        ("templates:\n  - id: a\n    label: nope\n    text: 'x'\n", "label 'nope' is not in the task"),
        ("templates:\n  - id: a\n    label: arbitration\n", "template 'a': 'parts' must be"),
        (
            "templates:\n  - {id: a, label: arbitration, text: x}\n"
            "  - {id: a, label: arbitration, text: y}\n",
            "used twice",
        ),
        ("templates:\n  - {label: arbitration, text: x}\n", "template 1: needs 'id'"),
        ("templates: [\n", "not valid YAML"),
        ("slots:\n  x: 42\ntemplates: []\n", "slot 'x'"),
    ],
)
def test_malformed_template_files_name_the_fault(tmp_path: Path, legal_spec, body, message):
    path = tmp_path / "t.yaml"
    path.write_text(body)
    with pytest.raises(SynthResourceError, match=message):
        load_template_set(path, labels=legal_spec.label_names)


def test_malformed_vocabulary_and_missing_file(tmp_path: Path):
    bad = tmp_path / "v.yaml"
    bad.write_text("categories:\n  drug: []\n")
    with pytest.raises(SynthResourceError, match="category 'drug'"):
        load_vocabulary(bad)
    with pytest.raises(SynthResourceError, match="does not exist"):
        load_vocabulary(tmp_path / "missing.yaml")
