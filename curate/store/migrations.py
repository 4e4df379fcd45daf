"""Versioned schema migrations.

Each entry upgrades a project from version ``n - 1`` to ``n``.  A project
written by an older curate is upgraded when opened; a newer one is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa

from curate.store import tables as t

__all__ = ["MIGRATIONS", "apply_migrations", "stored_version"]

# version -> function run inside the upgrading transaction.  Version 1 is the
# initial schema created by ``metadata.create_all``; add ``n: _vn`` here when the
# schema changes, and bump ``tables.SCHEMA_VERSION``.
GENERATOR_PREFIX = "synth:"


def _v2_generators_are_not_annotators(conn: sa.Connection) -> None:
    """Move synthetic items' intended labels out of the annotation log into their provenance.

    Version 1 stored a generator's intended label as an annotation by
    ``synth:<generator>``; from version 2 it is ``provenance.details["labels"]``
    and the annotation log holds people only.
    """
    k = t.current.c
    rows = list(
        conn.execute(
            sa.select(k.item_id, k.annotator, k.labels_json).where(k.annotator.like(GENERATOR_PREFIX + "%"))
        )
    )
    for r in rows:
        labels = json.loads(r.labels_json)
        raw = conn.execute(
            sa.select(t.provenance.c.provenance_json).where(t.provenance.c.item_id == r.item_id)
        ).scalar()
        if raw is None:
            record = {"generator": r.annotator[len(GENERATOR_PREFIX) :], "seed": None, "details": {}}
            record["details"] = {"labels": labels}
            conn.execute(
                sa.insert(t.provenance).values(
                    item_id=r.item_id, provenance_json=json.dumps(record, sort_keys=True)
                )
            )
            continue
        record = json.loads(raw)
        details = dict(record.get("details") or {})
        if not any(key in details for key in ("labels", "label", "target_label")):
            details["labels"] = labels
            record["details"] = details
            conn.execute(
                sa.update(t.provenance)
                .where(t.provenance.c.item_id == r.item_id)
                .values(provenance_json=json.dumps(record, sort_keys=True))
            )
    conn.execute(sa.delete(t.current).where(k.annotator.like(GENERATOR_PREFIX + "%")))
    conn.execute(sa.delete(t.events).where(t.events.c.annotator.like(GENERATOR_PREFIX + "%")))


def _v3_span_lists(conn: sa.Connection) -> None:
    """Add ``spans_json`` to the event log and the derived state (span tasks, issue 14).

    Existing rows keep NULL there: they are classification decisions or skips.
    """
    # A project written between schema bumps may already have the column: add only what is missing.
    inspector = sa.inspect(conn)
    for table in (t.events, t.current):
        have = {col["name"] for col in inspector.get_columns(table.name)}
        if "spans_json" not in have:
            conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN spans_json TEXT"))


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {
    2: _v2_generators_are_not_annotators,
    3: _v3_span_lists,
}


def stored_version(conn: sa.Connection) -> int:
    raw = conn.execute(sa.select(t.meta.c.value).where(t.meta.c.key == "schema_version")).scalar()
    return int(raw or 0)


def apply_migrations(conn: sa.Connection) -> None:
    version = stored_version(conn)
    for target in range(version + 1, t.SCHEMA_VERSION + 1):
        step = MIGRATIONS.get(target)
        if step is None:
            # Tables added without data changes: create what is missing.
            t.metadata.create_all(conn)
        else:
            step(conn)
        conn.execute(sa.delete(t.meta).where(t.meta.c.key == "schema_version"))
        conn.execute(sa.insert(t.meta).values(key="schema_version", value=str(target)))
