"""Engines and transactions: SQLite (WAL, FULL sync, immediate write locks) or PostgreSQL."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc

from curate.errors import ProjectError

__all__ = ["make_engine", "read", "to_url", "write"]

T = TypeVar("T")

#: Total time a writer waits for a lock held by another process before giving up.
LOCK_PATIENCE_S = 120.0


def to_url(path_or_url: str | Path) -> str:
    """A database URL for a project path (SQLite file) or an SQLAlchemy URL."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def make_engine(url: str) -> sa.Engine:
    """An engine whose transactions are safe for many threads and processes."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_pre_ping=False,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Take transaction control from pysqlite so BEGIN IMMEDIATE can be used.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            if conn.get_execution_options().get("curate_write"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as err:
        raise ProjectError(
            f"cannot use database URL {url!r}: {err}. Give a file path for SQLite, or "
            "postgresql://user:password@host/dbname with psycopg2 installed"
        ) from None


def _is_lock_error(err: BaseException) -> bool:
    text = str(err).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock" in text


def with_retry(engine: sa.Engine, fn: Callable[[sa.Connection], T], *, write: bool) -> T:
    """Run ``fn`` in one transaction, retrying with backoff while the database is locked."""
    deadline = time.monotonic() + LOCK_PATIENCE_S
    delay = 0.005
    while True:
        try:
            with engine.connect() as conn:
                if write:
                    conn = conn.execution_options(curate_write=True)
                with conn.begin():
                    return fn(conn)
        except exc.OperationalError as err:
            if not _is_lock_error(err) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)


@contextmanager
def write(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction without retry, for callers that retry as a whole."""
    with engine.connect() as conn:
        conn = conn.execution_options(curate_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn
