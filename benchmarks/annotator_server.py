"""Server side of the annotator: key event to next item ready, on a project of 100,000 items.

Prints `name: value unit` lines.  For each ``decide`` message the widget's
handler is timed to its first reply (the ``ack``: the decision committed in
the store) and to its last (the page's prefetch topped up with one more item,
its text cut into highlighted segments).  The item shown after the key is
already in the page before the key is pressed (``next_item_prefetched``), so
on the server, "next item ready" is the ack.  Baseline in the same run: a bare
``Project.annotate`` (one committed event, nothing else).  The progress
recount the widget sends after its replies is timed on its own.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/annotator_server.py
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np

from curate import Project, load_task

ROOT = Path(__file__).resolve().parents[1]
N_ITEMS = 100_000
N_KEYS = 300
WORDS = np.array(
    ["the", "party", "shall", "not", "be", "liable", "for", "any", "damages", "arising", "from", "use",
     "of", "service", "courts", "jurisdiction", "arbitration", "governed", "by", "laws", "terminate",
     "account", "privacy", "policy", "we", "may"]
)  # fmt: skip


def _fill(project: Project, n: int) -> None:
    rng = np.random.default_rng(0)
    rows = []
    for i in range(n):
        text = f"{i} " + " ".join(rng.choice(WORDS, size=40))
        rows.append({"id": f"c{i}", "text": text, "content_hash": hashlib.sha256(text.encode()).hexdigest()})
    project.store.insert(rows)


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000.0, q))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-annotator-"))
    project = Project.create(tmp / "p.db", task=load_task(ROOT / "data" / "claudette.task.yaml"))
    t0 = time.perf_counter()
    _fill(project, N_ITEMS)
    print(f"project_items: {len(project)} items")
    print(f"project_build: {time.perf_counter() - t0:.1f} s")

    widget = project.annotator(annotator="ana", prefetch=5)
    (reset,) = widget.handle({"type": "hello"})
    labels = [lab.name for lab in project.spec.labels]
    on_screen = reset["items"][reset["pos"]]["id"]
    to_ack: list[float] = []
    to_all: list[float] = []
    progress: list[float] = []
    prefetched = 0
    for k in range(N_KEYS):
        prefetched += widget.session.ahead >= 1
        label = labels[k % len(labels)]
        msg = {"type": "decide", "seq": k, "item_id": on_screen, "labels": [label], "seconds": 1.0}
        t0 = time.perf_counter()
        replies = widget.replies(msg)
        ack = next(replies)
        to_ack.append(time.perf_counter() - t0)
        rest = list(replies)
        to_all.append(time.perf_counter() - t0)
        assert ack["ok"] and rest and rest[0]["type"] == "items", (ack, rest)
        t0 = time.perf_counter()
        widget.refresh_progress()
        progress.append(time.perf_counter() - t0)
        on_screen = widget.session.history[widget.session.position]

    # Baseline: the bare committed event, on items nobody has touched.
    bare: list[float] = []
    free = [it.id for it in project.store.items([f"c{i}" for i in range(N_ITEMS - N_KEYS, N_ITEMS)])]
    for k, item_id in enumerate(free):
        t0 = time.perf_counter()
        project.annotate(item_id, "baseline", labels[k % len(labels)])
        bare.append(time.perf_counter() - t0)

    print(f"next_item_prefetched: {prefetched}/{N_KEYS} keys")
    print(f"key_to_saved_ack_p50: {_pct(to_ack, 50):.2f} ms")
    print(f"key_to_saved_ack_p95: {_pct(to_ack, 95):.2f} ms")
    print(f"key_to_prefetch_topped_up_p50: {_pct(to_all, 50):.2f} ms")
    print(f"key_to_prefetch_topped_up_p95: {_pct(to_all, 95):.2f} ms")
    print(f"bare_annotate_p50: {_pct(bare, 50):.2f} ms")
    print(f"bare_annotate_p95: {_pct(bare, 95):.2f} ms")
    print(f"saved_ack_vs_bare_annotate_p50: {_pct(to_ack, 50) / _pct(bare, 50):.2f} x")
    print(f"progress_refresh_p50: {_pct(progress, 50):.2f} ms")
    print(f"progress_refresh_p95: {_pct(progress, 95):.2f} ms")
    project.close()


if __name__ == "__main__":
    main()
