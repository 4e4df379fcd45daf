"""In-browser annotator latency: key press to next text visible, and to the decision confirmed saved.

Real JupyterLab and headless Debian Chromium (as the browser tests use), on
notebooks/01_annotate.ipynb with a 60-item project; 50 items are labelled by
key presses.  The page records, per key, the time from the keydown event's
timestamp to the animation frame that paints the next item's text
(``key_to_text_visible``) and to the kernel's ack that the store committed the
decision (``key_to_saved``).  The saved figure is a round trip through the
kernel, the baseline the prefetching avoids for the text.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/annotator_browser.py
"""

from __future__ import annotations

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

from browser_harness import chromium, make_root, open_and_run, running_lab  # noqa: E402

N_KEYS = 50
PAUSE_S = 0.15  # a fast annotator: about seven decisions a second


def main() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-browser-"))
    root = make_root(tmp)
    sample = pd.read_csv(ROOT / "data" / "claudette_sample.csv").head(N_KEYS + 10)
    with Project.create(root / "demo" / "legal.db", task=ROOT / "data" / "claudette.task.yaml") as project:
        project.import_data(sample, id_col="id", text_col="text", meta_cols=["doc"])
    with running_lab(root, tmp) as lab, chromium(tmp) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        widget = open_and_run(page, lab)
        text = widget.locator(".curate-text")
        for k in range(N_KEYS):
            before = text.get_attribute("data-item-id")
            page.keyboard.press(str(k % 10))
            expect(text).not_to_have_attribute("data-item-id", str(before))
            time.sleep(PAUSE_S)
        expect(widget.locator(".curate-saved")).to_have_attribute("data-state", "saved")
        stats = page.evaluate(
            "(() => { const s = document.querySelector('.curate-annotator').__curate.stats;"
            " return {visible: s.visible, saved: s.saved}; })()"
        )
    with Project.open(root / "demo" / "legal.db") as project:
        stored = len([e for e in project.history("annotator-1") if e.kind == "label"])
    visible = np.array(stats["visible"][:N_KEYS])
    saved = np.array(stats["saved"][:N_KEYS])
    print(f"keys: {N_KEYS} presses, {stored} decisions stored")
    print(f"key_to_text_visible_p50: {np.percentile(visible, 50):.1f} ms")
    print(f"key_to_text_visible_p95: {np.percentile(visible, 95):.1f} ms")
    print(f"key_to_saved_p50: {np.percentile(saved, 50):.1f} ms")
    print(f"key_to_saved_p95: {np.percentile(saved, 95):.1f} ms")
    print(f"saved_vs_visible_p50: {np.percentile(saved, 50) / np.percentile(visible, 50):.1f} x")


if __name__ == "__main__":
    main()
