"""Agreement figures against published worked examples, and the report over project votes."""

from __future__ import annotations

import math

import pytest

from curate.errors import CurateError
from curate.quality import agreement_report, cohen_kappa, fleiss_kappa, item_agreement, krippendorff_alpha


def test_cohen_kappa_matches_the_textbook_example() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> po 0.7, pe 0.5, kappa 0.4
    a = ["y"] * 20 + ["y"] * 5 + ["n"] * 10 + ["n"] * 15
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0
    assert math.isnan(cohen_kappa([], []))
    with pytest.raises(CurateError, match="equally long"):
        cohen_kappa(["a"], ["a", "b"])


def test_fleiss_kappa_matches_the_textbook_example() -> None:
    # Fleiss (1971) style worked example: 10 items, 14 raters, 5 categories -> 0.210
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(table) == pytest.approx(0.210, abs=5e-4)
    with pytest.raises(CurateError, match="same number"):
        fleiss_kappa([[2, 0], [1, 2]])


def test_krippendorff_alpha_matches_krippendorffs_nominal_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units,
    # missing values left out; nominal alpha = 0.743.
    units = [
        [1, 1, 1],
        [2, 2, 3, 2],
        [3, 3, 3, 3],
        [3, 3, 3, 3],
        [2, 2, 2, 2],
        [1, 2, 3, 4],
        [4, 4, 4, 4],
        [1, 1, 2, 1],
        [2, 2, 2, 2],
        [5, 5, 5],
        [1, 1],
        [3],
    ]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)
    assert math.isnan(krippendorff_alpha([["a"], ["b"]]))


def test_item_agreement_single_and_multi_label() -> None:
    votes = {"ann": ("a",), "bob": ("a",), "cy": ("b",)}
    assert item_agreement(votes) == pytest.approx(2 / 3)
    assert item_agreement(votes, resolved=("b",)) == pytest.approx(1 / 3)
    assert item_agreement({}) is None
    multi = {"ann": ("x", "y"), "bob": ("x",), "cy": ("x", "y")}
    # x: 3/3 agree, y: 2/3 agree with the majority (yes) -> mean 5/6
    assert item_agreement(multi, multi_label=True) == pytest.approx(5 / 6)


def test_report_counts_imported_labels_and_skips_undefined_pairs() -> None:
    votes = {
        "i1": {"imported:file": ("a",), "ann": ("a",)},
        "i2": {"imported:file": ("b",), "ann": ("b",)},
        "i3": {"imported:file": ("a",), "ann": ("b",)},
        "i4": {"imported:file": ("a",), "bob": ("a",)},
        "i5": {"ann": ("a",)},
    }
    rep = agreement_report(votes)
    assert rep.n_items == 5 and rep.n_multi_annotated == 4
    assert rep.annotators == ("ann", "bob", "imported:file")
    assert set(rep.pairwise) == {"ann / imported:file"}  # bob shares a single item only
    assert rep.fleiss is not None and rep.alpha is not None
    assert rep.mean_item_agreement == pytest.approx(0.875)
    perfect = agreement_report({"i1": {"a": ("x",), "b": ("x",)}, "i2": {"a": ("y",), "b": ("y",)}})
    assert perfect.alpha == 1.0 and perfect.pairwise["a / b"] == 1.0


def test_multi_label_report_measures_each_label() -> None:
    votes = {
        "i1": {"a": ("x", "y"), "b": ("x", "y")},
        "i2": {"a": ("x",), "b": ("x", "z")},
    }
    rep = agreement_report(votes, labels=("x", "y", "z"), multi_label=True)
    assert rep.alpha is not None and 0 < rep.alpha < 1
    assert rep.to_dict()["pairwise_cohen_kappa"]["a / b"] is not None
