"""`curate embed`, `curate select` and `curate simulate` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from curate.cli import main

pytestmark = pytest.mark.slow  # each command loads the real model


@pytest.fixture
def small_csv(tmp_path: Path, legal_frame: pd.DataFrame) -> Path:
    """120 rows of the legal sample from several documents, every class present."""
    frame = pd.concat(
        [
            legal_frame[legal_frame["label"] != "fair_or_other"].head(60),
            legal_frame[legal_frame["label"] == "fair_or_other"].head(60),
        ]
    )
    path = tmp_path / "small.csv"
    frame.to_csv(path, index=False)
    return path


def test_embed_then_select_with_assignment(
    tmp_path: Path, small_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.db")
    task = str(Path(__file__).resolve().parents[2] / "data" / "claudette.task.yaml")
    assert main(["init", db, "--task", task]) == 0
    assert (
        main(
            [
                "import",
                db,
                str(small_csv),
                "--id-col",
                "id",
                "--meta-cols",
                "doc",
                "--label-col",
                "label",
                "--annotator",
                "gold",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["embed", db, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["encoded"] == first["items"] == 120 and first["dim"] == 384
    assert main(["embed", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["encoded"] == 0, "a second run encodes nothing"

    # every item is labelled by the import: selection has nothing left to choose
    assert main(["select", db, "--n", "5"]) == 2
    assert "every item is labelled" in capsys.readouterr().err

    db2 = str(tmp_path / "q.db")
    main(["init", db2, "--task", task])
    main(["import", db2, str(small_csv), "--id-col", "id", "--meta-cols", "doc"])
    capsys.readouterr()
    assert (
        main(
            [
                "select",
                db2,
                "--n",
                "10",
                "--assign",
                "ana,ben",
                "--overlap",
                "0.2",
                "--random-state",
                "0",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["strategy"] == "kmeans" and "cold start" in out["note"]
    assert len(out["items"]) == 10 and all(i["reason"] for i in out["items"])
    assert sum(out["assigned"].values()) == 12
    assert main(["select", db2, "--n", "5", "--strategy", "nope"]) == 2
    assert "unknown strategy 'nope'" in capsys.readouterr().err


def test_simulate_writes_the_report_and_caches_embeddings(
    tmp_path: Path, small_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sim.json"
    png = tmp_path / "sim.png"
    args = [
        "simulate", "--data", str(small_csv), "--text-col", "text", "--label-col", "label",
        "--group-col", "doc",
        "--strategy", "default", "--strategy", "random", "--seed-size", "10", "--batch-size", "10",
        "--budget", "40", "--repeats", "2", "--test-size", "0.3", "--random-state", "0",
        "--cache", str(tmp_path / "cache.sqlite"), "--json", str(out), "--plot", str(png), "--quiet",
    ]  # fmt: skip
    assert main(args) == 0
    report = json.loads(out.read_text())
    assert report["embedding"]["encoded"] == 120
    assert 0 < report["ceiling_macro_f1"] <= 1
    assert report["default_strategy"] in report["strategies"]
    assert set(report["ceilings"]) == {"lexical", "semantic", "combined"}
    for res in report["strategies"].values():
        for key in (
            "auc_mean",
            "auc_std",
            "labels_to_95_mean",
            "final_macro_f1_mean",
            "rarest_recall_at_200_mean",
        ):
            assert key in res
        assert 0 <= res["auc_mean"] <= 1
        assert [p[0] for p in res["curve"]] == [10, 20, 30, 40]
    assert png.stat().st_size > 1000
    capsys.readouterr()
    assert main(args) == 0
    assert json.loads(out.read_text())["embedding"]["encoded"] == 0, "a re-run encodes nothing"
    assert json.loads(out.read_text())["strategies"] == report["strategies"], "same seed, same curves"

    bad = tmp_path / "bad.csv"
    bad.write_text("words,cls\nhello,a\n")
    assert main(["simulate", "--data", str(bad), "--cache", str(tmp_path / "c.sqlite")]) == 2
    assert "column 'text' is missing" in capsys.readouterr().err


def test_group_split_never_puts_a_group_on_both_sides() -> None:
    import numpy as np

    from curate.active.simulate import group_split

    groups = [f"doc{i % 7}" for i in range(100)]
    train, test = group_split(100, test_size=0.3, groups=groups, rng=np.random.default_rng(0))
    assert not {groups[i] for i in train} & {groups[i] for i in test}
    assert len(train) + len(test) == 100 and len(test) >= 30
