"""Session additions the widgets rely on: reserving items ahead, deciding on a served item by id."""

from __future__ import annotations

import pytest

from curate import Project
from curate.errors import CurateError


def test_reserve_leases_items_ahead_without_moving(legal_project: Project) -> None:
    session = legal_project.session("ana")
    first = session.next()
    assert first is not None
    new = session.reserve(4)
    assert len(new) == 4 and session.ahead == 4 and session.current == first
    assert session.reserve(4) == []  # already four ahead
    assert [it.id for it in session.peek(4)] == [it.id for it in new]
    # Another annotator does not get the reserved items.
    other = legal_project.session("ben")
    other.next()
    assert not {it.id for it in other.reserve(10)} & {first.id, *(it.id for it in new)}
    # next() walks through the reserved items in order.
    assert session.next() == new[0]


def test_submit_and_skip_by_item_id(legal_project: Project) -> None:
    session = legal_project.session("ana")
    first = session.next()
    assert first is not None
    ahead = session.reserve(3)
    session.submit("arbitration", item_id=ahead[1].id, seconds=1.5)
    assert session.current == ahead[2]
    session.skip(item_id=first.id, seconds=0.3)
    session.submit("jurisdiction", item_id=first.id, advance=False)
    session.skip(item_id=first.id)  # decided: nothing recorded
    kinds = [(e.kind, e.item_id) for e in legal_project.history("ana")]
    assert kinds == [("label", ahead[1].id), ("skip", first.id), ("label", first.id)]
    assert legal_project.history("ana")[1].seconds == 0.3
    with pytest.raises(CurateError, match="not served"):
        session.submit("arbitration", item_id=legal_project.items()[-1].id)


def test_progress_counts_and_rate(legal_project: Project) -> None:
    session = legal_project.session("ana")
    session.next()
    for _ in range(3):
        session.submit("fair_or_other", seconds=2.0)
    progress = session.progress()
    assert progress["done"] == 3 and progress["remaining"] == len(legal_project) - 3
    assert progress["per_hour"] == pytest.approx(1800.0)
    legal_project.store.assign([(legal_project.items()[-1].id, "ana")])
    assert session.progress()["remaining"] == 1


def test_reopened_page_gets_recent_history_with_stored_decisions(legal_project: Project) -> None:
    from curate.widgets import annotator as mod

    widget = legal_project.annotator(annotator="ana", prefetch=2)
    for seq in range(mod.RESET_BACK + 5):
        item_id = widget.session.history[widget.session.position]
        widget.handle(
            {"type": "decide", "seq": seq, "item_id": item_id, "labels": ["fair_or_other"], "note": "n"}
        )
    (reset,) = widget.handle({"type": "hello"})  # the browser tab was reloaded
    first, last = reset["items"][0], reset["items"][-1]
    assert first["index"] == reset["pos"] - mod.RESET_BACK
    assert last["index"] == len(widget.session.history) - 1
    assert (first["decision"], first["note"]) == (["fair_or_other"], "n")
