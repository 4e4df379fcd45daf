"""The embeddings cache: vectors keyed by (model id, content hash).

One implementation serves both places vectors are kept: a project's store
(:meth:`Store.get_embeddings` / :meth:`Store.put_embeddings`) and a
stand-alone :class:`EmbeddingCache` file for texts outside any project
(``curate simulate`` on a labelled file, benchmarks).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy import exc

from curate.errors import CurateError
from curate.store import tables as t
from curate.store.engine import make_engine, to_url, with_retry

__all__ = ["EmbeddingCache", "count_vectors", "default_cache_path", "read_vectors", "write_vectors"]


def read_vectors(c: sa.Connection, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """Cached vectors of ``model_id`` for the given content hashes (missing ones left out)."""
    out: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(hashes))
    for chunk in range(0, len(unique), 500):
        q = sa.select(t.embeddings).where(
            t.embeddings.c.model_id == model_id,
            t.embeddings.c.content_hash.in_(unique[chunk : chunk + 500]),
        )
        for r in c.execute(q):
            out[r.content_hash] = np.frombuffer(r.vector, dtype=np.float32, count=r.dim)
    return out


def write_vectors(c: sa.Connection, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
    """Store vectors; hashes already cached for ``model_id`` keep their first vector."""
    have = set(read_vectors(c, model_id, list(vectors)))
    rows = [
        {
            "model_id": model_id,
            "content_hash": h,
            "dim": int(v.shape[0]),
            "vector": np.ascontiguousarray(v, dtype=np.float32).tobytes(),
        }
        for h, v in vectors.items()
        if h not in have
    ]
    for chunk in range(0, len(rows), 2000):
        c.execute(sa.insert(t.embeddings), rows[chunk : chunk + 2000])


def count_vectors(c: sa.Connection, model_id: str | None = None) -> int:
    q = sa.select(sa.func.count()).select_from(t.embeddings)
    if model_id is not None:
        q = q.where(t.embeddings.c.model_id == model_id)
    return int(c.execute(q).scalar() or 0)


def default_cache_path() -> Path:
    """Where :class:`EmbeddingCache` keeps vectors by default.

    ``$CURATE_CACHE_DIR/embeddings.sqlite`` when that variable is set, else
    ``~/.cache/curate/embeddings.sqlite``.
    """
    root = os.environ.get("CURATE_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "curate"
    return base / "embeddings.sqlite"


class EmbeddingCache:
    """Vectors in a SQLite file outside any project, in the same table a project uses.

    Its :meth:`get` and :meth:`put` plug into :func:`curate.embed.cached_encode`
    as the project store's do.  Safe to share between threads and processes.

    Parameters
    ----------
    path
        The SQLite file; created with its folder when missing.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._engine: sa.Engine | None = None

    def _open(self) -> sa.Engine:
        if self._engine is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                engine = make_engine(to_url(self.path))
                t.embeddings.create(engine, checkfirst=True)
            except (OSError, exc.SQLAlchemyError) as err:
                raise CurateError(
                    f"cannot use the embedding cache {self.path}: {err}. Give a writable file (--cache PATH)"
                ) from None
            self._engine = engine
        return self._engine

    def get(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return with_retry(self._open(), lambda c: read_vectors(c, model_id, hashes), write=False)

    def put(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        with_retry(self._open(), lambda c: write_vectors(c, model_id, vectors), write=True)

    def count(self, model_id: str | None = None) -> int:
        """Number of cached vectors (of one model, or all)."""
        return with_retry(self._open(), lambda c: count_vectors(c, model_id), write=False)
