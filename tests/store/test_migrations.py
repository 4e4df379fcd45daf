"""Schema migrations: a project written by an older curate opens upgraded, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd

from curate import Project, TaskSpec
from curate.schema import content_hash
from curate.store.tables import SCHEMA_VERSION

SYN_TEXT = "Any dispute shall be settled by binding arbitration in Zurich."
SYN_PROVENANCE = {
    "generator": "template",
    "generator_version": "1",
    "seed": 3,
    "details": {"template_id": "legal.arbitration.1", "slots": {}},
    "constraints": {},
    "created_at": "2026-01-01T00:00:00+00:00",
    "curate_version": "0.1.0",
    "content_hash": content_hash(SYN_TEXT),
}


def _write_v1_project(path: Path, spec: TaskSpec) -> tuple[str, str]:
    """A project as curate 0.1 (schema version 1) wrote it: intended labels as ``synth:*`` annotations."""
    with Project.create(path, task=spec) as p:
        p.import_data(
            pd.DataFrame({"text": ["The courts of Paris have jurisdiction.", "We may end the contract."]})
        )
        real = [it.id for it in p.items()]
        p.annotate(real[0], "ana", "jurisdiction")
        p.annotate(real[0], "ben", "jurisdiction")
        p.annotate(real[1], "ana", "unilateral_termination")
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    rows = [("syn-accepted", "accepted", "arbitration"), ("syn-relabelled", "accepted", "arbitration")]
    rows.append(("syn-pending", "pending", "arbitration"))
    for n, (sid, status, label) in enumerate(rows):
        text = f"{SYN_TEXT} ({n})"
        con.execute(
            "INSERT INTO items (id, position, text, content_hash, source, origin, status, metadata_json,"
            " created_at) VALUES (?, ?, ?, ?, 'synth:template', 'synthetic', ?, ?, '2026-01-01')",
            (sid, 100 + n, text, content_hash(text), status, json.dumps({"label": label})),
        )
        con.execute(
            "INSERT INTO provenance (item_id, provenance_json) VALUES (?, ?)",
            (sid, json.dumps(SYN_PROVENANCE)),
        )
        cur = con.execute(
            "INSERT INTO events (item_id, annotator, kind, labels_json, unsure, spec_version, created_at)"
            " VALUES (?, 'synth:template', 'label', ?, 0, 1, '2026-01-01')",
            (sid, json.dumps([label])),
        )
        con.execute(
            "INSERT INTO current_labels (item_id, annotator, labels_json, unsure, kind, event_id)"
            " VALUES (?, 'synth:template', ?, 0, 'label', ?)",
            (sid, json.dumps([label]), cur.lastrowid),
        )
    con.commit()
    con.close()
    return real[0], real[1]


def test_v1_project_moves_generator_labels_into_provenance(tmp_path: Path, legal_spec: TaskSpec) -> None:
    path = tmp_path / "old.db"
    both, _ = _write_v1_project(path, legal_spec)
    with Project.open(path) as p:
        assert p.store.meta("schema_version") == str(SCHEMA_VERSION)
        # the annotation log holds people only; no synthetic item lost
        assert {a.annotator for it in p.items() for a in p.store.events(item_id=it.id)} == {"ana", "ben"}
        assert len(p) == 5
        for sid in ("syn-accepted", "syn-relabelled", "syn-pending"):
            prov = p.store.provenance(sid)
            assert prov is not None
            assert prov.details["labels"] == ["arbitration"]
            assert prov.details["template_id"] == "legal.arbitration.1"
        p.annotate("syn-relabelled", "ana", "jurisdiction")
        now = p.resolved_labels()
        assert now["syn-accepted"].labels == ("arbitration",) and now["syn-accepted"].method == "generated"
        assert now["syn-relabelled"].labels == ("jurisdiction",)
        assert "syn-pending" not in now
        stats = p.stats()
        assert stats["by_annotator"] == {"ana": 3, "ben": 1}
        assert stats["by_label"] == {"arbitration": 1, "jurisdiction": 2, "unilateral_termination": 1}
        assert set(p.agreement().annotators) == {"ana", "ben"}
        rows = {r.id: r for r in p.export_plan().rows}
        assert (rows["syn-accepted"].resolution, rows["syn-accepted"].n_annotators) == ("generated", 0)
        assert rows["syn-accepted"].agreement is None
        assert (rows[both].resolution, rows[both].n_annotators, rows[both].agreement) == ("unanimous", 2, 1.0)
    with Project.open(path) as p:  # opening again changes nothing
        assert p.store.meta("schema_version") == str(SCHEMA_VERSION) and len(p.resolved_labels()) == 4
