"""The span annotator and reviewer headless, through their message protocol (the browser tests drive the page)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from curate import Project
from curate.errors import CurateError
from curate.spans import LabeledSpan, SpanLabel, SpanTaskSpec
from curate.widgets import Annotator, SpanAnnotator, SpanReviewer, ViewOptions

TEXTS = [
    ("a", "Mutations in the BRCA1 gene cause familial breast cancer."),
    ("b", "Café 😀 patients with ataxia telangiectasia were excluded."),
    ("c", "No disease is named here."),
]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    spec = SpanTaskSpec(name="dis", labels=(SpanLabel(name="DISEASE"), SpanLabel(name="GENE")))
    p = Project.create(tmp_path / "spans.db", task=spec)
    p.import_data(pd.DataFrame([{"id": i, "text": x} for i, x in TEXTS]), id_col="id", text_col="text")
    return p


def _ack(replies: list[dict[str, Any]]) -> dict[str, Any]:
    (ack,) = [r for r in replies if r["type"] == "ack"]
    return ack


def test_span_task_gets_the_span_annotator_with_text_tokens_and_colours(project: Project) -> None:
    widget = project.annotator("ana", prefetch=2)
    assert isinstance(widget, SpanAnnotator) and not isinstance(widget, Annotator)
    assert widget.config["kind"] == "spans" and not widget.config["overlapping"]
    assert [(lab["name"], lab["key"]) for lab in widget.config["labels"]] == [("DISEASE", "1"), ("GENE", "2")]
    assert all(lab["color"].startswith("#") for lab in widget.config["labels"])
    (reset,) = widget.handle({"type": "hello"})
    first = reset["items"][0]
    assert first["text"] == TEXTS[0][1] and first["decision"] is None and first["suggestions"] == []
    # Token offsets (code points) that the page snaps selections to: "Mutations", "in", ...
    assert first["tokens"][:4] == [0, 9, 10, 12]
    emoji = reset["items"][1]
    toks = emoji["tokens"]
    words = [emoji["text"][toks[i] : toks[i + 1]] for i in range(0, len(toks), 2)]
    assert "ataxia" in words  # Python offsets past a character outside the BMP still cut words


def test_decide_undo_and_a_refused_span_list(project: Project) -> None:
    widget = project.annotator("ana")
    widget.handle({"type": "hello"})
    text = TEXTS[1][1]
    start = text.index("ataxia telangiectasia")
    spans = [{"start": start, "end": start + len("ataxia telangiectasia"), "label": "DISEASE"}]
    ack = _ack(widget.handle({"type": "decide", "item_id": "b", "spans": spans, "seconds": 2}))
    assert ack["ok"] and ack["decision"] == spans
    assert project.session("ana").spans("b") == [LabeledSpan(**spans[0])]
    # Overlapping spans on a task that does not allow them: refused with the reason, nothing stored.
    bad = [*spans, {"start": start, "end": start + 6, "label": "GENE"}]
    ack = _ack(widget.handle({"type": "decide", "item_id": "b", "spans": bad}))
    assert not ack["ok"] and "does not allow" in ack["error"]
    ack = _ack(widget.handle({"type": "decide", "item_id": "a", "spans": []}))  # nothing to mark
    assert ack["ok"] and ack["decision"] == []
    ack = _ack(widget.handle({"type": "undo"}))
    assert ack["ok"] and ack["item_id"] == "a" and ack["decision"] is None
    events = [(e.kind, e.item_id, e.spans) for e in project.history("ana")]
    assert events == [
        ("label", "b", (LabeledSpan(**spans[0]),)),
        ("label", "a", ()),
        ("undo", "a", None),
    ]
    # A page that sends labels to a span task gets a clear error, not a stored event.
    ack = _ack(widget.handle({"type": "decide", "item_id": "a", "labels": ["DISEASE"]}))
    assert not ack["ok"] and "spans" in ack["error"]


def test_reopened_page_gets_the_stored_spans(project: Project) -> None:
    widget = project.annotator("ana")
    widget.handle({"type": "hello"})
    widget.handle({"type": "decide", "item_id": "a", "spans": [{"start": 17, "end": 27, "label": "GENE"}]})
    (reset,) = widget.handle({"type": "hello"})  # the page reloaded
    assert reset["items"][0]["id"] == "a"
    assert reset["items"][0]["decision"] == [{"start": 17, "end": 27, "label": "GENE"}]


def test_pre_annotation_is_off_by_default(project: Project) -> None:
    assert ViewOptions().pre_annotate is False
    (reset,) = project.annotator("ana").handle({"type": "hello"})
    assert all(it["suggestions"] == [] for it in reset["items"])


def test_reviewer_sees_both_span_lists_and_records_the_adjudicated_set(project: Project) -> None:
    gene = LabeledSpan(start=17, end=27, label="GENE")
    cancer = LabeledSpan(start=34, end=56, label="DISEASE")
    project.annotate_spans("a", "ana", [gene, cancer])
    project.annotate_spans("a", "ben", [gene], note="cancer is <b>not</b> specific")
    widget = project.reviewer("lead")
    assert isinstance(widget, SpanReviewer)
    (reset,) = widget.handle({"type": "hello"})
    (case,) = reset["items"]
    assert case["id"] == "a" and "disagreement" in case["reasons"]
    assert [(v["annotator"], v["spans"]) for v in case["votes"]] == [
        ("ana", [gene.to_dict(), cancer.to_dict()]),
        ("ben", [gene.to_dict()]),
    ]
    assert case["votes"][1]["note"] == "cancer is <b>not</b> specific"
    # The agreed span starts the reviewer's draft; the disputed one is offered as a suggestion.
    assert case["initial"] == [gene.to_dict()]
    assert case["suggestions"] == [{**cancer.to_dict(), "source": "ana"}]
    ack = _ack(widget.handle({"type": "decide", "item_id": "a", "spans": [gene.to_dict()]}))
    assert ack["ok"] and ack["kind"] == "adjudicate"
    assert project.spans("a")["lead"] == [gene]


def test_unknown_option_and_wrong_spans_payload(project: Project) -> None:
    with pytest.raises(CurateError, match="unknown widget option"):
        project.annotator("ana", pre_annotations=True)
    widget = project.annotator("ana")
    widget.handle({"type": "hello"})
    ack = _ack(widget.handle({"type": "decide", "item_id": "a", "spans": "GENE"}))
    assert not ack["ok"] and "list of spans" in ack["error"]


def test_pre_annotation_sends_rule_suggestions_with_their_source(tmp_path: Path) -> None:
    spec = SpanTaskSpec(
        name="dis",
        labels=(
            SpanLabel(name="DISEASE", vocabulary=("breast cancer",)),
            SpanLabel(name="GENE", patterns=(r"BRCA\d",)),
        ),
    )
    with Project.create(tmp_path / "s.db", task=spec) as project:
        project.import_data(
            pd.DataFrame([{"id": i, "text": x} for i, x in TEXTS]), id_col="id", text_col="text"
        )
        widget = project.annotator("ana", pre_annotate=("rules",))
        # Worked out on a worker thread (never before an ack) and sent when ready; a reset carries them.
        sent: list[dict[str, Any]] = []
        widget.send = sent.append  # type: ignore[method-assign]
        (reset,) = widget.handle({"type": "hello"})
        assert all(it["suggestions"] == [] for it in reset["items"])  # not worked out yet
        deadline = time.monotonic() + 60
        while (
            len({m["id"] for m in sent if m["type"] == "suggestions"}) < len(TEXTS)
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        (reset,) = widget.handle({"type": "hello"})
        assert reset["items"][0]["suggestions"] == [
            {"start": 17, "end": 22, "label": "GENE", "source": "rules"},
            {"start": 43, "end": 56, "label": "DISEASE", "source": "rules"},
        ]
        assert reset["items"][2]["suggestions"] == []
        # The labelling page started from this widget shows the same suggestions.
        assert widget._page_options()["pre_annotate"] == ("rules",)


def test_personal_data_is_masked_with_its_length_so_offsets_stay_those_of_the_stored_text(
    project: Project,
) -> None:
    import sqlalchemy as sa

    from curate.store import tables as t
    from curate.widgets.spans import MASKED

    text = TEXTS[2][1]
    with project.store.engine.begin() as conn:  # what the PII module writes
        conn.execute(
            sa.insert(t.pii_findings),
            [{"item_id": "c", "entity": "PERSON", "start": 3, "end": 10, "status": "open",
              "detector": "test", "created_at": "2026-01-01"}],
        )  # fmt: skip
    assert project.pii_view != "original"
    (reset,) = project.annotator("ana").handle({"type": "hello"})
    by_id = {it["id"]: it for it in reset["items"]}
    # The value is masked with as many characters as it has: offsets are the stored text's.
    shown = by_id["c"]["text"]
    assert len(shown) == len(text) and text[3:10] not in shown and shown[3:10] == "\u2588" * 7
    assert shown[:3] == text[:3] and shown[10:] == text[10:] and MASKED in by_id["c"]["badge"]
    assert MASKED not in by_id["a"]["badge"]


def test_document_labels_are_saved_with_the_spans_in_one_event(tmp_path: Path) -> None:
    spec = SpanTaskSpec(
        name="dis",
        labels=(SpanLabel(name="DISEASE"), SpanLabel(name="GENE")),
        document_labels=("relevant", "off-topic"),
    )
    with Project.create(tmp_path / "d.db", task=spec) as project:
        project.import_data(
            pd.DataFrame([{"id": i, "text": x} for i, x in TEXTS]), id_col="id", text_col="text"
        )
        widget = project.annotator("ana")
        # The page gets the document labels with keys that no span label uses.
        doc = [(lab["name"], lab["key"]) for lab in widget.config["document_labels"]]
        assert doc == [("relevant", "3"), ("off-topic", "4")] and not widget.config["document_multi_label"]
        (reset,) = widget.handle({"type": "hello"})
        assert reset["items"][0]["doc_labels"] is None  # not decided yet
        gene = {"start": 17, "end": 22, "label": "GENE"}
        ack = _ack(widget.handle({"type": "decide", "item_id": "a", "spans": [gene], "labels": ["relevant"]}))
        assert ack["ok"] and ack["decision"] == [gene] and ack["doc_labels"] == ["relevant"]
        ack = _ack(widget.handle({"type": "decide", "item_id": "c", "spans": [], "labels": []}))
        assert ack["ok"] and ack["decision"] == [] and ack["doc_labels"] == []  # none is allowed
        # A single-label document task refuses two, and an unknown name; nothing is stored.
        for bad in (["relevant", "off-topic"], ["DISEASE"]):
            ack = _ack(widget.handle({"type": "decide", "item_id": "b", "spans": [], "labels": bad}))
            assert not ack["ok"] and ack["error"]
        events = [(e.kind, e.item_id, e.spans, e.labels) for e in project.history("ana")]
        assert events == [
            ("label", "a", (LabeledSpan(**gene),), ("relevant",)),
            ("label", "c", (), ()),
        ]
        # Back on a reopened page: the item comes with its spans and document labels.
        (reset,) = widget.handle({"type": "hello"})
        first = next(it for it in reset["items"] if it["id"] == "a")
        assert first["decision"] == [gene] and first["doc_labels"] == ["relevant"]
        # Undo restores the state before: the last event was on "c", which had nothing before.
        ack = _ack(widget.handle({"type": "undo"}))
        assert ack["item_id"] == "c" and ack["decision"] is None and ack["doc_labels"] is None
        # ... and undoing a changed decision brings back the earlier spans with their document label.
        widget.handle({"type": "decide", "item_id": "a", "spans": [], "labels": ["off-topic"]})
        ack = _ack(widget.handle({"type": "undo"}))
        assert ack["item_id"] == "a" and ack["decision"] == [gene] and ack["doc_labels"] == ["relevant"]
        ack = _ack(widget.handle({"type": "decide", "item_id": "a", "spans": [], "labels": "relevant"}))
        assert not ack["ok"] and "list" in ack["error"]


def test_reviewer_sees_document_labels_and_records_them_with_the_set(tmp_path: Path) -> None:
    spec = SpanTaskSpec(
        name="dis",
        labels=(SpanLabel(name="DISEASE"), SpanLabel(name="GENE")),
        document_labels=("relevant", "familial", "off-topic"),
        document_multi_label=True,
    )
    with Project.create(tmp_path / "r.db", task=spec) as project:
        project.import_data(
            pd.DataFrame([{"id": i, "text": x} for i, x in TEXTS]), id_col="id", text_col="text"
        )
        gene = LabeledSpan(start=17, end=27, label="GENE")
        project.annotate_spans("a", "ana", [gene], labels=["relevant", "familial"])
        project.annotate_spans("a", "ben", [gene], labels=["relevant"])
        widget = project.reviewer("lead")
        (reset,) = widget.handle({"type": "hello"})
        (case,) = reset["items"]
        assert [(v["annotator"], v["labels"]) for v in case["votes"]] == [
            ("ana", ["relevant", "familial"]),
            ("ben", ["relevant"]),
        ]
        assert case["initial"] == [gene.to_dict()] and case["initial_doc_labels"] == ["relevant"]
        ack = _ack(
            widget.handle(
                {
                    "type": "decide",
                    "item_id": "a",
                    "spans": [gene.to_dict()],
                    "labels": ["relevant", "familial"],
                }
            )
        )
        assert ack["ok"] and ack["kind"] == "adjudicate" and ack["doc_labels"] == ["relevant", "familial"]
        (event,) = project.history("lead")
        assert event.spans == (gene,) and event.labels == ("relevant", "familial")
