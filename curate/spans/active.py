"""Choosing documents to annotate next by a span tagger's uncertainty.

A document is worth annotating when the tagger is unsure about its tokens.
Each token's margin is the gap between its two most likely tags.  Two ways to
aggregate them per document:

* ``k=None`` (the default): the total ``sum(1 - margin)``, the expected number
  of unsure tokens.  It favours long documents, which also cost more to annotate.
* ``k=5`` etc.: ``1 - mean(k lowest margins)``, so a few hard tokens count the
  same in a long document as in a short one.

On NCBI Disease (dev, 3 repeats, ``benchmarks/span_simulate.py ncbi-dev --k ...``)
the mean exact span F1 over the learning curve (10 to 60 documents) was
random 0.237, k=1 0.230, k=5 0.221, k=20 0.226, total 0.252 (total on a random
5n subsample 0.247, mean of all margins 0.199); the total also labelled about
20% more tokens, so per token it is level with random there.  Held out, with
the total: NCBI test split 0.216 against random 0.238 (0.91x), InLegalNER
0.152 against 0.081 (1.88x) by documents, but it picks long preambles, and at
random's token budget it is behind on both (0.85x and 0.79x).  With this
lexical tagger, uncertainty saves documents to open, not tokens to read.
Selection reuses the active-learning module's
:class:`~curate.active.strategies.Selection` and tie-breaking.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from curate.active.strategies import Selection, top_scored
from curate.errors import CurateError

__all__ = ["SpanMarginSampling", "document_uncertainty", "token_margins"]


def token_margins(marginals: np.ndarray) -> np.ndarray:
    """``p1 - p2`` per token: the gap between the two most likely tags (small = unsure)."""
    if marginals.ndim != 2:
        raise CurateError(f"token marginals must be (tokens, tags), not shape {marginals.shape}")
    if marginals.shape[1] < 2 or marginals.shape[0] == 0:
        return np.ones(marginals.shape[0])
    top2 = np.partition(marginals, marginals.shape[1] - 2, axis=1)[:, -2:]
    return np.asarray(top2[:, 1] - top2[:, 0])


def document_uncertainty(marginals: Sequence[np.ndarray], *, k: int | None = None) -> np.ndarray:
    """``1 - mean of the k lowest token margins`` per document; 0 for a document without tokens.

    With ``k=None`` the score is the total ``sum(1 - margin)`` over all tokens
    instead (the expected number of unsure tokens, which favours long documents).

    Examples
    --------
    >>> sure = np.array([[0.99, 0.01], [0.98, 0.02]])
    >>> torn = np.array([[0.99, 0.01], [0.5, 0.5]])
    >>> document_uncertainty([sure, torn], k=1).round(2).tolist()
    [0.04, 1.0]
    """
    if k is not None and k < 1:
        raise CurateError(f"k must be at least 1 (or None for the total), not {k}")
    out = np.zeros(len(marginals))
    for d, m in enumerate(marginals):
        margins = token_margins(np.asarray(m))
        if k is None:
            out[d] = float((1.0 - margins).sum())
        elif len(margins):
            lowest = np.partition(margins, min(k, len(margins)) - 1)[: min(k, len(margins))]
            out[d] = 1.0 - float(lowest.mean())
    return out


class SpanMarginSampling:
    """Pick the documents whose ``k`` least certain tokens are least certain.

    Parameters
    ----------
    k
        How many of a document's lowest token margins to average, or None for
        the total uncertainty over all tokens (see the module notes for the tuning).
    subsample
        When set, rank only a random ``subsample * n`` of the unlabelled documents
        (tempers uncertainty sampling's pull towards outliers; None ranks all).
    """

    name = "span-margin"
    needs_model = True

    def __init__(self, *, k: int | None = None, subsample: int | None = None) -> None:
        self.k = k
        self.subsample = subsample

    def select(
        self,
        ids: Sequence[str],
        marginals: Sequence[np.ndarray | None],
        labelled: np.ndarray,
        n: int,
        *,
        rng: np.random.Generator,
    ) -> Selection:
        """Choose ``n`` unlabelled documents; ``marginals[d]`` may be None for labelled ones."""
        if not (len(ids) == len(marginals) == len(labelled)):
            raise CurateError(
                f"{len(ids)} ids, {len(marginals)} marginals and {len(labelled)} labelled flags"
            )
        candidates = np.flatnonzero(~np.asarray(labelled, dtype=bool))
        if self.subsample is not None and len(candidates) > self.subsample * n:
            candidates = np.sort(rng.choice(candidates, size=self.subsample * n, replace=False))
        scores = np.zeros(len(ids))
        blocks = [marginals[int(d)] for d in candidates]
        missing = [int(d) for d, m in zip(candidates, blocks, strict=True) if m is None]
        if missing:
            raise CurateError(f"no token marginals for unlabelled document {ids[missing[0]]!r}")
        scores[candidates] = document_uncertainty([m for m in blocks if m is not None], k=self.k)
        rows = top_scored(scores, candidates, n, rng)
        return Selection(
            rows=tuple(int(r) for r in rows),
            ids=tuple(ids[int(r)] for r in rows),
            scores=tuple(float(scores[r]) for r in rows),
            reasons=tuple(f"span tagger unsure ({self.name} k={self.k}: {scores[r]:.2f})" for r in rows),
        )
