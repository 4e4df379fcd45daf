"""A small span tagger: one logistic regression over BIO tags on lexical token features.

Each token is described by its word, shape, prefixes and suffixes and its
neighbours' words (all as indicator features), optionally joined by dense
vectors (e.g. MiniLM's contextual token embeddings, see
:func:`curate.spans.embed.contextual_token_vectors`).  A multinomial logistic
regression predicts a distribution over the BIO tags of each token: those are
the per-token marginals the span strategy reads.  No CRF: decoding takes the
most likely tag per token and reads spans leniently (an ``I-X`` after ``O``
opens a span), which keeps training and prediction to seconds on one CPU core.

Features are built once for a whole pool (:func:`span_features`, no labels
involved); the tagger is then fitted on the rows of the annotated documents and
asked about the rest, as an active-learning loop does every round.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from curate.errors import CurateError
from curate.spans.model import LabeledSpan
from curate.spans.tokens import Token, bio_tag_names, bio_to_spans, spans_to_bio, tokenize

__all__ = ["SpanFeatures", "SpanTagger", "span_features", "token_feature_names"]

_SHAPE_UPPER = re.compile(r"[A-Z]+")
_SHAPE_LOWER = re.compile(r"[a-z]+")
_SHAPE_DIGIT = re.compile(r"[0-9]+")


def _shape(word: str) -> str:
    s = _SHAPE_UPPER.sub("X", word)
    s = _SHAPE_LOWER.sub("x", s)
    return _SHAPE_DIGIT.sub("d", s)


def token_feature_names(tokens: Sequence[Token]) -> list[list[str]]:
    """Indicator feature names of each token: word, shape, affixes, neighbouring words.

    Examples
    --------
    >>> from curate.spans.tokens import regex_tokens
    >>> token_feature_names(regex_tokens("Type 2 diabetes"))[2][:4]
    ['w=diabetes', 'shape=x', 'p3=dia', 's3=tes']
    """
    words = [t.text.lower() for t in tokens]
    padded = ["<s2>", "<s1>", *words, "</s1>", "</s2>"]
    out = []
    for i, tok in enumerate(tokens):
        w = words[i]
        j = i + 2
        feats = [
            f"w={w}",
            f"shape={_shape(tok.text)}",
            f"p3={w[:3]}",
            f"s3={w[-3:]}",
            f"s4={w[-4:]}",
            f"w-1={padded[j - 1]}",
            f"w+1={padded[j + 1]}",
            f"w-2={padded[j - 2]}",
            f"w+2={padded[j + 2]}",
            f"w-1w={padded[j - 1]}|{w}",
            f"ww+1={w}|{padded[j + 1]}",
            f"s3-1={padded[j - 1][-3:]}",
            f"s3+1={padded[j + 1][-3:]}",
            f"shape-1={_shape(tokens[i - 1].text) if i else '<s>'}",
            f"shape+1={_shape(tokens[i + 1].text) if i + 1 < len(tokens) else '</s>'}",
            "bias",
        ]
        out.append(feats)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanFeatures:
    """Token features of a pool of documents: one matrix row per token.

    ``bounds[d]:bounds[d + 1]`` are the rows of document ``d``.
    """

    tokens: tuple[tuple[Token, ...], ...]
    matrix: Any  # scipy.sparse.csr_matrix (total tokens, features)
    bounds: np.ndarray

    def rows(self, docs: Sequence[int] | np.ndarray) -> np.ndarray:
        """Matrix rows of the given documents, in document order."""
        parts = [np.arange(self.bounds[d], self.bounds[d + 1]) for d in docs]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def span_features(
    texts: Sequence[str],
    *,
    tokenizer: Any = None,
    vectors: Sequence[np.ndarray] | None = None,
    min_count: int = 1,
    vector_weight: float = 1.0,
) -> SpanFeatures:
    """Build the token features of a pool (no labels are used).

    Parameters
    ----------
    texts
        Every document of the pool, annotated or not.
    tokenizer
        As for :func:`curate.spans.tokens.tokenize`; the default splits words and punctuation.
    vectors
        Optional dense vectors per document, ``(n_tokens, d)`` each, appended to the indicators.
    min_count
        Drop indicator features seen fewer times than this in the pool.
    vector_weight
        Scale of the dense part relative to the indicators.
    """
    tokens = tuple(tuple(tokenize(t, tokenizer)) for t in texts)
    names = [token_feature_names(doc_tokens) for doc_tokens in tokens]
    counts: dict[str, int] = {}
    for doc_feats in names:
        for feats in doc_feats:
            for f in feats:
                counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    indices: list[int] = []
    indptr = [0]
    for doc_feats in names:
        for feats in doc_feats:
            indices.extend(vocab[f] for f in feats if f in vocab)
            indptr.append(len(indices))
    n_rows = len(indptr) - 1
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(n_rows, len(vocab))
    )
    if vectors is not None:
        if len(vectors) != len(texts):
            raise CurateError(f"{len(vectors)} vector blocks for {len(texts)} texts")
        for k, (doc, vec) in enumerate(zip(tokens, vectors, strict=True)):
            if vec.shape[0] != len(doc):
                raise CurateError(f"text {k}: {vec.shape[0]} vectors for {len(doc)} tokens")
        dense = np.vstack([np.asarray(v, dtype=np.float32) for v in vectors]) * vector_weight
        matrix = sp.hstack([matrix, sp.csr_matrix(dense)], format="csr")
    bounds = np.cumsum([0, *(len(doc) for doc in tokens)])
    return SpanFeatures(tokens=tokens, matrix=matrix, bounds=bounds)


class SpanTagger:
    """Predicts BIO tags per token with a multinomial logistic regression.

    Parameters
    ----------
    labels
        The span labels, in task order (fixes the tag set).
    c
        Inverse L2 regularisation strength.
    max_iter
        Iterations of the solver.
    outside_weight
        At decoding, ``O``'s probability is multiplied by this before the most
        likely tag is taken: below 1 it trades precision for recall, which the
        few-label start of a project needs (0.5 was best on NCBI Disease dev,
        see ``benchmarks/span_simulate.py``).  Marginals are left as they are.
    random_state
        Seed for the solver (kept for reproducibility; lbfgs is deterministic).

    Examples
    --------
    >>> texts = ["Aspirin caused rash .", "No rash after ibuprofen ."]
    >>> gold = [[LabeledSpan(start=0, end=7, label="DRUG")], [LabeledSpan(start=14, end=23, label="DRUG")]]
    >>> feats = span_features(texts)
    >>> tagger = SpanTagger(labels=("DRUG",)).fit(feats, [0, 1], gold)
    >>> tagger.marginals(feats, [0])[0].shape
    (4, 3)
    """

    def __init__(
        self,
        *,
        labels: Sequence[str],
        c: float = 1.0,
        outside_weight: float = 0.5,
        max_iter: int = 200,
        random_state: int | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.c = c
        self.outside_weight = outside_weight
        self.max_iter = max_iter
        self.random_state = random_state

    @property
    def tag_names(self) -> tuple[str, ...]:
        return bio_tag_names(self.labels)

    def fit(
        self, features: SpanFeatures, docs: Sequence[int], spans: Sequence[Sequence[LabeledSpan]]
    ) -> SpanTagger:
        """Fit on documents ``docs`` of ``features`` whose gold spans are ``spans`` (same order)."""
        from sklearn.linear_model import LogisticRegression

        if len(docs) != len(spans):
            raise CurateError(f"{len(docs)} documents but {len(spans)} span lists")
        if not len(docs):
            raise CurateError("the span tagger needs at least one annotated document")
        index = {name: k for k, name in enumerate(self.tag_names)}
        y_parts = []
        for d, doc_spans in zip(docs, spans, strict=True):
            unknown = {s.label for s in doc_spans} - set(self.labels)
            if unknown:
                raise CurateError(f"spans with labels {sorted(unknown)} not in the tagger's {self.labels}")
            tags = spans_to_bio(features.tokens[d], doc_spans).tags
            y_parts.append(np.array([index[t] for t in tags], dtype=np.int64))
        y = np.concatenate(y_parts) if y_parts else np.zeros(0, dtype=np.int64)
        x = features.matrix[features.rows(docs)]
        # Only columns seen in the annotated rows can get a weight: fit on those, far fewer than the pool's.
        self.columns_ = np.flatnonzero(np.diff(x.tocsc().indptr))
        x = x[:, self.columns_]
        self.classes_ = np.unique(y)
        if len(self.classes_) == 1:
            self.model_ = None  # only one tag seen (e.g. no spans yet): predict it with certainty
        else:
            model = LogisticRegression(C=self.c, max_iter=self.max_iter, random_state=self.random_state)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning on tiny seeds; the fit is still usable
                model.fit(x, y)
            self.model_ = model
        return self

    def marginals(self, features: SpanFeatures, docs: Sequence[int]) -> list[np.ndarray]:
        """Per-token tag probabilities ``(n_tokens, len(tag_names))`` of each document."""
        if not hasattr(self, "classes_"):
            raise CurateError("the span tagger is not fitted yet: call fit() first")
        rows = features.rows(docs)
        full = np.zeros((len(rows), len(self.tag_names)))
        if self.model_ is None:
            full[:, self.classes_[0]] = 1.0
        elif len(rows):
            x = features.matrix[rows][:, self.columns_]
            full[:, self.model_.classes_] = self.model_.predict_proba(x)
        out = []
        at = 0
        for d in docs:
            n = int(features.bounds[d + 1] - features.bounds[d])
            out.append(full[at : at + n])
            at += n
        return out

    def predict(self, features: SpanFeatures, docs: Sequence[int]) -> list[tuple[LabeledSpan, ...]]:
        """Predicted spans of each document (most likely tag per token, read as BIO)."""
        names = self.tag_names
        weight = np.ones(len(names))
        weight[0] = self.outside_weight  # tag 0 is "O"
        return [
            bio_to_spans(features.tokens[d], [names[k] for k in (probs * weight).argmax(axis=1)])
            for d, probs in zip(docs, self.marginals(features, docs), strict=True)
        ]
