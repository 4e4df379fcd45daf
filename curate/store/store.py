"""The project store: one database per project, every write one transaction.

Annotation events are append-only. ``current_labels`` holds, per item and
annotator, the state the events lead to; it is written in the same
transaction as each event, so it is never out of step with the log.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy import exc

from curate.errors import NotFoundError, ProjectError, SchemaVersionError
from curate.schema import Annotation, Batch, BatchItem, Item, Provenance, TaskSpec
from curate.store import tables as t
from curate.store.engine import make_engine, to_url, with_retry
from curate.store.migrations import apply_migrations, stored_version
from curate.store.vectors import read_vectors, write_vectors

__all__ = ["Store", "now"]

T = TypeVar("T")

#: Seconds an item stays reserved for the annotator it was served to.
DEFAULT_LEASE_S = 600.0


def now() -> str:
    """UTC timestamp with microseconds, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _labels(raw: str | None) -> tuple[str, ...] | None:
    return None if raw is None else tuple(json.loads(raw))


def _annotation(row: Any) -> Annotation:
    prev = json.loads(row.previous_json) if row.previous_json else None
    return Annotation(
        id=row.id,
        item_id=row.item_id,
        annotator=row.annotator,
        kind=row.kind,
        labels=_labels(row.labels_json),
        unsure=bool(row.unsure),
        note=row.note,
        seconds=row.seconds,
        spec_version=row.spec_version,
        previous=tuple(prev["labels"]) if prev and prev.get("labels") is not None else None,
        target=row.target,
        created_at=row.created_at,
    )


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise ProjectError("the database returned no id for a new row")
    return int(key[0])


def _item(row: Any) -> Item:
    return Item(
        id=row.id,
        text=row.text,
        source=row.source,
        origin=row.origin,
        status=row.status,
        metadata=json.loads(row.metadata_json),
        content_hash=row.content_hash,
    )


class Store:
    """Persistence for one project.  Thread-safe: every call takes its own connection.

    Use :meth:`create` or :meth:`open`; the constructor is internal.
    """

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def create(cls, path_or_url: Any, spec: TaskSpec) -> Store:
        url = to_url(path_or_url)
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
        except exc.OperationalError as err:
            raise ProjectError(f"cannot create a project at {path_or_url}: {err.orig}") from None
        if exists:
            raise ProjectError(
                f"a project already exists at {path_or_url}: open it with Project.open(), "
                "or choose another path"
            )
        t.metadata.create_all(engine)
        store = cls(engine, url)

        def init(conn: sa.Connection) -> None:
            from curate import __version__

            conn.execute(
                sa.insert(t.meta),
                [
                    {"key": "schema_version", "value": str(t.SCHEMA_VERSION)},
                    {"key": "created_by", "value": __version__},
                    {"key": "created_at", "value": now()},
                ],
            )
            conn.execute(
                sa.insert(t.task_specs).values(
                    version=spec.version, spec_json=json.dumps(spec.to_dict()), created_at=now()
                )
            )

        with_retry(engine, init, write=True)
        return store

    @classmethod
    def open(cls, path_or_url: Any) -> Store:
        url = to_url(path_or_url)
        if url.startswith("sqlite:///"):
            from pathlib import Path

            path = Path(url.removeprefix("sqlite:///"))
            if not path.is_file():
                raise ProjectError(
                    f"no project at {path}: create one with `curate init {path} --labels A,B` "
                    "or Project.create()"
                )
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                if not sa.inspect(conn).has_table("meta"):
                    raise ProjectError(f"{path_or_url} is not a curate project (no meta table)")
        except exc.DatabaseError as err:
            raise ProjectError(f"{path_or_url} is not a curate project database: {err.orig}") from None
        version = with_retry(engine, stored_version, write=False)
        if version > t.SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{path_or_url} was written by a newer curate (schema {version}; this curate "
                f"reads up to {t.SCHEMA_VERSION}): upgrade curate-workbench to open it"
            )
        if version < t.SCHEMA_VERSION:
            with_retry(engine, apply_migrations, write=True)
        return cls(engine, url)

    def close(self) -> None:
        self.engine.dispose()

    def _w(self, fn: Callable[[sa.Connection], T]) -> T:
        return with_retry(self.engine, fn, write=True)

    def _r(self, fn: Callable[[sa.Connection], T]) -> T:
        return with_retry(self.engine, fn, write=False)

    def meta(self, key: str) -> str | None:
        return self._r(lambda c: c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == key)).scalar())

    def set_meta(self, key: str, value: str) -> None:
        def fn(c: sa.Connection) -> None:
            c.execute(sa.delete(t.meta).where(t.meta.c.key == key))
            c.execute(sa.insert(t.meta).values(key=key, value=value))

        self._w(fn)

    # -- task specs ----------------------------------------------------------------
    def spec(self, version: int | None = None) -> TaskSpec:
        def fn(c: sa.Connection) -> Any:
            q = sa.select(t.task_specs.c.spec_json)
            if version is None:
                q = q.order_by(t.task_specs.c.version.desc()).limit(1)
            else:
                q = q.where(t.task_specs.c.version == version)
            return c.execute(q).scalar()

        raw = self._r(fn)
        if raw is None:
            raise NotFoundError(f"task spec version {version} does not exist in this project")
        return TaskSpec.from_dict(json.loads(raw))

    def spec_versions(self) -> list[int]:
        return list(
            self._r(
                lambda c: c.execute(
                    sa.select(t.task_specs.c.version).order_by(t.task_specs.c.version)
                ).scalars()
            )
        )

    def add_spec(self, spec: TaskSpec) -> TaskSpec:
        """Store ``spec`` as the next version (its own version number is replaced)."""

        def fn(c: sa.Connection) -> TaskSpec:
            latest = c.execute(sa.select(sa.func.max(t.task_specs.c.version))).scalar() or 0
            new = TaskSpec.from_dict({**spec.to_dict(), "version": latest + 1})
            c.execute(
                sa.insert(t.task_specs).values(
                    version=new.version, spec_json=json.dumps(new.to_dict()), created_at=now()
                )
            )
            return new

        return self._w(fn)

    # -- items ---------------------------------------------------------------------
    def insert(
        self,
        items: Sequence[Mapping[str, Any]],
        annotations: Sequence[Mapping[str, Any]] = (),
        provenance: Mapping[str, Provenance] | None = None,
    ) -> None:
        """Insert new items and their annotations in one transaction (all or nothing).

        ``items`` are mappings with id, text, content_hash, source, origin, status,
        metadata; ``annotations`` have item_id, annotator, labels.
        """
        stamp = now()

        def fn(c: sa.Connection) -> None:
            start = c.execute(sa.select(sa.func.max(t.items.c.position))).scalar()
            pos = -1 if start is None else int(start)
            rows = []
            for it in items:
                pos += 1
                rows.append(
                    {
                        "id": it["id"],
                        "position": pos,
                        "text": it["text"],
                        "content_hash": it["content_hash"],
                        "source": it.get("source", ""),
                        "origin": it.get("origin", "real"),
                        "status": it.get("status", "accepted"),
                        "status_reason": None,
                        "metadata_json": json.dumps(it.get("metadata") or {}, sort_keys=True),
                        "created_at": stamp,
                    }
                )
            for chunk in range(0, len(rows), 5000):
                c.execute(sa.insert(t.items), rows[chunk : chunk + 5000])
            if provenance:
                c.execute(
                    sa.insert(t.provenance),
                    [
                        {"item_id": k, "provenance_json": json.dumps(p.to_dict(), sort_keys=True)}
                        for k, p in provenance.items()
                    ],
                )
            if annotations:
                version = c.execute(sa.select(sa.func.max(t.task_specs.c.version))).scalar()
                for a in annotations:
                    self._record(
                        c,
                        item_id=a["item_id"],
                        annotator=a["annotator"],
                        kind="label",
                        labels=tuple(a["labels"]),
                        spec_version=int(version or 1),
                        stamp=stamp,
                    )

        self._w(fn)

    def item(self, item_id: str) -> Item:
        row = self._r(lambda c: c.execute(sa.select(t.items).where(t.items.c.id == item_id)).first())
        if row is None:
            raise NotFoundError(f"no item with id {item_id!r} in this project")
        return _item(row)

    def items(
        self,
        ids: Iterable[str] | None = None,
        *,
        origin: str | None = None,
        status: str | None = None,
    ) -> list[Item]:
        """Items in insertion order, optionally only ``ids`` / one origin / one status."""
        wanted = None if ids is None else list(ids)

        def fn(c: sa.Connection) -> list[Item]:
            q = sa.select(t.items).order_by(t.items.c.position)
            if origin is not None:
                q = q.where(t.items.c.origin == origin)
            if status is not None:
                q = q.where(t.items.c.status == status)
            if wanted is None:
                return [_item(r) for r in c.execute(q)]
            out: dict[str, Item] = {}
            for chunk in range(0, len(wanted), 500):
                part = wanted[chunk : chunk + 500]
                for r in c.execute(q.where(t.items.c.id.in_(part))):
                    out[r.id] = _item(r)
            missing = [i for i in wanted if i not in out]
            if missing:
                raise NotFoundError(f"no item with id {missing[0]!r} in this project")
            return [out[i] for i in wanted]

        return self._r(fn)

    def existing(self, ids: Sequence[str], hashes: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Map the given ids to their stored content hash, and hashes to a stored item id."""

        def fn(c: sa.Connection) -> tuple[dict[str, str], dict[str, str]]:
            by_id: dict[str, str] = {}
            by_hash: dict[str, str] = {}
            for chunk in range(0, len(ids), 500):
                q = sa.select(t.items.c.id, t.items.c.content_hash).where(
                    t.items.c.id.in_(ids[chunk : chunk + 500])
                )
                by_id.update({r.id: r.content_hash for r in c.execute(q)})
            for chunk in range(0, len(hashes), 500):
                q = (
                    sa.select(t.items.c.id, t.items.c.content_hash)
                    .where(t.items.c.content_hash.in_(hashes[chunk : chunk + 500]))
                    .order_by(t.items.c.position)
                )
                for r in c.execute(q):
                    by_hash.setdefault(r.content_hash, r.id)
            return by_id, by_hash

        return self._r(fn)

    def count_items(self) -> int:
        return int(
            self._r(lambda c: c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar()) or 0
        )

    def set_status(self, item_id: str, status: str, reason: str | None = None) -> None:
        def fn(c: sa.Connection) -> None:
            res = c.execute(
                sa.update(t.items).where(t.items.c.id == item_id).values(status=status, status_reason=reason)
            )
            if res.rowcount == 0:
                raise NotFoundError(f"no item with id {item_id!r} in this project")

        self._w(fn)

    def provenance(self, item_id: str) -> Provenance | None:
        raw = self._r(
            lambda c: c.execute(
                sa.select(t.provenance.c.provenance_json).where(t.provenance.c.item_id == item_id)
            ).scalar()
        )
        return None if raw is None else Provenance.from_dict(json.loads(raw))

    def all_provenance(self) -> dict[str, Provenance]:
        rows = self._r(lambda c: list(c.execute(sa.select(t.provenance))))
        return {r.item_id: Provenance.from_dict(json.loads(r.provenance_json)) for r in rows}

    # -- annotation events -----------------------------------------------------------
    def _state(self, c: sa.Connection, item_id: str, annotator: str) -> dict[str, Any] | None:
        row = c.execute(
            sa.select(t.current).where(t.current.c.item_id == item_id, t.current.c.annotator == annotator)
        ).first()
        if row is None:
            return None
        return {"labels": json.loads(row.labels_json), "unsure": bool(row.unsure), "kind": row.kind}

    def _set_state(
        self, c: sa.Connection, item_id: str, annotator: str, state: Mapping[str, Any] | None, event_id: int
    ) -> None:
        c.execute(
            sa.delete(t.current).where(t.current.c.item_id == item_id, t.current.c.annotator == annotator)
        )
        if state is not None:
            c.execute(
                sa.insert(t.current).values(
                    item_id=item_id,
                    annotator=annotator,
                    labels_json=json.dumps(list(state["labels"])),
                    unsure=bool(state["unsure"]),
                    kind=state["kind"],
                    event_id=event_id,
                )
            )

    def _record(
        self,
        c: sa.Connection,
        *,
        item_id: str,
        annotator: str,
        kind: str,
        labels: tuple[str, ...] | None,
        spec_version: int,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        stamp: str | None = None,
    ) -> Annotation:
        previous = self._state(c, item_id, annotator)
        res = c.execute(
            sa.insert(t.events).values(
                item_id=item_id,
                annotator=annotator,
                kind=kind,
                labels_json=None if labels is None else json.dumps(list(labels)),
                unsure=unsure,
                note=note,
                seconds=seconds,
                spec_version=spec_version,
                previous_json=None if previous is None else json.dumps(previous),
                target=None,
                created_at=stamp or now(),
            )
        )
        event_id = _new_id(res)
        self._set_state(
            c, item_id, annotator, {"labels": labels or (), "unsure": unsure, "kind": kind}, event_id
        )
        c.execute(sa.delete(t.leases).where(t.leases.c.item_id == item_id, t.leases.c.annotator == annotator))
        row = c.execute(sa.select(t.events).where(t.events.c.id == event_id)).one()
        return _annotation(row)

    def record(
        self,
        *,
        item_id: str,
        annotator: str,
        kind: str,
        labels: tuple[str, ...] | None,
        spec_version: int,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
    ) -> Annotation:
        """Append one event (label, skip or adjudicate) and update the derived state."""

        def fn(c: sa.Connection) -> Annotation:
            exists = c.execute(sa.select(t.items.c.id).where(t.items.c.id == item_id)).scalar()
            if exists is None:
                raise NotFoundError(f"no item with id {item_id!r} in this project")
            return self._record(
                c,
                item_id=item_id,
                annotator=annotator,
                kind=kind,
                labels=labels,
                spec_version=spec_version,
                unsure=unsure,
                note=note,
                seconds=seconds,
            )

        return self._w(fn)

    def undo(self, annotator: str, *, item_id: str | None = None) -> Annotation | None:
        """Take back the annotator's latest event that is not yet undone (on ``item_id`` if given).

        Returns the new ``undo`` event, or None when there is nothing to undo.
        """

        def fn(c: sa.Connection) -> Annotation | None:
            undone = sa.select(t.events.c.target).where(
                t.events.c.kind == "undo", t.events.c.target.is_not(None)
            )
            q = (
                sa.select(t.events)
                .where(
                    t.events.c.annotator == annotator,
                    t.events.c.kind.in_(("label", "skip", "adjudicate")),
                    t.events.c.id.not_in(undone),
                )
                .order_by(t.events.c.id.desc())
                .limit(1)
            )
            if item_id is not None:
                q = q.where(t.events.c.item_id == item_id)
            target = c.execute(q).first()
            if target is None:
                return None
            restored = json.loads(target.previous_json) if target.previous_json else None
            current_state = self._state(c, target.item_id, annotator)
            res = c.execute(
                sa.insert(t.events).values(
                    item_id=target.item_id,
                    annotator=annotator,
                    kind="undo",
                    labels_json=None if restored is None else json.dumps(restored["labels"]),
                    unsure=bool(restored and restored["unsure"]),
                    note=None,
                    seconds=None,
                    spec_version=target.spec_version,
                    previous_json=None if current_state is None else json.dumps(current_state),
                    target=target.id,
                    created_at=now(),
                )
            )
            event_id = _new_id(res)
            self._set_state(c, target.item_id, annotator, restored, event_id)
            # The annotator is looking at the item again: hold it for them.
            c.execute(
                sa.delete(t.leases).where(
                    t.leases.c.item_id == target.item_id, t.leases.c.annotator == annotator
                )
            )
            c.execute(
                sa.insert(t.leases).values(item_id=target.item_id, annotator=annotator, popped_at=time.time())
            )
            return _annotation(c.execute(sa.select(t.events).where(t.events.c.id == event_id)).one())

        return self._w(fn)

    def events(self, *, item_id: str | None = None, annotator: str | None = None) -> list[Annotation]:
        """The event log in order, optionally for one item and/or one annotator."""

        def fn(c: sa.Connection) -> list[Annotation]:
            q = sa.select(t.events).order_by(t.events.c.id)
            if item_id is not None:
                q = q.where(t.events.c.item_id == item_id)
            if annotator is not None:
                q = q.where(t.events.c.annotator == annotator)
            return [_annotation(r) for r in c.execute(q)]

        return self._r(fn)

    def count_events(self) -> int:
        return int(
            self._r(lambda c: c.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()) or 0
        )

    def current(
        self, *, item_id: str | None = None, annotator: str | None = None, include_skips: bool = False
    ) -> dict[str, dict[str, tuple[str, ...]]]:
        """Current labels: ``{item_id: {annotator: labels}}`` (skips left out by default)."""

        def fn(c: sa.Connection) -> dict[str, dict[str, tuple[str, ...]]]:
            q = sa.select(t.current)
            if item_id is not None:
                q = q.where(t.current.c.item_id == item_id)
            if annotator is not None:
                q = q.where(t.current.c.annotator == annotator)
            if not include_skips:
                q = q.where(t.current.c.kind != "skip")
            out: dict[str, dict[str, tuple[str, ...]]] = {}
            for r in c.execute(q):
                out.setdefault(r.item_id, {})[r.annotator] = tuple(json.loads(r.labels_json))
            return out

        return self._r(fn)

    def current_rows(self) -> list[dict[str, Any]]:
        """Every current decision with its kind and unsure flag (for review and export)."""
        rows = self._r(lambda c: list(c.execute(sa.select(t.current))))
        return [
            {
                "item_id": r.item_id,
                "annotator": r.annotator,
                "labels": tuple(json.loads(r.labels_json)),
                "unsure": bool(r.unsure),
                "kind": r.kind,
                "event_id": r.event_id,
            }
            for r in rows
        ]

    # -- queue -----------------------------------------------------------------------
    def next_for(
        self,
        annotator: str,
        *,
        exclude: Iterable[str] = (),
        lease_s: float = DEFAULT_LEASE_S,
        batch_id: int | None = None,
    ) -> str | None:
        """Reserve and return the next item id for ``annotator``, or None if none is left.

        Order: items assigned to the annotator, then unlabelled items of the pool
        (rejected synthetic items never), each in insertion order.  An item
        leased to another annotator within ``lease_s`` seconds is passed over
        unless it is assigned to this annotator too.
        """
        excluded = list(exclude)
        stamp = time.time()

        def fn(c: sa.Connection) -> str | None:
            mine = sa.select(t.current.c.item_id).where(t.current.c.annotator == annotator)
            assigned = sa.select(t.assignments.c.item_id).where(t.assignments.c.annotator == annotator)
            if batch_id is not None:
                assigned = assigned.where(t.assignments.c.batch_id == batch_id)
            q = (
                sa.select(t.items.c.id)
                .where(t.items.c.id.in_(assigned), t.items.c.id.not_in(mine))
                .order_by(t.items.c.position)
                .limit(1)
            )
            if excluded:
                q = q.where(t.items.c.id.not_in(excluded))
            found = c.execute(q).scalar()
            if found is None and batch_id is None:
                # A generator's intended label ("synth:<name>") is not a human decision: pending
                # synthetic items stay in the queue until someone reviews them.
                labelled = sa.exists().where(
                    t.current.c.item_id == t.items.c.id,
                    t.current.c.kind != "skip",
                    t.current.c.annotator.not_like("synth:%"),
                )
                leased = sa.exists().where(
                    t.leases.c.item_id == t.items.c.id,
                    t.leases.c.annotator != annotator,
                    t.leases.c.popped_at > stamp - lease_s,
                )
                others_assigned = sa.exists().where(
                    t.assignments.c.item_id == t.items.c.id, t.assignments.c.annotator != annotator
                )
                q = (
                    sa.select(t.items.c.id)
                    .where(
                        t.items.c.status != "rejected",
                        t.items.c.id.not_in(mine),
                        ~labelled,
                        ~leased,
                        ~others_assigned,
                    )
                    .order_by(t.items.c.position)
                    .limit(1)
                )
                if excluded:
                    q = q.where(t.items.c.id.not_in(excluded))
                found = c.execute(q).scalar()
            if found is not None:
                c.execute(
                    sa.delete(t.leases).where(t.leases.c.item_id == found, t.leases.c.annotator == annotator)
                )
                c.execute(sa.insert(t.leases).values(item_id=found, annotator=annotator, popped_at=stamp))
            return found

        return self._w(fn)

    def release(self, annotator: str, item_id: str) -> None:
        self._w(
            lambda c: c.execute(
                sa.delete(t.leases).where(t.leases.c.item_id == item_id, t.leases.c.annotator == annotator)
            )
        )

    # -- batches and assignments -------------------------------------------------------
    def add_batch(
        self,
        *,
        strategy: str,
        params: Mapping[str, Any],
        model_version: str,
        items: Sequence[BatchItem],
    ) -> Batch:
        stamp = now()

        def fn(c: sa.Connection) -> int:
            res = c.execute(
                sa.insert(t.batches).values(
                    strategy=strategy,
                    params_json=json.dumps(dict(params), sort_keys=True, default=str),
                    model_version=model_version,
                    created_at=stamp,
                )
            )
            bid = _new_id(res)
            if items:
                c.execute(
                    sa.insert(t.batch_items),
                    [
                        {
                            "batch_id": bid,
                            "item_id": b.item_id,
                            "rank": b.rank,
                            "score": float(b.score),
                            "reason": b.reason,
                        }
                        for b in items
                    ],
                )
            return bid

        return self.batch(self._w(fn))

    def batch(self, batch_id: int) -> Batch:
        def fn(c: sa.Connection) -> Batch:
            row = c.execute(sa.select(t.batches).where(t.batches.c.id == batch_id)).first()
            if row is None:
                raise NotFoundError(f"no batch {batch_id} in this project")
            members = c.execute(
                sa.select(t.batch_items)
                .where(t.batch_items.c.batch_id == batch_id)
                .order_by(t.batch_items.c.rank)
            )
            return Batch(
                id=row.id,
                strategy=row.strategy,
                params=json.loads(row.params_json),
                model_version=row.model_version,
                created_at=row.created_at,
                items=tuple(
                    BatchItem(item_id=m.item_id, rank=m.rank, score=m.score, reason=m.reason) for m in members
                ),
            )

        return self._r(fn)

    def batch_ids(self) -> list[int]:
        return list(
            self._r(lambda c: c.execute(sa.select(t.batches.c.id).order_by(t.batches.c.id)).scalars())
        )

    def assign(self, pairs: Iterable[tuple[str, str]], *, batch_id: int | None = None) -> int:
        """Assign (item_id, annotator) pairs; already present pairs are kept. Returns the count added."""
        wanted = list(dict.fromkeys(pairs))
        stamp = now()

        def fn(c: sa.Connection) -> int:
            have = set()
            for r in c.execute(sa.select(t.assignments.c.item_id, t.assignments.c.annotator)):
                have.add((r.item_id, r.annotator))
            new = [p for p in wanted if p not in have]
            if new:
                c.execute(
                    sa.insert(t.assignments),
                    [
                        {"item_id": i, "annotator": a, "batch_id": batch_id, "created_at": stamp}
                        for i, a in new
                    ],
                )
            return len(new)

        return self._w(fn)

    def assignments(
        self, *, annotator: str | None = None, batch_id: int | None = None
    ) -> list[tuple[str, str]]:
        def fn(c: sa.Connection) -> list[tuple[str, str]]:
            q = sa.select(t.assignments.c.item_id, t.assignments.c.annotator).order_by(
                t.assignments.c.created_at, t.assignments.c.item_id
            )
            if annotator is not None:
                q = q.where(t.assignments.c.annotator == annotator)
            if batch_id is not None:
                q = q.where(t.assignments.c.batch_id == batch_id)
            return [(r.item_id, r.annotator) for r in c.execute(q)]

        return self._r(fn)

    # -- embeddings cache ----------------------------------------------------------------
    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors of ``model_id`` for the given content hashes (missing ones left out)."""
        return self._r(lambda c: read_vectors(c, model_id, hashes))

    def put_embeddings(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Cache vectors; a hash already cached for ``model_id`` keeps its first vector."""
        self._w(lambda c: write_vectors(c, model_id, vectors))

    # -- reports -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts for ``curate stats``: items, labelled, by label, by annotator, by origin."""

        def fn(c: sa.Connection) -> dict[str, Any]:
            n_items = c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar()
            by_origin = {
                r[0]: r[1]
                for r in c.execute(sa.select(t.items.c.origin, sa.func.count()).group_by(t.items.c.origin))
            }
            by_status = {
                r[0]: r[1]
                for r in c.execute(
                    sa.select(t.items.c.status, sa.func.count())
                    .where(t.items.c.origin == "synthetic")
                    .group_by(t.items.c.status)
                )
            }
            # Only accepted items count as labelled: pending or rejected synthetic candidates do not.
            rows = list(
                c.execute(
                    sa.select(t.current.c.item_id, t.current.c.annotator, t.current.c.labels_json)
                    .join(t.items, t.items.c.id == t.current.c.item_id)
                    .where(t.current.c.kind != "skip", t.items.c.status == "accepted")
                )
            )
            labelled = {r.item_id for r in rows}
            by_annotator = Counter(r.annotator for r in rows)
            per_item: dict[str, set[str]] = {}
            for r in rows:
                per_item.setdefault(r.item_id, set()).update(json.loads(r.labels_json))
            by_label: Counter[str] = Counter()
            for labels in per_item.values():
                by_label.update(labels)
            events = c.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()
            return {
                "items": int(n_items or 0),
                "labelled": len(labelled),
                "by_label": dict(sorted(by_label.items())),
                "by_annotator": dict(sorted(by_annotator.items())),
                "by_origin": {k: int(v) for k, v in sorted(by_origin.items())},
                "synthetic_by_status": {k: int(v) for k, v in sorted(by_status.items())},
                "events": int(events or 0),
            }

        return self._r(fn)

    # -- search (queries in curate.store.search) ----------------------------------------
    def search_items(
        self, *, contains: Sequence[str] = (), equals: Mapping[str, Sequence[str]] | None = None
    ) -> list[Item]:
        """Items narrowed in SQL: text holding every ``contains`` string, columns equal to ``equals``."""
        from curate.store.search import search_items

        return self._r(lambda c: search_items(c, contains=contains, equals=equals))

    def item_facets(self, item_ids: Iterable[str] | None = None) -> dict[str, dict[str, set[str]]]:
        """Each item's annotators, assignees and batch ids (see :func:`curate.store.search.item_facets`)."""
        from curate.store.search import item_facets

        return self._r(lambda c: item_facets(c, item_ids))
