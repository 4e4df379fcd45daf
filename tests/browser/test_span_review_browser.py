"""The span reviewer (two annotators' spans side by side, dashed suggestions) and the span labelling page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from browser_harness import (
    CHROMIUM,
    ROOT,
    chromium,
    labelling_page,
    make_root,
    open_and_run,
    running_lab,
    write_notebook,
)
from test_span_annotator_browser import FIRST, PAYLOAD, at, span_task

from curate import Project
from curate.spans import LabeledSpan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

CELL = """from curate import Project
project = Project.open("../demo/spans.db")
project.reviewer(reviewer="lead")"""
NOTE = 'breast cancer is <img src=x onerror="window.__curatePwned = 3"> not specific'


def span(text: str, words: str, label: str) -> LabeledSpan:
    a, b = at(text, words)
    return LabeledSpan(start=a, end=b, label=label)


def test_span_reviewer_side_by_side_accept_reject_and_adjudicate(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "review.ipynb", CELL)
    db = root / "demo" / "spans.db"
    gene = span(FIRST, "BRCA1 gene", "GENE")
    familial = span(FIRST, "familial breast cancer", "DISEASE")
    breast = span(FIRST, "breast cancer", "DISEASE")
    women = span(FIRST, "young women", "GENE")
    with Project.create(db, task=span_task()) as project:
        project.import_data(pd.DataFrame([{"id": "first", "text": FIRST}]), id_col="id", text_col="text")
        project.annotate_spans("first", "ana", [gene, familial, women])
        project.annotate_spans("first", "ben", [gene, breast], note=NOTE)

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "review.ipynb")
        text = widget.locator(".curate-text")
        expect(text).to_have_attribute("data-item-id", "first")
        # Side by side: one column per annotator; spans not everyone marked in bold; notes as text.
        head = widget.locator(".curate-votes th")
        expect(head).to_have_text(["ana", "ben"])
        cells = widget.locator(".curate-votes td")
        expect(cells.nth(0).locator(".curate-vote-span")).to_have_count(3)
        expect(cells.nth(0).locator(".curate-vote-diff")).to_have_count(2)
        expect(cells.nth(1).locator(".curate-vote-note")).to_have_text(NOTE)
        # The agreed span starts the set; the disputed ones are dashed suggestions.
        expect(text.locator(".curate-tag-span")).to_have_count(1)
        expect(text.locator(".curate-tag-sugg")).to_have_count(3)
        (ROOT / "artifacts").mkdir(exist_ok=True)
        widget.screenshot(path=str(ROOT / "artifacts" / "span_reviewer.png"))
        # Tab through: the agreed GENE span, then the suggestions in text order.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(text.locator(".curate-tag.curate-picked")).to_have_attribute("data-label", "DISEASE?")
        page.keyboard.press("A")  # keep "familial breast cancer"; the next suggestion is picked
        page.keyboard.press("A")  # keep "breast cancer" (overlapping is allowed in this task)
        page.keyboard.press("R")  # drop "young women" as GENE
        expect(text.locator(".curate-tag-sugg")).to_have_count(0)
        expect(text.locator(".curate-tag-span")).to_have_count(3)
        page.keyboard.press("Enter")
        expect(text).to_contain_text("No more items")
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        assert page.evaluate("window.__curatePwned === undefined")

    with Project.open(db) as project:
        events = [(e.kind, e.item_id, e.spans) for e in project.history("lead")]
    assert events == [("adjudicate", "first", (gene, familial, breast))]
    docs_img = ROOT / "docs" / "img" / "span_reviewer.png"
    if not docs_img.exists():  # the docs' copy; refresh it by deleting the file
        shutil.copy(ROOT / "artifacts" / "span_reviewer.png", docs_img)


def test_span_labelling_page_by_keyboard(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    db = tmp_path / "spans.db"
    with Project.create(db, task=span_task()) as project:
        rows = [{"id": "first", "text": FIRST}, {"id": "payload", "text": PAYLOAD}]
        project.import_data(pd.DataFrame(rows), id_col="id", text_col="text")
    with labelling_page(db, "ana", tmp_path) as served, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(served.url)
        widget = page.locator(".curate-annotator")
        text = widget.locator(".curate-text")
        expect(text).to_have_attribute("data-item-id", "first", timeout=90_000)
        expect(widget).to_have_attribute("data-keys", "on")
        for key in ["ArrowRight", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "2", "Enter"]:
            page.keyboard.press(key)
        expect(text).to_have_attribute("data-item-id", "payload")
        assert text.text_content() == PAYLOAD
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        # The task drops GENE meanwhile: a list with a GENE span is refused, and the page says so.
        with Project.open(db) as project:
            project.store.add_task(project.span_spec.edit(labels=(project.span_spec.labels[0],)))
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        failed = widget.locator(".curate-failed")
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "failed")
        expect(failed).to_contain_text("NOT SAVED: GENE “Case”")
        expect(failed.locator(".curate-error")).to_contain_text("GENE")
        page.keyboard.press("[")  # back on the item: the refused span is not shown as saved
        expect(text).to_have_attribute("data-item-id", "payload")
        expect(text).to_have_attribute("data-spans", "0")
        page.keyboard.press("Enter")  # nothing to mark: saved
        expect(failed).to_contain_text("NOT SAVED: GENE")  # the refused one stays listed
        assert page.evaluate("window.__curatePwned === undefined")
    with Project.open(db) as project:
        events = [(e.kind, e.item_id, e.spans) for e in project.history("ana")]
    assert events == [("label", "first", (span(FIRST, "BRCA1 gene", "GENE"),)), ("label", "payload", ())]


SUGGEST_CELL = """from curate import Project
project = Project.open("../demo/spans.db")
project.annotator(annotator="ana", pre_annotate=("rules",))"""


def test_pre_annotation_suggestions_dashed_accept_reject_relabel(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from curate.spans import SpanLabel, SpanTaskSpec

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "suggest.ipynb", SUGGEST_CELL)
    spec = SpanTaskSpec(
        name="disease-mentions",
        labels=(
            SpanLabel(name="DISEASE", vocabulary=("breast cancer", "young women")),
            SpanLabel(name="GENE", patterns=(r"BRCA\d",)),
        ),
    )
    db = root / "demo" / "spans.db"
    with Project.create(db, task=spec) as project:
        project.import_data(pd.DataFrame([{"id": "first", "text": FIRST}]), id_col="id", text_col="text")
    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "suggest.ipynb")
        text = widget.locator(".curate-text")
        expect(text.locator(".curate-tag-sugg")).to_have_count(3)
        expect(text.locator(".curate-sugg[data-suggested=GENE]")).to_have_text("BRCA1")
        (ROOT / "artifacts").mkdir(exist_ok=True)
        widget.screenshot(path=str(ROOT / "artifacts" / "span_suggestions.png"))
        page.keyboard.press("Tab")  # BRCA1 (GENE?)
        page.keyboard.press("A")  # accepted; "breast cancer" is picked next
        page.keyboard.press("1")  # accepted as DISEASE by its key; "young women" is picked next
        page.keyboard.press("R")  # rejected
        expect(text.locator(".curate-tag-sugg")).to_have_count(0)
        page.keyboard.press("Control+z")  # the rejected suggestion comes back
        expect(text.locator(".curate-tag-sugg")).to_have_count(1)
        text.locator(".curate-tag-sugg").click()  # picked by mouse, rejected again
        page.keyboard.press("R")
        expect(text.locator(".curate-tag-sugg")).to_have_count(0)
        page.keyboard.press("Enter")
        expect(text).to_contain_text("No more items")
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
    with Project.open(db) as project:
        events = [(e.kind, e.item_id, e.spans) for e in project.history("ana")]
    assert events == [
        ("label", "first", (span(FIRST, "BRCA1", "GENE"), span(FIRST, "breast cancer", "DISEASE")))
    ]
    docs_img = ROOT / "docs" / "img" / "span_suggestions.png"
    if not docs_img.exists():  # the docs' copy; refresh it by deleting the file
        shutil.copy(ROOT / "artifacts" / "span_suggestions.png", docs_img)
