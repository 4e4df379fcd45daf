from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curate import Label, Project, TaskSpec
from curate.errors import CurateError, ImportDataError
from curate.schema import normalise_text

DATA = Path(__file__).resolve().parents[1] / "data"


def _snapshot(p: Project) -> tuple:
    return (
        [(i.id, i.text, dict(i.metadata)) for i in p.items()],
        [(e.item_id, e.annotator, e.labels) for e in p.store.events()],
    )


def test_bundled_sample_imports_with_labels_and_metadata(project: Project) -> None:
    report = project.import_data(DATA / "claudette_sample.csv", id_col="id", label_cols=["label"])
    assert report.added == 400 and report.labels_added == 400
    item = project.items()[0]
    assert set(item.metadata) == {"all_labels", "unfair_level", "doc", "split"}
    assert project.stats()["by_annotator"] == {"imported:claudette_sample": 400}


def test_reimport_changes_nothing(project: Project) -> None:
    project.import_data(DATA / "claudette_sample.csv", id_col="id", label_cols=["label"])
    before = _snapshot(project)
    report = project.import_data(DATA / "claudette_sample.csv", id_col="id", label_cols=["label"])
    assert report.added == 0 and report.unchanged == 400 and report.labels_added == 0
    assert _snapshot(project) == before


def test_every_format_gives_the_same_items(tmp_path: Path, legal_spec: TaskSpec) -> None:
    frame = pd.DataFrame(
        {"text": ["First clause.", 'Second, "quoted"\nclause.'], "label": ["arbitration", ""]}
    )
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_csv(tmp_path / "a.tsv", index=False, sep="\t")
    frame.to_json(tmp_path / "a.jsonl", orient="records", lines=True, force_ascii=False)
    frame.to_parquet(tmp_path / "a.parquet")
    folder = tmp_path / "txt"
    folder.mkdir()
    for i, text in enumerate(frame.text):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    from datasets import Dataset

    sources: list[object] = [
        tmp_path / "a.csv",
        tmp_path / "a.tsv",
        tmp_path / "a.jsonl",
        tmp_path / "a.parquet",
        folder,
        frame,
        Dataset.from_pandas(frame),
    ]
    for n, source in enumerate(sources):
        with Project.create(tmp_path / f"p{n}.db", task=legal_spec) as p:
            p.import_data(source)
            assert sorted(i.text for i in p.items()) == sorted(frame.text), source


def test_utf8_bom_is_read_and_other_bytes_name_the_offset(project: Project, tmp_path: Path) -> None:
    (tmp_path / "bom.csv").write_bytes("text\nCafé\n".encode("utf-8-sig"))
    project.import_data(tmp_path / "bom.csv")
    assert [i.text for i in project.items()] == ["Café"]
    (tmp_path / "latin.csv").write_bytes("text\nna\xefve\n".encode("latin-1"))
    with pytest.raises(ImportDataError, match=r"latin.csv: byte offset 7 is not valid UTF-8.*encoding="):
        project.import_data(tmp_path / "latin.csv")
    project.import_data(tmp_path / "latin.csv", encoding="latin-1")
    assert "naïve" in [i.text for i in project.items()]


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        ("words\nx\n", {}, "no text column found"),
        ("text\nok\n   \n", {}, r"row 2, column 'text': the text is empty"),
        (
            "text,label\nok,arbitrage\n",
            {"label_cols": ["label"]},
            r"row 1, column 'label': label 'arbitrage'",
        ),
        ('text,n\n"unclosed,1\n', {}, "row 1"),
        ("text,n\nok,1,2\n", {}, r"row 1 \(line 2\) has 3 fields"),
        ("id,text\n1,a\n1,b\n", {"id_col": "id"}, r"row 2, column 'id': id '1' is used by row 1"),
        ("text\n" + "x" * 50 + "\n", {"max_chars": 10}, "50 characters, over the limit of 10"),
        ("text\n", {}, "no rows"),
        ("text\nok\n", {"label_cols": ["lbl"]}, "label column 'lbl' is not in the file"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    legal_project: Project, tmp_path: Path, content: str, kwargs: dict, message: str
) -> None:
    before = _snapshot(legal_project)
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportDataError, match=message):
        legal_project.import_data(path, **kwargs)
    assert _snapshot(legal_project) == before


def test_every_bad_row_is_reported_up_to_a_cap(legal_project: Project, tmp_path: Path) -> None:
    """Thirty bad rows among good ones: one error lists the first twenty and counts the rest."""
    before = _snapshot(legal_project)
    lines = ["id,text,label"]
    for i in range(1, 41):
        if i % 4 == 0:
            lines.append(f"{i},,arbitration")  # empty text
        elif i % 4 == 1:
            lines.append(f"{i},clause {i},arbitrage")  # a label not in the task
        elif i % 4 == 2:
            lines.append(f"{i},clause {i},jurisdiction")  # fine
        else:
            lines.append(f"{i},clause {i},choice_of_law")  # fine, but id 3 reused below
    lines.append("3,another text for id 3,choice_of_law")
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportDataError) as caught:
        legal_project.import_data(path, id_col="id", label_cols=["label"])
    message = str(caught.value)
    head, *listed = message.splitlines()
    assert head.startswith(f"{path}: 21 rows cannot be imported (nothing was imported); the first 20:")
    assert listed[
        0
    ] == f"  {path}: row 1, column 'label': label 'arbitrage' is not in task 'tos-unfair-clauses' " + (
        "(labels: "
        + ", ".join(legal_project.spec.label_names)
        + "); fix the file or add the label to the task spec"
    )
    assert f"  {path}: row 4, column 'text': the text is empty; fill it or drop the row" in listed
    assert listed[-1] == "  ... and 1 more" and len(listed) == 21
    assert _snapshot(legal_project) == before
    # A CSV with several rows of the wrong width lists them all too.
    (tmp_path / "wide.csv").write_text("text,n\nok,1,2\nfine,3\nbad,4,5\n", encoding="utf-8")
    with pytest.raises(
        ImportDataError, match=r"2 rows cannot.*\n  .*row 1 \(line 2\).*\n  .*row 3 \(line 4\)"
    ):
        legal_project.import_data(tmp_path / "wide.csv")


def test_same_id_with_another_text_than_stored_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,text\n7,alpha\n")
    (tmp_path / "b.csv").write_text("id,text\n8,beta\n7,gamma\n")
    project.import_data(tmp_path / "a.csv", id_col="id")
    with pytest.raises(ImportDataError, match=r"b.csv: row 2.*already in the project with a different text"):
        project.import_data(tmp_path / "b.csv", id_col="id")
    assert [i.text for i in project.items()] == ["alpha"]


def test_duplicates_are_merged_and_reported(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": t}) for t in ["Same  text.", "Same text.", "Other.", "Same text.\n"])
    )
    report = project.import_data(tmp_path / "a.jsonl")
    assert report.added == 2 and len(report.merged_duplicates) == 2
    assert report.merged_duplicates[0]["first_row"] == 1
    assert len(project) == 2


def test_multi_label_columns(tmp_path: Path) -> None:
    spec = TaskSpec(name="m", labels=(Label(name="a"), Label(name="b"), Label(name="c")), multi_label=True)
    (tmp_path / "a.csv").write_text("text,labels\none,a|c\ntwo,\n")
    with Project.create(tmp_path / "p.db", task=spec) as p:
        p.import_data(tmp_path / "a.csv", label_cols="labels", annotator="expert")
        assert list(p.labels().values()) == [{"expert": ("a", "c")}]


# Any Unicode a file can carry (no surrogates, no NUL, which CSV cannot hold).
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(_texts, _texts), min_size=0, max_size=6), fmt=st.sampled_from(["csv", "jsonl"])
)
def test_arbitrary_content_round_trips_or_fails_cleanly(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]], fmt: str
) -> None:
    tmp = tmp_path_factory.mktemp("h")
    path = tmp / f"in.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["text", "note"])
            writer.writerows(rows)
    else:
        path.write_text("".join(json.dumps({"text": t, "note": n}) + "\n" for t, n in rows), encoding="utf-8")
    spec = TaskSpec(name="h", labels=(Label(name="a"),))
    with Project.create(tmp / "p.db", task=spec) as p:
        try:
            p.import_data(path)
        except CurateError:
            assert len(p) == 0  # all or nothing
            return
        stored = {i.text for i in p.items()}
        # Every stored text is exactly one of the input texts (nothing mangled).
        assert stored <= {t for t, _ in rows}
        assert {normalise_text(t) for t in stored} == {normalise_text(t) for t, _ in rows}
        assert len(stored) == len(p)
