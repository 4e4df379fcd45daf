"""The LLM generator over a real HTTP client and a real (tiny) transformers model.

No generative model installs from the package registries here (llama-cpp-python has no
prebuilt wheel and no GGUF model ships in a package), so the OpenAI-compatible endpoint is a
loopback server these tests start: the real client, real HTTP, real retries and timeouts.
The local path runs a real transformers causal LM, a tiny one built in the test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest

from curate.cli import main
from curate.errors import CurateError
from curate.synth.generators import Exemplar, SynthRequest
from curate.synth.llm import (
    TEMPLATE_SHA256,
    LLMGenerator,
    LLMUnavailable,
    OpenAIChatBackend,
    TransformersBackend,
    llm_generator,
    public_endpoint,
)

EXEMPLARS = tuple(
    Exemplar(id=f"r{i}", text=t)
    for i, t in enumerate(
        [
            "Any dispute shall be resolved by binding arbitration in London.",
            "All claims must be settled by an arbitrator under the ICC rules.",
            "You agree that disputes go to arbitration, not to court.",
            "Arbitration will be held in English before a single arbitrator.",
        ]
    )
)
REQUEST = SynthRequest(label="arbitration", exemplars=EXEMPLARS, definition="Disputes go to arbitration.")


class Server:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that recombines the prompt's examples."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0  # answer this many requests with HTTP 503 first
        self.delay = 0.0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                if outer.delay:
                    threading.Event().wait(outer.delay)
                if outer.fail_next:
                    outer.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                user = body["messages"][-1]["content"]
                lines = [ln[2:] for ln in user.splitlines() if ln.startswith("- ")]
                rng = np.random.default_rng(body["seed"])
                if lines:  # new: the first half of one example, the second half of another
                    a, b = (lines[int(i)].split() for i in rng.integers(len(lines), size=2))
                    text = " ".join(a[: len(a) // 2] + b[len(b) // 2 :])
                else:  # paraphrase: the text after "Text: ", its halves swapped
                    w = user.rsplit("Text: ", 1)[-1].split()
                    text = " ".join(w[len(w) // 2 :] + w[: len(w) // 2])
                data = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": f"Example: {text}"}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _dead_url() -> str:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = srv.server_address[1]
    srv.server_close()  # nothing listens there now
    return f"http://127.0.0.1:{port}/v1"


def test_endpoint_candidates_record_model_endpoint_prompt_and_sampling_but_never_the_key(server, monkeypatch):
    monkeypatch.setenv("TEST_LLM_KEY", "sk-secret-123")
    url = server.url + "?token=abc"  # a token in the query string must not be recorded either
    gen = LLMGenerator(
        OpenAIChatBackend(url.split("?")[0], "tiny-chat", api_key_env="TEST_LLM_KEY"),
        n_shots=2,
        temperature=0.7,
    )
    cands = gen.generate(REQUEST, 3, random_state=1)
    assert len(cands) == 3
    assert server.requests[0]["auth"] == "Bearer sk-secret-123"
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert server.requests[0]["temperature"] == 0.7 and server.requests[0]["model"] == "tiny-chat"
    user = server.requests[0]["messages"][-1]["content"]
    assert "Disputes go to arbitration." in user and user.count("\n- ") == 2
    for c in cands:
        d = c.provenance.details
        assert d["model"] == "tiny-chat" and d["endpoint"] == server.url
        assert d["prompt_template_sha256"] == TEMPLATE_SHA256["new"] and d["mode"] == "new"
        assert d["sampling"]["temperature"] == 0.7 and d["sampling"]["seed"] == c.provenance.seed
        assert len(d["exemplar_ids"]) == 2 and set(d["exemplar_ids"]) <= {e.id for e in EXEMPLARS}
        assert not c.text.startswith("Example:")  # the model's preamble is cut
        assert "sk-secret" not in json.dumps(c.to_dict())
    # Same seed, same prompts and sampling parameters, so a seeded server gives the same texts.
    assert [c.text for c in gen.generate(REQUEST, 3, random_state=1)] == [c.text for c in cands]
    assert public_endpoint("https://user:pw@api.example.com/v1/?key=x#f") == "https://api.example.com/v1"


def test_paraphrase_mode_rewrites_one_exemplar(server):
    gen = LLMGenerator(OpenAIChatBackend(server.url, "m"), mode="paraphrase")
    cands = gen.generate(REQUEST, 2, random_state=3)
    assert cands
    for c in cands:
        assert len(c.provenance.details["exemplar_ids"]) == 1
        assert c.provenance.details["prompt_template_sha256"] == TEMPLATE_SHA256["paraphrase"]
    assert "Rewrite the text below" in server.requests[0]["messages"][-1]["content"]


def test_retries_after_server_errors_then_succeeds(server):
    server.fail_next = 2
    backend = OpenAIChatBackend(server.url, "m", retries=2, backoff=0.01)
    assert LLMGenerator(backend).generate(REQUEST, 1, random_state=0)
    assert len(server.requests) == 3


def test_timeout_and_dead_endpoint_raise_a_clear_error(server):
    server.delay = 1.0
    slow = OpenAIChatBackend(server.url, "m", timeout=0.2, retries=1, backoff=0.01)
    with pytest.raises(LLMUnavailable, match=r"did not answer after 2 tries"):
        LLMGenerator(slow).generate(REQUEST, 1, random_state=0)
    dead = _dead_url()
    with pytest.raises(LLMUnavailable, match=f"endpoint {dead}.*start the server or fix --llm-url"):
        LLMGenerator(OpenAIChatBackend(dead, "m", retries=0)).generate(REQUEST, 1, random_state=0)


def test_missing_key_variable_and_bad_settings_are_named(server, monkeypatch):
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(CurateError, match="NO_SUCH_KEY_VAR holds no API key"):
        LLMGenerator(OpenAIChatBackend(server.url, "m", api_key_env="NO_SUCH_KEY_VAR")).generate(
            REQUEST, 1, random_state=0
        )
    with pytest.raises(CurateError, match="needs --llm-model"):
        llm_generator(url=server.url)
    with pytest.raises(CurateError, match="needs expert-labelled items"):
        llm_generator(url=server.url, model="m").generate(SynthRequest(label="x"), 1, random_state=0)
    with pytest.raises(CurateError, match="no model folder"):
        llm_generator(path="/nonexistent/model").generate(REQUEST, 1, random_state=0)


@pytest.mark.slow
def test_cli_llm_generator_stores_checked_candidates_and_a_dead_endpoint_stores_nothing(
    labelled_legal, server, capsys
):
    db = labelled_legal.store.url.removeprefix("sqlite:///")
    n_items = len(labelled_legal)
    argv = ["synth", db, "--label", "arbitration", "--n", "4", "--generator", "llm", "--random-state", "1"]
    code = main([*argv, "--llm-url", server.url, "--llm-model", "tiny-chat", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    cands = json.loads(out)
    assert cands and all(c["provenance"]["generator"] == "llm" for c in cands)
    assert all("no_new_statute" in c["constraints"] for c in cands)  # legal text: safety on by default
    stored = sum(c["status"] == "pending" for c in cands)
    assert len(labelled_legal) == n_items + stored
    code = main([*argv, "--llm-url", _dead_url(), "--llm-model", "tiny-chat", "--llm-timeout", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "did not answer" in err and "Nothing was stored" in err
    assert len(labelled_legal) == n_items + stored


@pytest.mark.slow
def test_local_transformers_model_writes_seeded_candidates(tmp_path):
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(
        [e.text for e in EXEMPLARS] * 3, trainers.WordLevelTrainer(special_tokens=["[UNK]", "[EOS]"])
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", eos_token="[EOS]")
    torch.manual_seed(0)
    model = GPT2LMHeadModel(
        GPT2Config(vocab_size=len(fast), n_positions=512, n_embd=32, n_layer=2, n_head=2, eos_token_id=1)
    )
    model.save_pretrained(tmp_path / "tiny")
    fast.save_pretrained(tmp_path / "tiny")
    gen = llm_generator(path=tmp_path / "tiny", max_tokens=12)
    cands = gen.generate(REQUEST, 2, random_state=0)
    assert cands and all(c.text for c in cands)
    assert cands[0].provenance.details["endpoint"] == "local"
    assert cands[0].provenance.details["model"] == "transformers:tiny"
    again = llm_generator(path=tmp_path / "tiny", max_tokens=12).generate(REQUEST, 2, random_state=0)
    assert [c.text for c in again] == [c.text for c in cands]
    assert isinstance(gen.backend, TransformersBackend)
