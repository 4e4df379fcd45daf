"""Gap analysis on counts and arrays."""

from __future__ import annotations

import numpy as np

from curate.synth.gaps import GapReport, cluster_gaps, label_gaps, share_gaps


def test_label_gaps_lists_labels_under_target_fewest_first():
    gaps = label_gaps({"a": 12, "b": 3, "c": 40}, ["a", "b", "c", "d"], target_per_label=20, pending={"b": 2})
    assert [(g.label, g.labelled, g.missing) for g in gaps] == [("d", 0, 20), ("b", 3, 17), ("a", 12, 8)]
    assert gaps[1].synthetic_pending == 2


def test_cluster_gaps_finds_the_unlabelled_region():
    rng = np.random.default_rng(0)
    centres = np.eye(3, 8) * 10
    points = np.vstack([c + rng.normal(size=(20, 8)) for c in centres]).astype(np.float32)
    ids = [f"i{k}" for k in range(60)]
    labels = {f"i{k}": "x" for k in range(0, 40, 3)}  # labelled items only in the first two blobs
    gaps, assign = cluster_gaps(points, ids, labels, n_clusters=3, max_labelled=0, random_state=0)
    assert len(gaps) == 1 and gaps[0].size == 20 and gaps[0].labelled == 0
    assert set(gaps[0].examples) <= {f"i{k}" for k in range(40, 60)}
    again, _ = cluster_gaps(points, ids, labels, n_clusters=3, max_labelled=0, random_state=0)
    assert again == gaps and len(assign) == 60


def test_share_gaps_flags_labels_predicted_far_more_than_labelled():
    gaps = share_gaps({"a": 90, "b": 10}, ["a"] * 60 + ["b"] * 40, ["a", "b"], min_ratio=2.0)
    assert [(g.label, g.labelled_share, g.predicted_share) for g in gaps] == [("b", 0.1, 0.4)]
    assert share_gaps({}, ["a"], ["a"]) == []


def test_report_to_dict_is_json_ready():
    import json

    report = GapReport(labels=tuple(label_gaps({"a": 1}, ["a"], target_per_label=5)), counts={"a": 1})
    data = json.loads(json.dumps(report.to_dict()))
    assert data["labels_under_target"][0]["missing"] == 4
