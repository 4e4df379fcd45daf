"""The annotator in real JupyterLab and headless Debian Chromium, driven by the keyboard only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from browser_harness import CHROMIUM, ROOT, chromium, make_root, open_and_run, running_lab

from curate import Project
from curate.store import tables as t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

ANNOTATOR = "annotator-1"  # the name in notebooks/01_annotate.ipynb
FIRST = (
    "These Terms are governed by the laws of Ireland.\n\n"
    "Any dispute goes to arbitration; write to Jane Doe at jane.doe@example.com first."
)
PAYLOAD = (
    'Clause <script>window.__curatePwned = 1</script> and <img src=x onerror="window.__curatePwned = 2">'
    " with <b>bold</b>, **markdown**, [a link](javascript:alert(1)) and $\\frac{a}{b}$ LaTeX."
)
NOTE = "governed by Irish law; d d x m a b"  # letters that are JupyterLab shortcuts


def _project(root: Path) -> list[str]:
    """The demo project the notebook opens, with a known queue; returns item ids in queue order."""
    sample = pd.read_csv(ROOT / "data" / "claudette_sample.csv").head(11)
    rows = [{"id": "first", "text": FIRST}, {"id": sample.id[0], "text": sample.text[0]}]
    rows.append({"id": "payload", "text": PAYLOAD})
    rows += [{"id": i, "text": x} for i, x in zip(sample.id[1:], sample.text[1:], strict=True)]
    project = Project.create(root / "demo" / "legal.db", task=ROOT / "data" / "claudette.task.yaml")
    project.import_data(pd.DataFrame(rows), text_col="text", id_col="id")
    person = FIRST.index("Jane Doe")
    email = FIRST.index("jane.doe@example.com")
    with project.store.engine.begin() as conn:  # what the PII module writes
        conn.execute(
            sa.insert(t.pii_findings),
            [
                {"item_id": "first", "entity": "PERSON", "start": person, "end": person + 8,
                 "status": "open", "detector": "test", "created_at": "2026-01-01"},
                {"item_id": "first", "entity": "EMAIL_ADDRESS", "start": email, "end": email + 20,
                 "status": "open", "detector": "test", "created_at": "2026-01-01"},
            ],
        )  # fmt: skip
    # This test reads the finding highlighted in the original text; what annotators see by
    # default (pseudonymised text) is tested in tests/pii/test_view_and_apply.py.
    project.set_pii_view("original")
    project.close()
    return [r["id"] for r in rows]


def test_label_ten_items_by_keyboard_and_untrusted_text(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    q = _project(root)
    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab)
        text = widget.locator(".curate-text")
        saved = widget.locator(".curate-saved")
        expect(text).to_have_attribute("data-item-id", q[0])
        expect(saved).to_have_attribute("data-state", "saved")
        cells = page.locator(".jp-Notebook .jp-Cell").count()
        # The widget takes the keyboard when it appears: no click is needed.
        assert page.evaluate("document.activeElement.classList.contains('curate-annotator')")

        # Readable text: paragraphs kept, label keywords and personal data highlighted.
        assert text.text_content() == FIRST
        expect(text.locator("mark.curate-pii[title='PERSON']")).to_have_text("Jane Doe")
        expect(text.locator("mark.curate-kw").first).to_be_visible()
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        widget.screenshot(path=str(artifacts / "annotator.png"))

        def press(key: str, then: str) -> None:
            page.keyboard.press(key)
            expect(text).to_have_attribute("data-item-id", then)

        press("1", q[1])
        page.keyboard.press("?")
        expect(widget.locator(".curate-unsure")).to_have_attribute("aria-pressed", "true")
        press("6", q[2])

        # Untrusted text is shown literally and runs nothing.
        assert text.text_content() == PAYLOAD
        assert widget.locator("img, script, b, a, mjx-container, .MathJax").count() == 0
        assert page.evaluate("window.__curatePwned === undefined")
        press("Space", q[3])

        page.keyboard.press("n")
        page.keyboard.type(NOTE)
        page.keyboard.press("Enter")  # back to labelling
        press("2", q[4])
        press("7", q[5])
        press("Backspace", q[4])  # undo: the decision on q4 comes back on screen
        press("8", q[5])
        press("ArrowLeft", q[4])
        expect(widget.locator(".curate-label.chosen")).to_have_text("8unilateral_termination")
        press("ArrowLeft", q[3])
        expect(widget.locator(".curate-label.chosen")).to_have_text("2choice_of_law")
        expect(widget.locator(".curate-note")).to_have_value(NOTE)
        press("5", q[4])  # the earlier decision changed
        press("ArrowRight", q[5])  # q4 is decided: moving on records nothing
        press("0", q[6])
        press("Control+z", q[5])
        press("4", q[6])
        for key, nxt in [("3", 7), ("9", 8), ("ArrowRight", 9), ("0", 10), ("1", 11), ("2", 12)]:
            press(key, q[nxt])
        expect(saved).to_have_attribute("data-state", "saved")
        assert page.evaluate("document.querySelector('.curate-annotator').__curate.pending.size") == 0

        # Nothing reached JupyterLab: same cells, the code cell ran once, the page still has focus.
        assert page.locator(".jp-Notebook .jp-Cell").count() == cells
        expect(page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first).to_contain_text("[1]")
        assert page.evaluate("document.activeElement.classList.contains('curate-annotator')")
        assert page.evaluate("window.__curatePwned === undefined")

    project = Project.open(root / "demo" / "legal.db")
    events = project.history(ANNOTATOR)
    got = [(e.kind, e.item_id, e.labels, e.unsure, e.note) for e in events]
    lab_ = "label"
    assert got == [
        (lab_, q[0], ("arbitration",), False, None),
        (lab_, q[1], ("limitation_of_liability",), True, None),
        ("skip", q[2], None, False, None),
        (lab_, q[3], ("choice_of_law",), False, NOTE),
        (lab_, q[4], ("unilateral_change",), False, None),
        ("undo", q[4], None, False, None),
        (lab_, q[4], ("unilateral_termination",), False, None),
        (lab_, q[3], ("jurisdiction",), False, NOTE),
        (lab_, q[5], ("fair_or_other",), False, None),
        ("undo", q[5], None, False, None),
        (lab_, q[5], ("contract_by_using",), False, None),
        (lab_, q[6], ("content_removal",), False, None),
        (lab_, q[7], ("privacy_included",), False, None),
        ("skip", q[8], None, False, None),
        (lab_, q[9], ("fair_or_other",), False, None),
        (lab_, q[10], ("arbitration",), False, None),
        (lab_, q[11], ("choice_of_law",), False, None),
    ]
    assert events[5].target == events[4].id and events[9].target == events[8].id
    assert events[7].previous == ("choice_of_law",)
    assert all(e.seconds is not None and e.seconds > 0 for e in events if e.kind == "label")
    labels = project.labels()
    assert len([i for i in labels if ANNOTATOR in labels[i]]) == 10
    project.close()
    docs_img = ROOT / "docs" / "img" / "annotator.png"
    if not docs_img.exists():  # the README's copy; refresh it by deleting the file
        docs_img.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "artifacts" / "annotator.png", docs_img)
