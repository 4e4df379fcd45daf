"""Active learning: the learner, query strategies and simulation.

Everything here takes arrays (features, probabilities, labels), never a
project; :mod:`curate.workflows.select` connects it to one.
"""

from __future__ import annotations

from curate.active.learner import Learner, Views, lexical_features, macro_f1, out_of_fold_proba
from curate.active.simulate import DEFAULT_STRATEGY, group_split, simulate
from curate.active.strategies import (
    STRATEGIES,
    Pool,
    QueryStrategy,
    Selection,
    make_strategy,
)

__all__ = [
    "DEFAULT_STRATEGY",
    "STRATEGIES",
    "Learner",
    "Pool",
    "QueryStrategy",
    "Selection",
    "Views",
    "group_split",
    "lexical_features",
    "macro_f1",
    "make_strategy",
    "out_of_fold_proba",
    "simulate",
]
