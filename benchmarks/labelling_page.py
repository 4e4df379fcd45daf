"""The labelling page (`curate annotate`, Voilà) against the notebook widget, in the same run.

Headless Debian Chromium, a 60-item CLAUDETTE project, 50 items labelled by key
presses on each.  Prints the page's start-up (command to address printed, page
load to first item shown) and, per key, the time to the next text painted and to
the kernel's ack that the store committed the decision, with the notebook
widget's figures as the baseline (ratio page / notebook).

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/labelling_page.py [legal|medical]
(legal: CLAUDETTE sentences, what the page was developed on; medical: Medical Abstracts,
longer texts, held out.)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from curate import Project

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_harness import chromium, labelling_page, make_root, open_and_run, running_lab  # noqa: E402

N_KEYS = 50
PAUSE_S = 0.15
DATASETS = {
    "legal": ("claudette_sample.csv", "claudette.task.yaml", ["doc"]),
    "medical": ("medical_abstracts_sample.csv", "medical_abstracts.task.yaml", ["split"]),
}


def _label(page: Any, widget: Any, keys: list[str]) -> dict[str, np.ndarray]:
    from playwright.sync_api import expect

    text = widget.locator(".curate-text")
    for k in range(N_KEYS):
        before = text.get_attribute("data-item-id")
        page.keyboard.press(keys[k % len(keys)])
        expect(text).not_to_have_attribute("data-item-id", str(before))
        time.sleep(PAUSE_S)
    expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
    stats = page.evaluate(
        "(() => { const s = document.querySelector('.curate-annotator').__curate.stats;"
        " return {visible: s.visible, saved: s.saved}; })()"
    )
    return {k: np.array(v[:N_KEYS]) for k, v in stats.items()}


def main() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-page-"))
    root = make_root(tmp)
    db = root / "demo" / "legal.db"
    data, task, meta = DATASETS[sys.argv[1] if len(sys.argv) > 1 else "legal"]
    sample = pd.read_csv(ROOT / "data" / data).head(2 * N_KEYS + 20)
    with Project.create(db, task=ROOT / "data" / task) as project:
        project.import_data(sample, id_col="id", text_col="text", meta_cols=meta)
        keys = [lab.key for lab in project.spec.labels if lab.key]

    t0 = time.perf_counter()
    with labelling_page(db, "page-annotator", tmp) as served, chromium(tmp / "page") as ctx:
        started = time.perf_counter() - t0
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        t1 = time.perf_counter()
        page.goto(served.url)
        widget = page.locator(".curate-annotator")
        widget.locator(".curate-text[data-item-id]").wait_for(timeout=120_000)
        first = time.perf_counter() - t1
        on_page = _label(page, widget, keys)
    with running_lab(root, tmp) as lab, chromium(tmp / "nb") as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        on_nb = _label(page, open_and_run(page, lab), keys)
    with Project.open(db) as project:
        stored = {
            a: len([e for e in project.history(a) if e.kind == "label"])
            for a in ("page-annotator", "annotator-1")
        }
    print(
        f"keys: {N_KEYS} presses each; decisions stored: page {stored['page-annotator']}, notebook {stored['annotator-1']}"
    )
    print(f"page_server_start: {started:.1f} s")
    print(f"page_first_item_visible: {first:.1f} s")
    for name, key in [("key_to_text_visible", "visible"), ("key_to_saved", "saved")]:
        for q in (50, 95):
            p, n = np.percentile(on_page[key], q), np.percentile(on_nb[key], q)
            print(f"{name}_p{q}_page: {p:.1f} ms")
            print(f"{name}_p{q}_notebook: {n:.1f} ms")
            print(f"{name}_p{q}_page_vs_notebook: {p / n:.2f} x")


if __name__ == "__main__":
    main()
