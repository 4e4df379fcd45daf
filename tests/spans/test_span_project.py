"""Span tasks in the product: storage, the session API the widget calls, import, migration.

Real SQLite projects on the bundled NCBI Disease and InLegalNER samples.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from curate import Project, TaskSpec
from curate.cli import main
from curate.errors import CurateError, ImportDataError, TaskSpecError
from curate.spans import LabeledSpan, SpanTaskSpec, span_spec_from_names
from curate.store.tables import SCHEMA_VERSION

from .conftest import DATA, gold_spans, read_jsonl

TEXT = "Took aspirin 100 mg daily; a rash followed."
ASPIRIN = LabeledSpan(start=5, end=12, label="DRUG")
DOSE = LabeledSpan(start=13, end=19, label="DOSE")
RASH = LabeledSpan(start=29, end=33, label="ADE")


@pytest.fixture
def ade(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "ade.db", task=span_spec_from_names("DRUG,DOSE,ADE"))
    project.import_data(
        pd.DataFrame({"id": ["r1", "r2"], "text": [TEXT, "No drugs were given."]}), id_col="id"
    )
    return project


def test_a_span_project_keeps_its_kind_and_spec(tmp_path: Path, ncbi_spec: SpanTaskSpec) -> None:
    with Project.create(tmp_path / "p.db", task=ncbi_spec) as p:
        assert p.kind == "spans"
        assert p.span_spec == ncbi_spec
        assert p.task == ncbi_spec
        with pytest.raises(TaskSpecError, match="span task"):
            p.spec  # noqa: B018 - the classification accessor says what to use instead
    with Project.open(tmp_path / "p.db") as p:
        assert p.span_spec.label_names == ncbi_spec.label_names
    with Project.create(tmp_path / "c.db", task=TaskSpec(name="c", labels=("a", "b"))) as c:
        assert c.kind == "classification"
        with pytest.raises(TaskSpecError, match="not a span task"):
            c.span_spec  # noqa: B018


def test_init_spans_and_task_file_dispatch_on_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "a.db")
    assert main(["init", db, "--spans", "DRUG, DOSE,ADE", "--overlapping", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "spans" and out["labels"] == ["DRUG", "DOSE", "ADE"] and out["overlapping"]
    with Project.open(db) as p:
        assert p.span_spec.overlapping and p.span_spec.nested
    db2 = str(tmp_path / "b.db")
    assert main(["init", db2, "--task", str(DATA / "inlegalner.task.yaml")]) == 0
    with Project.open(db2) as p:
        assert p.kind == "spans" and "COURT" in p.span_spec.label_names
    assert main(["init", str(tmp_path / "c.db"), "--labels", "a,b", "--overlapping"]) == 2
    assert "--overlapping goes with --spans" in capsys.readouterr().err


def test_submit_stores_the_whole_span_list_as_one_event_and_undo_restores(ade: Project) -> None:
    session = ade.session("ana")
    item = session.next()
    assert item is not None and item.id == "r1"
    event = session.submit(spans=[ASPIRIN, {"start": 29, "end": 33, "label": "ADE"}], advance=False)
    assert event.kind == "label" and event.spans == (ASPIRIN, RASH) and event.labels == ()
    assert ade.spans("r1") == {"ana": [ASPIRIN, RASH]}
    # a second submit replaces the list (one event each)
    session.submit(spans=[ASPIRIN, DOSE, RASH], note="dose too", advance=False)
    assert session.spans() == [ASPIRIN, DOSE, RASH]
    assert [e.spans for e in ade.history("ana")] == [(ASPIRIN, RASH), (ASPIRIN, DOSE, RASH)]
    undo = session.undo()
    assert undo is not None and undo.kind == "undo" and undo.spans == (ASPIRIN, RASH)
    assert ade.spans("r1") == {"ana": [ASPIRIN, RASH]}
    session.undo()
    assert ade.spans("r1") == {}
    # an empty list is an annotation that found nothing
    session.submit(spans=[], item_id="r1", advance=False)
    assert ade.spans("r1") == {"ana": []}
    assert ade.store.progress_counts("ana")["done"] == 1


def test_bad_spans_are_refused_before_anything_is_stored(ade: Project) -> None:
    session = ade.session("ana")
    session.next()
    with pytest.raises(CurateError, match="unknown label 'DRUGS'"):
        session.submit(spans=[{"start": 5, "end": 12, "label": "DRUGS"}])
    with pytest.raises(CurateError, match="ends after the text"):
        session.submit(spans=[LabeledSpan(start=5, end=500, label="DRUG")])
    with pytest.raises(CurateError, match="does not allow"):
        session.submit(spans=[ASPIRIN, LabeledSpan(start=8, end=19, label="DOSE")])
    with pytest.raises(CurateError, match="span task"):
        session.submit(["DRUG"])
    with pytest.raises(CurateError, match="no document labels"):
        session.submit(spans=[ASPIRIN], labels=["relevant"])
    assert ade.history("ana") == []
    assert ade.spans("r1") == {}


def test_classification_sessions_refuse_spans(tmp_path: Path) -> None:
    with Project.create(tmp_path / "c.db", task=TaskSpec(name="c", labels=("a", "b"))) as p:
        p.import_data(pd.DataFrame({"text": ["one"]}))
        s = p.session("ana")
        s.next()
        with pytest.raises(CurateError, match="classification task"):
            s.submit(spans=[])
        assert s.submit(["a"]).labels == ("a",)


def test_skip_and_annotate_spans_directly(ade: Project) -> None:
    session = ade.session("ben")
    first = session.next()
    assert first is not None
    second = session.skip()
    assert second is not None and second.id != first.id
    assert ade.history("ben")[0].kind == "skip" and ade.history("ben")[0].spans is None
    ade.annotate_spans("r1", "cleo", [DOSE])
    assert ade.spans("r1") == {"cleo": [DOSE]}


def test_document_labels_beside_spans(tmp_path: Path) -> None:
    spec = SpanTaskSpec(name="ade", labels=("DRUG",), document_labels=("relevant", "irrelevant"))
    with Project.create(tmp_path / "d.db", task=spec) as p:
        p.import_data(pd.DataFrame({"id": ["r1"], "text": [TEXT]}), id_col="id")
        event = p.annotate_spans("r1", "ana", [ASPIRIN], labels="relevant")
        assert event.labels == ("relevant",) and event.spans == (ASPIRIN,)
        p.annotate_spans("r1", "ben", [ASPIRIN], labels=["relevant"])
        dsd = p.to_dataset(splits={"train": 1.0})
        row = dsd["train"][0]
        assert dsd["train"].features["document_labels"].feature.names == ["relevant", "irrelevant"]
        assert row["document_labels"] == [0] and row["resolution"] == "unanimous"


def test_review_session_records_the_adjudicated_span_set(ade: Project) -> None:
    ade.annotate_spans("r1", "ana", [ASPIRIN, RASH])
    ade.annotate_spans("r1", "ben", [ASPIRIN])
    ade.adjudicate_spans("r1", "rita", [ASPIRIN, DOSE, RASH], note="dose counts")
    assert ade.spans("r1")["rita"] == [ASPIRIN, DOSE, RASH]
    assert ade.store.current_spans(kind="adjudicate") == {"r1": {"rita": (ASPIRIN, DOSE, RASH)}}


def test_import_spans_round_trips_the_sample(tmp_path: Path, ncbi_spec: SpanTaskSpec) -> None:
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")
    db = str(tmp_path / "n.db")
    with Project.create(db, task=ncbi_spec) as p:
        report = p.import_data(
            DATA / "ncbi_disease_sample.jsonl", id_col="id", spans_col="spans", annotator="gold"
        )
        assert report.added == len(rows) and report.labels_added == len(rows)
        stored = p.store.current_spans(annotator="gold")
        for row in rows:
            assert stored[row["id"]]["gold"] == gold_spans(row)
            assert "spans" not in p.item(row["id"]).metadata
        # re-import: nothing changes
        again = p.import_data(
            DATA / "ncbi_disease_sample.jsonl", id_col="id", spans_col="spans", annotator="gold"
        )
        assert again.added == 0 and again.labels_added == 0
        assert p.store.count_events() == len(rows)


def test_cli_import_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    assert main(["init", db, "--task", str(DATA / "inlegalner.task.yaml")]) == 0
    capsys.readouterr()
    src = str(DATA / "inlegalner_sample.jsonl")
    assert main(["import", db, src, "--spans-col", "spans", "--annotator", "gold", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == 200
    with Project.open(db) as p:
        assert len(p.store.current_spans(annotator="gold")) == 200


def test_import_errors_name_the_rows_and_store_nothing(ade: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    rows = [
        {"text": "Aspirin helped.", "spans": [{"start": 0, "end": 7, "label": "DRUG"}]},
        {"text": "Ibuprofen 200 mg.", "spans": [{"start": 0, "end": 9, "label": "MEDICINE"}]},
        {"text": "Short.", "spans": [{"start": 0, "end": 60, "label": "DRUG"}]},
    ]
    bad.write_text("\n".join(json.dumps(r) for r in rows))
    before = len(ade)
    with pytest.raises(ImportDataError) as err:
        ade.import_data(bad, spans_col="spans")
    message = str(err.value)
    assert "row 2" in message and "MEDICINE" in message and "row 3" in message and "row 1" not in message
    assert len(ade) == before and ade.store.count_events() == 0


def test_rows_merged_by_normalised_text_must_have_the_same_raw_text(ade: Project, tmp_path: Path) -> None:
    # r1 is stored as TEXT; this row differs only in whitespace, so it would merge into r1
    spaced = TEXT.replace("Took ", "Took  ")
    src = tmp_path / "spaced.jsonl"
    src.write_text(json.dumps({"text": spaced, "spans": [{"start": 6, "end": 13, "label": "DRUG"}]}))
    with pytest.raises(ImportDataError, match=r"row 1.*raw text differs"):
        ade.import_data(src, spans_col="spans")
    assert ade.store.count_events() == 0
    # within one file too, and duplicates with different spans
    two = tmp_path / "two.jsonl"
    two.write_text(
        "\n".join(
            json.dumps(r)
            for r in (
                {"text": "Aspirin  given.", "spans": [{"start": 0, "end": 7, "label": "DRUG"}]},
                {"text": "Aspirin given.", "spans": [{"start": 0, "end": 7, "label": "DRUG"}]},
                {"text": "Aspirin  given.", "spans": []},
            )
        )
    )
    with pytest.raises(ImportDataError) as err:
        ade.import_data(two, spans_col="spans")
    assert (
        "row 2" in str(err.value)
        and "row 3" in str(err.value)
        and "different spans in row 1" in str(err.value)
    )


def test_import_needs_the_right_kind(ade: Project, tmp_path: Path) -> None:
    with pytest.raises(CurateError, match="spans_col"):
        ade.import_data(DATA / "ncbi_disease_sample.jsonl", label_cols=["spans"])
    with (
        Project.create(tmp_path / "c.db", task=TaskSpec(name="c", labels=("a",))) as c,
        pytest.raises(CurateError, match="span task"),
    ):
        c.import_data(DATA / "ncbi_disease_sample.jsonl", spans_col="spans")


def test_a_schema_2_project_upgrades_and_takes_spans(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Project.create(path, task=TaskSpec(name="c", labels=("a", "b"))) as p:
        p.import_data(pd.DataFrame({"id": ["x", "y"], "text": ["one", "two"]}), id_col="id")
        p.annotate("x", "ana", "a")
    con = sqlite3.connect(path)
    # schema 2 as curate wrote it: no spans_json columns
    con.execute("ALTER TABLE events DROP COLUMN spans_json")
    con.execute("ALTER TABLE current_labels DROP COLUMN spans_json")
    con.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
    con.commit()
    con.close()
    with Project.open(path) as p:
        assert p.store.meta("schema_version") == str(SCHEMA_VERSION) == "3"
        assert p.labels() == {"x": {"ana": ("a",)}}
        assert p.history("ana")[0].spans is None
        p.annotate("y", "ben", "b")
        assert p.undo("ben") is not None
        assert p.store.current_spans() == {}


def test_span_spec_versions_keep_labels_in_use(ade: Project) -> None:
    ade.annotate_spans("r1", "ana", [ASPIRIN])
    with pytest.raises(TaskSpecError, match=r"\['DRUG'\] are used"):
        ade.update_span_spec(labels=("DOSE", "ADE"))
    new = ade.update_span_spec(guidelines="Mark the drug name only.")
    assert new.version == 2 and ade.span_spec.guidelines == "Mark the drug name only."
    assert ade.annotate_spans("r2", "ana", []).spec_version == 2
    with pytest.raises(TaskSpecError, match="cannot replace"):
        ade.store.add_task(TaskSpec(name="c", labels=("a",)))
