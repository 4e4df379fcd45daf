"""What the annotator page costs when annotators see pseudonymised or masked text.

A project of the bundled 400 CLAUDETTE sentences plus 300 invented clinical notes (each with a
name, an MRN, a date, a phone number and an address), scanned with the patterns.  Times
``Project.pii_shown`` (what the annotator widget and the labelling page call for every batch of
items they send) over all 700 items, and the first page an annotator opens (``hello``: up to
200 items back plus the prefetch).  Baseline: the ``original`` view (no replacement), same run.
Best of 3, interleaved.

Run: python benchmarks/pii_view.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from curate import Project  # noqa: E402
from curate.pii import PatternDetector  # noqa: E402

VIEWS = ("original", "masked", "pseudonymised")


def main() -> None:
    legal = pd.read_csv(ROOT / "data" / "claudette_sample.csv")
    notes = [
        f"Patient Rosalind Okafor (MRN: 0084{i:04d}) was seen on 02/{i % 28 + 1:02d}/2025; call (313) "
        f"555-{i:04d}. Ms. Okafor lives at {i + 10} Birchwood Lane, Dearborn, MI 48124."
        for i in range(300)
    ]
    frame = pd.DataFrame(
        {
            "id": [str(i) for i in legal.id] + [f"note{i}" for i in range(300)],
            "text": list(legal.text) + notes,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "view.db", task=ROOT / "data" / "claudette.task.yaml")
        project.import_data(frame, id_col="id")
        project.pii_scan(PatternDetector())
        items = project.store.items()
        hidden = sum(1 for s in project.pii_shown(items) if s.marks)
        best: dict[str, float] = {v: float("inf") for v in VIEWS}
        hello: dict[str, float] = {v: float("inf") for v in VIEWS}
        for run in range(3):
            for view in VIEWS:
                project.set_pii_view(view)
                t = time.perf_counter()
                project.pii_shown(items)
                best[view] = min(best[view], time.perf_counter() - t)
                widget = project.annotator(annotator=f"a{run}{view}", prefetch=5, context=0)
                t = time.perf_counter()
                widget.handle({"type": "hello"})
                hello[view] = min(hello[view], time.perf_counter() - t)
                widget.close()
        print(f"pii_view_items: {len(items)} items")
        print(f"pii_view_items_with_findings: {hidden} items")
        for view in VIEWS:
            print(f"pii_view_{view}_ms_per_item: {best[view] / len(items) * 1000:.3f} ms")
            print(f"pii_view_{view}_hello_ms: {hello[view] * 1000:.1f} ms")
        for view in VIEWS[1:]:
            print(f"pii_view_{view}_vs_original: {best[view] / best['original']:.2f} x")
        project.close()


if __name__ == "__main__":
    main()
