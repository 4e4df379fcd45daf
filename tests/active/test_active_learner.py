"""The learner: calibrated probabilities, out-of-fold predictions that never see their own group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from curate.active.learner import Learner, Views, lexical_features, macro_f1, out_of_fold_proba
from curate.errors import CurateError


@pytest.fixture(scope="module")
def legal(legal_frame: pd.DataFrame) -> tuple[Views, np.ndarray, list[str], pd.DataFrame]:
    frame = legal_frame
    classes = sorted(frame["label"].unique())
    y = frame["label"].map({c: i for i, c in enumerate(classes)}).to_numpy()
    lex = lexical_features(frame["text"].tolist())
    # a second, weaker view standing in for embeddings: a random projection of the TF-IDF rows
    rng = np.random.default_rng(0)
    sem = np.asarray(lex @ rng.normal(size=(lex.shape[1], 32)), dtype=np.float32)
    return Views(lexical=lex, semantic=sem), y, classes, frame


def test_probabilities_are_distributions_and_predictions_follow_them(legal) -> None:
    views, y, classes, _ = legal
    learner = Learner(random_state=0).fit(views, y, n_classes=len(classes))
    p = learner.predict_proba(views)
    assert p.shape == (len(y), len(classes))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(learner.predict(views), p.argmax(axis=1))
    assert 0.0 <= learner.weight_ <= 1.0 and learner.temperature_ > 0
    assert learner.oof_proba_ is not None and learner.oof_proba_.shape == p.shape
    assert macro_f1(y, learner.predict(views), len(classes)) > 0.9, "it fits its own training data"


def test_refitting_with_the_same_seed_gives_the_same_model(legal) -> None:
    views, y, classes, _ = legal
    a = Learner(random_state=3).fit(views, y, n_classes=len(classes)).predict_proba(views)
    b = Learner(random_state=3).fit(views, y, n_classes=len(classes)).predict_proba(views)
    np.testing.assert_array_equal(a, b)


def test_out_of_fold_never_learns_from_the_rows_own_group(legal) -> None:
    views, y, classes, frame = legal
    # give one document's rows a class of their own: no other group can teach it
    doc = frame["doc"].value_counts().index[0]
    own = frame["doc"].to_numpy() == doc
    y2 = y.copy()
    y2[own] = len(classes)
    p = out_of_fold_proba(views, y2, n_classes=len(classes) + 1, groups=frame["doc"].tolist(), n_splits=5)
    assert p.shape == (len(y), len(classes) + 1)
    assert p[own, len(classes)].max() < 0.05, (
        "a class seen only in the row's own group is unknown to its fold"
    )
    plain = out_of_fold_proba(views, y, n_classes=len(classes), groups=frame["doc"].tolist())
    assert macro_f1(y, plain.argmax(axis=1), len(classes)) > 0.2


def test_small_label_sets_fit_without_inner_folds(legal) -> None:
    views, y, classes, _ = legal
    rows = np.flatnonzero(y == y[0])[:5].tolist() + np.flatnonzero(y != y[0])[:5].tolist()
    learner = Learner().fit(views.take(rows), y[rows], n_classes=len(classes))
    assert learner.oof_proba_ is None and learner.weight_ == 0.5
    p = learner.predict_proba(views)
    assert np.isfinite(p).all()
    unseen = sorted(set(range(len(classes))) - set(y[rows].tolist()))
    assert p[:, unseen].max() < 0.05, "classes with no label get (almost) no probability"


def test_multi_label_learner_gives_independent_probabilities(legal) -> None:
    views, y, _classes, _ = legal
    multi = np.zeros((len(y), 3), dtype=np.int8)
    multi[:, 0] = y == 0
    multi[:, 1] = y != 0
    multi[::2, 2] = 1
    learner = Learner(multi_label=True).fit(views, multi, n_classes=3)
    p = learner.predict_proba(views)
    assert p.shape == (len(y), 3) and ((p >= 0) & (p <= 1)).all()
    assert not np.allclose(p.sum(axis=1), 1.0)
    assert (learner.predict(views)[:, 0] == multi[:, 0]).mean() > 0.9


@pytest.mark.parametrize("view", ["lexical", "semantic", "concat"])
def test_single_views(legal, view: str) -> None:
    views, y, classes, _ = legal
    p = Learner(view=view).fit(views, y, n_classes=len(classes)).predict_proba(views)
    assert p.shape == (len(y), len(classes))


def test_bad_inputs_name_the_problem(legal) -> None:
    views, y, classes, _ = legal
    with pytest.raises(CurateError, match="no labelled items"):
        Learner().fit(views.take([]), y[:0], n_classes=len(classes))
    with pytest.raises(CurateError, match="class codes must lie"):
        Learner().fit(views, y + 100, n_classes=len(classes))
    with pytest.raises(CurateError, match="disagree on the number of rows"):
        Views(lexical=views.lexical, semantic=views.semantic[:10])
    with pytest.raises(CurateError, match="not fitted"):
        Learner().predict_proba(views)
