"""The project store: one database per project, every write one transaction.

Annotation events are append-only. ``current_labels`` holds, per item and
annotator, the state the events lead to; it is written in the same
transaction as each event, so it is never out of step with the log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy import exc

from curate.errors import NotFoundError, ProjectError, SchemaVersionError, TaskSpecError
from curate.schema import Item, TaskSpec
from curate.spans.spec import SpanTaskSpec, task_from_dict
from curate.store import tables as t
from curate.store.base import LabelInputs, now
from curate.store.engine import make_engine, to_url, with_retry
from curate.store.items import ItemStore
from curate.store.migrations import apply_migrations, stored_version
from curate.store.pii import PiiStore
from curate.store.pool import PoolStore
from curate.store.queue import QueueStore
from curate.store.reports import ReportStore
from curate.store.vectors import read_vectors, write_vectors

__all__ = ["LabelInputs", "Store", "now"]


class Store(ItemStore, QueueStore, PoolStore, PiiStore, ReportStore):
    """Persistence for one project.  Thread-safe: every call takes its own connection.

    Use :meth:`create` or :meth:`open`; the constructor is internal.  The queries
    live by table family in ``items``, ``events``, ``queue``, ``pool`` (which items may be
    selected and served), ``pii`` and ``reports``.
    """

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def create(cls, path_or_url: Any, spec: TaskSpec | SpanTaskSpec) -> Store:
        url = to_url(path_or_url)
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
        except exc.OperationalError as err:
            raise ProjectError(f"cannot create a project at {path_or_url}: {err.orig}") from None
        if exists:
            raise ProjectError(
                f"a project already exists at {path_or_url}: open it (Project.open() in Python; "
                "`curate` commands take its path) instead of creating it, or choose another path"
            )
        t.metadata.create_all(engine)
        store = cls(engine, url)

        def init(conn: sa.Connection) -> None:
            from curate._version import __version__

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

    # -- task specs ----------------------------------------------------------------
    def spec(self, version: int | None = None) -> TaskSpec:
        """The classification task spec (latest version by default).

        Raises :class:`~curate.errors.TaskSpecError` on a span project: callers that
        handle both kinds read :meth:`task`.
        """
        task = self.task(version)
        if isinstance(task, SpanTaskSpec):
            raise TaskSpecError(
                f"task {task.name!r} is a span task (kind: spans), which this step does not handle: "
                "use project.span_spec / project.spans() for span annotation"
            )
        return task

    def kind(self) -> str:
        """``classification`` or ``spans``: the kind of the task in force."""
        return "spans" if isinstance(self.task(), SpanTaskSpec) else "classification"

    def task(self, version: int | None = None) -> TaskSpec | SpanTaskSpec:
        """The stored task spec of either kind (latest version by default)."""

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
        return task_from_dict(json.loads(raw), source="stored task spec")

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
        new = self.add_task(spec)
        assert isinstance(new, TaskSpec)
        return new

    def add_task(self, spec: TaskSpec | SpanTaskSpec) -> TaskSpec | SpanTaskSpec:
        """Store a task spec of either kind as the next version (its own version number is replaced).

        A project keeps its kind: a span project takes span specs only, and the other way round.
        """

        def fn(c: sa.Connection) -> TaskSpec | SpanTaskSpec:
            latest_raw = c.execute(
                sa.select(t.task_specs.c.spec_json).order_by(t.task_specs.c.version.desc()).limit(1)
            ).scalar()
            if latest_raw is not None:
                was = json.loads(latest_raw).get("kind", "classification")
                now_kind = "spans" if isinstance(spec, SpanTaskSpec) else "classification"
                if was != now_kind:
                    raise TaskSpecError(
                        f"this project's task is of kind {was!r}; a {now_kind!r} spec cannot replace it: "
                        "create a new project for the other kind"
                    )
            latest = c.execute(sa.select(sa.func.max(t.task_specs.c.version))).scalar() or 0
            new = task_from_dict({**spec.to_dict(), "version": latest + 1})
            c.execute(
                sa.insert(t.task_specs).values(
                    version=new.version, spec_json=json.dumps(new.to_dict()), created_at=now()
                )
            )
            return new

        return self._w(fn)

    # -- embeddings cache ----------------------------------------------------------------
    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors of ``model_id`` for the given content hashes (missing ones left out)."""
        return self._r(lambda c: read_vectors(c, model_id, hashes))

    def put_embeddings(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Cache vectors; a hash already cached for ``model_id`` keeps its first vector."""
        self._w(lambda c: write_vectors(c, model_id, vectors))

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
