"""A hash of the project state that an export depends on (computed by the store)."""

from __future__ import annotations

from curate.store import Store

__all__ = ["snapshot_hash"]


def snapshot_hash(store: Store) -> str:
    """Hex SHA-256 over the project's exportable state (see :meth:`Store.snapshot_hash`)."""
    return store.snapshot_hash()
