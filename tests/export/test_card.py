"""The dataset card: golden file, Hub metadata, and the sections the issue lists.

Regenerate the golden file after an intended change with
``CURATE_UPDATE_GOLDEN=1 pytest tests/export/test_card.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from export_helpers import add_finding

from curate import Project
from curate.export import CardInfo, build_card

GOLDEN = Path(__file__).resolve().parent / "golden" / "curated_card.md"

CARD_INFO = {
    "pretty_name": "ToS unfair clauses (curate sample)",
    "license": "cc-by-4.0",
    "language": ["en"],
    "source_datasets": ["extended|claudette"],
    "tags": ["legal", "terms-of-service"],
    "rationale": "A small, audited sample for testing unfair-clause classifiers.",
    "source": "Sentences from 50 online Terms of Service (CLAUDETTE, Lippi et al. 2019), CC BY 4.0.",
    "citation": "@article{lippi2019claudette, title={CLAUDETTE}, year={2019}}",
}


def test_card_matches_the_golden_file(curated: Project) -> None:
    curated.store.set_meta("pii_scanned_at", "2026-01-02T00:00:00+00:00")
    text = str(curated.dataset_card(card_info=CARD_INFO, group_by="doc", random_state=0))
    if os.environ.get("CURATE_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "no golden card yet: run with CURATE_UPDATE_GOLDEN=1 and review it"
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_card_metadata_and_sections_round_trip(curated: Project, tmp_path: Path) -> None:
    from huggingface_hub import DatasetCard

    out = curated.save(tmp_path / "out", format="parquet", card_info=CARD_INFO, group_by="doc")
    card = DatasetCard.load(out / "README.md")
    data = card.data.to_dict()
    assert data["license"] == "cc-by-4.0"
    assert data["annotations_creators"] == ["expert-generated", "machine-generated"]
    assert data["task_categories"] == ["text-classification"]
    assert data["size_categories"] == ["n<1K"]
    assert data["source_datasets"] == ["extended|claudette"]
    assert data["pretty_name"] == CARD_INFO["pretty_name"]
    assert data["curate"]["snapshot"] == curated.export_plan().snapshot
    assert {f["split"] for f in data["configs"][0]["data_files"]} == {"train", "validation", "test"}
    for heading in (
        "## Curation rationale",
        "## Source data and licence",
        "## Annotation process",
        "## Synthetic data",
        "## Personal data handling",
        "## Known limitations (composition audit)",
        "## Citation",
    ):
        assert heading in card.text
    assert "Krippendorff's alpha (nominal) 0.8" in card.text
    assert "| arbitration | 2 | 22 | 9.1% |" in card.text
    assert "alice" not in card.text and "bob" not in card.text  # annotator names stay private


def test_card_without_synthetic_rows_is_expert_generated_only(curated: Project) -> None:
    for item_id in ("syn-arb-1", "syn-arb-2"):
        curated.store.set_status(item_id, "rejected")
    card = curated.dataset_card()
    assert card.data.annotations_creators == ["expert-generated"]
    assert "None: every row is a real text." in card.text


def test_personal_data_section_reports_the_scan_state(curated: Project) -> None:
    assert "**not scanned**" in curated.dataset_card().text
    curated.store.set_meta("pii_scanned_at", "2026-01-02T00:00:00+00:00")
    item = curated.items()[7]
    add_finding(curated, item.id, status="open", entity="EMAIL_ADDRESS")
    text = curated.dataset_card().text
    assert "scanned for personal data (test-regex)" in text
    assert "open 1, pseudonymised 1" in text
    assert "1 item still has open findings" in text


def test_card_info_refuses_unknown_fields() -> None:
    from curate.errors import PublishError

    with pytest.raises(PublishError, match="licence"):
        CardInfo.from_mapping({"licence": "mit"})
    assert CardInfo.from_mapping({"language": "fr"}).language == ("fr",)


def test_build_card_is_pure(curated: Project) -> None:
    plan = curated.export_plan(random_state=3)
    assert str(build_card(plan)) == str(build_card(plan))
