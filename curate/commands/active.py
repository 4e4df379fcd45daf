"""``curate embed``, ``curate select`` and ``curate simulate`` (nothing heavy imported at module level)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["register"]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _embedder(args: argparse.Namespace) -> Any:
    from curate.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        args.model, device=args.device, batch_size=args.batch_size, backend=args.backend
    )


def cmd_embed(args: argparse.Namespace) -> Any:
    from curate.project import Project
    from curate.workflows.embedding import encode

    with Project.open(args.project) as project:
        items = project.items()
        emb = _embedder(args)
        t0 = time.perf_counter()
        matrix, encoded = encode(project.store, [it.text for it in items], emb)
        return {
            "items": len(items),
            "encoded": encoded,
            "cached": len(items) - encoded,
            "model_id": emb.model_id,
            "dim": int(matrix.shape[1]) if matrix.size else 0,
            "seconds": round(time.perf_counter() - t0, 2),
        }


def cmd_select(args: argparse.Namespace) -> Any:
    from curate.errors import CurateError
    from curate.project import Project

    if args.overlap is not None and not args.assign:
        raise CurateError("--overlap needs --assign naming the annotators")
    with Project.open(args.project) as project:
        batch = project.select_batch(
            args.n, strategy=args.strategy, random_state=args.random_state, embedder=_embedder(args)
        )
        out: dict[str, Any] = {
            "batch": batch.id,
            "strategy": batch.strategy,
            "model_version": batch.model_version,
            "items": [
                {"item_id": b.item_id, "score": round(b.score, 4), "reason": b.reason} for b in batch.items
            ],
        }
        out["unlabelable"] = int(batch.params.get("unlabelable", 0))  # left out of the pool
        if "note" in batch.params:
            out["note"] = batch.params["note"]
        if args.assign:
            got = project.assign(
                batch,
                annotators=_split(args.assign),
                overlap=0.2 if args.overlap is None else args.overlap,
                random_state=args.random_state,
            )
            out["assigned"] = {a: len(ids) for a, ids in got.items()}
        if not args.json:
            lines = [
                f"batch {batch.id}: {len(batch.items)} items by {batch.strategy} "
                f"(model {batch.model_version})"
            ]
            lines += [f"  {b.rank + 1:>3}. {b.item_id}  {b.score:.3f}  {b.reason}" for b in batch.items]
            if out["unlabelable"]:
                lines.append(f"{out['unlabelable']} items left out as not labelable")
            if args.assign:
                lines.append("assigned: " + ", ".join(f"{a} {n}" for a, n in out["assigned"].items()))
            return "\n".join(lines)
        return out


def _read_table(path: str) -> Any:
    import pandas as pd

    from curate.errors import ImportDataError

    p = Path(path)
    if not p.is_file():
        raise ImportDataError(f"{path}: no such file")
    suffix = p.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(p, lines=True)
        if suffix == ".parquet":
            return pd.read_parquet(p)
        return pd.read_csv(p, sep="\t" if suffix == ".tsv" else ",")
    except (ValueError, UnicodeDecodeError, OSError) as err:
        raise ImportDataError(f"{path}: cannot read it as a table ({err})") from None


def cmd_simulate(args: argparse.Namespace) -> Any:
    import numpy as np

    from curate.active.learner import Learner, Views, lexical_features
    from curate.active.simulate import DEFAULT_STRATEGY, plot_curves, resolve_strategy, simulate
    from curate.embed import cached_encode
    from curate.errors import ImportDataError
    from curate.store.vectors import EmbeddingCache

    if args.spans_col:
        return _simulate_spans(args)
    frame = _read_table(args.data)
    for col in [args.text_col, args.label_col, *([args.group_col] if args.group_col else [])]:
        if col not in frame.columns:
            raise ImportDataError(
                f"{args.data}: column {col!r} is missing; columns are {list(frame.columns)}"
            )
    frame = frame.dropna(subset=[args.text_col, args.label_col])
    if len(frame) < 10:
        raise ImportDataError(f"{args.data}: {len(frame)} labelled rows are too few to simulate")
    strategies = args.strategy or ["default", "random"]
    for s in strategies:
        resolve_strategy(s)  # unknown names fail before any encoding
    texts = frame[args.text_col].astype(str).tolist()
    classes = sorted(frame[args.label_col].astype(str).unique())
    y = frame[args.label_col].astype(str).map({c: i for i, c in enumerate(classes)}).to_numpy()
    cache = EmbeddingCache(args.cache)
    emb = _embedder(args)
    t0 = time.perf_counter()
    matrix, encoded = cached_encode(texts, emb, get=cache.get, put=cache.put)
    encode_s = time.perf_counter() - t0
    views = Views(lexical=lexical_features(texts), semantic=matrix)
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if not args.quiet else None
    result = simulate(
        views,
        np.asarray(y),
        n_classes=len(classes),
        class_names=classes,
        strategies=[DEFAULT_STRATEGY if s == "default" else s for s in strategies],
        groups=frame[args.group_col].tolist() if args.group_col else None,
        seed_size=args.seed_size,
        batch_size=args.batch_size_labels,
        budget=args.budget,
        repeats=args.repeats,
        test_size=args.test_size,
        random_state=args.random_state,
        learner=Learner(view=args.learner),
        progress=say,
        texts=texts,
        show_progress=not args.quiet,
    )
    result["data"] = str(args.data)
    result["embedding"] = {
        "model_id": emb.model_id,
        "encoded": encoded,
        "seconds": round(encode_s, 2),
        "cache": str(cache.path),
    }
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2, sort_keys=True), encoding="utf-8")
    if args.plot:
        plot_curves(result, args.plot)
    summary = {
        "ceiling_macro_f1": round(result["ceiling_macro_f1"], 4),
        "default_strategy": result["default_strategy"],
        "encoded": encoded,
    }
    for name, res in result["strategies"].items():
        l95 = res["labels_to_95_mean"]
        summary[name] = (
            f"AUC {res['auc_mean']:.3f}±{res['auc_std']:.3f}, "
            f"final macro-F1 {res['final_macro_f1_mean']:.3f}, "
            f"labels to 95% {'not reached' if l95 is None else round(l95)}, "
            f"rarest recall@200 {res['rarest_recall_at_200_mean'] or 0:.2f}"
        )
    return summary


def _simulate_spans(args: argparse.Namespace) -> Any:
    """``curate simulate --spans-col``: span-margin against random on a span corpus."""
    from curate.errors import CurateError
    from curate.ingest import read_records
    from curate.project import load_task
    from curate.spans.spec import SpanTaskSpec
    from curate.workflows.spans import simulate_span_records

    spec = None
    if args.task:
        task = load_task(args.task)
        if not isinstance(task, SpanTaskSpec):
            raise CurateError(f"{args.task} is not a span task (kind: spans)")
        spec = task
    strategies = args.strategy or ["default", "random"]
    unknown = [s for s in strategies if s not in ("default", "span-margin", "random")]
    if unknown:
        raise CurateError(f"unknown span strategies {unknown}: use default (span-margin) or random")
    name, records = read_records(args.data)
    result = simulate_span_records(
        records,
        name=name,
        spec=spec,
        text_col=args.text_col,
        spans_col=args.spans_col,
        initial=args.seed_size,
        batch=args.batch_size_labels,
        budget=args.budget,
        repeats=args.repeats,
        test_size=args.test_size,
        random_state=args.random_state,
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2, sort_keys=True), encoding="utf-8")
    summary: dict[str, Any] = {"documents": result["documents"], "labelled": result["labelled"]}
    for strategy, curve in result["curves"].items():
        summary[strategy] = (
            f"mean exact span F1 {result['auc'][strategy]:.3f}, final exact {curve['exact'][-1]:.3f}, "
            f"final overlap {curve['overlap'][-1]:.3f}, tokens annotated {curve['tokens'][-1]:.0f}"
        )
    return summary


def _model_args(p: argparse.ArgumentParser, *, batch_flag: str = "--batch-size") -> None:
    p.add_argument(
        "--model", help="sentence-transformers model folder or cached name (default: bundled MiniLM)"
    )
    p.add_argument("--device", help="cpu, cuda, ... (default auto: a GPU in half precision when present)")
    p.add_argument(
        "--backend",
        choices=["torch", "onnx", "onnx-int8"],
        help="encoder runtime (default: onnx-int8 when ONNX Runtime is installed, else torch); "
        "part of the embedding cache key",
    )
    p.add_argument(batch_flag, dest="batch_size", type=int, default=32, help="texts per encoder forward pass")


def register(subparsers: Any) -> None:
    """Add ``embed``, ``select`` and ``simulate`` to the ``curate`` command."""
    p = subparsers.add_parser("embed", help="embed every item (only texts not cached yet are encoded)")
    p.add_argument("project")
    _model_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_embed)

    p = subparsers.add_parser("select", help="choose the next batch to label with a query strategy")
    p.add_argument("project")
    p.add_argument("--n", type=int, default=50, help="batch size")
    p.add_argument(
        "--strategy",
        default="default",
        help="random, least_confidence, margin, entropy, kcenter, kmeans, hybrid, rare, balanced, or default",
    )
    p.add_argument("--assign", help="comma-separated annotators to share the batch among")
    p.add_argument("--overlap", type=float, help="share of the batch given to two annotators (default 0.2)")
    p.add_argument("--random-state", type=int)
    _model_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_select)

    p = subparsers.add_parser("simulate", help="learning curves of strategies on a fully labelled file")
    p.add_argument("--data", required=True, help="CSV, TSV, JSONL or Parquet file")
    p.add_argument("--text-col", default="text")
    p.add_argument("--label-col", default="label")
    p.add_argument(
        "--spans-col", help="a span corpus: the column of {start, end, label} lists (span-margin vs random)"
    )
    p.add_argument("--task", help="with --spans-col: the span task YAML (default: the file's labels)")
    p.add_argument("--group-col", help="rows of one group never straddle the train/test split (e.g. doc)")
    p.add_argument(
        "--strategy", action="append", help="repeat for several; 'default' is the default strategy"
    )
    p.add_argument("--seed-size", type=int, default=20)
    p.add_argument("--batch-size", dest="batch_size_labels", type=int, default=20, help="labels per batch")
    p.add_argument("--budget", type=int, default=400)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--test-size", type=float, default=0.3)
    p.add_argument("--random-state", type=int, default=0)
    p.add_argument("--learner", default="combined", choices=["combined", "lexical", "semantic", "concat"])
    p.add_argument("--cache", help="embedding cache file (default $CURATE_CACHE_DIR or ~/.cache/curate)")
    _model_args(p, batch_flag="--encode-batch-size")
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write the full result as JSON here")
    p.add_argument("--plot", metavar="OUT.png", help="save the learning curves as an image")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_simulate, json=False)
