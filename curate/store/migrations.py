"""Versioned schema migrations.

Each entry upgrades a project from version ``n - 1`` to ``n``.  A project
written by an older curate is upgraded when opened; a newer one is refused.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from curate.store import tables as t

__all__ = ["MIGRATIONS", "apply_migrations", "stored_version"]

# version -> function run inside the upgrading transaction.  Version 1 is the
# initial schema created by ``metadata.create_all``; add ``2: _v2`` here when the
# schema changes, and bump ``tables.SCHEMA_VERSION``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}


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
