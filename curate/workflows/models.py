"""Models loaded once per kernel: the default embedder, shared by every call that needs one.

Loading MiniLM takes seconds; a notebook that refits, selects and generates
should pay that once, not on every call.  :func:`shared_embedder` returns the
same :class:`~curate.embed.SentenceTransformerEmbedder` for the same model and
device for the life of the process (the one deliberate process-wide cache in
curate: the weights are read-only, so sharing them is safe).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from curate.embed import Embedder

__all__ = ["shared_embedder"]


@functools.cache
def shared_embedder(model: str | None = None, device: str | None = None) -> Embedder:
    """The embedder for ``model`` (None: the bundled MiniLM) on ``device``, built once per process.

    Examples
    --------
    >>> shared_embedder() is shared_embedder()   # doctest: +SKIP
    True
    """
    from curate.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model, device=device)
