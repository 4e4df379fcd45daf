"""The personal-data findings review in real JupyterLab and headless Chromium, keyboard only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from browser_harness import CHROMIUM, ROOT, chromium, make_root, running_lab, write_notebook

from curate import Project
from curate.pii import PatternDetector

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

PAYLOAD = '<img src=x onerror="window.__curatePwned = 1">'
TEXTS = [f"Doppler study {i} shows normal flow." for i in range(5)] + [
    f"Patient John Smith was seen; {PAYLOAD} John Smith called back.",
    "John Smith signed the consent.",
]


def _project(root: Path) -> Path:
    path = root / "demo" / "review.db"
    project = Project.create(path, task=ROOT / "data" / "claudette.task.yaml")
    frame = pd.DataFrame({"id": [f"t{i}" for i in range(len(TEXTS))], "text": TEXTS})
    project.import_data(frame, id_col="id")
    project.pii_scan(PatternDetector())
    rows = list(project.store.items_after(-1, 100))
    spans = []
    for r in rows:  # a statistical model's guesses, stored as the scan would
        found = []
        for name in ("Doppler", "John Smith"):
            at = r.text.find(name)
            while at >= 0:
                found.append(
                    type("S", (), {"start": at, "end": at + len(name), "entity": "NAME", "detector": "ner"})()
                )
                at = r.text.find(name, at + 1)
        spans.append(found)
    project.store.add_pii_findings(rows, spans)
    project.close()
    return path


def test_review_groups_with_keys_only(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    db = _project(root)
    write_notebook(
        root,
        "review.ipynb",
        'from curate import Project\nproject = Project.open("../demo/review.db")\nproject.pii_review()',
    )
    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(lab.url("review.ipynb"))
        page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
        lab.wait_kernel_connected()
        page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        widget = page.locator(".curate-findings").first
        value = widget.locator(".curate-fline .curate-fvalue")
        expect(value).to_have_text("Doppler", timeout=60_000)
        cells = page.locator(".jp-Notebook .jp-Cell").count()
        # The widget takes the keyboard and says so (it focuses itself once rendered; JupyterLab may move
        # focus to the next cell first, so wait for it rather than look once).
        page.wait_for_function(
            "document.activeElement && document.activeElement.classList.contains('curate-findings')",
            timeout=20_000,
        )
        expect(widget).to_have_attribute("data-keys", "on")
        expect(widget.locator(".curate-fline")).to_contain_text("5× in 5 items")

        page.keyboard.press("d")  # the whole group, and later scans
        expect(value).to_have_text("John Smith")
        expect(widget.locator(".curate-fline")).to_contain_text("3× in 2 items")
        # Untrusted text in the context is shown literally and runs nothing.
        expect(widget.locator(".curate-focc").first).to_contain_text(PAYLOAD)
        assert widget.locator("img, script").count() == 0
        assert page.evaluate("window.__curatePwned === undefined")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        widget.screenshot(path=str(artifacts / "pii_review.png"))

        page.keyboard.press("a")  # accept all three
        expect(widget.locator(".curate-fcounts")).to_contain_text("accepted 3")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        expect(value).to_have_text("Doppler")
        page.keyboard.press("e")  # single findings
        expect(widget.locator(".curate-focc")).to_have_count(5)
        expect(widget.locator(".curate-focc.curate-fselected")).to_have_count(1)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("u")  # reopen only the second one
        expect(widget.locator(".curate-fcounts")).to_contain_text("open 1")
        page.keyboard.press("Escape")
        expect(widget.locator(".curate-focc")).to_have_count(3)

        # Nothing reached JupyterLab: "a" would add a cell, "d d" delete one.
        assert page.locator(".jp-Notebook .jp-Cell").count() == cells
        assert page.evaluate("document.activeElement.classList.contains('curate-findings')")

    project = Project.open(db)
    try:
        status = {(f.value, f.status) for f in project.pii_findings() if f.entity == "NAME"}
        assert ("John Smith", "accepted") in status and ("Doppler", "open") in status
        assert sum(1 for f in project.pii_findings() if f.value == "Doppler" and f.status == "dismissed") == 4
        from curate.workflows.pii_settings import settings

        assert settings(project.store).is_dismissed("Doppler", "NAME")
    finally:
        project.close()
