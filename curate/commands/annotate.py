"""`curate annotate`: the labelling page, a page of its own where keys cannot reach a notebook."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def page_from_args(args: argparse.Namespace) -> Any:
    """The :class:`~curate.widgets.page.LabellingPage` that ``curate annotate`` serves (not started)."""
    from curate.project import Project
    from curate.widgets.page import LabellingPage

    options: dict[str, Any] = {"prefetch": args.prefetch, "context": args.context}
    if args.context_key:
        options["context_key"] = args.context_key
    with Project.open(args.project) as project:  # a clear error here, before a server starts for nothing
        if args.pre_annotate is not None:
            options["pre_annotate"] = pre_annotate_option(project.kind, args.pre_annotate)
    return LabellingPage(
        args.project, annotator=args.annotator, batch=args.batch, port=args.port, options=options
    )


def cmd_annotate(args: argparse.Namespace) -> Any:
    page = page_from_args(args)
    page.start()
    print(f"labelling page for {page.annotator}: {page.url}", flush=True)
    print("keep this running while you label; Ctrl+C stops it (every decision is already saved)", flush=True)
    if not args.no_browser and not page.open_browser():
        print("no browser to open here: open the address above in yours", file=sys.stderr, flush=True)
    try:
        page.wait()
    except KeyboardInterrupt:
        page.stop()
    return None


def pre_annotate_option(kind: str, value: str) -> tuple[str, ...]:
    """``--pre-annotate rules,pii,model``: the checked sources, for span tasks only."""
    from curate.errors import CurateError
    from curate.workflows.spans import check_suggestion_sources

    if kind != "spans":
        raise CurateError(
            "--pre-annotate suggests spans, and this project is a classification task: leave it out"
        )
    return check_suggestion_sources(value.split(","))


def register(sub: Any) -> None:
    p = sub.add_parser(
        "annotate",
        help="serve the labelling page (keys go only to the annotator)",
        description="Serve one annotator's labelling page on 127.0.0.1 (Voilà) and print its address.",
    )
    p.add_argument("project")
    p.add_argument("--annotator", required=True, help="who labels; every decision records it")
    p.add_argument("--port", type=int, help="port to serve on (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="only print the address")
    p.add_argument("--batch", type=int, help="only the items of this batch assigned to the annotator")
    p.add_argument("--prefetch", type=int, default=5, help="items the page holds ahead (default 5)")
    p.add_argument(
        "--context",
        type=int,
        default=1,
        help="neighbouring items of the same document shown on each side (0: none)",
    )
    p.add_argument("--context-key", help="metadata field naming the document (default: doc, document, ...)")
    p.add_argument(
        "--pre-annotate",
        nargs="?",
        const="rules,pii,model",
        metavar="SOURCES",
        help="span tasks: show suggested spans dashed, from these comma-separated sources "
        "(rules, pii, model; all three when given alone; off by default)",
    )
    p.set_defaults(func=cmd_annotate)
