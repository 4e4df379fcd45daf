"""Helpers for export tests: a curated legal project built the same way every time, Hub env."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from curate import Project, Provenance
from curate.schema import content_hash
from curate.store import tables as t
from curate.store.engine import with_retry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "data"
SYNTHETIC = [
    # (id, text, status, label, exemplar index in the sample)
    (
        "syn-arb-1",
        "Every claim you bring against us goes to binding arbitration in Ohio.",
        "accepted",
        "arbitration",
        0,
    ),
    (
        "syn-arb-2",
        "Disputes are settled by a sole arbitrator, not by a judge or jury.",
        "accepted",
        "arbitration",
        1,
    ),
    (
        "syn-law-1",
        "The laws of Delaware govern these terms, whatever your home state.",
        "pending",
        "choice_of_law",
        2,
    ),
    (
        "syn-law-2",
        "These terms are governed by the law of the Cayman Islands.",
        "rejected",
        "choice_of_law",
        3,
    ),
]


def build_curated(path: Path, *, scanned: bool = False) -> Project:
    """The 400-row CLAUDETTE sample with imported labels, two annotators, an adjudication,
    a tie, synthetic rows in every review state and one personal-data finding."""
    project = Project.create(path, task=DATA / "claudette.task.yaml")
    project.import_data(
        DATA / "claudette_sample.csv", id_col="id", meta_cols=["doc", "split"], label_cols=["label"]
    )
    items = project.items()
    labels = project.labels()
    gold = {it.id: labels[it.id]["imported:claudette_sample"][0] for it in items}
    # alice agrees on 0-39; bob agrees on 0-29 and disagrees on 30-34 (2 vs 1: majority).
    for it in items[:40]:
        project.annotate(it.id, "alice", gold[it.id], seconds=3.0)
    for it in items[:35]:
        other = "fair_or_other" if gold[it.id] != "fair_or_other" else "arbitration"
        project.annotate(it.id, "bob", gold[it.id] if it.id not in {x.id for x in items[30:35]} else other)
    # 40-41: alice disagrees with the import, nobody else: a tie (1 vs 1); 41 is adjudicated.
    for it in items[40:42]:
        other = "fair_or_other" if gold[it.id] != "fair_or_other" else "jurisdiction"
        project.annotate(it.id, "alice", other)
    project.adjudicate(items[41].id, "reviewer", gold[items[41].id], note="checked")
    # synthetic rows; exemplars are real arbitration / choice_of_law rows
    by_label: dict[str, list[str]] = {}
    for it in items:
        by_label.setdefault(gold[it.id], []).append(it.id)
    rows: list[dict[str, Any]] = []
    prov: dict[str, Provenance] = {}
    for item_id, text, status, label, ex in SYNTHETIC:
        exemplar = by_label[label][ex]
        rows.append(
            {
                "id": item_id,
                "text": text,
                "content_hash": content_hash(text),
                "source": "synth",
                "origin": "synthetic",
                "status": status,
                "metadata": {},
            }
        )
        prov[item_id] = Provenance(
            generator="template",
            generator_version="1",
            seed=7,
            details={"label": label, "exemplar_ids": [exemplar], "template": "t1"},
            created_at="2026-01-01T00:00:00+00:00",
            content_hash=content_hash(text),
        )
    project.store.insert(rows, provenance=prov)
    add_finding(project, items[5].id, status="pseudonymised")
    if scanned:
        project.store.set_meta("pii_scanned_at", "2026-01-02T00:00:00+00:00")
        project.store.set_meta("pii_scanned_through", str(len(project)))
    return project


def add_finding(project: Project, item_id: str, *, status: str = "open", entity: str = "PERSON") -> None:
    def fn(c: sa.Connection) -> None:
        c.execute(
            sa.insert(t.pii_findings).values(
                item_id=item_id,
                entity=entity,
                start=0,
                end=4,
                status=status,
                detector="test-regex",
                created_at="2026-01-02T00:00:00+00:00",
            )
        )

    with_retry(project.store.engine, fn, write=True)


TOKEN = "hf_curateTestToken_9f3b2c7d1e"


def hub_env(hub: Any, tmp_path: Path) -> dict[str, str]:
    """Environment for a child process that talks to the loopback Hub with a token from HF_TOKEN."""
    env = dict(os.environ)
    env.pop("TRANSFORMERS_OFFLINE", None)
    env.update(
        HF_ENDPOINT=hub.endpoint,
        HF_HUB_DISABLE_XET="1",
        HF_HUB_OFFLINE="0",
        HF_TOKEN=TOKEN,
        HF_HOME=str(tmp_path / "hf-home"),
        HF_HUB_DISABLE_TELEMETRY="1",
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curate.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )
