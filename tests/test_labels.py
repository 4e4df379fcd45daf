"""Label resolution: adjudicated, else unanimous, else majority; ties flagged and left out."""

from __future__ import annotations

from typing import Any

from curate.labels import resolve_item

LABELS = ("a", "b", "c")


def _row(annotator: str, labels: tuple[str, ...], kind: str = "label", event_id: int = 1) -> dict[str, Any]:
    return {"item_id": "i", "annotator": annotator, "labels": labels, "kind": kind, "event_id": event_id}


def _resolve(rows: list[dict[str, Any]], multi: bool = False) -> Any:
    return resolve_item("i", rows, label_order=LABELS, multi_label=multi)


def test_adjudication_wins_and_the_latest_one_counts() -> None:
    rows = [_row("x", ("a",)), _row("y", ("a",)), _row("rev", ("b",), "adjudicate", 5)]
    d = _resolve(rows)
    assert d.labels == ("b",) and d.method == "adjudicated" and d.n_annotators == 2 and d.agreement == 0
    later = [*rows, _row("rev2", ("c",), "adjudicate", 9)]
    assert _resolve(later).labels == ("c",)


def test_unanimous_majority_tie_and_skips() -> None:
    assert _resolve([_row("x", ("a",)), _row("imported:f", ("a",))]).method == "unanimous"
    d = _resolve([_row("x", ("a",)), _row("y", ("a",)), _row("imported:f", ("b",))])
    assert (d.labels, d.method, d.n_annotators) == (("a",), "majority", 3)
    assert abs(d.agreement - 2 / 3) < 1e-9
    tie = _resolve([_row("x", ("a",)), _row("imported:f", ("b",))])
    assert tie.method == "tie" and tie.labels == ()
    assert _resolve([_row("x", ("a",)), _row("y", (), "skip")]).n_annotators == 1
    assert _resolve([_row("y", (), "skip")]) is None


def test_multi_label_takes_per_label_majority() -> None:
    rows = [_row("x", ("a", "b")), _row("y", ("b",)), _row("z", ("c", "b"))]
    d = _resolve(rows, multi=True)
    assert d.labels == ("b",) and d.method == "majority"
    half = _resolve([_row("x", ("a", "b")), _row("y", ("b",))], multi=True)
    assert half.method == "tie"
    same = _resolve([_row("x", ("b", "a")), _row("y", ("a", "b"))], multi=True)
    assert same.labels == ("a", "b") and same.method == "unanimous"
