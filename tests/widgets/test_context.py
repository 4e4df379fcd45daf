"""Document context around an item: which neighbours, in which order, and when there is none."""

from __future__ import annotations

import pandas as pd
import pytest

from curate import Project
from curate.errors import CurateError
from curate.widgets._context import DocContext
from curate.widgets.annotator import _clip


def _places(rows: list[dict]) -> list[tuple[str, int, dict]]:
    return [(r.pop("id"), k, r) for k, r in enumerate(rows)]


def test_neighbours_follow_import_order_within_a_document() -> None:
    ctx = DocContext(
        _places(
            [
                {"id": "a1", "doc": "A"},
                {"id": "b1", "doc": "B"},
                {"id": "a2", "doc": "A"},
                {"id": "a3", "doc": "A"},
            ]
        )
    )
    assert ctx.key == "doc"
    assert ctx.neighbours("a2") == (["a1"], ["a3"])
    assert ctx.neighbours("a1") == ([], ["a2"])
    assert ctx.neighbours("a1", 2) == ([], ["a2", "a3"])
    assert ctx.neighbours("b1") == ([], [])  # alone in its document
    assert ctx.neighbours("unknown") == ([], [])


def test_an_order_field_wins_over_import_order_and_documents_stay_apart() -> None:
    rows = [
        {"id": "x3", "document": "X", "order": "3"},
        {"id": "x1", "document": "X", "order": 1},
        {"id": "y1", "document": "Y", "order": 2},
        {"id": "x2", "document": "X", "order": 2.0},
    ]
    ctx = DocContext(_places(rows))
    assert ctx.key == "document"
    assert ctx.neighbours("x2") == (["x1"], ["x3"])
    assert ctx.doc("x2") == "X" and ctx.neighbours("y1") == ([], [])
    # An order missing on one item of the document: the import order is kept.
    rows = [
        {"id": "p", "doc": "D", "position": 5},
        {"id": "q", "doc": "D"},
        {"id": "r", "doc": "D", "position": 1},
    ]
    assert DocContext(_places(rows)).neighbours("q") == (["p"], ["r"])


def test_no_document_field_means_no_context_and_a_wrong_key_is_named() -> None:
    assert not DocContext(_places([{"id": "a", "split": "x"}, {"id": "b", "split": "x"}]))
    with pytest.raises(CurateError, match=r"context_key='chapter'.*fields are \['split'\]"):
        DocContext(_places([{"id": "a", "split": "x"}]), key="chapter")


def test_annotator_shows_the_neighbours_of_the_same_document(legal_project: Project) -> None:
    items = legal_project.items()
    widget = legal_project.annotator(annotator="ana", prefetch=3)
    assert widget.config["context"] is True
    (reset,) = widget.handle({"type": "hello"})
    same_doc = {}
    for it in items:
        same_doc.setdefault(it.metadata["doc"], []).append(it)
    for shown in reset["items"]:
        doc = next(it for it in items if it.id == shown["id"]).metadata["doc"]
        peers = [p.text for p in same_doc[doc]]
        k = [p.id for p in same_doc[doc]].index(shown["id"])
        ctx = shown["context"]
        assert ctx["doc"] == doc and ctx["key"] == "doc"
        assert ctx["before"] == [_clip(t) for t in peers[max(0, k - 1) : k]]
        assert ctx["after"] == [_clip(t) for t in peers[k + 1 : k + 2]]
        assert ctx["before"] or ctx["after"]


def test_context_off_or_without_documents(legal_project: Project, tmp_path) -> None:
    (reset,) = legal_project.annotator(annotator="ana", context=0).handle({"type": "hello"})
    assert all(it["context"] is None for it in reset["items"])
    with pytest.raises(CurateError, match="context must be 0"):
        legal_project.annotator(annotator="ana", context=-1)
    with Project.create(tmp_path / "plain.db", task=legal_project.spec) as plain:
        plain.import_data(pd.DataFrame({"text": ["one clause", "another clause"]}))
        widget = plain.annotator(annotator="ana")
        assert widget.config["context"] is False
        (reset,) = widget.handle({"type": "hello"})
        assert all(it["context"] is None for it in reset["items"])
