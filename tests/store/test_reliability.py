"""Durability and concurrency of the SQLite store, with real processes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from curate import Label, Project, TaskSpec

SPEC = TaskSpec(name="t", labels=(Label(name="a"), Label(name="b")))

CHILD = """
import sys
from curate import Project
p = Project.open(sys.argv[1])
ids = [i.id for i in p.items()]
print("ready", flush=True)
n = 0
while True:
    event = p.annotate(ids[n % len(ids)], "killer", "a" if n % 2 else "b", note="x" * (n % 50))
    print(event.id, flush=True)  # printed only after the commit returned
    n += 1
"""


def _make(tmp_path: Path, n: int) -> Path:
    db = tmp_path / "p.db"
    with Project.create(db, task=SPEC) as p:
        p.import_data(pd.DataFrame({"text": [f"item number {i}" for i in range(n)]}))
    return db


@pytest.mark.slow
def test_sigkill_loses_no_returned_annotation(tmp_path: Path) -> None:
    db = _make(tmp_path, 50)
    rng = random.Random(7)
    acknowledged: set[int] = set()
    kills = 0
    while kills < 24:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.02, 0.4)
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip().isdigit():
                acknowledged.add(int(line))
        proc.send_signal(signal.SIGKILL)
        # Lines already written before the kill are acknowledged calls too.
        for line in proc.stdout:
            if line.strip().isdigit():
                acknowledged.add(int(line))
        proc.wait()
        kills += 1
        with Project.open(db) as p:
            stored = {e.id for e in p.store.events()}
            assert acknowledged <= stored, f"lost after kill {kills}: {sorted(acknowledged - stored)[:5]}"
            with p.store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            # The derived current labels agree with the log after every kill.
            last: dict[str, tuple[str, ...]] = {}
            for e in p.store.events(annotator="killer"):
                last[e.item_id] = e.labels or ()
            assert {k: v["killer"] for k, v in p.labels().items()} == last
    assert len(acknowledged) > 100


WORKER = """
import sys
from curate import Project
db, who, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with Project.open(db) as p:
    ids = [i.id for i in p.items()][first:last]
    for i in ids:
        p.annotate(i, who, "a")
print("ok", len(ids))
"""


@pytest.mark.slow
def test_four_processes_annotate_at_once_without_lock_errors(tmp_path: Path) -> None:
    db = _make(tmp_path, 2000)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), f"w{k}", str(k * 500), str((k + 1) * 500)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(4)
    ]
    results = [proc.communicate(timeout=600) for proc in procs]
    for (out, err), proc in zip(results, procs, strict=True):
        assert proc.returncode == 0, err  # a "database is locked" would surface here
        assert out.strip() == "ok 500"
    with Project.open(db) as p:
        assert p.store.count_events() == 2000
        assert p.stats()["by_annotator"] == {f"w{k}": 500 for k in range(4)}
