"""The ``curate`` command: a thin wrapper over :class:`curate.Project`.

Each subcommand is a function taking the parsed arguments and returning a
value to print (as JSON with ``--json``).  A :class:`CurateError` is printed
as one line, with no traceback, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], Any]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _print(value: Any, as_json: bool) -> None:
    if value is None:
        return
    if as_json:
        print(json.dumps(value, indent=2, sort_keys=True, default=str))
    elif isinstance(value, str):
        print(value)
    elif isinstance(value, dict):
        for key, val in value.items():
            if isinstance(val, dict):
                print(f"{key}:")
                for k, v in val.items():
                    print(f"  {k}: {v}")
            else:
                print(f"{key}: {val}")
    else:
        print(value)


def cmd_init(args: argparse.Namespace) -> Any:
    from curate.errors import CurateError
    from curate.project import Project, load_task
    from curate.schema import Label, TaskSpec
    from curate.spans.spec import SpanTaskSpec, span_spec_from_names

    spec: TaskSpec | SpanTaskSpec
    if args.overlapping and not args.spans:
        raise CurateError("--overlapping goes with --spans (a span task whose spans may overlap)")
    if args.task:
        spec = load_task(args.task)
    elif args.spans:
        spec = span_spec_from_names(
            args.spans, name=args.name or Path(args.project).stem, overlapping=args.overlapping
        )
    elif args.labels:
        spec = TaskSpec(
            name=args.name or Path(args.project).stem,
            labels=tuple(Label(name=n) for n in _split(args.labels)),
            multi_label=args.multi_label,
        )
    elif args.labels_from:
        if not args.label_col:
            raise CurateError("--labels-from needs --label-col naming the column that holds the labels")
        from curate.ingest import read_records

        name, records = read_records(args.labels_from)
        if records and args.label_col not in records[0].values:
            raise CurateError(
                f"{name}: column {args.label_col!r} is not in the file; columns are {list(records[0].values)}"
            )
        found: set[str] = set()
        for rec in records:
            value = rec.values.get(args.label_col)
            if isinstance(value, str) and value.strip():
                parts = value.split("|") if args.multi_label else [value]
                found.update(p.strip() for p in parts if p.strip())
        if not found:
            raise CurateError(f"{name}: column {args.label_col!r} holds no labels")
        spec = TaskSpec(
            name=args.name or Path(args.project).stem,
            labels=tuple(Label(name=n) for n in sorted(found)),
            multi_label=args.multi_label,
        )
    else:
        raise CurateError(
            "give the labels: --task TASK.yaml, --labels 'A,B,C', --spans 'DRUG,DOSE', "
            "or --labels-from FILE --label-col C"
        )
    project = Project.create(args.project, task=spec)
    project.close()
    if isinstance(spec, SpanTaskSpec):
        return {
            "project": str(args.project),
            "task": spec.name,
            "kind": "spans",
            "labels": list(spec.label_names),
            "overlapping": spec.overlapping,
            "nested": spec.nested,
        }
    return {
        "project": str(args.project),
        "task": spec.name,
        "labels": list(spec.label_names),
        "multi_label": spec.multi_label,
    }


def cmd_import(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        report = project.import_data(
            args.file,
            text_col=args.text_col,
            id_col=args.id_col,
            label_cols=_split(args.label_col),
            annotator=args.annotator,
            meta_cols=_split(args.meta_cols) if args.meta_cols is not None else None,
            encoding=args.encoding,
            max_chars=args.max_chars,
            spans_col=args.spans_col,
        )
        return report.to_dict()


def cmd_stats(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        return project.stats()


def build_parser() -> argparse.ArgumentParser:
    from curate._version import __version__

    parser = argparse.ArgumentParser(prog="curate", description="Build small, high-stakes labelled datasets.")
    parser.add_argument("--version", action="version", version=f"curate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a project")
    p.add_argument("project", help="project file (SQLite) or database URL")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--task", help="task spec YAML")
    g.add_argument("--labels", help="comma-separated label names")
    g.add_argument("--labels-from", help="read the label set from a labelled file")
    g.add_argument("--spans", help="a span task: comma-separated span label names, e.g. 'DRUG,DOSE,ADE'")
    p.add_argument("--overlapping", action="store_true", help="with --spans: spans may overlap and nest")
    p.add_argument("--label-col", help="with --labels-from: the label column")
    p.add_argument("--multi-label", action="store_true", help="items may take several labels")
    p.add_argument("--name", help="task name (default: the project file's stem)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="import a corpus file or folder")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--text-col")
    p.add_argument("--id-col")
    p.add_argument("--label-col", help="existing labels (comma-separate several columns)")
    p.add_argument(
        "--spans-col", help="span task: the column of existing spans, a list of {start, end, label}"
    )
    p.add_argument(
        "--annotator", help="who the existing labels or spans are from (default imported:<file stem>)"
    )
    p.add_argument("--meta-cols", help="metadata columns to keep (default: all others)")
    p.add_argument("--encoding", help="file encoding when not UTF-8")
    p.add_argument("--max-chars", type=int, default=100_000)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("stats", help="counts by label, annotator and origin")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    for add in _extensions():
        add(sub)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Subcommands defined in ``curate.commands``: each module's ``register(subparsers)``.

    Those modules import nothing heavy at module level, so ``curate --help`` stays fast.
    """
    from curate.commands import active, annotate, export, items, pii, synth

    return [active.register, annotate.register, export.register, items.register, pii.register, synth.register]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``curate`` command; returns the exit status.

    Output piped into a reader that stops early (``curate ... | head``) ends the
    command quietly with status 141 (128 + SIGPIPE, as Unix tools do), not with a traceback.
    """
    try:
        status = _run(argv)
        sys.stdout.flush()  # a reader that left shows here, not at interpreter exit
        return status
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from curate.errors import CurateError

    try:
        result = args.func(args)
    except CurateError as err:
        print(f"curate {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    try:
        _print(result, getattr(args, "json", False))
        sys.stdout.flush()
    except BrokenPipeError:
        # `curate ... | head` closed the pipe: stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
