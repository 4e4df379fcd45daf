"""Foundation figures: import rate, queue latency on a large project, start-up time.

Prints one `name: value unit` line per figure. Run: .venv/bin/python benchmarks/foundation.py
Baselines measured in the same run: a bare sqlite3 executemany of the same rows (import), and a
bare `python -c pass` (start-up).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from curate import Label, Project, TaskSpec

N_ITEMS = 100_000
N_LABELLED = 10_000
SPEC = TaskSpec(name="bench", labels=tuple(Label(name=f"label_{i}") for i in range(8)))


def _corpus(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    words = np.array(
        [
            "the",
            "party",
            "shall",
            "not",
            "be",
            "liable",
            "for",
            "any",
            "damages",
            "arising",
            "from",
            "use",
            "of",
            "service",
        ]
    )
    texts = [f"{i} " + " ".join(rng.choice(words, size=30)) for i in range(n)]
    return pd.DataFrame(
        {"id": [f"c{i}" for i in range(n)], "text": texts, "doc": [f"d{i % 500}" for i in range(n)]}
    )


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-"))
    frame = _corpus(N_ITEMS)
    csv_path = tmp / "corpus.csv"
    frame.to_csv(csv_path, index=False)

    project = Project.create(tmp / "p.db", task=SPEC)
    t0 = time.perf_counter()
    project.import_data(csv_path, id_col="id")
    import_s = time.perf_counter() - t0
    print(
        f"import_rows_per_s: {N_ITEMS / import_s:,.0f} rows/s ({N_ITEMS:,} rows, CSV, validated, one transaction)"
    )

    con = sqlite3.connect(tmp / "bare.db")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id TEXT PRIMARY KEY, text TEXT)")
    t0 = time.perf_counter()
    with con:
        con.executemany("INSERT INTO t VALUES (?, ?)", zip(frame.id, frame.text, strict=True))
    bare_s = time.perf_counter() - t0
    con.close()
    print(
        f"import_vs_bare_sqlite_insert: {import_s / bare_s:.1f} x (bare executemany {N_ITEMS / bare_s:,.0f} rows/s)"
    )

    ids = [it.id for it in project.items()]
    rng = np.random.default_rng(1)
    labelled = rng.choice(len(ids), size=N_LABELLED, replace=False)
    for k, idx in enumerate(labelled):  # 10,000 annotations through the real API
        project.annotate(ids[idx], f"seed{k % 3}", SPEC.label_names[k % 8])
    print(f"seeded_annotations: {project.store.count_events():,} events")

    session = project.session("bench")
    lat: list[float] = []
    item = session.next()
    for k in range(300):
        t0 = time.perf_counter()
        session.submit(SPEC.label_names[k % 8])  # commit + serve the next item
        lat.append((time.perf_counter() - t0) * 1000)
        assert session.current is not None
    p50, p95 = np.percentile(lat, [50, 95])
    print(f"session_submit_next_p50: {p50:.1f} ms ({N_ITEMS:,} items, {N_LABELLED:,} annotations)")
    print(f"session_submit_next_p95: {p95:.1f} ms")
    assert item is not None

    def wall(cmd: list[str], repeat: int = 5) -> float:
        best = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            best.append(time.perf_counter() - t0)
        return float(np.median(best))

    bare = wall([sys.executable, "-c", "pass"])
    imp = wall([sys.executable, "-c", "import curate"])
    helps = wall([sys.executable, "-m", "curate.cli", "--help"])
    print(f"python_startup: {bare * 1000:.0f} ms (baseline)")
    print(f"import_curate: {imp * 1000:.0f} ms ({imp / bare:.1f} x bare python)")
    print(f"curate_help: {helps * 1000:.0f} ms ({helps / bare:.1f} x bare python)")
    project.close()


if __name__ == "__main__":
    main()
