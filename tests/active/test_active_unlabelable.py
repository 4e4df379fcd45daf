"""A lead marks items "not labelable": they leave the pool everywhere, and come back on unmark.

Real SQLite projects with the bundled CLAUDETTE sample (`data/claudette_sample.csv`); the
selection tests fit the real learner on the real MiniLM vectors.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from curate import Project
from curate.active.strategies import STRATEGIES
from curate.cli import main
from curate.errors import NotFoundError
from curate.workflows.select import select_batch

DATA = Path(__file__).resolve().parents[2] / "data"


def label_per_class(project: Project, frame: pd.DataFrame, per_class: int = 3) -> set[str]:
    """A few labels of every class (by the sample's gold labels), as an expert would give them."""
    done = set()
    for label, rows in frame.groupby("label"):
        for item_id in rows["id"].head(per_class):
            project.annotate(str(item_id), "ana", [str(label)])
            done.add(str(item_id))
    return done


def serve_all(project: Project, annotator: str) -> list[str]:
    """Every item the annotator's queue serves, passing over each one."""
    session = project.session(annotator)
    served = []
    item = session.next()
    while item is not None:
        served.append(item.id)
        item = session.skip()
    return served


def fragments(project: Project, max_words: int = 4) -> list[str]:
    """The sample's fragments and headings ("24.", "General"): the items a lead would mark."""
    return [it.id for it in project.items() if len(it.text.split()) <= max_words]


# -- store, queue, remaining, export, stats (no model needed) ------------------------------
def test_mark_is_stored_with_its_reason_and_unmark_restores(legal_project: Project) -> None:
    frag = fragments(legal_project)
    assert len(frag) >= 5, "the sample holds fragments to mark"
    assert legal_project.mark_unlabelable(frag, reason="fragment") == len(frag)
    assert legal_project.mark_unlabelable(frag[:2], reason="fragment") == 0, "marking twice changes nothing"
    assert legal_project.unlabelable() == dict.fromkeys(frag, "fragment")
    assert {it.status for it in legal_project.items(frag)} == {"unlabelable"}
    assert [r["id"] for r in legal_project.search("status=unlabelable")] == frag
    with pytest.raises(NotFoundError, match="nothing was marked"):
        legal_project.mark_unlabelable([frag[0], "no-such-item"])
    assert legal_project.unmark_unlabelable(frag[:3]) == 3
    assert {it.status for it in legal_project.items(frag[:3])} == {"accepted"}
    assert list(legal_project.unlabelable()) == frag[3:]
    assert legal_project.stats()["unlabelable"] == len(frag) - 3


def test_a_synthetic_item_unmarked_waits_for_review_again(project: Project) -> None:
    from curate.schema import content_hash

    text = "We may terminate your account at any time without notice."
    row = {"id": "syn-1", "text": text, "content_hash": content_hash(text), "origin": "synthetic"}
    project.store.insert([{**row, "status": "accepted"}])
    project.mark_unlabelable("syn-1", reason="reads like a heading")
    assert project.item("syn-1").status == "unlabelable"
    assert project.unmark_unlabelable(["syn-1"]) == 1
    assert project.item("syn-1").status == "pending", "a synthetic item is reviewed again"


def test_marked_items_are_never_served_nor_remaining_and_come_back(legal_project: Project) -> None:
    items = legal_project.items()
    marked = [it.id for it in items[::3]]  # a third of the pool, spread through the queue order
    assigned = [*marked[:4], items[1].id]
    legal_project.assign_items(assigned, "ana")
    before = legal_project.session("ana").progress()
    legal_project.mark_unlabelable(marked, reason="garbage")

    session = legal_project.session("ana")
    progress = session.progress()
    assert progress["assigned"] == 1, "assigned items marked not labelable no longer count as assigned"
    assert before["remaining_assigned"] - progress["remaining_assigned"] == 4
    served = serve_all(legal_project, "ana")
    assert served[0] == items[1].id, "the assigned item still in the pool comes first"
    assert not set(served) & set(marked), "marked items are never served, assigned or not"
    assert len(served) == len(items) - len(marked)
    other = legal_project.session("ben").progress()
    assert other["remaining"] == len(items) - len(marked), "marked items are not remaining"

    legal_project.unmark_unlabelable(marked)
    back = serve_all(legal_project, "cy")
    assert set(marked) - set(assigned) <= set(back), "unmarked items are served again"
    assert legal_project.session("ana").progress()["assigned"] == 5, "and count as assigned again"
    assert legal_project.session("ben").progress()["remaining"] == len(items)


def test_marked_items_are_not_exported_and_the_card_counts_them(
    project: Project, legal_frame: pd.DataFrame
) -> None:
    project.import_data(DATA / "claudette_sample.csv", id_col="id", label_cols=["label"], annotator="gold")
    marked = fragments(project)
    full = project.export_plan()
    assert set(marked) <= {r.id for r in full.rows}, "before the mark the labelled fragments are exported"
    project.mark_unlabelable(marked, reason="heading")
    plan = project.export_plan()
    assert not {r.id for r in plan.rows} & set(marked)
    assert plan.excluded["not_labelable"] == len(marked)
    assert len(plan.rows) == len(full.rows) - len(marked)
    assert project.stats()["labelled"] == len(legal_frame) - len(marked)
    assert project.labels(marked[0]), "the labels stay in the log: unmark brings them back"
    project.annotate(marked[0], "ana", ["arbitration"])  # disagrees with gold: would need a reviewer
    assert marked[0] not in project.review_session("lead").cases, "no review for an item out of the pool"
    project.unmark_unlabelable(marked)
    assert marked[0] in project.review_session("lead").cases
    assert len(project.export_plan().rows) == len(full.rows) - 1, "the contested item waits for review"


def test_cli_marks_counts_and_unmarks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["init", db, "--task", str(DATA / "claudette.task.yaml")]) == 0
    assert main(["import", db, str(DATA / "claudette_sample.csv"), "--id-col", "id"]) == 0
    capsys.readouterr()
    short = r"text~=^\W*\w*\W*$"  # one word at most: "24.", "General"
    assert main(["items", db, "--where", short, "--count"]) == 0
    n = int(capsys.readouterr().out.strip())
    assert n >= 3
    args = ["items", db, "--where", short, "--mark-unlabelable", "--reason", "fragment"]
    assert main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matched"] == out["marked"] == n
    assert main(["stats", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unlabelable"] == n
    assert main(["items", db, "--where", "status=unlabelable", "--count"]) == 0
    assert int(capsys.readouterr().out.strip()) == n
    assert main(["items", db, "--where", "status=unlabelable", "--unmark"]) == 0
    assert f"{n} put back in the pool" in capsys.readouterr().out
    assert main(["stats", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unlabelable"] == 0
    assert main(["items", db, "--mark-unlabelable"]) == 2, "marking needs a --where"
    assert "--where" in capsys.readouterr().err
    assert main(["items", db, "--where", "id=x", "--unmark", "--reason", "r"]) == 2
    assert "--reason goes with --mark-unlabelable" in capsys.readouterr().err
    assert main(["items", db, "--where", "id=x", "--mark-unlabelable", "--assign", "ana"]) == 2
    assert "not both" in capsys.readouterr().err


# -- selection with the real model --------------------------------------------------------
@pytest.mark.slow
def test_no_strategy_selects_a_marked_item_and_unmark_brings_them_back(
    legal_project: Project, legal_frame: pd.DataFrame, memo_embedder: object
) -> None:
    done = label_per_class(legal_project, legal_frame)
    state = legal_project.model_state(embedder=memo_embedder)  # fitted before the marks: stale on purpose
    unlabelled = [i for i in state.ids if i not in done]
    marked = set(fragments(legal_project)) | set(unlabelled[::2])  # the fragments and half the rest
    legal_project.mark_unlabelable(marked, reason="not labelable")
    assert marked - done
    for name in ["default", *STRATEGIES]:
        batch = select_batch(legal_project.store, 60, strategy=name, state=state, include_pending=True)
        assert len(batch.items) == 60
        assert not set(batch.item_ids) & marked, f"{name} chose an item marked not labelable"
        assert batch.params["unlabelable"] == len(marked)
    fresh = legal_project.select_batch(60, strategy="random", random_state=0, embedder=memo_embedder)
    assert not set(fresh.item_ids) & marked and fresh.params["unlabelable"] == len(marked)
    assert len(legal_project.model_state(embedder=memo_embedder).ids) == len(state.ids) - len(marked - done)

    legal_project.unmark_unlabelable(marked)
    batch = select_batch(legal_project.store, 150, strategy="random", state=state, include_pending=True)
    assert set(batch.item_ids) & marked, "unmarked items are candidates again"
    assert batch.params["unlabelable"] == 0


@pytest.mark.slow
def test_select_cli_says_how_many_were_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    main(["init", db, "--task", str(DATA / "claudette.task.yaml")])
    main(["import", db, str(DATA / "claudette_sample.csv"), "--id-col", "id"])
    main(["items", db, "--where", r"text~=^\W*\w*\W*$", "--mark-unlabelable", "--reason", "fragment"])
    n = int(capsys.readouterr().out.split("matched; ")[1].split()[0])
    assert main(["select", db, "--n", "5", "--random-state", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unlabelable"] == n >= 3
    assert main(["select", db, "--n", "5", "--random-state", "0"]) == 0
    assert f"{n} items left out as not labelable" in capsys.readouterr().out


@pytest.mark.slow
def test_preview_button_marks_the_row_and_a_second_click_unmarks(
    legal_project: Project, legal_frame: pd.DataFrame, memo_embedder: object
) -> None:
    from curate.widgets.select import PREVIEW_REASON, SelectBatch

    label_per_class(legal_project, legal_frame)
    view = SelectBatch(legal_project, embedder=memo_embedder, random_state=0)
    view.size.value = 10
    view.select_button.click()
    assert view.batch is not None and list(view.row_buttons) == list(view.batch.item_ids)
    first, second = view.batch.item_ids[:2]
    view.row_buttons[first].click()
    assert legal_project.unlabelable() == {first: PREVIEW_REASON}
    assert "not labelable" in view.preview.value and PREVIEW_REASON in view.preview.value
    assert view.row_buttons[first].description == "labelable again", "the row refreshed"
    assert view.row_buttons[second].description == "not labelable"
    assert legal_project.item(first).status == "unlabelable"

    view.row_buttons[first].click()
    assert legal_project.unlabelable() == {}
    assert view.row_buttons[first].description == "not labelable"

    view.row_buttons[second].click()
    assert "marked not labelable" in view.status.value and "<s>" in view.rows.children[2].children[1].value
    view.annotators.value = "ben"
    view.assign_button.click()
    served = serve_all(legal_project, "ben")
    assert first in served and second not in served, "the marked row is assigned but never served"
