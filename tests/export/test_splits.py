"""Splits: groups never straddle, synthetic rows only in train with their exemplars, stratified."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from curate import Project
from curate.errors import PublishError
from curate.export import SplitRow, assign_splits


def test_rows_of_one_document_share_a_split(curated: Project) -> None:
    plan = curated.export_plan(group_by="doc", random_state=5)
    splits_per_doc: dict[str, set[str]] = defaultdict(set)
    for r in plan.rows:
        if not r.is_synthetic:
            splits_per_doc[r.metadata["doc"]].add(r.split)
    assert len(splits_per_doc) > 10
    assert all(len(s) == 1 for s in splits_per_doc.values())
    assert set(plan.split_sizes()) == {"train", "validation", "test"}
    assert all(n > 0 for n in plan.split_sizes().values())


def test_synthetic_rows_only_accepted_only_train_with_their_exemplars(curated: Project) -> None:
    plan = curated.export_plan(group_by="doc", random_state=1)
    synth = [r for r in plan.rows if r.is_synthetic]
    assert sorted(r.id for r in synth) == ["syn-arb-1", "syn-arb-2"]
    assert {r.split for r in synth} == {"train"}
    by_id = {r.id: r for r in plan.rows}
    for r in synth:
        for exemplar in r.provenance["details"]["exemplar_ids"]:
            assert by_id[exemplar].split == "train"
            # and the exemplar's whole document follows it
            doc = by_id[exemplar].metadata["doc"]
            assert {x.split for x in plan.rows if x.metadata.get("doc") == doc} == {"train"}
    assert plan.excluded == {"synthetic_pending": 1, "synthetic_rejected": 1}
    for seed in range(4):
        other = curated.export_plan(random_state=seed)
        assert {r.split for r in other.rows if r.is_synthetic} == {"train"}


def test_stratified_split_keeps_label_shares(curated: Project) -> None:
    plan = curated.export_plan(random_state=0)
    counts = plan.split_counts()
    for label in curated.spec.label_names:
        total = sum(counts[s][label] for s in counts)
        assert total >= 20
        assert abs(counts["train"][label] / total - 0.8) <= 0.1, label
        assert counts["validation"][label] >= 1 and counts["test"][label] >= 1, label


def test_exact_duplicates_and_extra_groups_stay_together() -> None:
    rows = [
        SplitRow(item_id=f"r{i}", labels=("a" if i % 2 else "b",), keys=(f"hash:{i % 20}",))
        for i in range(60)
    ]
    rows.append(SplitRow(item_id="x", labels=("a",), keys=("hash:x", "group:0")))
    rows.append(SplitRow(item_id="y", labels=("b",), keys=("hash:y", "group:0")))
    for seed in range(5):
        out = assign_splits(rows, {"train": 0.6, "test": 0.4}, random_state=seed)
        by_hash: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            by_hash[r.keys[0]].add(out[r.item_id])
        assert all(len(s) == 1 for s in by_hash.values())
        assert out["x"] == out["y"]
        assert set(Counter(out.values())) == {"train", "test"}


def test_plan_accepts_near_duplicate_groups(curated: Project) -> None:
    items = curated.items()
    a, b = items[0].id, items[200].id
    for seed in range(3):
        plan = curated.export_plan(groups=[[a, b]], random_state=seed)
        split = {r.id: r.split for r in plan.rows}
        assert split[a] == split[b]


def test_seed_decides_and_repeats() -> None:
    rows = [SplitRow(item_id=f"r{i}", labels=("a",), keys=(f"hash:{i}",)) for i in range(50)]
    fr = {"train": 0.5, "test": 0.5}
    assert assign_splits(rows, fr, random_state=3) == assign_splits(rows, fr, random_state=3)
    assert assign_splits(rows, fr, random_state=3) != assign_splits(rows, fr, random_state=4)


@pytest.mark.parametrize(
    ("splits", "message"),
    [
        ({"train": 0.5, "test": 0.4}, "add up to"),
        ({"dev": 0.5, "test": 0.5}, "no 'train'"),
        ({"train": 1.0, "bad name": 0.0}, "not usable"),
        ({"train": 1.2, "test": -0.2}, "above 0"),
        ({}, "no splits"),
    ],
)
def test_bad_split_options_are_refused(curated: Project, splits: dict[str, float], message: str) -> None:
    with pytest.raises(PublishError, match=message):
        curated.export_plan(splits=splits)


def test_unknown_group_column_is_named(curated: Project) -> None:
    with pytest.raises(PublishError, match=r"'document'.*columns: \['doc', 'split'\]"):
        curated.export_plan(group_by="document")
