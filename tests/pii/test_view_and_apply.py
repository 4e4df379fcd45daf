"""What annotators are shown of items with findings, and what ``apply`` changes and leaves alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate import Project
from curate.cli import main
from curate.errors import CurateError, CurateWarning
from curate.pii import PatternDetector


def _scan(project: Project) -> None:
    project.pii_scan(PatternDetector())


def _page_json(project: Project, annotator: str = "ana") -> str:
    """Everything the annotator page is sent at start (the reset with its items)."""
    widget = project.annotator(annotator=annotator, prefetch=10, context=0)
    return json.dumps(widget.handle({"type": "hello"}), ensure_ascii=False)


def _texts(reply: str) -> dict[str, str]:
    items = json.loads(reply)[0]["items"]
    return {it["id"]: "".join(seg[0] for seg in it["segments"]) for it in items}


def test_the_page_never_carries_a_found_value_unless_the_view_is_original(pii_project: Project) -> None:
    _scan(pii_project)
    found = pii_project.pii_findings(status="open")
    values = {f.value for f in found}
    assert {"Rosalind Okafor", "00847291", "287-65-4390", "m.delacroix@gmail.com"} <= values
    assert pii_project.pii_view == "pseudonymised"  # the default
    page = _page_json(pii_project)
    for value in values:
        assert value not in page, value
    shown = _texts(page)
    assert shown["r3"].startswith("The Company may terminate")  # no findings: unchanged
    # consistent surrogates: the ones apply will write
    pii_project.pii_apply(random_state=0)
    stored = {it.id: it.text for it in pii_project.store.items(["r0", "r1", "r2"])}
    both = [i for i in shown if i in stored]
    assert len(both) >= 2 and all(shown[i] == stored[i] for i in both)


def test_masked_view_shows_types_and_the_original_stays_stored(pii_project: Project) -> None:
    _scan(pii_project)
    before = {it.id: it.text for it in pii_project.store.items()}
    pii_project.set_pii_view("masked")
    widget = pii_project.annotator(annotator="ana", prefetch=10, context=0)
    page = json.dumps(widget.handle({"type": "hello"}))
    items = {it["id"]: it for it in json.loads(page)[0]["items"]}
    assert "[SSN]" in "".join(s[0] for s in items["r2"]["segments"])
    assert "287-65-4390" not in page
    marked = [s for s in items["r2"]["segments"] if s[1] == "pii"]
    assert ["[SSN]", "pii", "SSN · masked"] in marked  # the reviewer sees what was replaced, with its type
    assert {it.id: it.text for it in pii_project.store.items()} == before  # nothing rewritten
    pii_project.set_pii_view("original")
    page = json.dumps(widget.handle({"type": "hello"}))  # a page opened after the change
    assert "287-65-4390" in page
    segs = [s for it in json.loads(page)[0]["items"] for s in it["segments"]]
    assert ["287-65-4390", "pii", "SSN"] in segs
    with pytest.raises(CurateError, match="masked"):
        pii_project.set_pii_view("blurred")


def test_dismissed_and_accepted_findings_in_the_view(pii_project: Project) -> None:
    _scan(pii_project)
    ssn = next(f for f in pii_project.pii_findings() if f.value == "287-65-4390")
    mail = next(f for f in pii_project.pii_findings() if f.value == "m.delacroix@gmail.com")
    pii_project.pii_dismiss([ssn.id])
    assert pii_project.pii_accept([mail.id]) == 1
    page = _page_json(pii_project)
    assert "287-65-4390" in page  # dismissed: not personal data, shown as it is
    assert "m.delacroix@gmail.com" not in page  # accepted: still hidden until apply


def test_context_lines_are_replaced_too(project: Project) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "doc": ["d1", "d1"],
            "text": ["Patient Rosalind Okafor, MRN: 00847291.", "The clause is fair."],
        }
    )
    project.import_data(frame, id_col="id")
    _scan(project)
    widget = project.annotator(annotator="ana", context=1)
    page = json.dumps(widget.handle({"type": "hello"}))
    assert "00847291" not in page and "Okafor" not in page


def test_apply_never_rewrites_a_dismissed_span_and_reports_per_type(pii_project: Project) -> None:
    _scan(pii_project)
    found = pii_project.pii_findings()
    ssn = next(f for f in found if f.value == "287-65-4390")
    pii_project.pii_dismiss([ssn.id])
    # an open finding overlapping the dismissed one (as another detector might add) stays as it is
    pii_project.store.add_pii_findings(
        [next(r for r in pii_project.store.items_after(-1, 10) if r.id == "r2")],
        [[type("S", (), {"start": ssn.start - 4, "end": ssn.end, "entity": "ID", "detector": "x"})()]],
    )
    result = pii_project.pii_apply(random_state=0)
    r2 = pii_project.store.item("r2").text
    assert "SSN 287-65-4390" in r2  # the dismissed span and the overlapping open one are untouched
    assert "m.delacroix@gmail.com" not in r2
    assert len(result.skipped) == 1
    assert result.by_entity["EMAIL"] == 1 and sum(result.by_entity.values()) == result.findings_pseudonymised
    assert set(result.item_ids) == {"r0", "r1", "r2"} and result.items_changed == 3
    assert "EMAIL x1" in result.summary() and "left 1 open" in result.summary()
    assert not pii_project.pii_gate().ok  # the skipped finding still asks for a decision


def test_cli_apply_prints_what_changed(pii_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    _scan(pii_project)
    path = pii_project.store.url.removeprefix("sqlite:///")
    assert main(["pii", "apply", path, "--seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "pseudonymised" in out and "EMAIL x1" in out and "SSN x1" in out


def test_export_warns_with_counts_when_texts_with_open_findings_are_written(
    pii_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _scan(pii_project)  # r0 (labelled) holds a name, an MRN, a date and a phone number
    with pytest.warns(
        CurateWarning, match=r"1 of 1 exported texts still hold \d+ personal-data findings.*NAME x1"
    ):
        pii_project.save(tmp_path / "out", format="jsonl")
    with pytest.warns(CurateWarning, match="exported texts still hold"):
        pii_project.to_dataset()
    path = pii_project.store.url.removeprefix("sqlite:///")
    assert main(["export", path, str(tmp_path / "cli"), "--format", "jsonl"]) == 0
    out = capsys.readouterr().out
    assert "warning: 1 of 1 exported texts still hold" in out and "PHONE x1" in out
    pii_project.pii_apply(random_state=0)
    pii_project.save(tmp_path / "clean", format="jsonl")  # no warning (warnings are errors in tests)
    assert main(["export", path, str(tmp_path / "cli2"), "--format", "jsonl"]) == 0
    assert "warning" not in capsys.readouterr().out


def test_synthetic_items_are_scanned_and_hidden_like_real_ones(pii_project: Project) -> None:
    from curate.schema import content_hash

    _scan(pii_project)
    text = "Synthetic: call Dr. Alma Whitfield at 617-555-0142 about the arbitration clause."
    pii_project.store.insert(
        [
            {
                "id": "s1",
                "text": text,
                "content_hash": content_hash(text),
                "source": "synthetic:template",
                "origin": "synthetic",
                "status": "pending",
                "metadata": {},
            }
        ]
    )
    assert pii_project.pii_gate().unscanned_items == 1
    assert pii_project.pii_scan(PatternDetector()).items_scanned == 1
    values = {f.value for f in pii_project.pii_findings(item_ids=["s1"])}
    assert {"617-555-0142", "Alma Whitfield"} <= values
    shown = pii_project.pii_shown([pii_project.store.item("s1")])[0]
    assert "617-555-0142" not in shown.item.text and "Whitfield" not in shown.item.text


def test_cli_view_setting(pii_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = pii_project.store.url.removeprefix("sqlite:///")
    assert main(["pii", "view", path, "masked", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"view": "masked"}
    assert pii_project.pii_view == "masked"
    assert main(["pii", "view", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"view": "masked"}


def test_apply_leaves_a_dismissed_surface_form_alone_even_when_a_custom_detector_found_it(
    pii_project: Project,
) -> None:
    import pandas as pd

    _scan(pii_project)
    phone = next(f for f in pii_project.pii_findings() if f.entity == "PHONE")
    pii_project.pii_dismiss_value(phone.value, "PHONE")  # e.g. the clinic's own switchboard
    pii_project.import_data(
        pd.DataFrame({"id": ["r9"], "text": [f"Switchboard {phone.value}; patient Rosalind Okafor."]}),
        id_col="id",
    )
    _scan(pii_project)  # a detector built without the project's rules finds it again
    again = [f for f in pii_project.pii_findings(item_ids=["r9"]) if f.entity == "PHONE"]
    assert [f.status for f in again] == ["open"]
    result = pii_project.pii_apply(random_state=0)
    assert phone.value in pii_project.store.item("r9").text
    assert again[0].id in result.skipped
    assert "Okafor" not in pii_project.store.item("r9").text
