"""Embeddings of a project's texts through its store's cache: the one encode-with-cache helper."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from curate.embed import Embedder
    from curate.store import Store

__all__ = ["default_embedder", "encode", "item_embeddings"]


def default_embedder(embedder: Embedder | None = None) -> Embedder:
    """``embedder``, or the offline default sentence-transformers model."""
    if embedder is not None:
        return embedder
    from curate.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(show_progress=False)


def encode(store: Store, texts: Sequence[str], embedder: Embedder | None = None) -> tuple[np.ndarray, int]:
    """Encode ``texts`` (float32 matrix in input order), encoding only what ``store`` has not cached.

    Returns the matrix and how many texts were encoded now.
    """
    from curate.embed import cached_encode

    return cached_encode(
        list(texts), default_embedder(embedder), get=store.get_embeddings, put=store.put_embeddings
    )


def item_embeddings(
    store: Store, item_ids: Iterable[str] | None = None, *, embedder: Embedder | None = None
) -> tuple[list[str], np.ndarray]:
    """The item ids (all items by default) and their embeddings, one row per id."""
    items = store.items(item_ids)
    matrix, _ = encode(store, [it.text for it in items], embedder)
    return [it.id for it in items], matrix
