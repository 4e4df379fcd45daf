"""Scanning a project, reviewing findings, pseudonymising, and the publishing gate."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from curate import Project
from curate.cli import main
from curate.errors import CurateError, NotFoundError
from curate.pii import PatternDetector
from curate.schema import content_hash
from curate.store import tables as t


def _regex(project: Project, **kw: object) -> object:
    return project.pii_scan(PatternDetector(), **kw)  # type: ignore[arg-type]


def test_scan_stores_open_findings_and_marks_the_project_scanned(pii_project: Project) -> None:
    assert pii_project.pii_gate().ok is False  # never scanned
    result = _regex(pii_project)
    assert result.items_scanned == 4
    found = pii_project.pii_findings()
    assert {f.status for f in found} == {"open"}
    values = {f.value for f in found}
    assert {"Rosalind Okafor", "00847291", "(313) 555-2876", "287-65-4390", "m.delacroix@gmail.com"} <= values
    assert all(f.item_id != "r3" for f in found)  # the plain contract clause
    assert pii_project.store.meta("pii_scanned_at")
    assert pii_project.store.meta("pii_scanned_through") == "3"
    gate = pii_project.pii_gate()
    assert not gate.ok and gate.open_findings == len(found)
    assert pii_project.pii_gate(["r3"]).ok  # an item without findings may go


def test_rescan_adds_nothing_and_keeps_dismissals(pii_project: Project) -> None:
    _regex(pii_project)
    first = pii_project.pii_findings()
    assert pii_project.pii_dismiss([first[0].id]) == 1
    again = _regex(pii_project, rescan=True)
    assert again.findings_added == 0
    after = pii_project.pii_findings()
    assert len(after) == len(first)
    assert next(f for f in after if f.id == first[0].id).status == "dismissed"


def test_items_imported_after_a_scan_are_unscanned_until_the_next_scan(pii_project: Project) -> None:
    _regex(pii_project)
    pii_project.pii_apply(random_state=0)
    assert pii_project.pii_gate().ok
    pii_project.import_data(
        pd.DataFrame({"id": ["r9"], "text": ["Call Dr. Sato at 860-555-3021."]}), id_col="id"
    )
    gate = pii_project.pii_gate()
    assert not gate.ok and gate.unscanned_items == 1
    assert pii_project.pii_report()["unscanned_items"] == 1
    result = _regex(pii_project)
    assert result.items_scanned == 1  # only the new item
    assert pii_project.pii_gate().open_findings == 2


def test_apply_replaces_text_keeps_id_and_labels_and_records_the_original_hash(pii_project: Project) -> None:
    before = pii_project.item("r0")
    _regex(pii_project)
    result = pii_project.pii_apply(random_state=7)
    assert result.items_changed == 3
    after = pii_project.item("r0")
    assert after.id == "r0"
    for secret in ("Rosalind", "Okafor", "00847291", "555-2876", "02/17/2025"):
        assert secret not in after.text
    assert after.text.startswith("Patient ") and "(MRN: " in after.text
    assert after.content_hash == content_hash(after.text)
    assert after.metadata["pii"]["original_content_hash"] == before.content_hash
    assert pii_project.labels("r0") == {"r0": {"alice": ("fair_or_other",)}}
    assert [e.note for e in pii_project.history("alice")] == ["checked"]
    done = pii_project.pii_findings(item_ids=["r0"])
    assert {f.status for f in done} == {"pseudonymised"}
    for f in done:  # findings now point at the surrogates
        assert after.text[f.start : f.end] == f.value and f.value
    assert pii_project.pii_gate().ok
    assert pii_project.item("r3").text == before.text.__class__(pii_project.item("r3").text)


def test_the_same_real_value_gets_the_same_surrogate_in_every_item(pii_project: Project) -> None:
    _regex(pii_project)
    pii_project.pii_apply(random_state=1)
    first, second = pii_project.item("r0").text, pii_project.item("r1").text
    surname = first.split(" (MRN")[0].split()[-1]  # "Patient <First> <Last> (MRN..."
    assert second.startswith(f"Ms. {surname} lives at ")


def test_dismissed_findings_keep_pointing_at_their_text_after_apply(pii_project: Project) -> None:
    _regex(pii_project)
    phone = next(f for f in pii_project.pii_findings(item_ids=["r0"]) if f.entity == "PHONE")
    pii_project.pii_dismiss([phone.id])
    pii_project.pii_apply(random_state=2)
    kept = next(f for f in pii_project.pii_findings(item_ids=["r0"]) if f.id == phone.id)
    assert kept.status == "dismissed" and kept.value == "(313) 555-2876"
    assert "(313) 555-2876" in pii_project.item("r0").text


def test_rescan_after_apply_does_not_flag_the_surrogates(pii_project: Project) -> None:
    _regex(pii_project)
    pii_project.pii_apply(random_state=3)
    assert _regex(pii_project, rescan=True).findings_added == 0
    assert pii_project.pii_gate().ok


def test_apply_only_some_findings(pii_project: Project) -> None:
    _regex(pii_project)
    ssn = next(f for f in pii_project.pii_findings() if f.entity == "SSN")
    result = pii_project.pii_apply([ssn.id], random_state=4)
    assert result.findings_pseudonymised == 1
    text = pii_project.item("r2").text
    assert "287-65-4390" not in text and "Marcus Delacroix" in text
    assert pii_project.pii_gate().open_findings > 0


def test_apply_vacuums_the_original_text_out_of_the_file(pii_project: Project, tmp_path: Path) -> None:
    _regex(pii_project)
    pii_project.pii_apply(random_state=5)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("legal.db*"))
    for secret in (b"Okafor", b"00847291", b"287-65-4390", b"Birchwood"):
        assert secret not in raw


def test_apply_drops_embeddings_cached_for_the_original_text(pii_project: Project) -> None:
    import numpy as np

    old_hash = pii_project.item("r0").content_hash
    pii_project.store.put_embeddings("m", {old_hash: np.ones(3, dtype=np.float32)})
    _regex(pii_project)
    pii_project.pii_apply(random_state=6)
    assert pii_project.store.get_embeddings("m", [old_hash]) == {}


def test_the_salt_is_kept_so_later_runs_agree(pii_project: Project) -> None:
    _regex(pii_project)
    pii_project.pii_apply([f.id for f in pii_project.pii_findings(item_ids=["r0"])], random_state=10)
    salt = pii_project.store.meta("pii_salt")
    pii_project.pii_apply(random_state=99)  # a different seed later does not change the key
    assert pii_project.store.meta("pii_salt") == salt
    first, second = pii_project.item("r0").text, pii_project.item("r1").text
    assert second.split(" lives")[0].split()[-1] == first.split(" (MRN")[0].split()[-1]


def test_dismiss_errors_name_the_finding(pii_project: Project) -> None:
    _regex(pii_project)
    with pytest.raises(NotFoundError, match="999"):
        pii_project.pii_dismiss([999])
    one = pii_project.pii_findings()[0]
    pii_project.pii_apply([one.id], random_state=0)
    with pytest.raises(CurateError, match="already pseudonymised"):
        pii_project.pii_dismiss([one.id])
    with pytest.raises(CurateError, match="status"):
        pii_project.pii_findings(status="closed")


def test_report_counts(pii_project: Project) -> None:
    _regex(pii_project)
    first = pii_project.pii_findings()[0]
    pii_project.pii_dismiss([first.id])
    rep = pii_project.pii_report(with_findings=True)
    assert rep["findings"]["dismissed"] == 1
    assert rep["findings"]["open"] == len(rep["open"]) == sum(rep["open_by_entity"].values())
    assert rep["by_detector"] == {"regex": rep["findings"]["open"] + 1}
    assert all(o["value"] in o["context"] for o in rep["open"])
    assert rep["gate"]["ok"] is False


def test_gate_reads_only_the_table_and_meta(pii_project: Project) -> None:
    """The export gate's rule, checked straight on the database as the export code does."""
    _regex(pii_project)
    with pii_project.store.engine.connect() as conn:
        open_rows = conn.execute(
            sa.select(sa.func.count()).select_from(t.pii_findings).where(t.pii_findings.c.status == "open")
        ).scalar()
    assert open_rows == pii_project.pii_gate().open_findings


def test_cli_scan_report_dismiss_apply(pii_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = pii_project.store.url.removeprefix("sqlite:///")
    pii_project.close()
    assert main(["pii", "scan", path, "--regex-only", "--json"]) == 0
    scanned = json.loads(capsys.readouterr().out)
    assert scanned["items_scanned"] == 4 and scanned["gate"]["ok"] is False
    assert main(["pii", "report", path, "--findings"]) == 0
    listing = capsys.readouterr().out
    assert "Rosalind Okafor" in listing and "#1 " in listing
    assert main(["pii", "dismiss", path, "1,2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dismissed"] == 2
    assert main(["pii", "apply", path, "--seed", "1", "--json"]) == 0
    applied = json.loads(capsys.readouterr().out)
    assert applied["gate"]["ok"] is True
    assert main(["pii", "dismiss", path, "x"]) == 2
    assert "not a number" in capsys.readouterr().err
    assert main(["pii", "report", "/nonexistent/p.db"]) == 2


class _Breaks:
    """A detector (the plug-in protocol) that fails on one text, to interrupt a scan."""

    name = "breaks"

    def __init__(self, on: str) -> None:
        self.on = on

    def find(self, text: str) -> list:
        if self.on in text:
            raise RuntimeError("interrupted")
        return PatternDetector().find(text)


def test_an_interrupted_scan_keeps_its_progress_and_the_gate_stays_shut(pii_project: Project) -> None:
    from curate.workflows.pii import scan

    with pytest.raises(RuntimeError):
        scan(pii_project.store, _Breaks("Plaintiff Marcus"), chunk_size=2)
    assert pii_project.store.meta("pii_scanned_through") == "1"  # the first chunk is committed
    assert pii_project.store.meta("pii_scanned_at") is None
    assert not pii_project.pii_gate().ok
    resumed = _regex(pii_project)
    assert resumed.items_scanned == 2  # only the items after the committed chunk
    assert pii_project.store.meta("pii_scanned_through") == "3"


def test_scanning_an_empty_project_opens_the_gate(project: Project) -> None:
    assert not project.pii_gate().ok
    assert _regex(project).items_scanned == 0
    assert project.pii_gate().ok
