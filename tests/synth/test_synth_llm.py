"""The LLM generator's own logic (prompt, provenance, determinism) over a small TextBackend.

No generative model ships with curate, so TransformersBackend itself is not run here; the
backend below is a complete implementation of the TextBackend protocol, not a mock.
"""

from __future__ import annotations

import numpy as np

from curate.synth.constraints import LengthBounds, apply_constraints
from curate.synth.generators import Exemplar, SynthRequest
from curate.synth.llm import LLMGenerator, TextBackend, TransformersBackend


class RecombiningBackend:
    """Writes a clause from the example lines in the prompt: first half of one, second half of another."""

    model_id = "test:recombining"

    def complete(self, prompt: str, *, seed: int, max_new_tokens: int) -> str:
        lines = [ln[2:] for ln in prompt.splitlines() if ln.startswith("- ")]
        rng = np.random.default_rng(seed)
        a, b = (lines[int(i)] for i in rng.integers(len(lines), size=2))
        words_a, words_b = a.split(), b.split()
        return (
            " ".join(words_a[: len(words_a) // 2] + words_b[len(words_b) // 2 :])[: max_new_tokens * 5]
            + "\nextra"
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


def test_llm_generator_records_model_prompt_and_exemplars_and_is_deterministic():
    assert isinstance(RecombiningBackend(), TextBackend)
    assert isinstance(TransformersBackend("/nonexistent"), TextBackend)
    gen = LLMGenerator(RecombiningBackend(), n_shots=2)
    request = SynthRequest(label="arbitration", exemplars=EXEMPLARS, definition="Disputes go to arbitration.")
    cands = gen.generate(request, 4, random_state=1)
    assert cands and [c.text for c in cands] == [c.text for c in gen.generate(request, 4, random_state=1)]
    for c in cands:
        details = c.provenance.details
        assert details["model_id"] == "test:recombining" and len(details["prompt_sha256"]) == 64
        assert len(details["exemplar_ids"]) == 2 and set(details["exemplar_ids"]) <= {e.id for e in EXEMPLARS}
        assert "\n" not in c.text  # only the first line of a completion is kept
    checked = apply_constraints(cands, [LengthBounds(min_chars=10)])
    assert all("length" in c.provenance.constraints for c in checked)


def test_transformers_backend_names_a_missing_model_folder(tmp_path):
    import pytest

    from curate.errors import CurateError

    with pytest.raises(CurateError, match="no model folder"):
        TransformersBackend(tmp_path / "missing").complete("x", seed=0, max_new_tokens=4)
