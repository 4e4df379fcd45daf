from __future__ import annotations

import pytest

from curate import Label, TaskSpec
from curate.errors import LabelError, TaskSpecError
from curate.schema import content_hash, normalise_text


def test_keys_default_to_digits_in_label_order() -> None:
    spec = TaskSpec(name="t", labels=(Label(name="a"), Label(name="b", key="x"), Label(name="c")))
    assert [lab.key for lab in spec.labels] == ["1", "x", "2"]


def test_reserved_and_shared_keys_are_refused() -> None:
    with pytest.raises(TaskSpecError, match="skip, unsure"):
        Label(name="a", key="?")
    with pytest.raises(TaskSpecError, match="share a key"):
        TaskSpec(name="t", labels=(Label(name="a", key="1"), Label(name="b", key="1")))


def test_check_labels_names_the_unknown_label_and_the_known_ones(legal_spec: TaskSpec) -> None:
    with pytest.raises(LabelError, match=r"'arbitrage' is not in task .*arbitration"):
        legal_spec.check_labels(["arbitrage"])
    with pytest.raises(LabelError, match="single-label"):
        legal_spec.check_labels(["arbitration", "jurisdiction"])
    with pytest.raises(LabelError, match="no label"):
        legal_spec.check_labels([])


def test_multi_label_keeps_spec_order_without_repeats() -> None:
    spec = TaskSpec(name="t", labels=(Label(name="a"), Label(name="b"), Label(name="c")), multi_label=True)
    assert spec.check_labels(["c", "a", "c"]) == ("a", "c")


def test_yaml_round_trip_and_versioned_edit(legal_spec: TaskSpec) -> None:
    again = TaskSpec.from_yaml(legal_spec.to_yaml())
    assert again == legal_spec
    edited = legal_spec.edit(guidelines="new")
    assert edited.version == legal_spec.version + 1
    assert edited.guidelines == "new"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("labels: [a]", "no name"),
        ("name: x", "no 'labels'"),
        ("name: x\nlabels: [a, a]", "more than once"),
        ("name: x\nlabels: [{definition: d}]", "no 'name'"),
        ("name: x\nlabels: [a]\ncolour: red", "unknown fields"),
        ("name: [unclosed", "not valid YAML"),
    ],
)
def test_bad_yaml_specs_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(TaskSpecError, match=message):
        TaskSpec.from_yaml(text, source="spec.yaml")


def test_normalisation_merges_whitespace_and_unicode_forms() -> None:
    assert normalise_text("  Caf\u0065\u0301 \n\t au  lait ") == "Caf\u00e9 au lait"
    assert content_hash("Café au lait") == content_hash("Cafe\u0301  au\nlait ")
    assert content_hash("a b") != content_hash("ab")
