from __future__ import annotations

import numpy as np
import pytest

from curate.errors import CurateError
from curate.spans import LabeledSpan, span_f1
from curate.spans.active import SpanMarginSampling, document_uncertainty, token_margins
from curate.spans.simulate import simulate_spans
from curate.spans.tagger import SpanTagger, span_features
from curate.spans.tokens import regex_tokens

from .conftest import DATA, gold_spans, read_jsonl


@pytest.fixture(scope="module", params=["ncbi_disease", "inlegalner"])
def corpus(
    request: pytest.FixtureRequest,
) -> tuple[list[str], list[tuple[LabeledSpan, ...]], tuple[str, ...], float]:
    rows = read_jsonl(DATA / f"{request.param}_sample.jsonl")
    labels = tuple(sorted({s["label"] for r in rows for s in r["spans"]}))
    # Exact F1 after 120 documents is about 0.45 on NCBI (4 labels) and 0.15 on InLegalNER (14 labels,
    # 583 spans in the whole sample); the floors sit well above what guessing scores (~0).
    floor = {"ncbi_disease": 0.3, "inlegalner": 0.08}[request.param]
    return [r["text"] for r in rows], [gold_spans(r) for r in rows], labels, floor


def test_tagger_learns_spans_it_was_not_shown(corpus) -> None:
    texts, gold, labels, floor = corpus
    feats = span_features(texts)
    train, test = list(range(120)), list(range(120, 200))
    tagger = SpanTagger(labels=labels).fit(feats, train, [gold[d] for d in train])
    pred = tagger.predict(feats, test)
    score = span_f1({d: gold[d] for d in test}, dict(zip(test, pred, strict=True)))
    # far above chance for both corpora (random tagging scores ~0); overlap forgives boundaries
    assert score["exact"] > floor and score["overlap"] >= score["exact"]
    marg = tagger.marginals(feats, test[:3])
    for d, m in zip(test[:3], marg, strict=True):
        assert m.shape == (len(regex_tokens(texts[d])), 1 + 2 * len(labels))
        assert np.allclose(m.sum(axis=1), 1.0)


def test_tagger_edge_cases() -> None:
    texts = ["Aspirin caused rash .", "No rash after ibuprofen .", "Nothing here ."]
    feats = span_features(texts)
    with pytest.raises(CurateError, match="not fitted"):
        SpanTagger(labels=("DRUG",)).marginals(feats, [0])
    with pytest.raises(CurateError, match=r"labels \['ADE'\] not in"):
        SpanTagger(labels=("DRUG",)).fit(feats, [0], [[LabeledSpan(start=15, end=19, label="ADE")]])
    with pytest.raises(CurateError, match="at least one annotated document"):
        SpanTagger(labels=("DRUG",)).fit(feats, [], [])
    # annotated but no spans yet: a certain "no span" model, no crash
    empty = SpanTagger(labels=("DRUG",)).fit(feats, [2], [[]])
    assert empty.predict(feats, [0]) == [()]
    assert np.all(token_margins(empty.marginals(feats, [0])[0]) == 1.0)


def test_document_uncertainty_reads_the_least_certain_tokens() -> None:
    sure = np.array([[0.99, 0.01, 0.0]] * 50)
    one_torn = np.vstack([sure, [[0.45, 0.45, 0.1]]])
    mild = np.array([[0.7, 0.3, 0.0]] * 3)
    scores = document_uncertainty([sure, one_torn, mild, np.zeros((0, 3))], k=1)
    assert scores.round(3).tolist() == [0.02, 1.0, 0.6, 0.0]
    # k larger than the document: all tokens averaged
    assert document_uncertainty([mild], k=10)[0] == pytest.approx(0.6)
    assert document_uncertainty([sure, mild], k=None).round(2).tolist() == [1.0, 1.8]
    with pytest.raises(CurateError, match="at least 1"):
        document_uncertainty([sure], k=0)


def test_span_margin_selection_skips_labelled_and_is_reproducible() -> None:
    rng = np.random.default_rng(0)
    marg = [rng.dirichlet(np.ones(3), size=20) for _ in range(30)]
    labelled = np.zeros(30, dtype=bool)
    labelled[:5] = True
    ids = [f"d{i}" for i in range(30)]
    strat = SpanMarginSampling(k=3)
    a = strat.select(ids, marg, labelled, 6, rng=np.random.default_rng(1))
    b = strat.select(ids, marg, labelled, 6, rng=np.random.default_rng(1))
    assert a == b and len(set(a.rows)) == 6 and not set(a.rows) & set(range(5))
    expected = np.argsort(-document_uncertainty(marg[5:], k=3))[:6] + 5
    assert list(a.rows) == expected.tolist() and list(a.scores) == sorted(a.scores, reverse=True)
    # ranking a random subsample: still only unlabelled rows, reproducible, the best of the subsample
    sub = SpanMarginSampling(k=3, subsample=2).select(ids, marg, labelled, 4, rng=np.random.default_rng(3))
    assert len(set(sub.rows)) == 4 and not set(sub.rows) & set(range(5))
    assert sub == SpanMarginSampling(k=3, subsample=2).select(
        ids, marg, labelled, 4, rng=np.random.default_rng(3)
    )
    missing = [None if i == 7 else m for i, m in enumerate(marg)]
    with pytest.raises(CurateError, match="'d7'"):
        strat.select(ids, missing, labelled, 3, rng=rng)


def test_simulation_returns_curves_for_both_strategies() -> None:
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")[:70]
    feats = span_features([r["text"] for r in rows])
    gold = [gold_spans(r) for r in rows]
    labels = sorted({s.label for g in gold for s in g})
    out = simulate_spans(
        feats,
        gold,
        labels=labels,
        pool=range(50),
        test=range(50, 70),
        initial=10,
        batch=10,
        rounds=2,
        repeats=1,
    )
    assert out["labelled"] == [10, 20, 30]
    for name in ("random", "span-margin"):
        curve = out["curves"][name]
        assert len(curve["exact"]) == 3 and curve["exact"][0] == out["curves"]["random"]["exact"][0]
        assert curve["exact"][-1] > curve["exact"][0]  # more annotation, better tagger
    with pytest.raises(CurateError, match="overlap"):
        simulate_spans(feats, gold, labels=labels, pool=range(50), test=range(40, 70))
    with pytest.raises(CurateError, match="unknown span strategies"):
        simulate_spans(
            feats, gold, labels=labels, pool=range(50), test=range(50, 70), rounds=2, strategies=["entropy"]
        )


@pytest.mark.slow
def test_contextual_token_vectors_line_up_with_tokens() -> None:
    from curate.spans.embed import contextual_token_vectors

    long_text = " ".join(["The patient had a fever ."] * 80)  # > one 256-piece window
    texts = ["Cold hands .", "A cold winter .", long_text]
    tokens = [regex_tokens(t) for t in texts]
    vecs = contextual_token_vectors(texts, tokens, window=128)
    assert [v.shape for v in vecs] == [(len(t), 384) for t in tokens]
    assert all(np.abs(v).sum(axis=1).min() > 0 for v in vecs)  # every token, in every window, has a vector
    # contextual: the same word differs by its neighbours
    cold_a, cold_b = vecs[0][0], vecs[1][1]
    assert not np.allclose(cold_a, cold_b)
    feats = span_features(texts, vectors=vecs)
    assert feats.matrix.shape[0] == sum(len(t) for t in tokens)
