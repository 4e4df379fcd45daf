"""The findings review widget, driven through its public methods and the page's messages."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from curate import Project
from curate.pii import PatternDetector
from curate.widgets.findings import FindingsReview

# A drug that a statistical model calls a person, many times, and one real name three times.
TEXTS = [f"Doppler study {i} shows normal flow; Doppler repeated." for i in range(7)] + [
    "Patient John Smith was seen; John Smith called back.",
    "Ms. Okafor's phone is (313) 555-2876 and her MRN: 00847291.",
    "John Smith signed the consent.",
]


@pytest.fixture
def review(project: Project) -> FindingsReview:
    project.import_data(
        pd.DataFrame({"id": [f"t{i}" for i in range(len(TEXTS))], "text": TEXTS}), id_col="id"
    )
    project.pii_scan(PatternDetector())
    store = project.store
    # A statistical NER model's false positives, as stored findings of the project.
    rows = list(store.items_after(-1, 100))
    spans = []
    for r in rows:
        found = []
        for name, entity in (("Doppler", "NAME"), ("John Smith", "NAME")):
            at = r.text.find(name)
            while at >= 0:
                found.append(
                    type("S", (), {"start": at, "end": at + len(name), "entity": entity, "detector": "ner"})()
                )
                at = r.text.find(name, at + 1)
        spans.append(found)
    store.add_pii_findings(rows, spans)
    return project.pii_review(examples=3, context=20)


def test_groups_by_surface_form_largest_first_with_examples_in_context(review: FindingsReview) -> None:
    first = review.current
    assert first is not None and (first.value, first.entity, first.count, first.items) == (
        "Doppler",
        "NAME",
        14,
        7,
    )
    state = review.state
    assert state["current"]["count"] == 14 and len(state["current"]["occurrences"]) == 3
    occ = state["current"]["occurrences"][0]
    assert occ["value"] == "Doppler" and occ["after"].startswith(" study 0")
    smith = next(g for g in review.groups if g.value == "John Smith")
    assert smith.count == 3 and smith.items == 2


def test_one_key_dismisses_a_whole_group_and_later_scans_too(review: FindingsReview) -> None:
    project = review.project
    state = review.handle({"type": "key", "action": "dismiss", "key": ["doppler", "NAME"]})
    doppler = [f for f in project.pii_findings() if f.value == "Doppler"]
    assert len(doppler) == 14 and {f.status for f in doppler} == {"dismissed"}
    assert state["current"]["value"] != "Doppler"  # moved on to the next open group
    assert state["counts"]["dismissed"] == 14
    # a later scan of new items does not report the dismissed surface form
    project.import_data(pd.DataFrame({"id": ["n1"], "text": ["Doppler again."]}), id_col="id")
    from curate.workflows.pii_settings import project_detector

    detector = project_detector(project.store, ner=False)
    assert not [s for s in detector.find("Dr. Doppler saw the patient.") if s.value == "Doppler"]


def test_accept_all_then_apply_replaces_them_and_the_gate_opens(review: FindingsReview) -> None:
    project = review.project
    review.dismiss()  # Doppler x14
    assert review.current is not None and review.current.value == "John Smith"
    assert review.accept() == 3
    assert {f.status for f in project.pii_findings() if f.value == "John Smith"} == {"accepted"}
    assert not project.pii_gate().ok  # accepted still blocks until apply
    for _ in range(len(review.groups)):
        if review.current is not None and review.current.status == "open":
            review.accept()
        else:
            review.next()
    result = project.pii_apply(random_state=0)
    assert result.by_entity["NAME"] >= 3
    texts = " ".join(it.text for it in project.store.items())
    assert "John Smith" not in texts and texts.count("Doppler") == 14  # dismissed spans untouched
    assert project.pii_gate().ok


def test_expand_decides_single_findings_and_reopen_takes_back(review: FindingsReview) -> None:
    project = review.project
    review.next()  # John Smith
    assert review.expand() is True
    assert len(review.state["current"]["occurrences"]) == 3
    assert review.dismiss() == 1  # only the first occurrence, no rule for later scans
    assert review.state["finding"] == 1
    smith = [f for f in project.pii_findings() if f.value == "John Smith"]
    assert sorted(f.status for f in smith) == ["dismissed", "open", "open"]
    assert review.state["current"]["rule"] is False
    review.previous()
    assert review.reopen() == 1
    assert {f.status for f in project.pii_findings() if f.value == "John Smith"} == {"open"}
    review.expand(False)
    review.previous()
    review.dismiss()
    assert review.state["groups"][0]["status"] == "dismissed"
    review.previous()
    assert review.reopen() == 14
    assert {f.status for f in project.pii_findings() if f.value == "Doppler"} == {"open"}
    from curate.workflows.pii_settings import settings

    assert not settings(project.store).is_dismissed("Doppler", "NAME")


def test_a_stale_page_message_never_decides_another_group(review: FindingsReview) -> None:
    state = review.handle({"type": "key", "action": "accept", "key": ["nobody", "NAME"]})
    assert "no longer listed" in state["error"]
    assert {f.status for f in review.project.pii_findings()} == {"open"}
    # a message naming a group the kernel is not on acts on the named group
    review.handle({"type": "key", "action": "accept", "key": ["john smith", "NAME"]})
    assert {f.status for f in review.project.pii_findings() if f.value == "John Smith"} == {"accepted"}
    assert {f.status for f in review.project.pii_findings() if f.value == "Doppler"} == {"open"}
    assert "unknown" in review.handle({"type": "key", "action": "explode"})["error"]


def test_state_carries_text_only_as_strings(review: FindingsReview) -> None:
    # what the page gets is JSON data; the page puts it into textContent (see _findings.js)
    payload = json.dumps(review.state)
    assert "John Smith" in payload
    js = review._esm if isinstance(review._esm, str) else review._esm.read_text()  # type: ignore[union-attr]
    assert "innerHTML" not in js and "stopPropagation" in js and "preventDefault" in js


def test_an_unscanned_project_shows_an_empty_review(project: Project) -> None:
    widget = project.pii_review()
    assert widget.current is None and widget.state["current"] is None
    assert widget.accept() == 0 and widget.next() is None
