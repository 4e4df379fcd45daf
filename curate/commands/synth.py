"""``curate gaps``, ``curate synth`` and ``curate review``: thin wrappers over Project."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _ids(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def cmd_gaps(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        report = project.gaps(
            target_per_label=args.target,
            clusters=not args.no_clusters,
            n_clusters=args.clusters,
            random_state=args.random_state,
        ).to_dict()
    if args.json:
        return report
    lines = [f"labels under {report['target_per_label']} labelled items:"]
    lines += [
        f"  {g['label']}: {g['labelled']} (missing {g['missing']}, "
        f"{g['synthetic_pending']} synthetic pending)"
        for g in report["labels_under_target"]
    ] or ["  none"]
    lines.append("embedding clusters with at most one labelled item:")
    lines += [
        f"  cluster {g['cluster']}: {g['size']} items, {g['labelled']} labelled, "
        f"e.g. {', '.join(g['examples'])}"
        for g in report["thin_clusters"]
    ] or ["  none"]
    lines.append("labels predicted far more often than labelled:")
    lines += [
        f"  {g['label']}: predicted {g['predicted_share']:.1%} vs labelled {g['labelled_share']:.1%}"
        for g in report["over_predicted"]
    ] or ["  none"]
    lines += [f"note: {n}" for n in report["notes"]]
    return "\n".join(lines)


def cmd_synth(args: argparse.Namespace) -> Any:
    from curate.project import Project

    generator: Any = args.generator
    if generator == "llm":
        from curate.synth.llm import llm_generator

        generator = llm_generator(
            url=args.llm_url,
            model=args.llm_model,
            path=args.llm_path,
            api_key_env=args.llm_key_env,
            mode=args.llm_mode,
            temperature=args.temperature,
            timeout=args.llm_timeout,
        )
    with Project.open(args.project) as project:
        cands = project.generate(
            args.label,
            args.n,
            generator=generator,
            random_state=args.random_state,
            templates=args.templates,
            vocabularies=args.vocab or (),
            max_similarity=args.max_similarity,
            min_probability=args.min_probability,
            max_share=args.max_share,
            safety=args.safety,
            keep_failed=args.keep_failed,
            assign_to=_ids(args.assign),
        )
    if args.json:
        return [c.to_dict() for c in cands]
    lines = []
    for c in cands:
        why = f" [failed: {', '.join(c.failed)}]" if c.failed else ""
        flags = f" [flagged: {', '.join(c.flags)}]" if c.flags else ""
        lines.append(f"{c.id} {c.status}{why}{flags}: {c.text[:100]}")
    stored = sum(c.status == "pending" for c in cands)
    lines.append(f"{len(cands)} candidates for {args.label!r}, {stored} stored as pending for review")
    return "\n".join(lines)


def cmd_review(args: argparse.Namespace) -> Any:
    from curate.errors import CurateError
    from curate.project import Project
    from curate.workflows.synth import read_decisions

    accept, reject = _ids(args.accept), _ids(args.reject)
    reasons: dict[str, str] = {}
    if args.decisions:
        more_a, more_r, reasons = read_decisions(args.decisions)
        accept, reject = accept + more_a, reject + more_r
    plain = [r for r in args.reason or [] if "=" not in r]
    for r in args.reason or []:
        if "=" in r:
            iid, _, why = r.partition("=")
            reasons[iid.strip()] = why.strip()
    reason: str | dict[str, str] | None = reasons or None
    if plain:
        if reasons or len(plain) > 1:
            raise CurateError("mix of --reason TEXT and --reason ID=TEXT: give every reason as ID=TEXT")
        reason = plain[0]
    with Project.open(args.project) as project:
        done = project.review(accept=accept, reject=reject, reason=reason, reviewer=args.reviewer)
    if args.json:
        return done
    return "\n".join(f"{d['id']}: {d['status']} ({d['reason']})" for d in done)


def register(sub: Any) -> None:
    """Add the ``gaps``, ``synth`` and ``review`` subcommands."""
    p = sub.add_parser("gaps", help="labels, embedding clusters and predicted shares that lack labelled data")
    p.add_argument("project")
    p.add_argument("--target", type=int, default=20, help="labelled items wanted per label (default 20)")
    p.add_argument("--clusters", type=int, default=12, help="number of embedding clusters (default 12)")
    p.add_argument("--no-clusters", action="store_true", help="skip the embedding clusters (no model load)")
    p.add_argument("--random-state", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("synth", help="generate synthetic candidates for a label, for expert review")
    p.add_argument("project")
    p.add_argument("--label", required=True)
    p.add_argument("--n", type=int, default=10)
    p.add_argument(
        "--generator",
        choices=["exemplar", "template", "llm"],
        default="exemplar",
        help="exemplar (default: recombines your labelled items, no set-up), template (a templates "
        "file or a bundled set), llm (an OpenAI-compatible endpoint or a local model)",
    )
    p.add_argument("--llm-url", help="OpenAI-compatible base URL, e.g. http://localhost:8000/v1")
    p.add_argument("--llm-model", help="model name the endpoint serves")
    p.add_argument("--llm-path", help="folder of a local transformers causal LM (instead of --llm-url)")
    p.add_argument("--llm-key-env", help="environment variable holding the API key (the key is never stored)")
    p.add_argument("--llm-mode", choices=["new", "paraphrase"], default="new")
    p.add_argument("--llm-timeout", type=float, default=60.0, help="seconds per request (default 60)")
    p.add_argument("--temperature", type=float, default=0.8, help="LLM sampling temperature (recorded)")
    p.add_argument(
        "--safety",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="no-new-facts constraints (drugs, doses, diagnoses, statutes...); default: on for clinical "
        "or legal text",
    )
    p.add_argument("--random-state", type=int, default=None)
    p.add_argument("--templates", help="templates YAML file (default: the bundled set for the task)")
    p.add_argument("--vocab", action="append", help="extra vocabulary YAML file (repeatable)")
    p.add_argument("--max-similarity", type=float, default=0.95, help="novelty: max cosine to a real item")
    p.add_argument(
        "--min-probability",
        type=float,
        default=None,
        help="label faithfulness threshold (flag); default: per label, below 90%% of its real items",
    )
    p.add_argument("--max-share", type=float, default=0.5, help="max synthetic share of a label")
    p.add_argument(
        "--keep-failed", action="store_true", help="store failed candidates as rejected, for audit"
    )
    p.add_argument("--assign", help="annotators to assign the pending candidates to (comma-separated)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("review", help="accept or reject synthetic items")
    p.add_argument("project")
    g = p.add_argument_group("decision")
    g.add_argument("--accept", help="item ids to accept (comma-separated)")
    g.add_argument("--reject", help="item ids to reject (comma-separated)")
    p.add_argument(
        "--reason",
        action="append",
        metavar="ID=TEXT",
        help="why, per item (repeatable): --reason s1a2=invents a drug; a bare TEXT only for a single item",
    )
    p.add_argument(
        "--decisions",
        metavar="FILE",
        help="CSV (id,decision,reason) or JSONL file of decisions, one per item: decision is accept or reject",
    )
    p.add_argument("--reviewer", help="who decided")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review)
