"""The personal-data gate: open findings on exported items, or no scan, refuse a push."""

from __future__ import annotations

import pytest
from export_helpers import add_finding

from curate import Project
from curate.errors import PublishError
from curate.export import check_pii_gate


def test_unscanned_project_is_refused_unless_allowed(curated: Project) -> None:
    with pytest.raises(PublishError, match=r"never scanned.*--allow-unscanned"):
        curated.push_to_hub("me/data", token="hf_x")
    ids = [r.id for r in curated.export_plan().rows]
    status = check_pii_gate(curated.store, ids, allow_unscanned=True)
    assert not status.scanned and status.gate_open
    assert status.by_status == {"pseudonymised": 1}


def test_open_finding_on_an_exported_item_blocks_the_push(curated: Project) -> None:
    curated.store.set_meta("pii_scanned_at", "2026-01-02T00:00:00+00:00")
    curated.store.set_meta("pii_scanned_through", str(len(curated)))
    item = curated.items()[3]
    add_finding(curated, item.id, status="open", entity="PERSON")
    add_finding(curated, item.id, status="open", entity="EMAIL_ADDRESS")
    with pytest.raises(PublishError) as err:
        curated.push_to_hub("me/data", token="hf_x", allow_unscanned=True)
    message = str(err.value)
    assert "1 exported items still have open personal-data findings" in message
    assert "EMAIL_ADDRESS x1, PERSON x1" in message and item.id in message
    assert "curate pii apply" in message
    assert curated.export_pii_status().open_items == (item.id,)


def test_open_finding_on_an_item_left_out_does_not_block(curated: Project) -> None:
    curated.store.set_meta("pii_scanned_at", "2026-01-02T00:00:00+00:00")
    curated.store.set_meta("pii_scanned_through", str(len(curated)))
    add_finding(curated, "syn-law-2", status="open")  # a rejected synthetic row: never exported
    ids = [r.id for r in curated.export_plan().rows]
    assert "syn-law-2" not in ids
    assert check_pii_gate(curated.store, ids).gate_open


def test_offline_mode_is_named_instead_of_a_network_error(curated: Project) -> None:
    from huggingface_hub import constants

    if not constants.HF_HUB_OFFLINE:
        pytest.skip("this test process was started with HF_HUB_OFFLINE unset")
    with pytest.raises(PublishError, match="offline mode"):
        curated.push_to_hub("me/data", token="hf_x", allow_unscanned=True)


def test_an_export_with_no_labelled_rows_is_refused(project: Project, tmp_path) -> None:
    project.import_data(_frame())
    assert project.export_plan().rows == ()
    with pytest.raises(PublishError, match="nothing to export: no item has a resolved label \\(1 unlabelled"):
        project.save(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(PublishError, match="nothing to export"):
        project.push_to_hub("me/data", token="hf_x", allow_unscanned=True)


def _frame():
    import pandas as pd

    return pd.DataFrame({"text": ["only text, no label"]})
