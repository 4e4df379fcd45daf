"""`curate annotate`: the labelling page, a page of its own where keys cannot reach a notebook."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def cmd_annotate(args: argparse.Namespace) -> Any:
    from curate.project import Project
    from curate.widgets.page import LabellingPage

    with Project.open(args.project):  # a clear error here, before a server starts for nothing
        pass
    options: dict[str, Any] = {"prefetch": args.prefetch, "context": args.context}
    if args.context_key:
        options["context_key"] = args.context_key
    page = LabellingPage(
        args.project, annotator=args.annotator, batch=args.batch, port=args.port, options=options
    )
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
    p.set_defaults(func=cmd_annotate)
