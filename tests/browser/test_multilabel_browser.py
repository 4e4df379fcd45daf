"""Multi-label keys, a long clinical-style text, and accepting a synthetic item, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import CHROMIUM, chromium, make_root, open_and_run, running_lab, write_notebook

from curate import Project, TaskSpec
from curate.synth.provenance import make_provenance

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

CELL = """from curate import Project
Project.open("../demo/notes.db").annotator(annotator="ana")"""
LONG = "\n\n".join(
    f"Day {d}: patient seen on the ward, vitals stable, medication reviewed and unchanged. " * 6
    for d in range(1, 9)
)
SPEC = TaskSpec(name="findings", labels=("cardiac", "renal", "infection"), multi_label=True)


def test_multi_label_keys_long_text_and_synthetic_accept(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "notes.ipynb", CELL)
    db = root / "demo" / "notes.db"
    syn = "Creatinine rose to 2.1 mg/dL after contrast."
    # As the generator stores it: the intended label in the provenance, not as a vote.
    meant = make_provenance(
        generator="template", version="1", seed=0, details={"labels": ["renal"]}, text=syn
    )
    with Project.create(db, task=SPEC) as project:
        project.store.insert(
            [
                {"id": "long", "text": LONG, "content_hash": "h0"},
                {"id": "syn", "text": syn, "content_hash": "h1",
                 "origin": "synthetic", "status": "pending", "metadata": {"label": "renal"}},
                {"id": "last", "text": "Fever and productive cough; chest film shows consolidation.",
                 "content_hash": "h2"},
            ],
            [],
            provenance={"syn": meant},
        )  # fmt: skip
    assert len(LONG) > 3000

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "notes.ipynb")
        text = widget.locator(".curate-text")
        expect(text).to_have_attribute("data-item-id", "long")
        # A long text scrolls inside its box, by keyboard too; paragraphs are kept.
        assert text.evaluate("e => e.scrollHeight > e.clientHeight * 2")
        assert text.text_content() == LONG
        page.keyboard.press("ArrowDown")
        page.keyboard.press("PageDown")
        assert text.evaluate("e => e.scrollTop") > 0
        page.keyboard.press("1")
        page.keyboard.press("3")
        expect(widget.locator(".curate-label.selected")).to_have_count(2)
        page.keyboard.press("Enter")
        expect(text).to_have_attribute("data-item-id", "syn")

        badge = widget.locator(".curate-badge")
        expect(badge).to_have_text("synthetic · pending")
        page.keyboard.press("Shift+A")  # accepting is a decision: it moves on and counts as done
        expect(text).to_have_attribute("data-item-id", "last")

        page.keyboard.press("Enter")  # nothing toggled: nothing saved, a hint instead
        expect(widget.locator(".curate-flash")).to_contain_text("choose at least one label")
        for key in ["?", "1", "1", "3", "Enter"]:
            page.keyboard.press(key)
        expect(text).to_contain_text("No more items")
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")

    with Project.open(db) as project:
        got = [(e.item_id, e.labels, e.unsure) for e in project.history("ana")]
        assert got == [
            ("long", ("cardiac", "infection"), False),
            ("syn", ("renal",), False),
            ("last", ("infection",), True),
        ]
        assert project.item("syn").status == "accepted"
