"""A pluggable LLM backend for synthetic candidates (optional).

:class:`LLMGenerator` asks a :class:`TextBackend` for texts of the target
label, prompted with the label's definition and a few real exemplars.  Its
candidates go through the same constraints and carry the same provenance
as the other generators' (model id, prompt hash, exemplar ids, seed).

:class:`TransformersBackend` runs a local ``transformers`` text-generation
model given by folder path; it never downloads.  Not exercised by the tests
(no generative model ships with curate).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.synth.generators import SynthRequest, unique_candidates
from curate.synth.provenance import Candidate, candidate_id, make_provenance

__all__ = ["LLMGenerator", "TextBackend", "TransformersBackend"]

PROMPT = (
    'Write one new example of the category "{label}".\n'
    "Definition: {definition}\n"
    "Examples:\n{examples}\n"
    "New example (same style, invented names, no real people):\n"
)


@runtime_checkable
class TextBackend(Protocol):
    """Completes a prompt; the same seed gives the same completion."""

    @property
    def model_id(self) -> str: ...

    def complete(self, prompt: str, *, seed: int, max_new_tokens: int) -> str: ...


class TransformersBackend:
    """A local ``transformers`` text-generation model, loaded from ``path`` on first use.

    Parameters
    ----------
    path
        Folder of a causal language model (config, tokenizer and weights).
    device
        ``"cpu"``, ``"cuda"``... or ``None`` for a GPU when present.
    temperature
        Sampling temperature.
    """

    def __init__(self, path: str | Path, *, device: str | None = None, temperature: float = 0.9) -> None:
        self.path = path
        self.device = device
        self.temperature = temperature
        self._pipe: Any = None

    @property
    def model_id(self) -> str:
        return f"transformers:{Path(self.path).name}"

    def _load(self) -> Any:
        if self._pipe is None:
            if not Path(self.path).is_dir():
                raise CurateError(
                    f"no model folder at {self.path}: give the path of a local text-generation model"
                )
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from transformers import pipeline

            try:
                self._pipe = pipeline("text-generation", model=str(self.path), device=self.device)
            except Exception as err:  # transformers raises many kinds here
                raise CurateError(f"cannot load text-generation model {self.path}: {err}") from None
        return self._pipe

    def complete(self, prompt: str, *, seed: int, max_new_tokens: int) -> str:
        pipe = self._load()
        import torch

        # transformers samples from torch's RNG; seeding it per call makes each completion repeatable.
        torch.manual_seed(seed)
        out = pipe(
            prompt,
            max_new_tokens=max_new_tokens,
            do_sample=True,
            temperature=self.temperature,
            return_full_text=False,
        )
        return str(out[0]["generated_text"])


class LLMGenerator:
    """Candidates written by a language model, prompted with a definition and exemplars.

    Parameters
    ----------
    backend
        Any :class:`TextBackend`.
    n_shots
        Exemplars shown in each prompt (drawn per candidate).
    max_new_tokens
        Length limit of each completion.
    """

    name = "llm"
    version = "1"

    def __init__(self, backend: TextBackend, *, n_shots: int = 3, max_new_tokens: int = 160) -> None:
        self.backend = backend
        self.n_shots = n_shots
        self.max_new_tokens = max_new_tokens

    def generate(self, request: SynthRequest, n: int, *, random_state: int | None = None) -> list[Candidate]:
        return unique_candidates(self.make_one, request, n, random_state, name=self.name)

    def make_one(self, request: SynthRequest, seed: int) -> Candidate | None:
        rng = np.random.default_rng(seed)
        k = min(self.n_shots, len(request.exemplars))
        picked = (
            [request.exemplars[int(i)] for i in rng.choice(len(request.exemplars), size=k, replace=False)]
            if k
            else []
        )
        prompt = PROMPT.format(
            label=request.label,
            definition=request.definition or "(none given)",
            examples="\n".join(f"- {ex.text}" for ex in picked) or "- (none)",
        )
        raw = self.backend.complete(prompt, seed=seed, max_new_tokens=self.max_new_tokens)
        text = " ".join(raw.strip().splitlines()[0].split()) if raw.strip() else ""
        if not text:
            return None
        details = {
            "model_id": self.backend.model_id,
            "prompt_sha256": hashlib.sha256(prompt.encode("utf-8")).hexdigest(),
            "exemplar_ids": [ex.id for ex in picked],
        }
        prov = make_provenance(
            generator=self.name, version=self.version, seed=seed, details=details, text=text
        )
        return Candidate(id=candidate_id(text), text=text, label=request.label, provenance=prov)
