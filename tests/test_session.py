from __future__ import annotations

import time

import pytest

from curate import Project
from curate.errors import CurateError


def test_queue_serves_each_item_once_then_none(legal_project: Project) -> None:
    s = legal_project.session("ana")
    seen = []
    while (item := s.next()) is not None:
        seen.append(item.id)
        s.submit("fair_or_other", advance=False)
    assert len(seen) == 400 == len(set(seen))
    assert s.progress()["done"] == 400


def test_submit_saves_and_advances_with_time_spent(legal_project: Project) -> None:
    s = legal_project.session("ana")
    first = s.next()
    assert first is not None
    event = s.submit(["arbitration"], unsure=True, note="check clause 4")
    assert event.item_id == first.id and event.unsure and event.note == "check clause 4"
    assert event.seconds is not None and event.seconds >= 0
    assert s.current is not None and s.current.id != first.id


def test_back_then_change_decision_then_forward(legal_project: Project) -> None:
    s = legal_project.session("ana")
    a = s.next()
    s.submit("arbitration")
    b = s.current
    assert a is not None and b is not None
    assert s.back().id == a.id
    assert s.decision() == ("arbitration",)
    s.submit("jurisdiction")  # change, then forward to b again
    assert s.current.id == b.id
    assert legal_project.labels(a.id) == {a.id: {"ana": ("jurisdiction",)}}


def test_skip_is_recorded_and_not_served_again(legal_project: Project) -> None:
    s = legal_project.session("ana")
    a = s.next()
    b = s.skip()
    assert a is not None and b is not None and b.id != a.id
    assert [e.kind for e in legal_project.history("ana")] == ["skip"]
    again = legal_project.session("ana")
    assert again.next().id not in {a.id}
    assert legal_project.stats()["labelled"] == 0  # a skip is not a label


def test_undo_shows_the_item_again_and_keeps_the_log(legal_project: Project) -> None:
    s = legal_project.session("ana")
    a = s.next()
    s.submit("arbitration")
    b = s.current
    event = s.undo()
    assert event is not None and event.kind == "undo"
    assert s.current.id == a.id and s.decision() is None
    s.submit("content_removal")
    assert s.current.id == b.id  # the item served before the undo comes back next
    assert [e.kind for e in legal_project.history("ana")] == ["label", "undo", "label"]


def test_two_annotators_do_not_get_the_same_item(legal_project: Project) -> None:
    ana, ben = legal_project.session("ana"), legal_project.session("ben")
    got = []
    for _ in range(5):
        got += [ana.next().id, ben.next().id]
        ana.submit("fair_or_other", advance=False)
        ben.submit("fair_or_other", advance=False)
    assert len(set(got)) == 10


def test_expired_lease_frees_the_item(legal_project: Project) -> None:
    ana = legal_project.session("ana", lease_s=0.05)
    ben = legal_project.session("ben", lease_s=0.05)
    a = ana.next()
    time.sleep(0.1)
    assert ben.next().id == a.id


def test_assigned_items_come_first_and_may_be_shared(legal_project: Project) -> None:
    ids = [i.id for i in legal_project.items()]
    tail = ids[-3:]
    legal_project.store.assign([(i, who) for i in tail for who in ("ana", "ben")])
    ana, ben = legal_project.session("ana"), legal_project.session("ben")
    got_a = []
    got_b = []
    for _ in range(3):
        got_a.append(ana.next().id)
        ana.submit("fair_or_other", advance=False)
        got_b.append(ben.next().id)
        ben.submit("fair_or_other", advance=False)
    assert got_a == tail and got_b == tail  # overlap items go to both, in order
    assert ana.next().id not in tail


def test_submit_without_item_is_a_clear_error(legal_project: Project) -> None:
    s = legal_project.session("ana")
    with pytest.raises(CurateError, match=r"call session\.next"):
        s.submit("arbitration")
    with pytest.raises(CurateError, match="annotator name"):
        legal_project.session("  ")


def test_pending_synthetic_items_are_served_and_not_counted_as_labelled(legal_project: Project) -> None:
    from curate.schema import Provenance, content_hash

    text = "Any dispute shall be settled by binding arbitration in Zurich."
    legal_project.store.insert(
        [
            {
                "id": "syn-1",
                "text": text,
                "content_hash": content_hash(text),
                "origin": "synthetic",
                "status": "pending",
            }
        ],
        [],
        provenance={
            "syn-1": Provenance(
                generator="template", generator_version="1", seed=0, details={"labels": ["arbitration"]}
            )
        },
    )
    assert legal_project.stats()["labelled"] == 0
    s = legal_project.session("ana")
    served = []
    while (item := s.next()) is not None:
        served.append(item.id)
        s.submit("fair_or_other", advance=False)
    assert "syn-1" in served
