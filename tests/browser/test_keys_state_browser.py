"""In a notebook the annotator shows when keys go to the notebook, and opens the labelling page."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from browser_harness import CHROMIUM, ROOT, chromium, make_root, open_and_run, running_lab

from curate import Project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make system-deps"),
]

HEADING = "# Label with the keyboard"
CODE = """from curate import Project
project = Project.open("../demo/legal.db")
project.annotator(annotator="ana")"""


def test_widget_shows_keys_go_to_the_notebook_and_opens_the_page(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    root = make_root(tmp_path)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(CODE), nbformat.v4.new_markdown_cell(HEADING)]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / "keys.ipynb")
    db = root / "demo" / "legal.db"
    with Project.create(db, task=ROOT / "data" / "claudette.task.yaml") as project:
        project.import_data(ROOT / "data" / "claudette_sample.csv", id_col="id", meta_cols=["doc"])
        first = project.items()[0].id

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "keys.ipynb")
        bar = widget.locator(".curate-keys")
        expect(widget).to_have_attribute("data-keys", "on")
        expect(bar).to_contain_text("keys label here")

        # A click on the Markdown cell: the widget says so at once, before any key is pressed.
        page.locator(".jp-MarkdownCell").first.click()
        expect(widget).to_have_attribute("data-keys", "off")
        expect(bar).to_contain_text("keys go to the NOTEBOOK now")
        expect(bar).to_be_visible()
        (ROOT / "artifacts").mkdir(exist_ok=True)
        widget.screenshot(path=str(ROOT / "artifacts" / "annotator_keys_off.png"))

        # A click on the banner gives the keys back to the labeller.
        bar.click()
        expect(widget).to_have_attribute("data-keys", "on")
        expect(widget.locator(".curate-text")).to_have_attribute("data-item-id", first)

        # The button starts the labelling page and opens it in a new tab.
        with ctx.expect_page(timeout=60_000) as opened:
            widget.locator(".curate-openpage").click()
        link = widget.locator(".curate-pagelink")
        expect(link).to_contain_text("http://127.0.0.1:", timeout=90_000)
        tab = opened.value
        tab_widget = tab.locator(".curate-annotator.curate-page")
        expect(tab_widget.locator(".curate-text[data-item-id]")).to_have_count(1, timeout=90_000)
        expect(tab_widget).to_have_attribute("data-keys", "on")
        tab.keyboard.press("1")  # labels on the page, for the same annotator
        expect(tab_widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        expect(tab_widget.locator(".curate-progress")).to_contain_text("1 done")

    with Project.open(db) as project:
        events = project.history("ana")
    assert [(e.kind, e.labels) for e in events] == [("label", ("arbitration",))]
