"""The labelling page (`curate annotate`, served by Voilà) in headless Debian Chromium, keyboard only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from browser_harness import CHROMIUM, ROOT, chromium, labelling_page

from curate import Project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make system-deps"),
]

ANNOTATOR = "dr-lee"
PAYLOAD = (
    'Clause <script>window.__curatePwned = 1</script> and <img src=x onerror="window.__curatePwned = 2">'
    " with <b>bold</b> and [a link](javascript:alert(1))."
)
CONTEXT_PAYLOAD = '<img src=y onerror="window.__curatePwned = 3"> the sentence after, in the same document.'
KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]  # one label key per item, ten items


def _project(path: Path) -> list[str]:
    """Twelve items in queue order: three sentences of one document, a payload, and its next sentence later."""
    sample = pd.read_csv(ROOT / "data" / "claudette_sample.csv").head(9)
    rows = [{"id": i, "text": x, "doc": "Acme"} for i, x in zip(sample.id[:3], sample.text[:3], strict=True)]
    rows.append({"id": "payload", "text": PAYLOAD, "doc": "Evil"})
    rows += [
        {"id": i, "text": x, "doc": f"doc-{k}"}
        for k, (i, x) in enumerate(zip(sample.id[3:], sample.text[3:], strict=True))
    ]
    rows.append({"id": "after-payload", "text": CONTEXT_PAYLOAD, "doc": "Evil"})
    rows.append({"id": "last", "text": "A last clause that nobody labels in this test.", "doc": "Other"})
    with Project.create(path, task=ROOT / "data" / "claudette.task.yaml") as project:
        project.import_data(pd.DataFrame(rows), text_col="text", id_col="id", meta_cols=["doc"])
    return [r["id"] for r in rows]


def test_labelling_page_keyboard_only_and_nothing_escapes(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    db = tmp_path / "legal.db"
    q = _project(db)
    with Project.open(db) as project:
        texts = [it.text for it in project.items(q)]
    with labelling_page(db, ANNOTATOR, tmp_path) as served, chromium(tmp_path) as ctx:
        assert served.first_line.startswith(f"labelling page for {ANNOTATOR}: http://127.0.0.1:")
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        local = ("http://127.0.0.1:", "ws://127.0.0.1:", "blob:", "data:")
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
        page.goto(served.url)
        widget = page.locator(".curate-annotator")
        text = widget.locator(".curate-text")
        expect(text).to_have_attribute("data-item-id", q[0], timeout=90_000)
        saved = widget.locator(".curate-saved")
        expect(saved).to_have_attribute("data-state", "saved")
        # A page of its own: the annotator and nothing else, no code, and it has the keys at once.
        assert page.locator(".jp-InputArea, .CodeMirror, .cm-editor").count() == 0
        expect(widget).to_have_attribute("data-keys", "on")
        before, after = widget.locator(".curate-context-before"), widget.locator(".curate-context-after")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)

        for n, key in enumerate(KEYS):
            page.keyboard.press(key)
            expect(text).to_have_attribute("data-item-id", q[n + 1])
            if n == 0:  # the document's sentences before and after, dimmed around the current one
                expect(before).to_have_text(texts[0])
                expect(after).to_have_text(texts[2])
                box = widget.bounding_box()
                assert box is not None
                clip = {"x": 0, "y": 0, "width": 1200, "height": box["y"] + box["height"] + 20}
                page.screenshot(path=str(artifacts / "labelling_page.png"), clip=clip)
            if q[n + 1] == "payload":  # untrusted text stays text, in the item and in its context
                assert text.text_content() == PAYLOAD
                expect(after).to_have_text(CONTEXT_PAYLOAD)
                expect(before).to_be_empty()
                assert widget.locator("img, script, b, a[href^='javascript']").count() == 0
        expect(saved).to_have_attribute("data-state", "saved")
        assert page.evaluate("window.__curatePwned === undefined")

        # Clicks elsewhere, then keys bound to nothing: nothing changes, nothing is stored.
        for where in ["body", ".curate-title", ".curate-progress", ".curate-help", ".curate-meta"]:
            page.locator(where).first.click(position={"x": 2, "y": 2})
            for key in ["x", "d", "m", "Enter", "Escape", "Shift+Enter", "a", "b"]:
                page.keyboard.press(key)
            expect(text).to_have_attribute("data-item-id", q[10])
        page.mouse.click(1100, 950)  # the empty page below the widget
        expect(widget).to_have_attribute("data-keys", "on")  # the keys come back to the labeller
        page.keyboard.press("Escape")
        expect(text).to_have_attribute("data-item-id", q[10])
        expect(saved).to_have_attribute("data-state", "saved")
        assert page.evaluate("document.querySelector('.curate-annotator').__curate.pending.size") == 0
        assert page.evaluate("window.__curatePwned === undefined")
        # After the clicks a label key still labels: the page never loses its keys.
        page.keyboard.press("2")
        expect(text).to_have_attribute("data-item-id", q[11])
        expect(saved).to_have_attribute("data-state", "saved")
        assert outside == []  # nothing on the page reaches past 127.0.0.1 (no CDN fonts either)
    assert served.proc.returncode is not None

    with Project.open(db) as project:
        events = project.history(ANNOTATOR)
        names = project.spec.label_names
        by_key = {lab.key: lab.name for lab in project.spec.labels}
    assert [(e.kind, e.item_id, e.labels) for e in events] == [
        *[("label", q[n], (by_key[k],)) for n, k in enumerate(KEYS)],
        ("label", q[10], (by_key["2"],)),
    ]
    assert all(e.seconds is not None and e.seconds > 0 for e in events)
    assert len(names) == 10
    docs_img = ROOT / "docs" / "img" / "labelling_page.png"
    if not docs_img.exists():  # the README's copy; refresh it by deleting the file
        docs_img.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(artifacts / "labelling_page.png", docs_img)
