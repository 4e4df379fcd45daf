"""Export figures on the full CLAUDETTE corpus (15,645 sentences, imported labels, 50 documents).

Prints one `name: value unit` line per figure. Run:
    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/export_publish.py
Baselines measured in the same run, on the same rows:
- `datasets.Dataset.from_pandas(...).to_parquet` of the raw rows (what a hand-written export
  does, with no label resolution, grouping or card) against our plan + parquet save;
- `DatasetDict.push_to_hub` of the same DatasetDict to the same loopback Hub server against our
  push (one commit, card included).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "claudette_tos_unfair_en.csv"
sys.path.insert(0, str(ROOT / "tests" / "export"))

from hub_server import HubServer  # noqa: E402

SERVER = HubServer().start()
# huggingface_hub reads these when imported: set them first (see shared/RECIPES.md).
os.environ.update(
    HF_ENDPOINT=SERVER.endpoint,
    HF_HUB_DISABLE_XET="1",
    HF_HUB_OFFLINE="0",
    HF_TOKEN="hf_benchmark",  # noqa: S106 - a dummy for the loopback server
    HF_HUB_DISABLE_TELEMETRY="1",
)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from curate import Project  # noqa: E402
from curate.quality import near_duplicate_groups  # noqa: E402


def _timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    import datasets
    import huggingface_hub.utils as hu

    datasets.disable_progress_bars()
    hu.disable_progress_bars()
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-export-"))
    frame = pd.read_csv(CORPUS)
    with Project.create(tmp / "legal.db", task=ROOT / "data" / "claudette.task.yaml") as project:
        _, secs = _timed(
            lambda: project.import_data(CORPUS, id_col="id", meta_cols=["doc", "split"], label_cols=["label"])
        )
        print(f"rows: {len(frame)} rows")
        print(f"import_with_labels: {secs:.2f} s")
        project.store.set_meta("pii_scanned_at", "bench")  # the gate: a scan is on record
        plan, secs_plan = _timed(lambda: project.export_plan(group_by="doc", random_state=0))
        print(f"export_plan: {secs_plan:.2f} s")
        print(f"export_plan_rate: {len(plan.rows) / secs_plan:.0f} rows/s")
        from curate.export import push_plan, save_plan

        _, secs_all = _timed(lambda: project.save(tmp / "ours", format="parquet", group_by="doc"))
        print(f"plan_and_save_parquet: {secs_all:.2f} s")
        _, secs_save = _timed(lambda: save_plan(plan, tmp / "ours2", format="parquet"))
        print(f"save_parquet_given_plan: {secs_save:.2f} s")

        def baseline() -> None:
            ds = datasets.Dataset.from_pandas(frame[["id", "text", "label"]], preserve_index=False)
            (tmp / "base").mkdir()
            ds.to_parquet(str(tmp / "base" / "train.parquet"))

        _, secs_base = _timed(baseline)
        print(f"baseline_from_pandas_to_parquet: {secs_base:.2f} s")
        print(f"save_given_plan_vs_baseline: {secs_save / secs_base:.1f} x")

        _, secs_push = _timed(lambda: project.push_to_hub("bench/ours", group_by="doc"))
        print(f"plan_gate_and_push_to_loopback_hub: {secs_push:.2f} s")
        _, secs_pplan = _timed(lambda: push_plan(plan, "bench/ours-again"))
        print(f"push_given_plan: {secs_pplan:.2f} s")
        dsd = plan.to_dataset_dict()
        _, secs_dpush = _timed(lambda: dsd.push_to_hub("bench/datasets", private=True))
        print(f"baseline_datasetdict_push_to_hub: {secs_dpush:.2f} s")
        print(f"push_given_plan_vs_baseline: {secs_pplan / secs_dpush:.2f} x")
        same = SERVER.state.repos["bench/ours"].uploaded
        local = {
            str(p.relative_to(tmp / "ours")): p.read_bytes() for p in (tmp / "ours").rglob("*") if p.is_file()
        }
        print(f"pushed_files_identical_to_local_export: {int(same == local)} bool")

    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((len(frame), 384)).astype(np.float32)
    _, secs_nd = _timed(
        lambda: near_duplicate_groups([str(i) for i in range(len(frame))], matrix, threshold=0.95)
    )
    print(f"near_duplicate_groups_15k_x_384: {secs_nd:.2f} s")
    SERVER.stop()


if __name__ == "__main__":
    main()
