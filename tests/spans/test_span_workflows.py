"""Span projects end to end: agreement against seqeval, resolution, review, export round trip.

Real SQLite projects on the bundled samples (data/ncbi_disease_sample.jsonl,
data/inlegalner_sample.jsonl); a second annotator's spans are a seeded perturbation
of the gold ones at token level, so the reference (seqeval) sees the same spans.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from seqeval.metrics import f1_score
from seqeval.scheme import IOB2

from curate import Project
from curate.cli import main
from curate.errors import CurateError
from curate.labels import resolve_span_item
from curate.spans import LabeledSpan, SpanTaskSpec, bio_to_spans, span_spec_from_names
from curate.spans.tokens import regex_tokens, spans_to_bio

from .conftest import DATA, gold_spans, read_jsonl
from .test_spans_agreement import _perturbed, _spans_from_tags

SAMPLES = {
    "ncbi": ("ncbi_disease_sample.jsonl", "ncbi_disease.task.yaml"),
    "legal": ("inlegalner_sample.jsonl", "inlegalner.task.yaml"),
}


def _two_annotator_project(tmp_path: Path, which: str) -> tuple[str, list[list[str]], list[list[str]]]:
    """A project where ``gold`` imported the sample's spans and ``ben`` a perturbed copy."""
    data, task = SAMPLES[which]
    rows = read_jsonl(DATA / data)
    db = str(tmp_path / f"{which}.db")
    assert main(["init", db, "--task", str(DATA / task)]) == 0
    labels = sorted({sp["label"] for r in rows for sp in r["spans"]})
    rng = np.random.default_rng(11)
    true_tags, pred_tags, gold_rows, other_rows = [], [], [], []
    for r in rows:
        tokens = regex_tokens(r["text"])
        # gold on token boundaries (a handful of sample spans are not), so seqeval sees the same spans
        enc = spans_to_bio(tokens, gold_spans(r))
        other = _perturbed(list(enc.tags), labels, rng)
        true_tags.append(list(enc.tags))
        pred_tags.append(other)
        gold_rows.append({"id": r["id"], "text": r["text"], "spans": [s.to_dict() for s in enc.spans]})
        spans = [s.to_dict() for s in _spans_from_tags(tokens, other)]
        other_rows.append({"id": r["id"], "text": r["text"], "spans": spans})
    args = ["--id-col", "id", "--spans-col", "spans", "--annotator"]
    for who, records in (("gold", gold_rows), ("ben", other_rows)):
        path = tmp_path / f"{which}-{who}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        assert main(["import", db, str(path), *args, who]) == 0
    return db, true_tags, pred_tags


@pytest.mark.parametrize("which", ["ncbi", "legal"])
def test_agreement_json_span_f1_matches_seqeval(
    which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, true_tags, pred_tags = _two_annotator_project(tmp_path, which)
    capsys.readouterr()
    assert main(["agreement", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "spans" and out["annotators"] == ["ben", "gold"]
    (pair,) = out["span_f1"]
    assert (pair["a"], pair["b"], pair["n"]) == ("ben", "gold", 200)
    reference = f1_score(true_tags, pred_tags, mode="strict", scheme=IOB2)
    assert 0.3 < reference < 0.95
    assert pair["exact"] == pytest.approx(reference)
    assert pair["overlap"] > pair["exact"]
    with Project.open(db) as p:
        card = str(p.dataset_card())
        assert "Span agreement between annotators" in card and f"{pair['exact']:.3f}" in card


def test_resolution_rule_for_spans() -> None:
    a, b, c = (LabeledSpan(start=i, end=i + 3, label="DRUG") for i in (0, 10, 20))

    def row(who: str, spans: tuple[LabeledSpan, ...] | None, kind: str = "label", event: int = 1) -> dict:
        return {"annotator": who, "spans": spans, "kind": kind, "event_id": event, "labels": ()}

    same = resolve_span_item("x", [row("ana", (a, b)), row("ben", (b, a))])
    assert same is not None and same.method == "unanimous" and same.spans == (a, b) and same.agreement == 1.0
    two = resolve_span_item("x", [row("ana", (a, b)), row("ben", (a,))])
    assert two is not None and two.method == "tie" and two.spans == ()
    three = resolve_span_item("x", [row("ana", (a, b)), row("ben", (a,)), row("cleo", (a, b, c))])
    assert three is not None and three.method == "majority" and three.spans == (a, b)
    assert three.n_annotators == 3 and three.agreement == pytest.approx(1 / 3)
    adj = resolve_span_item(
        "x",
        [
            row("ana", (a,)),
            row("ben", (b,)),
            row("rita", (c,), "adjudicate", 5),
            row("rita2", (a,), "adjudicate", 3),
        ],
    )
    assert adj is not None and adj.method == "adjudicated" and adj.spans == (c,) and adj.n_annotators == 2
    assert resolve_span_item("x", [row("ana", None, "skip")]) is None


def test_review_queue_serves_differing_spans_and_records_the_adjudicated_set(tmp_path: Path) -> None:
    text = "Took aspirin 100 mg daily; a rash followed."
    drug, dose, rash = (
        LabeledSpan(start=5, end=12, label="DRUG"),
        LabeledSpan(start=13, end=19, label="DOSE"),
        LabeledSpan(start=29, end=33, label="ADE"),
    )
    import pandas as pd

    with Project.create(tmp_path / "r.db", task=span_spec_from_names("DRUG,DOSE,ADE")) as p:
        p.import_data(pd.DataFrame({"id": ["same", "differ"], "text": [text, text + " Again."]}), id_col="id")
        for who in ("ana", "ben"):
            p.annotate_spans("same", who, [drug, rash])
        p.annotate_spans("differ", "ana", [drug, rash])
        p.annotate_spans("differ", "ben", [drug, dose, rash])
        assert p.resolved_spans()["differ"].method == "tie"
        review = p.review_session("rita")
        assert review.history == ["differ"]
        votes = review.votes_json("differ")
        assert [v["annotator"] for v in votes] == ["ana", "ben"]
        assert votes[1]["spans"] == [s.to_dict() for s in (drug, dose, rash)]
        with pytest.raises(CurateError, match="span task"):
            review.submit(["DRUG"])
        event = review.submit(spans=[drug, dose, rash], note="the dose counts")
        assert event.kind == "adjudicate" and event.spans == (drug, dose, rash)
        assert review.spans("differ") == [drug, dose, rash]
        assert p.resolved_spans()["differ"].method == "adjudicated"
        assert p.review_session("rita").history == []
        assert review.progress()["done"] == 1


@pytest.mark.parametrize("which", ["ncbi", "legal"])
def test_export_round_trip_store_to_bio_to_spans(which: str, tmp_path: Path) -> None:
    data, task = SAMPLES[which]
    rows = {r["id"]: r for r in read_jsonl(DATA / data)}
    with Project.create(tmp_path / "e.db", task=DATA / task) as p:
        p.import_data(DATA / data, id_col="id", spans_col="spans", annotator="gold")
        stored = {i: per["gold"] for i, per in p.store.current_spans().items()}
        plan = p.export_plan(tokens=True)
        assert plan.bio is not None and plan.bio.spans == sum(len(s) for s in stored.values())
        dsd = p.to_dataset(tokens=True)
        spec = p.span_spec
    assert dsd["train"].features["ner_tags"].feature.names[:3] == [
        "O",
        f"B-{spec.label_names[0]}",
        f"I-{spec.label_names[0]}",
    ]
    seen = 0
    mismatched = 0
    for split in dsd:
        names = dsd[split].features["ner_tags"].feature.names
        label_names = dsd[split].features["spans"].feature["label"].names
        for row in dsd[split]:
            seen += 1
            spans = tuple(
                LabeledSpan(start=s["start"], end=s["end"], label=label_names[s["label"]])
                for s in row["spans"]
            )
            assert spans == stored[row["id"]] == gold_spans(rows[row["id"]])
            tokens = regex_tokens(row["text"])
            assert [t.text for t in tokens] == row["tokens"]
            back = bio_to_spans(tokens, [names[t] for t in row["ner_tags"]])
            mismatched += len(set(stored[row["id"]]) - set(back))
    assert seen == len(rows)
    # converting the tags back gives the stored spans, except those the card counts as changed
    assert mismatched == plan.bio.spans - plan.bio.exact
    assert (mismatched == 0) == (which == "legal")
    note = "All" if mismatched == 0 else f"{plan.bio.changed:,} were widened"
    with Project.open(tmp_path / "e.db") as p:
        assert note in str(p.dataset_card(tokens=True))


def test_export_card_counts_spans_cut_by_token_boundaries(tmp_path: Path) -> None:
    import pandas as pd

    text = "Patients with BRCA1-associated cancers were seen."
    spec = SpanTaskSpec(name="cut", labels=("DISEASE", "GENE"), overlapping=True)
    with Project.create(tmp_path / "c.db", task=spec) as p:
        p.import_data(pd.DataFrame({"id": ["a"], "text": [text]}), id_col="id")
        # "BRCA" inside the token "BRCA1" is widened; the nested GENE span is dropped from the tags
        p.annotate_spans(
            "a",
            "ana",
            [
                LabeledSpan(start=14, end=18, label="GENE"),
                LabeledSpan(start=14, end=38, label="DISEASE"),
            ],
        )
        plan = p.export_plan(tokens=True, splits={"train": 1.0})
        assert plan.bio is not None and plan.bio.spans == 2 and plan.bio.exact < 2
        card = str(p.dataset_card(tokens=True, splits={"train": 1.0}))
        assert "Of 2 spans" in card and "The character-offset `spans` column keeps every span" in card
        out = p.save(tmp_path / "out", format="jsonl", tokens=True, splits={"train": 1.0})
        line = json.loads((out / "data" / "train.jsonl").read_text().splitlines()[0])
        assert line["spans"] == [
            {"start": 14, "end": 18, "label": "GENE"},
            {"start": 14, "end": 38, "label": "DISEASE"},
        ]
        assert line["tokens"][:3] == ["Patients", "with", "BRCA1"] and line["ner_tags"][2] == "B-DISEASE"
        p.save(tmp_path / "csv", format="csv", splits={"train": 1.0})


def test_export_leaves_out_ties_and_unannotated(tmp_path: Path) -> None:
    import pandas as pd

    with Project.create(tmp_path / "t.db", task=span_spec_from_names("DRUG")) as p:
        p.import_data(
            pd.DataFrame({"id": ["a", "b", "c"], "text": ["aspirin", "ibuprofen", "none"]}), id_col="id"
        )
        p.annotate_spans("a", "ana", [LabeledSpan(start=0, end=7, label="DRUG")])
        p.annotate_spans("b", "ana", [LabeledSpan(start=0, end=9, label="DRUG")])
        p.annotate_spans("b", "ben", [])
        plan = p.export_plan(splits={"train": 1.0})
        assert [r.id for r in plan.rows] == ["a"] and plan.ties == ("b",) and plan.unlabelled == 1
        with pytest.raises(CurateError, match="span tasks"):
            Project.create(tmp_path / "k.db", task=DATA / "claudette.task.yaml").export_plan(tokens=True)


def test_cli_export_with_tokens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    assert main(["init", db, "--task", str(DATA / "inlegalner.task.yaml")]) == 0
    src = str(DATA / "inlegalner_sample.jsonl")
    assert main(["import", db, src, "--id-col", "id", "--spans-col", "spans", "--annotator", "gold"]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["export", db, str(out), "--format", "jsonl", "--tokens", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 200 and summary["bio"]["exact"] == summary["bio"]["spans"] == summary["spans"]
    card = (out / "README.md").read_text()
    assert "token-classification" in card and "named-entity-recognition" in card and "| ner_tags |" in card
    first = json.loads((out / "data" / "train.jsonl").read_text().splitlines()[0])
    assert set(first) >= {"spans", "tokens", "ner_tags"} and len(first["tokens"]) == len(first["ner_tags"])
