"""A page's messages are acted on in the order it sent them, whatever order the kernel delivers them in.

ipykernel hands a widget's comm messages to the main shell thread or to a subshell
thread, so a decision made right after an undo (or a skip) can reach the widget
before the undo does.  These tests deliver messages out of order through
``receive``, the widget's entry point for comm messages.
"""

from __future__ import annotations

import threading
import time

import pytest

import curate.widgets.annotator as annotator_module
from curate import Project


def _contested(project: Project) -> list[str]:
    ids = [it.id for it in project.items()[:3]]
    project.annotate(ids[0], "ana", "arbitration")
    project.annotate(ids[0], "ben", "jurisdiction")
    project.annotate(ids[1], "ana", "fair_or_other", unsure=True)
    return ids


def _history(project: Project, who: str) -> list[tuple[str, str, tuple[str, ...] | None]]:
    return [(e.kind, e.item_id, e.labels) for e in project.history(who)]


def test_key_after_undo_lands_on_the_undone_item_even_if_it_overtakes_the_undo(
    legal_project: Project,
) -> None:
    ids = _contested(legal_project)
    widget = legal_project.reviewer(reviewer="lead")
    (reset,) = widget.receive({"type": "hello", "view": "v", "seq": 1})
    assert reset["type"] == "reset" and reset["view"] == "v"
    (ack,) = widget.receive(
        {"type": "decide", "view": "v", "seq": 2, "item_id": ids[0], "labels": ["jurisdiction"]}
    )
    assert ack["ok"] and ack["seq"] == 2 and ack["view"] == "v"
    # The page undid that and pressed "1" on the same item; the "1" reaches the kernel first.
    decide = {"type": "decide", "view": "v", "seq": 4, "item_id": ids[0], "labels": ["arbitration"]}
    assert widget.receive(decide) == []  # held: the undo before it is still on its way
    assert _history(legal_project, "lead") == [("adjudicate", ids[0], ("jurisdiction",))]
    replies = widget.receive({"type": "undo", "view": "v", "seq": 3})
    assert [(r["seq"], r["ok"], r["kind"], r["item_id"]) for r in replies] == [
        (3, True, "undo", ids[0]),
        (4, True, "adjudicate", ids[0]),
    ]
    assert replies[1]["decision"] == ["arbitration"]
    widget.receive({"type": "decide", "view": "v", "seq": 5, "item_id": ids[1], "labels": ["fair_or_other"]})
    assert _history(legal_project, "lead") == [
        ("adjudicate", ids[0], ("jurisdiction",)),
        ("undo", ids[0], None),
        ("adjudicate", ids[0], ("arbitration",)),
        ("adjudicate", ids[1], ("fair_or_other",)),
    ]


def test_decision_after_skip_and_back_waits_for_the_skip(legal_project: Project) -> None:
    widget = legal_project.annotator(annotator="ana", prefetch=3)
    (reset,) = widget.receive({"type": "hello", "view": "v", "seq": 1})
    first = reset["items"][0]["id"]
    # Space then Left then "1": the decision on the skipped item overtakes the skip.
    assert (
        widget.receive({"type": "decide", "view": "v", "seq": 3, "item_id": first, "labels": ["arbitration"]})
        == []
    )
    replies = widget.receive({"type": "skip", "view": "v", "seq": 2, "item_id": first})
    assert [(r.get("seq"), r["type"]) for r in replies if r["type"] == "ack"] == [(2, "ack"), (3, "ack")]
    assert _history(legal_project, "ana") == [("skip", first, None), ("label", first, ("arbitration",))]
    assert widget.session.decision(first) == ("arbitration",)


def test_views_are_ordered_separately_and_unnumbered_messages_act_at_once(legal_project: Project) -> None:
    ids = _contested(legal_project)
    widget = legal_project.reviewer(reviewer="lead")
    widget.receive({"type": "hello", "view": "a", "seq": 1})
    # A second view of the same widget starts its own numbering.
    (reset,) = widget.receive({"type": "hello", "view": "b", "seq": 1})
    assert reset["view"] == "b"
    (ack,) = widget.receive(
        {"type": "decide", "view": "b", "seq": 2, "item_id": ids[1], "labels": ["fair_or_other"]}
    )
    assert ack["ok"] and ack["view"] == "b"
    (ack,) = widget.receive({"type": "decide", "seq": 7, "item_id": ids[0], "labels": ["arbitration"]})
    assert ack["ok"] and "view" not in ack
    assert [e.item_id for e in legal_project.history("lead")] == [ids[1], ids[0]]


def test_a_message_whose_predecessor_never_comes_is_acted_on_after_a_while(
    legal_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _contested(legal_project)
    monkeypatch.setattr(annotator_module, "HOLD_S", 0.05)
    widget = legal_project.reviewer(reviewer="lead")
    sent: list[dict[str, object]] = []
    monkeypatch.setattr(widget, "send", lambda msg, *a, **k: sent.append(msg))
    widget.receive({"type": "hello", "view": "v", "seq": 1})
    assert (
        widget.receive(
            {"type": "decide", "view": "v", "seq": 3, "item_id": ids[0], "labels": ["arbitration"]}
        )
        == []
    )
    deadline = time.monotonic() + 60
    while not sent and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [(m["type"], m["seq"], m["ok"]) for m in sent] == [("ack", 3, True)]
    assert _history(legal_project, "lead") == [("adjudicate", ids[0], ("arbitration",))]
    # The lost message turning up late is still acted on, once.
    (ack,) = widget.receive(
        {"type": "decide", "view": "v", "seq": 2, "item_id": ids[1], "labels": ["fair_or_other"]}
    )
    assert ack["ok"] and len(legal_project.history("lead")) == 2


def test_messages_from_two_threads_keep_the_page_order(legal_project: Project) -> None:
    ids = _contested(legal_project)
    widget = legal_project.reviewer(reviewer="lead")
    widget.receive({"type": "hello", "view": "v", "seq": 1})
    widget.receive({"type": "decide", "view": "v", "seq": 2, "item_id": ids[0], "labels": ["jurisdiction"]})
    undo_started = threading.Event()
    messages = [
        {"type": "decide", "view": "v", "seq": 4, "item_id": ids[0], "labels": ["arbitration"]},
        {"type": "undo", "view": "v", "seq": 3},
    ]

    def deliver(msg: dict[str, object]) -> None:
        if msg["type"] == "undo":
            undo_started.wait(30)
        widget.receive(msg)
        if msg["type"] == "decide":
            undo_started.set()

    threads = [threading.Thread(target=deliver, args=(m,)) for m in messages]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert _history(legal_project, "lead")[1:] == [
        ("undo", ids[0], None),
        ("adjudicate", ids[0], ("arbitration",)),
    ]
