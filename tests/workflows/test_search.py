"""Search and filter: one ``field=value`` / ``field~=regex`` parser for the API, the CLI and the widget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from curate import Project
from curate.cli import main
from curate.errors import CurateError
from curate.workflows.search import parse_where

DATA = Path(__file__).resolve().parents[2] / "data"
GOLD = pd.read_csv(DATA / "claudette_sample.csv")


@pytest.fixture
def labelled(legal_project: Project) -> Project:
    legal_project.import_data(
        DATA / "claudette_sample.csv",
        id_col="id",
        label_cols="label",
        annotator="gold",
        meta_cols=["doc", "split"],
    )
    return legal_project


def test_label_and_metadata_filters_match_the_gold_file(labelled: Project) -> None:
    got = labelled.search("label=arbitration", "doc=Spotify")
    want = GOLD[(GOLD.label == "arbitration") & (GOLD.doc == "Spotify")]
    assert sorted(r["id"] for r in got) == sorted(want.id) and len(want) >= 1
    assert all(r["label"] == "arbitration" and r["metadata"]["doc"] == "Spotify" for r in got)


def test_text_substring_ignores_case_and_regex_searches(labelled: Project) -> None:
    sub = {r["id"] for r in labelled.search("text=INDEMNIF")}
    assert sub == set(GOLD[GOLD.text.str.lower().str.contains("indemnif")].id) and sub
    rx = {r["id"] for r in labelled.search(r"text~=\bcourts? of\b")}
    assert rx == set(GOLD[GOLD.text.str.contains(r"\bcourts? of\b", flags=re.IGNORECASE)].id) and rx


def test_annotator_state_and_assignment_filters(labelled: Project) -> None:
    first = labelled.search("doc=Spotify")[0]["id"]
    labelled.annotate(first, "ana", ["fair_or_other"])
    assert [r["id"] for r in labelled.search("annotator=ana")] == [first]
    assert labelled.search("annotator=nobody") == []
    ids = [r["id"] for r in labelled.search("label=jurisdiction")]
    assert labelled.assign_items(ids, "ben") == len(ids)
    assert [r["id"] for r in labelled.search("assigned=ben")] == ids
    served = labelled.session("ben").next()
    assert served is not None and served.id in ids  # the assigned set comes first in ben's queue


def test_unlabelled_items_and_frame(legal_project: Project) -> None:
    assert len(legal_project.search("state=unlabelled")) == len(legal_project)
    frame = legal_project.search("text~=arbitrat", frame=True)
    assert list(frame.columns[:3]) == ["id", "text", "label"] and len(frame) > 0


@pytest.mark.parametrize(
    ("expr", "says"),
    [
        ("lable=arbitration", "unknown field 'lable'"),
        ("arbitration", "field=value or field~=regex"),
        ("text~=(", "not a valid regular expression"),
        ("batch=last", "a batch is a number"),
    ],
)
def test_bad_expressions_name_the_fix(labelled: Project, expr: str, says: str) -> None:
    with pytest.raises(CurateError, match=re.escape(says)) as err:
        labelled.search(expr)
    if "unknown field" in says:
        assert "text, label" in str(err.value) and "doc" in str(err.value)


def test_parser_reads_both_operators() -> None:
    c = parse_where(" doc = TikTok ")
    assert (c.field, c.op, c.value) == ("doc", "=", "TikTok")
    r = parse_where("text~=a=b")
    assert (r.field, r.op, r.value) == ("text", "~=", "a=b")


def test_cli_items_json_and_errors(labelled: Project, capsys: pytest.CaptureFixture[str]) -> None:
    db = labelled.store.url.removeprefix("sqlite:///")
    labelled.close()
    assert main(["items", db, "--where", "label=arbitration", "--where", "text~=arbitrat", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert isinstance(items, list) and items
    assert all(i["label"] == "arbitration" and re.search("arbitrat", i["text"], re.I) for i in items)
    assert main(["items", db, "--where", "colour=red"]) == 2
    err = capsys.readouterr().err
    assert "unknown field 'colour'" in err and "label" in err and "Traceback" not in err
    assert main(["items", db, "--where", "doc=Spotify", "--assign", "cat"]) == 0
    with Project.open(db) as again:
        assert {i for i, _ in again.store.assignments(annotator="cat")} == {
            r["id"] for r in again.search("doc=Spotify")
        }
