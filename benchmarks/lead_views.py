"""The lead's views: repeated generate with the shared embedder vs a fresh one per call; search speed.

Prints ``name: value unit`` lines; the baseline (a fresh embedder per call, as
before the per-kernel cache) is measured in the same run.  Runs on the bundled
CLAUDETTE sample (developed on) and the medical-abstracts sample (held out).

    PYTHONPATH=. python benchmarks/lead_views.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from curate import Project  # noqa: E402
from curate.embed import SentenceTransformerEmbedder  # noqa: E402

CORPORA = {
    "legal": (
        "claudette.task.yaml",
        "claudette_sample.csv",
        "arbitration",
        ["label=arbitration", "text~=arbitrat"],
    ),
    "medical": (
        "medical_abstracts.task.yaml",
        "medical_abstracts_sample.csv",
        None,
        ["text~=carcinoma|tumou?r"],
    ),
}


def main() -> None:
    from curate.workflows.models import shared_embedder

    data = ROOT / "data"
    t0 = time.perf_counter()
    shared_embedder().encode(["warm-up"])
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    shared_embedder().encode(["The courts of Dublin."])
    again = time.perf_counter() - t0
    t0 = time.perf_counter()
    SentenceTransformerEmbedder().encode(["The courts of Dublin."])
    fresh = time.perf_counter() - t0
    print(f"embed_one_text_first_call: {first:.2f} s")
    print(f"embed_one_text_shared_later_call: {again:.3f} s")
    print(f"embed_one_text_fresh_embedder_baseline: {fresh:.2f} s")
    print(f"embed_one_text_speedup: {fresh / again:.0f} x")
    for name, (task, sample, label, where) in CORPORA.items():
        if not (data / sample).exists():
            print(f"{name}_skipped: 1 (no {sample})")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            project = Project.create(Path(tmp) / "p.db", task=data / task)
            project.import_data(data / sample, label_cols=["label"], annotator="gold")
            lab = label or project.spec.label_names[0]
            project.generate(lab, 2, random_state=0)  # first call: loads the model, fills the cache
            t0 = time.perf_counter()
            for seed in (1, 2):
                project.generate(lab, 2, random_state=seed)
            shared = (time.perf_counter() - t0) / 2
            t0 = time.perf_counter()
            for seed in (3, 4):
                project.generate(lab, 2, random_state=seed, embedder=SentenceTransformerEmbedder())
            fresh = (time.perf_counter() - t0) / 2
            print(f"{name}_generate_shared_embedder: {shared:.2f} s")
            print(f"{name}_generate_fresh_embedder_baseline: {fresh:.2f} s")
            print(f"{name}_generate_speedup: {fresh / shared:.2f} x")
            t0 = time.perf_counter()
            hits = project.search(*where)
            print(
                f"{name}_search_{len(project)}_items: {(time.perf_counter() - t0) * 1000:.0f} ms ({len(hits)} hits)"
            )
            project.close()


if __name__ == "__main__":
    main()
