from __future__ import annotations

import pytest

from curate.errors import TaskSpecError
from curate.schema import TaskSpec
from curate.spans import SpanTaskSpec, span_spec_from_names
from curate.spans.spec import PALETTE


def test_spans_flag_builds_a_task_with_keys_and_colours() -> None:
    spec = span_spec_from_names("DRUG, DOSE ,ADE")
    assert [(lab.name, lab.key, lab.color) for lab in spec.labels] == [
        ("DRUG", "1", PALETTE[0]),
        ("DOSE", "2", PALETTE[1]),
        ("ADE", "3", PALETTE[2]),
    ]
    assert (spec.overlapping, spec.nested, spec.kind) == (False, False, "spans")
    assert span_spec_from_names("A,B", overlapping=True).nested is True


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("", "no span labels"),
        ("A,,B", "empty label"),
        ("A,B,", "empty label"),
        ("A,A", "more than once"),
        ("A|B", "not usable"),
    ],
)
def test_spans_flag_refuses_bad_lists(names: str, message: str) -> None:
    with pytest.raises(TaskSpecError, match=message):
        span_spec_from_names(names)


def test_yaml_round_trip_keeps_everything(ncbi_spec: SpanTaskSpec) -> None:
    assert ncbi_spec.label_names == ("SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention")
    assert [lab.key for lab in ncbi_spec.labels] == ["s", "c", "m", "x"]
    assert ncbi_spec.label("Modifier").examples
    assert SpanTaskSpec.from_yaml(ncbi_spec.to_yaml()) == ncbi_spec
    doc = SpanTaskSpec.from_yaml(
        """
name: ade
overlapping: true
labels:
  - {name: DRUG, key: d, color: "#112233"}
  - ADE
document_labels:
  multi_label: true
  labels: [serious, {name: non-serious, key: z}]
"""
    )
    assert [(lab.name, lab.key) for lab in doc.labels] == [("DRUG", "d"), ("ADE", "1")]
    assert doc.labels[0].color == "#112233" and doc.labels[1].color == PALETTE[0]
    task = doc.document_task()
    assert isinstance(task, TaskSpec) and task.multi_label and task.label_names == ("serious", "non-serious")
    # span and document keys never collide
    assert [lab.key for lab in task.labels] == ["2", "z"]
    assert SpanTaskSpec.from_yaml(doc.to_yaml()) == doc
    assert ncbi_spec.document_task() is None


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: t\nlabels: [A]\ncolour: red", r"unknown fields \['colour'\]"),
        ("name: t\nkind: classification\nlabels: [A]", "needs kind: spans"),
        ("name: t", "no 'labels' list"),
        ("name: t\nlabels: A", "must be a list"),
        ("name: t\nlabels: []", "no span labels"),
        ("name: t\nlabels: [{name: A, color: red}]", "not a hex colour"),
        ("name: t\nlabels: [{name: A, colour: '#ffffff'}]", r"unknown fields \['colour'\]"),
        ("name: t\nlabels: [{name: A, key: '1'}, {name: B, key: '1'}]", "share a key"),
        ("name: t\nlabels: [A]\ndocument_labels: [A]", "share one namespace"),
        ("name: t\nlabels: [A]\noverlapping: 'false'", "overlapping must be true or false"),
        ("name: t\nlabels: [A]\nversion: 0", "positive integer"),
        ("labels: [A]", "no name"),
        ("name: t\nlabels: [A\n", "not valid YAML"),
    ],
)
def test_bad_yaml_gets_a_clear_error_naming_the_source(yaml_text: str, message: str) -> None:
    with pytest.raises(TaskSpecError, match=message) as err:
        SpanTaskSpec.from_yaml(yaml_text, source="ade.task.yaml")
    assert "ade.task.yaml" in str(err.value)


def test_edit_makes_a_new_version_and_check_spans_uses_the_rules() -> None:
    spec = span_spec_from_names("A,B")
    wider = spec.edit(nested=True)
    assert wider.version == 2 and wider.nested
    from curate.errors import CurateError

    spans = [{"start": 0, "end": 5, "label": "A"}, {"start": 1, "end": 3, "label": "B"}]
    with pytest.raises(CurateError, match="does not allow nested"):
        spec.check_spans("hello world", spans)
    assert len(wider.check_spans("hello world", spans)) == 2
    with pytest.raises(TaskSpecError, match="set by curate"):
        spec.edit(version=5)
