"""Every query strategy passes the same checks, and each does what its name promises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.active.strategies import (
    STRATEGIES,
    KCenterGreedy,
    KMeansRepresentatives,
    MarginSampling,
    Pool,
    QueryStrategy,
    RareClassSeeking,
    make_strategy,
    margin_scores,
    top_scored,
)
from curate.errors import CurateError


def make_pool(n: int = 120, k: int = 4, d: int = 8, labelled: int = 15, seed: int = 0) -> Pool:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    logits = rng.normal(size=(n, k))
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, labelled, replace=False)] = True
    y = np.where(mask, rng.integers(k, size=n), -1)
    return Pool(
        ids=[f"item-{i}" for i in range(n)],
        labelled=mask,
        embeddings=x,
        proba=proba,
        y=y,
        class_names=tuple(f"c{j}" for j in range(k)),
    )


def snapshot(pool: Pool) -> list[np.ndarray]:
    return [pool.labelled.copy(), pool.embeddings.copy(), pool.proba.copy(), pool.y.copy()]


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_conformance(name: str) -> None:
    strategy = make_strategy(name)
    assert isinstance(strategy, QueryStrategy)
    pool = make_pool()
    before = snapshot(pool)
    first = strategy.select(pool, 10, rng=np.random.default_rng(7))
    again = make_strategy(name).select(pool, 10, rng=np.random.default_rng(7))
    unlabelled = {pool.ids[i] for i in np.flatnonzero(~pool.labelled)}
    assert len(first.ids) == 10
    assert len(set(first.ids)) == 10, "ids are unique"
    assert set(first.ids) <= unlabelled, "only unlabelled items are chosen"
    assert first.ids == again.ids and first.scores == again.scores, "same seed, same batch"
    assert [pool.ids[r] for r in first.rows] == list(first.ids)
    assert len(first.scores) == len(first.reasons) == 10 and all(first.reasons)
    for a, b in zip(before, snapshot(pool), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_asking_for_more_than_the_pool_returns_every_unlabelled_item(name: str) -> None:
    pool = make_pool(n=30, labelled=22)
    got = make_strategy(name).select(pool, 50, rng=np.random.default_rng(0))
    assert sorted(got.ids) == sorted(pool.ids[i] for i in np.flatnonzero(~pool.labelled))


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(5, 60),
    labelled=st.integers(0, 4),
    batch=st.integers(1, 12),
    seed=st.integers(0, 2**16),
    name=st.sampled_from(sorted(STRATEGIES)),
)
def test_conformance_property(n: int, labelled: int, batch: int, seed: int, name: str) -> None:
    pool = make_pool(n=n, labelled=labelled, seed=seed)
    got = make_strategy(name).select(pool, batch, rng=np.random.default_rng(seed))
    assert len(got.ids) == min(batch, n - labelled)
    assert len(set(got.ids)) == len(got.ids)
    assert not pool.labelled[list(got.rows)].any()


def test_margin_prefers_the_closest_call_and_breaks_ties_by_seed() -> None:
    proba = np.array([[0.9, 0.1], [0.5, 0.5], [0.6, 0.4], [0.5, 0.5], [0.99, 0.01]])
    assert list(np.argsort(-margin_scores(proba))[:2]) in ([1, 3], [3, 1])
    cand = np.arange(5)
    firsts = {int(top_scored(margin_scores(proba), cand, 1, np.random.default_rng(s))[0]) for s in range(20)}
    assert firsts == {1, 3}, "exact ties are broken at random, both ways"
    pool = Pool(ids=list("abcde"), labelled=np.array([False, True, False, False, False]), proba=proba)
    got = MarginSampling().select(pool, 2, rng=np.random.default_rng(0))
    assert got.ids == ("d", "c")


def test_kcenter_picks_the_point_farthest_from_the_labels() -> None:
    x = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [0.2, 0.2]], dtype=np.float32)
    pool = Pool(ids=list("abcde"), labelled=np.array([True, False, False, False, False]), embeddings=x)
    got = KCenterGreedy().select(pool, 2, rng=np.random.default_rng(0))
    assert got.ids[0] == "d"
    assert got.ids[1] == "e", "then the point farthest from both a and d"


def test_kmeans_takes_one_item_per_cluster() -> None:
    rng = np.random.default_rng(3)
    centres = np.array([[10, 0], [0, 10], [-10, 0]], dtype=np.float32)
    x = np.concatenate([c + rng.normal(scale=0.3, size=(40, 2)) for c in centres]).astype(np.float32)
    pool = Pool(ids=[str(i) for i in range(120)], labelled=np.zeros(120, dtype=bool), embeddings=x)
    got = KMeansRepresentatives().select(pool, 3, rng=np.random.default_rng(0))
    assert sorted(int(i) // 40 for i in got.ids) == [0, 1, 2]
    assert all("cluster of 40" in r for r in got.reasons)


def test_rare_seeks_likely_members_and_neighbours_of_rare_examples() -> None:
    rng = np.random.default_rng(0)
    n = 200
    x = rng.normal(size=(n, 4)).astype(np.float32)
    x[190:] = np.array([5, 5, 5, 5]) + rng.normal(scale=0.1, size=(10, 4))  # the rare class's region
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.full(n, -1)
    labelled = np.zeros(n, dtype=bool)
    labelled[:30] = True
    y[:30] = 0
    labelled[190] = True
    y[190] = 1
    proba = np.tile([0.9, 0.1], (n, 1))
    proba[100] = [0.2, 0.8]  # the model's best guess for the rare class
    pool = Pool(
        ids=[str(i) for i in range(n)],
        labelled=labelled,
        embeddings=x,
        proba=proba,
        y=y,
        class_names=("common", "rare"),
    )
    got = RareClassSeeking(target=5).select(pool, 4, rng=np.random.default_rng(0))
    assert got.ids[0] == "100" and "likely rare" in got.reasons[0]
    assert int(got.ids[1]) >= 191 and "near a known rare example" in got.reasons[1]
    assert sum(int(i) >= 191 for i in got.ids) >= 2


def test_uncertainty_without_a_model_says_what_to_do() -> None:
    pool = make_pool()
    bare = Pool(ids=pool.ids, labelled=pool.labelled, embeddings=pool.embeddings)
    with pytest.raises(CurateError, match="label a few items"):
        MarginSampling().select(bare, 5, rng=np.random.default_rng(0))
    with pytest.raises(CurateError, match="unknown strategy 'best'"):
        make_strategy("best")


def test_kcenter_and_kmeans_handle_a_large_pool_in_chunks() -> None:
    """Above the chunk size the chunked code paths give the same answer as a direct computation."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20_000, 16)).astype(np.float32)
    labelled = np.zeros(len(x), dtype=bool)
    labelled[:5] = True
    pool = Pool(ids=[str(i) for i in range(len(x))], labelled=labelled, embeddings=x)
    got = KCenterGreedy().select(pool, 3, rng=np.random.default_rng(0))
    d = ((x[5:, None, :] - x[None, :5, :]) ** 2).sum(-1).min(axis=1)
    assert int(got.ids[0]) == 5 + int(np.argmax(d))
