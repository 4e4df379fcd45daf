"""Reviewer by keyboard, and decisions the store refuses or the kernel never gets, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import CHROMIUM, ROOT, chromium, make_root, open_and_run, running_lab, write_notebook

from curate import Project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

CELL = """from curate import Project
project = Project.open("../demo/legal.db")
display(project.reviewer(reviewer="lead"))
project.annotator(annotator="cy")"""


def test_reviewer_keys_and_unsaved_decisions_stay_on_screen(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "review.ipynb", CELL)
    db = root / "demo" / "legal.db"
    with Project.create(db, task=ROOT / "data" / "claudette.task.yaml") as project:
        project.import_data(ROOT / "data" / "claudette_sample.csv", id_col="id")
        ids = [it.id for it in project.items()[:3]]
        project.annotate(ids[0], "ana", "arbitration", note="clause <b>12</b>")
        project.annotate(ids[0], "ben", "jurisdiction", note="courts of Dublin")
        project.annotate(ids[1], "ana", "fair_or_other", unsure=True)

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        open_and_run(page, lab, "review.ipynb")
        review = page.locator(".curate-annotator[data-mode=review]")
        annot = page.locator(".curate-annotator[data-mode=annotate]")
        annot.locator(".curate-text[data-item-id]").wait_for()  # both widgets are up
        text = review.locator(".curate-text")
        expect(text).to_have_attribute("data-item-id", ids[0])
        # Each annotator's label and note side by side, notes shown literally.
        expect(review.locator(".curate-votes tr").nth(1)).to_have_text("anaarbitrationclause <b>12</b>")
        expect(review.locator(".curate-votes tr").nth(2)).to_have_text("benjurisdictioncourts of Dublin")
        (ROOT / "artifacts").mkdir(exist_ok=True)
        review.screenshot(path=str(ROOT / "artifacts" / "reviewer.png"))
        review.locator(".curate-text").click()
        for key, then in [("5", ids[1]), ("Backspace", ids[0]), ("1", ids[1]), ("0", None)]:
            page.keyboard.press(key)
            if then:
                expect(text).to_have_attribute("data-item-id", then)
        expect(review.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        expect(text).to_contain_text("No more items")

        # The store refuses a decision: the page says so and keeps it listed.
        annot.locator(".curate-text").click()
        with Project.open(db) as project:
            project.update_spec(labels=tuple(x for x in project.spec.labels if x.name != "privacy_included"))
        first = annot.locator(".curate-text").get_attribute("data-item-id")
        page.keyboard.press("9")
        saved = annot.locator(".curate-saved")
        expect(saved).to_have_attribute("data-state", "failed")
        expect(annot.locator(".curate-failed")).to_contain_text("NOT SAVED: privacy_included on #")
        expect(annot.locator(".curate-failed .curate-error")).to_contain_text(
            "'privacy_included' is not in task"
        )
        page.keyboard.press("ArrowLeft")  # the item is not shown as decided
        expect(annot.locator(".curate-text")).to_have_attribute("data-item-id", str(first))
        expect(annot.locator(".curate-label.chosen")).to_have_count(0)

        # The kernel goes away: a decision made now is listed as not confirmed, never dropped.
        lab.delete_kernels()
        page.keyboard.press("1")
        expect(annot.locator(".curate-failed")).to_contain_text("arbitration on #1", timeout=30_000)
        expect(annot.locator(".curate-failed")).to_contain_text("NOT SAVED: privacy_included")
        annot.screenshot(path=str(ROOT / "artifacts" / "annotator_unsaved.png"))

    with Project.open(db) as project:
        assert [(e.kind, e.item_id, e.labels) for e in project.history("lead")] == [
            ("adjudicate", ids[0], ("jurisdiction",)),
            ("undo", ids[0], None),
            ("adjudicate", ids[0], ("arbitration",)),
            ("adjudicate", ids[1], ("fair_or_other",)),
        ]
        assert project.history("cy") == []
