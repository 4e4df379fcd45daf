"""The span annotator in real JupyterLab and headless Debian Chromium: mouse and keyboard, store events."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser_harness import CHROMIUM, ROOT, chromium, make_root, open_and_run, running_lab, write_notebook
from span_data import long_document

from curate import Project
from curate.spans import LabeledSpan, SpanLabel, SpanTaskSpec
from curate.spans.tokens import regex_tokens

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

CELL = """from curate import Project
project = Project.open("../demo/spans.db")
project.annotator(annotator="ana")"""

FIRST = "Mutations in the BRCA1 gene cause familial breast cancer in young women."
PAYLOAD = (
    'Case <script>window.__curatePwned = 1</script> and <img src=x onerror="window.__curatePwned = 2">'
    " with <b>bold</b> and [a link](javascript:alert(1))."
)
LAST = "Ataxia telangiectasia was excluded in the second family."


def span_task() -> SpanTaskSpec:
    return SpanTaskSpec(
        name="disease-mentions",
        labels=(SpanLabel(name="DISEASE"), SpanLabel(name="GENE")),  # keys 1 and 2
        overlapping=True,
        guidelines="Mark diseases and genes; a disease inside a longer one is marked too.",
    )


def make_span_project(root: Path, texts: list[tuple[str, str]]) -> Path:
    db = root / "demo" / "spans.db"
    with Project.create(db, task=span_task()) as project:
        import pandas as pd

        project.import_data(
            pd.DataFrame([{"id": i, "text": x} for i, x in texts]), id_col="id", text_col="text"
        )
    return db


def at(s: str, word: str) -> tuple[int, int]:
    i = s.index(word)
    return i, i + len(word)


def drag(page: Any, widget: Any, needle: str, first: int, last: int) -> None:
    """Press the mouse on character ``first`` of ``needle`` in the text and release it on ``last``."""
    box = widget.locator(".curate-text").evaluate(
        """(root, [needle, first, last]) => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let n;
          while ((n = walker.nextNode())) {
            const i = n.data.indexOf(needle);
            if (i < 0) continue;
            const rect = (k) => { const r = document.createRange(); r.setStart(n, i + k); r.setEnd(n, i + k + 1);
                                  return r.getBoundingClientRect(); };
            n.parentNode.scrollIntoView ? null : null;
            const a = rect(first), b = rect(last);
            return {ax: a.left + a.width / 2, ay: a.top + a.height / 2, bx: b.left + b.width / 2, by: b.top + b.height / 2};
          }
          return null;
        }""",
        [needle, first, last],
    )
    assert box is not None, needle
    page.mouse.move(box["ax"], box["ay"])
    page.mouse.down()
    page.mouse.move((box["ax"] + box["bx"]) / 2, (box["ay"] + box["by"]) / 2)
    page.mouse.move(box["bx"], box["by"])
    page.mouse.up()


def spans_on_screen(page: Any) -> list[tuple[int, int, str]]:
    got = page.evaluate("document.querySelector('.curate-annotator').__curate.span.draft")
    return [(s["start"], s["end"], s["label"]) for s in got]


def test_span_annotator_mouse_keys_overlap_undo_and_store_events(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "spans.ipynb", CELL)
    long = long_document(3000)
    db = make_span_project(root, [("first", FIRST), ("payload", PAYLOAD), ("long", long), ("last", LAST)])
    gene = at(FIRST, "BRCA1 gene")
    familial = at(FIRST, "familial breast cancer")
    breast = at(FIRST, "breast cancer")
    toks = regex_tokens(long)
    tail = (toks[-3].start, toks[-2].end)  # the two words before the final full stop
    head = (toks[0].start, toks[1].end)

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "spans.ipynb")
        text = widget.locator(".curate-text")
        saved = widget.locator(".curate-saved")
        expect(text).to_have_attribute("data-item-id", "first")
        expect(saved).to_have_attribute("data-state", "saved")
        cells = page.locator(".jp-Notebook .jp-Cell").count()
        assert text.text_content() == FIRST

        # Keyboard: move by word to "BRCA1", extend by one word, press GENE's key.
        for key in ["ArrowRight"] * 3 + ["Shift+ArrowRight", "2"]:
            page.keyboard.press(key)
        expect(text.locator(".curate-tag[data-label=GENE]")).to_have_count(1)
        expect(text.locator(".curate-span[data-labels=GENE]")).to_have_text("BRCA1 gene")

        # Mouse: drag from inside "familial" to inside "cancer"; the selection snaps to whole words.
        drag(page, widget, "familial breast cancer", 3, 17)
        page.keyboard.press("1")
        assert spans_on_screen(page) == [(*gene, "GENE"), (*familial, "DISEASE")]

        # Overlap: "breast cancer" inside the DISEASE span, marked by keyboard; both stay visible.
        for key in ["ArrowLeft", "ArrowLeft", "Shift+ArrowRight", "2"]:  # the caret was on the next word
            page.keyboard.press(key)
        inner = text.locator(".curate-span[data-labels='DISEASE GENE']")
        expect(inner).to_have_text("breast cancer")
        shadows = inner.evaluate("e => e.style.boxShadow")
        assert shadows.count("rgb(") == 2  # one underline lane per span over these words
        expect(text.locator(".curate-tag")).to_have_count(3)

        # Relabel: Tab picks the spans in text order; the label key on the picked one relabels it.
        for key in ["Tab", "Tab", "Tab"]:
            page.keyboard.press(key)
        expect(text.locator(".curate-tag.curate-picked")).to_have_attribute("data-label", "GENE")
        page.keyboard.press("1")
        assert spans_on_screen(page) == [(*gene, "GENE"), (*familial, "DISEASE"), (*breast, "DISEASE")]
        (ROOT / "artifacts").mkdir(exist_ok=True)
        widget.screenshot(path=str(ROOT / "artifacts" / "span_annotator.png"))

        # Delete: click the GENE span's label, Backspace; Ctrl+Z brings it back.
        text.locator(".curate-tag[data-label=GENE]").click()
        page.keyboard.press("Backspace")
        assert spans_on_screen(page) == [(*familial, "DISEASE"), (*breast, "DISEASE")]
        page.keyboard.press("Control+z")
        assert spans_on_screen(page) == [(*gene, "GENE"), (*familial, "DISEASE"), (*breast, "DISEASE")]
        page.keyboard.press("Enter")
        expect(text).to_have_attribute("data-item-id", "payload")

        # Untrusted text stays text; a span made and undone, then "nothing to mark" saved.
        assert text.text_content() == PAYLOAD
        assert widget.locator("img, script, b, a").count() == 0
        page.keyboard.press("1")
        expect(text.locator(".curate-span[data-labels=DISEASE]")).to_have_text("Case")
        page.keyboard.press("Control+z")
        expect(text.locator(".curate-span")).to_have_count(0)
        page.keyboard.press("Enter")
        expect(text).to_have_attribute("data-item-id", "long")

        # A 3,000-word document: drawn as a few segments, not a node per word or character.
        assert text.evaluate("e => e.childNodes.length") < 10
        for key in ["End", "ArrowLeft", "Shift+ArrowLeft", "1"]:
            page.keyboard.press(key)
        expect(text.locator(".curate-span")).to_have_count(1)
        assert text.evaluate("e => e.childNodes.length") < 10
        assert spans_on_screen(page) == [(*tail, "DISEASE")]
        page.keyboard.press("Enter")
        expect(text).to_have_attribute("data-item-id", "last")

        # Ctrl+Z with no edit on this item takes back the last saved decision and shows it again.
        page.keyboard.press("Control+z")
        expect(text).to_have_attribute("data-item-id", "long")
        expect(saved).to_have_attribute("data-state", "saved")
        expect(text).to_have_attribute("data-spans", "0")
        for key in ["Home", "Shift+ArrowRight", "2", "Enter"]:
            page.keyboard.press(key)
        expect(text).to_have_attribute("data-item-id", "last")
        # Skipping an item with unsaved spans asks once; a second Space skips without saving them.
        page.keyboard.press("1")
        page.keyboard.press("Space")
        expect(widget.locator(".curate-flash")).to_contain_text("not saved")
        expect(text).to_have_attribute("data-item-id", "last")
        page.keyboard.press("Space")
        expect(text).to_contain_text("No more items")
        expect(saved).to_have_attribute("data-state", "saved")
        assert page.evaluate("document.querySelector('.curate-annotator').__curate.pending.size") == 0

        # Nothing reached JupyterLab, and nothing ran from the payload.
        assert page.locator(".jp-Notebook .jp-Cell").count() == cells
        assert page.evaluate("window.__curatePwned === undefined")

    with Project.open(db) as project:
        got = [(e.kind, e.item_id, e.spans) for e in project.history("ana")]

    def spans(*triples: tuple[int, int, str]) -> tuple[LabeledSpan, ...]:
        return tuple(LabeledSpan(start=a, end=b, label=c) for a, b, c in triples)

    assert got == [
        ("label", "first", spans((*gene, "GENE"), (*familial, "DISEASE"), (*breast, "DISEASE"))),
        ("label", "payload", ()),
        ("label", "long", spans((*tail, "DISEASE"))),
        ("undo", "long", None),
        ("label", "long", spans((*head, "GENE"))),
        ("skip", "last", None),
    ]
    docs_img = ROOT / "docs" / "img" / "span_annotator.png"
    if not docs_img.exists():  # the README's copy; refresh it by deleting the file
        docs_img.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "artifacts" / "span_annotator.png", docs_img)


def test_span_annotator_document_label_chips_are_saved_with_the_spans(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    root = make_root(tmp_path)
    write_notebook(root, "spans.ipynb", CELL)
    db = root / "demo" / "spans.db"
    spec = SpanTaskSpec(
        name="disease-mentions",
        labels=(SpanLabel(name="DISEASE"), SpanLabel(name="GENE")),  # keys 1 and 2
        document_labels=("relevant", "off-topic"),  # keys 3 and 4, one per document
    )
    with Project.create(db, task=spec) as project:
        import pandas as pd

        texts = [("first", FIRST), ("last", LAST)]
        project.import_data(
            pd.DataFrame([{"id": i, "text": x} for i, x in texts]), id_col="id", text_col="text"
        )
    gene = at(FIRST, "BRCA1 gene")

    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "spans.ipynb")
        text = widget.locator(".curate-text")
        chips = widget.locator(".curate-doclabels")
        expect(text).to_have_attribute("data-item-id", "first")
        expect(chips.locator(".curate-docchip")).to_have_text(["3relevant", "4off-topic"])

        # A span and a document label by keys; a second key replaces it (single label), Ctrl+Z undoes that.
        for key in ["ArrowRight"] * 3 + ["Shift+ArrowRight", "2", "3", "4"]:
            page.keyboard.press(key)
        expect(chips).to_have_attribute("data-chosen", "off-topic")
        page.keyboard.press("Control+z")
        expect(chips).to_have_attribute("data-chosen", "relevant")
        expect(chips.locator(".curate-docchip.on")).to_have_text("3relevant")
        assert spans_on_screen(page) == [(*gene, "GENE")]
        page.keyboard.press("Enter")
        expect(text).to_have_attribute("data-item-id", "last")
        expect(chips).to_have_attribute("data-chosen", "")

        # A document label alone (no spans) is a decision too; back shows it again, then it is changed.
        page.keyboard.press("4")
        page.keyboard.press("Enter")
        expect(text).to_contain_text("No more items")
        page.keyboard.press("[")
        expect(text).to_have_attribute("data-item-id", "last")
        expect(chips).to_have_attribute("data-chosen", "off-topic")
        page.keyboard.press("4")  # pressed again: cleared (no document label is allowed)
        expect(chips).to_have_attribute("data-chosen", "")
        page.keyboard.press("Enter")
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        assert page.evaluate("document.querySelector('.curate-annotator').__curate.pending.size") == 0

    with Project.open(db) as project:
        got = [(e.kind, e.item_id, e.spans, e.labels) for e in project.history("ana")]
    assert got == [
        ("label", "first", (LabeledSpan(start=gene[0], end=gene[1], label="GENE"),), ("relevant",)),
        ("label", "last", (), ("off-topic",)),
        ("label", "last", (), ()),
    ]
