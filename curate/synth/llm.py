"""The LLM generator: candidates written by a language model, prompted with expert-labelled exemplars.

:class:`LLMGenerator` builds a chat prompt from the label's definition, the
task's guidelines and a few real exemplars of the label, in one of two
modes: ``new`` (write a new instance of this label) or ``paraphrase``
(rewrite one exemplar, keeping every fact).  It asks a :class:`ChatBackend`:

* :class:`OpenAIChatBackend`: any OpenAI-compatible ``/chat/completions``
  endpoint (vLLM, Ollama, llama.cpp's server, TGI, hosted APIs).  The API key
  is read from an environment variable at call time; it is never stored,
  logged or written to provenance, and the recorded endpoint carries no
  credentials or query string.  Timeouts, retries with back-off, and a
  :class:`LLMUnavailable` error naming the endpoint when it does not answer.
* :class:`TransformersBackend`: a local ``transformers`` causal LM folder (never downloads).

Every candidate's provenance records the model, the endpoint, the hash of the
prompt template and of the filled prompt, the exemplar ids, the mode and the
sampling parameters (temperature, top_p, max_tokens, seed).  Candidates go
through the same constraints as every other generator's; the workflow stores
nothing until every candidate has been written, so a failing endpoint leaves
nothing half-stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from curate.errors import CurateError
from curate.synth.generators import Exemplar, SynthRequest, unique_candidates
from curate.synth.provenance import Candidate, candidate_id, make_provenance

__all__ = [
    "MODES",
    "ChatBackend",
    "LLMGenerator",
    "LLMUnavailable",
    "OpenAIChatBackend",
    "TransformersBackend",
    "build_messages",
    "llm_generator",
    "public_endpoint",
]

MODES = ("new", "paraphrase")

SYSTEM = (
    "You write training examples for a text classifier. Reply with the example text only: no preamble, "
    "no quotes, no numbering. Invent every name, company, date and contact detail; never copy real people. "
    "Do not add any drug, dose, route, diagnosis, procedure, statute or number that the examples do not contain."
)
NEW = (
    'Category: "{label}"\n'
    "Definition: {definition}\n"
    "{guidelines}"
    "Real examples of this category:\n{examples}\n\n"
    "Write one new, different example of this category, in the same style and length."
)
PARAPHRASE = (
    'Category: "{label}"\n'
    "Definition: {definition}\n"
    "{guidelines}"
    "Rewrite the text below in different words. Keep its meaning, its category and every fact "
    "(drugs, doses, diagnoses, procedures, statutes, numbers) exactly; change names and wording only.\n\n"
    "Text: {examples}"
)
#: The prompt templates' hash, recorded in provenance: a change of wording is a new generator setting.
TEMPLATE_SHA256 = {
    mode: hashlib.sha256((SYSTEM + "\x1f" + tpl).encode("utf-8")).hexdigest()
    for mode, tpl in (("new", NEW), ("paraphrase", PARAPHRASE))
}


class LLMUnavailable(CurateError):
    """The LLM endpoint or model cannot be reached or loaded."""


def public_endpoint(url: str) -> str:
    """``url`` without user info, query string or fragment (tokens often hide there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


@runtime_checkable
class ChatBackend(Protocol):
    """Answers a chat; the same seed gives the same answer where the backend supports seeding."""

    @property
    def model_id(self) -> str: ...

    @property
    def endpoint(self) -> str: ...

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        seed: int,
        temperature: float,
        top_p: float,
        max_tokens: int,
    ) -> str: ...


class OpenAIChatBackend:
    """An OpenAI-compatible chat completions endpoint.

    Parameters
    ----------
    base_url
        E.g. ``http://localhost:8000/v1`` (``/chat/completions`` is appended).
    model
        The model name the server knows.
    api_key_env
        Name of the environment variable holding the API key (``None``: no key).
        The key itself is read at each call and never kept.
    timeout
        Seconds per request.
    retries
        Further tries after a timeout, a connection error, HTTP 429 or 5xx.
    backoff
        Seconds before the first retry, doubled each time.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key_env: str | None = None,
        timeout: float = 60.0,
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self.api_key_env = api_key_env
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    @property
    def model_id(self) -> str:
        return self.model

    @property
    def endpoint(self) -> str:
        return public_endpoint(self.base_url)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.api_key_env:
            key = os.environ.get(self.api_key_env)
            if not key:
                raise CurateError(
                    f"environment variable {self.api_key_env} holds no API key: set it, or leave out "
                    "--llm-key-env for a server without one"
                )
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        seed: int,
        temperature: float,
        top_p: float,
        max_tokens: int,
    ) -> str:
        body = json.dumps(
            {
                "model": self.model,
                "messages": list(messages),
                "temperature": temperature,
                "top_p": top_p,
                "max_tokens": max_tokens,
                "seed": seed,
                "n": 1,
            }
        ).encode("utf-8")
        url = self.base_url.rstrip("/") + "/chat/completions"
        if urlsplit(url).scheme not in ("http", "https"):
            raise CurateError(
                f"LLM URL {self.endpoint!r} is not an http(s) URL, e.g. http://localhost:8000/v1"
            )
        where = f"the LLM endpoint {self.endpoint} (model {self.model!r})"
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            req = urllib.request.Request(url, data=body, headers=self._headers(), method="POST")  # noqa: S310 (http(s) checked above)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) checked)
                    data = json.loads(resp.read().decode("utf-8"))
            except urllib.error.HTTPError as err:
                if err.code == 429 or err.code >= 500:
                    last = f"HTTP {err.code}"
                    continue
                detail = err.read()[:300].decode("utf-8", "replace")
                raise LLMUnavailable(
                    f"{where} refused the request (HTTP {err.code}: {detail}); check the model name, "
                    "the URL (it should end in /v1) and the API key variable"
                ) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
                reason = getattr(err, "reason", err)
                last = f"{type(reason).__name__}: {reason}"
                continue
            except json.JSONDecodeError:
                raise LLMUnavailable(f"{where} answered with something that is not JSON") from None
            try:
                return str(data["choices"][0]["message"]["content"] or "")
            except (KeyError, IndexError, TypeError):
                raise LLMUnavailable(
                    f"{where} answered without choices[0].message.content: is it an OpenAI-compatible "
                    "chat endpoint?"
                ) from None
        raise LLMUnavailable(
            f"{where} did not answer after {self.retries + 1} tries ({last}); start the server or fix "
            "--llm-url. Nothing was stored."
        )


class TransformersBackend:
    """A local ``transformers`` causal language model, loaded from ``path`` on first use (never downloads).

    Parameters
    ----------
    path
        Folder of a causal language model (config, tokenizer and weights).
    device
        ``"cpu"``, ``"cuda"``... or ``None`` for a GPU when present.
    """

    def __init__(self, path: str | Path, *, device: str | None = None) -> None:
        self.path = path
        self.device = device
        self.model_: Any = None
        self.tokenizer_: Any = None

    @property
    def model_id(self) -> str:
        return f"transformers:{Path(self.path).name}"

    @property
    def endpoint(self) -> str:
        return "local"

    def _load(self) -> None:
        if self.model_ is not None:
            return
        if not Path(self.path).is_dir():
            raise LLMUnavailable(
                f"no model folder at {self.path}: give the path of a local causal language model"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from transformers import AutoModelForCausalLM, AutoTokenizer

        try:
            self.tokenizer_ = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
            model: Any = AutoModelForCausalLM.from_pretrained(str(self.path), local_files_only=True)
        except Exception as err:  # transformers raises many kinds here
            raise LLMUnavailable(f"cannot load a causal language model from {self.path}: {err}") from None
        import torch

        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model_ = model.to(device).eval()

    def _prompt(self, messages: Sequence[dict[str, str]]) -> str:
        if getattr(self.tokenizer_, "chat_template", None):
            return str(
                self.tokenizer_.apply_chat_template(
                    list(messages), tokenize=False, add_generation_prompt=True
                )
            )
        return "\n\n".join(m["content"] for m in messages) + "\n\n"

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        seed: int,
        temperature: float,
        top_p: float,
        max_tokens: int,
    ) -> str:
        self._load()
        import torch

        # transformers samples from torch's RNG; seeding it per call makes each completion repeatable.
        torch.manual_seed(seed)
        enc = self.tokenizer_(self._prompt(messages), return_tensors="pt").to(self.model_.device)
        pad = self.tokenizer_.pad_token_id
        if pad is None:
            pad = self.tokenizer_.eos_token_id
        with torch.no_grad():
            out = self.model_.generate(
                **enc,
                max_new_tokens=max_tokens,
                do_sample=temperature > 0,
                temperature=max(temperature, 1e-5),
                top_p=top_p,
                pad_token_id=pad,
            )
        return str(self.tokenizer_.decode(out[0, enc["input_ids"].shape[1] :], skip_special_tokens=True))


def build_messages(request: SynthRequest, picked: Sequence[Exemplar], *, mode: str) -> list[dict[str, str]]:
    """The chat messages for one candidate (system rules + the filled template)."""
    guidelines = f"Guidelines: {request.guidelines.strip()}\n" if request.guidelines.strip() else ""
    paraphrase = mode == "paraphrase"
    user = (PARAPHRASE if paraphrase else NEW).format(
        label=request.label,
        definition=request.definition or "(none given)",
        guidelines=guidelines,
        examples=picked[0].text if paraphrase else "\n".join(f"- {ex.text}" for ex in picked),
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


_PREAMBLE = re.compile(
    r"^(?:(?:new |rewritten )?(?:example|text|answer)\s*\d*\s*:|here is[^:]*:)\s*", re.IGNORECASE
)


def _clean(raw: str) -> str:
    text = " ".join(raw.strip().split())
    text = _PREAMBLE.sub("", text).strip()
    if text.startswith("- "):
        text = text[2:]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1].strip()
    return text


class LLMGenerator:
    """Candidates written by a language model from a label's definition, guidelines and exemplars.

    Parameters
    ----------
    backend
        A :class:`ChatBackend` (:class:`OpenAIChatBackend`, :class:`TransformersBackend`).
    mode
        ``"new"`` (a new instance of the label, few-shot) or ``"paraphrase"``
        (one exemplar rewritten, facts kept).
    n_shots
        Exemplars shown in each ``new`` prompt (drawn per candidate).
    temperature, top_p, max_tokens
        Sampling parameters, recorded in each candidate's provenance.
    """

    name = "llm"
    version = "2"

    def __init__(
        self,
        backend: ChatBackend,
        *,
        mode: str = "new",
        n_shots: int = 4,
        temperature: float = 0.8,
        top_p: float = 0.95,
        max_tokens: int = 200,
    ) -> None:
        self.backend = backend
        self.mode = mode
        self.n_shots = n_shots
        self.temperature = temperature
        self.top_p = top_p
        self.max_tokens = max_tokens

    def generate(self, request: SynthRequest, n: int, *, random_state: int | None = None) -> list[Candidate]:
        """Up to ``n`` distinct candidates; raises :class:`LLMUnavailable` (before anything is kept) on failure."""
        if self.mode not in MODES:
            raise CurateError(f"LLM mode {self.mode!r} is not one of {', '.join(MODES)}")
        if not request.exemplars:
            raise CurateError(
                f"the llm generator needs expert-labelled items of {request.label!r} as exemplars: label a few first"
            )
        return unique_candidates(self.make_one, request, n, random_state, name=self.name)

    def make_one(self, request: SynthRequest, seed: int) -> Candidate | None:
        """The candidate ``seed`` gives (None when the model wrote nothing new)."""
        rng = np.random.default_rng(seed)
        k = 1 if self.mode == "paraphrase" else min(self.n_shots, len(request.exemplars))
        picked = [
            request.exemplars[int(i)] for i in rng.choice(len(request.exemplars), size=k, replace=False)
        ]
        messages = build_messages(request, picked, mode=self.mode)
        sampling: dict[str, Any] = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
        }
        raw = self.backend.chat(messages, seed=seed, **sampling)
        text = _clean(raw)
        if not text or text in {ex.text for ex in request.exemplars}:
            return None
        details = {
            "model": self.backend.model_id,
            "endpoint": self.backend.endpoint,
            "mode": self.mode,
            "prompt_template_sha256": TEMPLATE_SHA256[self.mode],
            "prompt_sha256": hashlib.sha256(json.dumps(messages).encode("utf-8")).hexdigest(),
            "exemplar_ids": [ex.id for ex in picked],
            "sampling": {**sampling, "seed": seed},
        }
        prov = make_provenance(
            generator=self.name, version=self.version, seed=seed, details=details, text=text
        )
        return Candidate(id=candidate_id(text), text=text, label=request.label, provenance=prov)


def llm_generator(
    *,
    url: str | None = None,
    model: str | None = None,
    path: str | Path | None = None,
    api_key_env: str | None = None,
    mode: str = "new",
    temperature: float = 0.8,
    timeout: float = 60.0,
    retries: int = 2,
    max_tokens: int = 200,
) -> LLMGenerator:
    """An :class:`LLMGenerator` over an endpoint (``url`` + ``model``) or a local model folder (``path``)."""
    if path is not None and url is not None:
        raise CurateError(
            "give either --llm-url (an endpoint) or --llm-path (a local model folder), not both"
        )
    if path is not None:
        backend: ChatBackend = TransformersBackend(path)
    elif url is not None:
        if not model:
            raise CurateError("--llm-url needs --llm-model NAME (the model name the server knows)")
        backend = OpenAIChatBackend(url, model, api_key_env=api_key_env, timeout=timeout, retries=retries)
    else:
        raise CurateError("the llm generator needs --llm-url URL --llm-model NAME, or --llm-path FOLDER")
    return LLMGenerator(backend, mode=mode, temperature=temperature, max_tokens=max_tokens)
