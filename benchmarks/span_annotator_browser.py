"""In-browser span annotator latency: key press to highlight shown, and Enter to the spans saved.

Real JupyterLab and headless Debian Chromium (as the browser tests use), on a
span project (labels DISEASE, GENE) holding short documents (single NCBI
Disease abstracts, about 200 words) and long ones (NCBI abstracts joined to
3,000+ words).  On each document the benchmark marks five spans by keyboard
(two words right, then the label key) and saves with Enter.  The page records,
per label key, the time from the keydown event's timestamp to the animation
frame after the highlight is drawn (``key_to_highlight``), and per Enter the
time to the kernel's ack that the store committed the spans (``enter_to_saved``)
and to the next document's text drawn (``enter_to_next_text``).  The baseline in
the same run is the short documents: ``long_vs_short`` is the p50 ratio.

``--dense`` also shows every gold mention of the corpus as a dashed suggestion (a label
vocabulary of all gold mention strings, ``pre_annotate=("rules",)``): a 3,000-word document then
carries a hundred or more highlights that every key redraws.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/span_annotator_browser.py [--corpus inlegalner] [--dense]
(NCBI Disease is the data the view was developed on; InLegalNER, Indian court judgments with long
preambles and many statute and party names, is held out: short documents are its longest records.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from curate import Project

ROOT = Path(__file__).resolve().parents[1]
# The browser tests' harness (a plain module: a top-level `tests` package from another
# distribution may shadow this repository's tests/ folder).
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_harness import chromium, make_root, open_and_run, running_lab, write_notebook  # noqa: E402
from span_data import INLEGALNER, NCBI, long_document, ncbi_records  # noqa: E402

from curate.spans import SpanLabel, SpanTaskSpec  # noqa: E402

N_DOCS = 8  # of each length
SPANS_PER_DOC = 5
PAUSE_S = 0.1
CELL = """from curate import Project
project = Project.open("../demo/spans.db")
project.annotator(annotator="bench"{options})"""


def documents(corpus: str) -> tuple[list[str], list[str]]:
    """Short and long documents: single records, and records joined to 3,000+ words."""
    if corpus == "ncbi":
        short = [str(r["text"]) for r in ncbi_records("dev")[:N_DOCS]]
        return short, [long_document(3000, "train", start=20 * k) for k in range(N_DOCS)]
    records = ncbi_records("dev", path=INLEGALNER)
    longest = sorted(records, key=lambda r: -len(str(r["text"]).split()))[:N_DOCS]
    step = len(records) // N_DOCS
    long = [long_document(3000, "dev", start=step * k, path=INLEGALNER) for k in range(N_DOCS)]
    return [str(r["text"]) for r in longest], long


def gold_mentions(path: Path) -> tuple[str, ...]:
    """Every distinct gold mention string of the corpus (for --dense)."""
    found: set[str] = set()
    for split in ("train", "dev", "test"):
        for rec in ncbi_records(split, path=path):
            text = str(rec["text"])
            spans: list[dict[str, int]] = rec["spans"]  # type: ignore[assignment]
            found.update(text[m["start"] : m["end"]].strip() for m in spans)
    return tuple(sorted(m for m in found if m))


def main() -> None:
    from playwright.sync_api import expect

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=["ncbi", "inlegalner"], default="ncbi")
    parser.add_argument("--dense", action="store_true", help="every gold mention shown as a suggestion")
    args = parser.parse_args()
    corpus = args.corpus
    assert NCBI.exists() and INLEGALNER.exists(), "the span corpora are in shared/data"

    expect.set_options(timeout=30_000)
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-spans-"))
    root = make_root(tmp)
    options = ', pre_annotate=("rules",)' if args.dense else ""
    write_notebook(root, "spans.ipynb", CELL.format(options=options))
    short, long = documents(corpus)
    rows = [{"id": f"short-{k}", "text": x} for k, x in enumerate(short)]
    rows += [{"id": f"long-{k}", "text": x} for k, x in enumerate(long)]
    vocabulary = gold_mentions(NCBI if corpus == "ncbi" else INLEGALNER) if args.dense else ()
    spec = SpanTaskSpec(
        name="bench", labels=(SpanLabel(name="DISEASE", vocabulary=vocabulary), SpanLabel(name="GENE"))
    )
    with Project.create(root / "demo" / "spans.db", task=spec) as project:
        project.import_data(pd.DataFrame(rows), id_col="id", text_col="text")
    kinds: list[str] = []
    with running_lab(root, tmp) as lab, chromium(tmp) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab, "spans.ipynb")
        text = widget.locator(".curate-text")
        for n in range(2 * N_DOCS):
            item = str(text.get_attribute("data-item-id"))
            kinds.append(item.split("-")[0])
            for k in range(SPANS_PER_DOC):
                page.keyboard.press("ArrowRight")
                page.keyboard.press("ArrowRight")
                page.keyboard.press("1")
                expect(text).to_have_attribute("data-spans", str(k + 1))
                time.sleep(PAUSE_S)
            page.keyboard.press("Enter")
            if n + 1 < 2 * N_DOCS:
                expect(text).not_to_have_attribute("data-item-id", item)
            time.sleep(PAUSE_S)
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        stats = page.evaluate(
            "(() => { const s = document.querySelector('.curate-annotator').__curate;"
            " return {highlight: s.span.stats.highlight, build: s.span.stats.build, layout: s.span.stats.layout,"
            " saved: s.stats.saved, visible: s.stats.visible}; })()"
        )
        shown = text.get_attribute("data-suggestions")
        words = {
            k: len(str(r["text"]).split())
            for k, r in zip(("short", "long"), (rows[0], rows[N_DOCS]), strict=True)
        }
    with Project.open(root / "demo" / "spans.db") as project:
        stored = [e for e in project.history("bench") if e.kind == "label"]
    print(
        f"documents: {len(kinds)} ({N_DOCS} short of {words['short']} words, {N_DOCS} long of {words['long']}+ words)"
    )
    print(f"corpus: {corpus}{' (dense: gold mentions as suggestions)' if args.dense else ''}")
    print(f"suggestions_on_last_long_document: {shown} count")
    print(f"stored_decisions: {len(stored)} count")
    print(f"stored_spans: {sum(len(e.spans or ()) for e in stored)} count")
    p50: dict[str, float] = {}
    for kind in ("short", "long"):
        docs = [i for i, k in enumerate(kinds) if k == kind]
        hl = np.array([stats["highlight"][i * SPANS_PER_DOC + j] for i in docs for j in range(SPANS_PER_DOC)])
        saved = np.array([stats["saved"][i] for i in docs])
        visible = np.array([stats["visible"][i] for i in docs if i < len(stats["visible"])])
        build = np.array([stats["build"][i * SPANS_PER_DOC + j] for i in docs for j in range(SPANS_PER_DOC)])
        layout = np.array(
            [stats["layout"][i * SPANS_PER_DOC + j] for i in docs for j in range(SPANS_PER_DOC)]
        )
        p50[kind] = float(np.percentile(hl, 50))
        print(f"{kind}_segments_built_p50: {np.percentile(build, 50):.1f} ms")
        print(f"{kind}_layout_forced_p50: {np.percentile(layout, 50):.1f} ms")
        print(f"{kind}_key_to_highlight_p50: {np.percentile(hl, 50):.1f} ms")
        print(f"{kind}_key_to_highlight_p95: {np.percentile(hl, 95):.1f} ms")
        print(f"{kind}_enter_to_saved_p50: {np.percentile(saved, 50):.1f} ms")
        print(f"{kind}_enter_to_saved_p95: {np.percentile(saved, 95):.1f} ms")
        if len(visible):
            print(f"{kind}_enter_to_next_text_p50: {np.percentile(visible, 50):.1f} ms")
    print(f"long_vs_short_key_to_highlight_p50: {p50['long'] / p50['short']:.2f} x")


if __name__ == "__main__":
    main()
