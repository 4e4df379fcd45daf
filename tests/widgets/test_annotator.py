"""The annotator widget headless, through its public methods and its message protocol."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from curate import Project, TaskSpec
from curate.errors import CurateError, TaskSpecError
from curate.widgets import Annotator

ROOT = Path(__file__).resolve().parents[2]


def _in_thread(fn: Any) -> Any:
    """Run ``fn`` on another thread, as ipykernel runs a widget's on_msg after the first message."""
    out: list[Any] = []
    err: list[BaseException] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:
            err.append(exc)

    th = threading.Thread(target=run)
    th.start()
    th.join()
    if err:
        raise err[0]
    return out[0]


def _acks(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in replies if r["type"] == "ack"]


@pytest.fixture
def widget(legal_project: Project) -> Annotator:
    return legal_project.annotator(annotator="ana", prefetch=3)


def test_page_gets_the_first_items_at_once(widget: Annotator, legal_project: Project) -> None:
    (reset,) = widget.handle({"type": "hello"})
    assert reset["type"] == "reset" and reset["pos"] == 0 and not reset["exhausted"]
    # The item on screen plus three prefetched, all leased to this annotator.
    assert [it["index"] for it in reset["items"]] == [0, 1, 2, 3]
    first = legal_project.items()[0]
    assert reset["items"][0]["id"] == first.id
    assert "".join(seg[0] for seg in reset["items"][0]["segments"]) == first.text
    assert reset["items"][0]["decision"] is None and reset["items"][0]["suggestion"] is None
    other = legal_project.annotator(annotator="ben", prefetch=3)
    (theirs,) = other.handle({"type": "hello"})
    assert not {it["id"] for it in theirs["items"]} & {it["id"] for it in reset["items"]}


def test_decision_from_another_thread_is_committed_and_acked(
    widget: Annotator, legal_project: Project
) -> None:
    items = widget.handle({"type": "hello"})[0]["items"]
    msg = {
        "type": "decide",
        "seq": 7,
        "item_id": items[0]["id"],
        "labels": ["arbitration"],
        "unsure": True,
        "note": "clause 4",
        "seconds": 2.5,
    }
    replies = _in_thread(lambda: widget.handle(msg))
    ack = replies[0]
    assert ack == {
        "type": "ack",
        "seq": 7,
        "ok": True,
        "item_id": items[0]["id"],
        "event_id": ack["event_id"],
        "kind": "label",
        "decision": ["arbitration"],
        "unsure": True,
        "note": "clause 4",
    }
    # One more item is reserved so the page stays three ahead.
    assert replies[1]["type"] == "items" and replies[1]["start"] == 4
    (event,) = legal_project.history("ana")
    assert (event.labels, event.unsure, event.note, event.seconds) == (
        ("arbitration",),
        True,
        "clause 4",
        2.5,
    )
    # The same from the real message callback on a third thread.
    _in_thread(
        lambda: widget._on_msg(
            widget, {"type": "decide", "seq": 8, "item_id": items[1]["id"], "labels": ["jurisdiction"]}, []
        )
    )
    assert legal_project.labels(items[1]["id"]) == {items[1]["id"]: {"ana": ("jurisdiction",)}}
    assert widget.progress["done"] == 2


def test_skip_back_change_and_undo(widget: Annotator, legal_project: Project) -> None:
    ids = [it["id"] for it in widget.handle({"type": "hello"})[0]["items"]]
    widget.handle({"type": "decide", "seq": 1, "item_id": ids[0], "labels": ["fair_or_other"]})
    widget.handle({"type": "skip", "seq": 2, "item_id": ids[1], "seconds": 0.4})
    # Back to the first item and change the decision; then move past it again (nothing recorded).
    widget.handle({"type": "decide", "seq": 3, "item_id": ids[0], "labels": ["privacy_included"]})
    widget.handle({"type": "skip", "seq": 4, "item_id": ids[0]})
    (ack,) = _acks(widget.handle({"type": "undo", "seq": 5}))
    assert ack["ok"] and ack["item_id"] == ids[0] and ack["decision"] == ["fair_or_other"]
    events = legal_project.history("ana")
    assert [(e.kind, e.item_id, e.labels) for e in events] == [
        ("label", ids[0], ("fair_or_other",)),
        ("skip", ids[1], None),
        ("label", ids[0], ("privacy_included",)),
        ("undo", ids[0], ("fair_or_other",)),
    ]
    assert events[2].previous == ("fair_or_other",) and events[3].target == events[2].id
    for seq in (6, 7, 8):
        widget.handle({"type": "undo", "seq": seq})
    (last,) = _acks(widget.handle({"type": "undo", "seq": 9}))
    assert last == {"type": "ack", "seq": 9, "ok": True, "item_id": None}
    assert legal_project.labels() == {}


def test_undo_of_an_earlier_session_resends_the_queue(legal_project: Project) -> None:
    first = legal_project.items()[0].id
    legal_project.annotate(first, "ana", "arbitration")
    widget = legal_project.annotator(annotator="ana")
    replies = widget.handle({"type": "undo", "seq": 1})
    assert replies[0]["ok"] and replies[0]["item_id"] == first
    assert len(replies) == 1
    reset = replies[0]["reset"]
    assert reset["type"] == "reset" and reset["items"][reset["pos"]]["id"] == first


def test_failures_come_back_to_the_page_and_nothing_is_stored(
    widget: Annotator, legal_project: Project
) -> None:
    ids = [it["id"] for it in widget.handle({"type": "hello"})[0]["items"]]
    bad = [
        {"type": "decide", "seq": 1, "item_id": ids[0], "labels": ["no_such_label"]},
        {"type": "decide", "seq": 2, "item_id": ids[0], "labels": ["arbitration", "jurisdiction"]},
        {"type": "decide", "seq": 3, "item_id": "never-served", "labels": ["arbitration"]},
        {"type": "decide", "seq": 4, "item_id": ids[0], "labels": []},
        {"type": "synthetic", "seq": 5, "item_id": ids[0], "accept": True},
        {"type": "bogus", "seq": 6},
    ]
    for msg in bad:
        (ack,) = widget.handle(msg)
        assert ack["type"] == "ack" and ack["seq"] == msg["seq"] and ack["ok"] is False
        assert ack["error"]
    assert "no_such_label" in widget.handle(bad[0])[0]["error"]
    assert "single-label" in widget.handle(bad[1])[0]["error"]
    assert legal_project.history("ana") == []
    # The store refuses a label removed from the spec while the page still shows it.
    legal_project.update_spec(
        labels=tuple(lab for lab in legal_project.spec.labels if lab.name != "arbitration")
    )
    (ack,) = _acks(widget.handle({"type": "decide", "seq": 9, "item_id": ids[0], "labels": ["arbitration"]}))
    assert not ack["ok"] and "arbitration" in ack["error"]


def test_multi_label_decisions(tmp_path: Path) -> None:
    spec = TaskSpec(name="topics", labels=("cardio", "neuro", "onco"), multi_label=True)
    project = Project.create(tmp_path / "m.db", task=spec)
    project.import_data(ROOT / "data" / "medical_abstracts_sample.csv", id_col="id", text_col="text")
    widget = project.annotator(annotator="ana")
    assert widget.config["multi_label"] is True
    ids = [it["id"] for it in widget.handle({"type": "hello"})[0]["items"]]
    (ack, *_) = widget.handle({"type": "decide", "seq": 1, "item_id": ids[0], "labels": ["onco", "cardio"]})
    assert ack["decision"] == ["cardio", "onco"]
    project.close()


def test_highlights_cover_the_text_exactly(project: Project) -> None:
    from curate.widgets._render import Highlight, Highlighter, segments

    text = "Governed by 🇮🇪 law; disputes → arbitration. Jane Doe (arbitrator)."
    spans = Highlighter(project.spec).spans(text)
    person = text.index("Jane Doe")
    segs = segments(
        text, [*spans, Highlight(person, person + 8, "pii", "PERSON"), Highlight(3, 999, "pii", "bad")]
    )
    assert "".join(s[0] for s in segs) == text
    marked = {s[0]: s[1:] for s in segs if s[1]}
    assert marked["Governed by"] == ["kw", "choice_of_law"]
    assert marked["arbitration"] == ["kw", "arbitration"] and marked["arbitrator"] == ["kw", "arbitration"]
    assert marked["Jane Doe"] == ["pii", "PERSON"]
    assert segments("", []) == []
    with pytest.raises(TaskSpecError, match=r"arbitration.*\(unclosed"):
        Highlighter(project.spec, {"arbitration": ["(unclosed"]})


def test_suggestions_are_off_by_default(legal_project: Project) -> None:
    calls: list[int] = []

    def suggest(items: Any) -> list[dict[str, float]]:
        calls.append(len(items))
        return [{"arbitration": 0.2, "jurisdiction": 0.7, "fair_or_other": 0.1} for _ in items]

    off = legal_project.annotator(annotator="ana", suggest=suggest)
    assert all(it["suggestion"] is None for it in off.handle({"type": "hello"})[0]["items"])
    assert calls == []
    on = legal_project.annotator(annotator="ben", suggest=suggest, show_suggestions=True)
    items = on.handle({"type": "hello"})[0]["items"]
    assert items[0]["suggestion"] == {"label": "jurisdiction", "p": 0.7}
    with pytest.raises(CurateError, match="suggest="):
        legal_project.annotator(annotator="cy", show_suggestions=True)


def test_synthetic_items_carry_a_badge_and_accept_reject(project: Project) -> None:
    project.store.insert(
        [
            {"id": "syn-1", "text": "We may end your account at will.", "content_hash": "h1",
             "origin": "synthetic", "status": "pending"},
            {"id": "syn-2", "text": "Disputes go to arbitration in Delaware.", "content_hash": "h2",
             "origin": "synthetic", "status": "pending"},
        ]
    )  # fmt: skip
    seen: list[tuple[str, bool, str]] = []
    widget = project.annotator(annotator="ana")
    items = widget.handle({"type": "hello"})[0]["items"]
    assert [it["badge"] for it in items] == ["synthetic · pending", "synthetic · pending"]
    (ack,) = widget.handle({"type": "synthetic", "seq": 1, "item_id": "syn-1", "accept": True})
    assert ack["ok"] and ack["status"] == "accepted" and ack["badge"] == "synthetic"
    widget.handle({"type": "synthetic", "seq": 2, "item_id": "syn-2", "accept": False})
    assert project.item("syn-2").status == "rejected"
    hooked = project.annotator(annotator="ben", on_synthetic=lambda i, a, who: seen.append((i, a, who)))
    hooked.handle({"type": "synthetic", "seq": 1, "item_id": "syn-1", "accept": False})
    assert seen == [("syn-1", False, "ben")]


def test_empty_project_and_queue_end(project: Project) -> None:
    widget = project.annotator(annotator="ana")
    (reset,) = widget.handle({"type": "hello"})
    assert reset["items"] == [] and reset["exhausted"]
    assert widget.refresh_progress()["remaining"] == 0


def test_view_never_writes_markup_and_package_import_is_light() -> None:
    js = (ROOT / "curate" / "widgets" / "_view.js").read_text()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "outerHTML" not in js
    code = (
        "import sys, curate, curate.widgets; "
        "print(any(m in sys.modules for m in ('anywidget', 'ipywidgets', 'traitlets')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_two_annotators_deciding_at_once_from_many_threads(legal_project: Project) -> None:
    widgets = {name: legal_project.annotator(annotator=name, prefetch=2) for name in ("ana", "ben")}
    errors: list[str] = []

    def label(name: str) -> None:
        w = widgets[name]
        for seq in range(15):
            item_id = w.session.history[w.session.position]
            for reply in w.handle(
                {"type": "decide", "seq": seq, "item_id": item_id, "labels": ["fair_or_other"]}
            ):
                if reply["type"] == "ack" and not reply["ok"]:
                    errors.append(reply["error"])

    threads = [threading.Thread(target=label, args=(name,)) for name in widgets]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    done = {name: len(legal_project.history(name)) for name in widgets}
    assert done == {"ana": 15, "ben": 15}
    labelled = legal_project.labels()
    assert not [i for i, votes in labelled.items() if len(votes) > 1]  # leases kept them apart


def test_metadata_line_shows_chosen_keys(legal_project: Project) -> None:
    first = legal_project.items()[0]
    everything = legal_project.annotator(annotator="ana").handle({"type": "hello"})[0]["items"][0]["meta"]
    assert (
        everything
        == f"claudette_sample.csv · doc: {first.metadata['doc']} · split: {first.metadata['split']}"
    )
    chosen = legal_project.annotator(annotator="ben", show_meta=["doc"]).handle({"type": "hello"})[0]
    assert chosen["items"][0]["meta"].endswith(f"doc: {chosen['items'][0]['id'].split('_')[1]}")
    assert "split" not in chosen["items"][0]["meta"]
