"""Fragments no expert can label are scored down, and reason texts say what they measure."""

from __future__ import annotations

import numpy as np
import pytest

from curate.active.strategies import (
    STRATEGIES,
    Pool,
    content_quality,
    describe_uncertainty,
    make_strategy,
)

JUNK = ["24.", "Animals", "General", "(b)", "Section 3", "Last updated: 2021"]
REAL = [
    "We may terminate your account at any time without notice if you breach these terms.",
    "Any dispute shall be resolved by binding arbitration in San Francisco, California.",
    "These terms are governed by the laws of the State of New York.",
    "We are not liable for any indirect or consequential damages arising from the service.",
    "Patients with acute myocardial infarction received thrombolytic therapy within six hours.",
    "The tumour was resected and the patient received adjuvant chemotherapy for six months.",
]


def test_content_quality_separates_fragments_from_sentences() -> None:
    q = content_quality(JUNK + REAL)
    assert (q[: len(JUNK)] < 1.0).all() and (q[len(JUNK) :] == 1.0).all()
    assert content_quality(["24."])[0] == 0.0 and content_quality(["General"])[0] == 0.0


def _pool(texts: list[str], proba: np.ndarray) -> Pool:
    n = len(texts)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 8)).astype(np.float32)
    return Pool(
        ids=[str(i) for i in range(n)],
        labelled=np.zeros(n, dtype=bool),
        embeddings=x / np.linalg.norm(x, axis=1, keepdims=True),
        proba=proba,
        y=np.full(n, -1),
        class_names=("fair", "unfair", "other"),
        texts=texts,
    )


@pytest.mark.parametrize("name", ["default", *[s for s, c in STRATEGIES.items() if c.needs_model]])
def test_junk_never_tops_a_batch(name: str) -> None:
    from curate.active.simulate import resolve_strategy

    texts = JUNK + REAL * 3
    proba = np.tile([0.5, 0.3, 0.2], (len(texts), 1))
    proba[: len(JUNK)] = 1 / 3  # the model is most unsure about the fragments, as it is in practice
    pool = _pool(texts, proba)
    strategy = resolve_strategy(name) if name == "default" else make_strategy(name)
    got = strategy.select(pool, 6, rng=np.random.default_rng(0))
    assert not set(got.rows) & set(range(len(JUNK))), f"{name} put fragments in a batch of 6"


def test_reason_reads_as_maximal_uncertainty() -> None:
    proba = np.asarray([[0.5, 0.5, 0.0], [0.9, 0.05, 0.05]])
    pool = _pool(REAL[:2], proba)
    got = make_strategy("margin").select(pool, 2, rng=np.random.default_rng(0))
    first = got.reasons[0]
    assert first.startswith("margin 0.00") and "unsure between fair (0.50) and unfair (0.50)" in first
    assert "margin 0.85" in got.reasons[1] and "predicted fair (0.90)" in got.reasons[1]
    assert describe_uncertainty(np.asarray([0.2, 0.7, 0.1]), ("a", "b", "c")).startswith("predicted b")
    lc = make_strategy("least_confidence").select(pool, 1, rng=np.random.default_rng(0))
    assert lc.reasons[0].startswith("top probability only 0.50")


def test_a_scored_down_item_says_why() -> None:
    texts = ["Animals", *REAL[:2]]
    proba = np.full((3, 3), 1 / 3)
    got = make_strategy("margin").select(_pool(texts, proba), 3, rng=np.random.default_rng(0))
    assert got.rows[-1] == 0 and "scored down: only 1 content word" in got.reasons[-1]
