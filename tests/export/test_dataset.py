"""DatasetDict contents, save formats, and byte-for-byte reproducibility."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from export_helpers import build_curated

from curate import Project, TaskSpec
from curate.errors import PublishError
from curate.export import snapshot_hash


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_to_dataset_has_classlabel_features_and_the_documented_columns(curated: Project) -> None:
    from datasets import ClassLabel

    dsd = curated.to_dataset(
        splits={"train": 0.8, "validation": 0.1, "test": 0.1}, group_by="doc", random_state=2
    )
    assert list(dsd) == ["train", "validation", "test"]
    train = dsd["train"]
    assert train.column_names == curated.export_plan().columns
    assert train.column_names[:3] == ["id", "text", "label"] and "is_synthetic" in train.column_names
    feature = train.features["label"]
    assert isinstance(feature, ClassLabel) and feature.names == list(curated.spec.label_names)
    assert sum(len(d) for d in dsd.values()) == 401
    synth = train.filter(lambda r: r["is_synthetic"])
    assert len(synth) == 2
    prov = json.loads(synth[0]["provenance"])
    assert prov["generator"] == "template" and prov["details"]["exemplar_ids"]
    assert feature.int2str(synth[0]["label"]) == "arbitration"
    for split in ("validation", "test"):
        assert not any(dsd[split]["is_synthetic"])
    real = train.filter(lambda r: not r["is_synthetic"])
    assert json.loads(real[0]["metadata"])["doc"]
    assert real[0]["provenance"] is None


def test_multi_label_task_exports_a_sequence_of_classlabels(tmp_path: Path) -> None:
    from datasets import ClassLabel, Sequence

    spec = TaskSpec(name="topics", labels=("law", "health", "money"), multi_label=True)
    project = Project.create(tmp_path / "m.db", task=spec)
    texts = [f"text number {i} about things" for i in range(30)]
    project.import_data(_frame(texts))
    for i, item in enumerate(project.items()):
        project.annotate(item.id, "a", ["law", "money"] if i % 3 else ["health"])
        project.annotate(item.id, "b", ["law"] if i % 3 else ["health"])
        project.annotate(item.id, "c", ["law", "money"] if i % 3 else ["health", "law"])
    dsd = project.to_dataset(splits={"train": 0.7, "test": 0.3}, random_state=0)
    feature = dsd["train"].features["labels"]
    assert isinstance(feature, Sequence) and isinstance(feature.feature, ClassLabel)
    rows = [r for split in dsd.values() for r in split]
    names = {r["id"]: [feature.feature.int2str(x) for x in r["labels"]] for r in rows}
    first, second = (it.id for it in project.items()[:2])
    assert names[first] == ["health"]  # law chosen by 1 of 3: out
    assert names[second] == ["law", "money"]  # money by 2 of 3: in
    project.close()


def _frame(texts: list[str]):  # a pandas frame is one of the accepted import sources
    import pandas as pd

    return pd.DataFrame({"text": texts})


@pytest.mark.slow
def test_same_state_and_seed_give_the_same_bytes_in_every_format(tmp_path: Path) -> None:
    first = build_curated(tmp_path / "one.db")
    second = build_curated(tmp_path / "two.db")
    assert snapshot_hash(first.store) == snapshot_hash(second.store)
    for fmt in ("hf", "parquet", "jsonl", "csv"):
        a = first.save(tmp_path / f"a-{fmt}", format=fmt, group_by="doc", random_state=11)
        b = second.save(tmp_path / f"b-{fmt}", format=fmt, group_by="doc", random_state=11)
        assert _digests(a) == _digests(b), fmt
        assert "README.md" in _digests(a)
    other_seed = first.save(tmp_path / "seed12", format="parquet", group_by="doc", random_state=12)
    assert _digests(other_seed) != _digests(tmp_path / "a-parquet")
    # a changed decision changes the snapshot and the export
    item = first.items()[200]
    first.adjudicate(item.id, "reviewer", "arbitration")
    assert snapshot_hash(first.store) != snapshot_hash(second.store)
    changed = first.save(tmp_path / "changed", format="parquet", group_by="doc", random_state=11)
    assert _digests(changed) != _digests(tmp_path / "a-parquet")
    first.close()
    second.close()


def test_saved_formats_load_back(curated: Project, tmp_path: Path) -> None:
    from datasets import load_dataset, load_from_disk

    expected = curated.to_dataset(group_by="doc", random_state=4)
    hf = load_from_disk(str(curated.save(tmp_path / "hf", group_by="doc", random_state=4)))
    assert {s: hf[s]["id"] for s in hf} == {s: expected[s]["id"] for s in expected}
    assert hf["train"].features == expected["train"].features
    pq = curated.save(tmp_path / "pq", format="parquet", group_by="doc", random_state=4)
    loaded = load_dataset(str(pq), cache_dir=str(tmp_path / "cache"))
    assert {s: loaded[s]["id"] for s in loaded} == {s: expected[s]["id"] for s in expected}
    assert loaded["train"].features["label"].names == list(curated.spec.label_names)
    js = curated.save(tmp_path / "js", format="jsonl", group_by="doc", random_state=4)
    first = json.loads((js / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["label"] in curated.spec.label_names and isinstance(first["metadata"], dict)
    cs = curated.save(tmp_path / "cs", format="csv", group_by="doc", random_state=4)
    with (cs / "data" / "test.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == expected["test"]["id"]
    assert {r["label"] for r in rows} <= set(curated.spec.label_names)


def test_save_keeps_an_existing_export_unless_told_to_replace_it(curated: Project, tmp_path: Path) -> None:
    out = curated.save(tmp_path / "out", format="jsonl")
    before = _digests(out)
    with pytest.raises(PublishError, match=r"not empty.*overwrite"):
        curated.save(out, format="jsonl", random_state=9)
    assert _digests(out) == before
    with pytest.raises(PublishError, match="unknown export format 'xlsx'"):
        curated.save(tmp_path / "x", format="xlsx", overwrite=True)
    assert not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    curated.save(out, format="jsonl", random_state=9, overwrite=True)
    assert _digests(out) != before
