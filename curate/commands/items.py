"""`curate items PROJECT --where EXPR ...`: search and filter items; assign or mark the result."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _mark(project: Any, args: argparse.Namespace, records: list[dict[str, Any]]) -> Any:
    """Mark (or unmark) the matching items not labelable; says what changed."""
    ids = [r["id"] for r in records]
    if args.unmark:
        changed = project.unmark_unlabelable(ids)
        out = {"matched": len(ids), "unmarked": changed, "ids": ids}
        said = f"{len(ids)} items matched; {changed} put back in the pool"
    else:
        changed = project.mark_unlabelable(ids, reason=args.reason)
        out = {"matched": len(ids), "marked": changed, "ids": ids}
        said = f"{len(ids)} items matched; {changed} marked not labelable (left out of the pool)"
    return out if args.json else said


def cmd_items(args: argparse.Namespace) -> Any:
    from curate.errors import CurateError
    from curate.project import Project

    marking = args.mark_unlabelable or args.unmark
    if marking and args.assign:
        raise CurateError("mark or assign the matching items, not both in one command")
    if args.reason is not None and not args.mark_unlabelable:
        raise CurateError("--reason goes with --mark-unlabelable")
    if marking and not args.where:
        raise CurateError(
            "--mark-unlabelable and --unmark need at least one --where (e.g. --where id=c-12): "
            "they never apply to every item at once"
        )
    with Project.open(args.project) as project:
        records = project.search(*(args.where or []), limit=args.limit)
        if marking:
            return _mark(project, args, records)
        if args.assign:
            names = [n.strip() for n in args.assign.split(",") if n.strip()]
            added = project.assign_items([r["id"] for r in records], names)
            if not args.json:
                return f"{len(records)} items matched; {added} assignments added for {', '.join(names)}"
        if args.json:
            return records
        if args.count:
            return str(len(records))
        lines = [
            f"{r['id']}\t{r['label'] or '-'}\t{r['state']}\t{' '.join(r['text'].split())[:100]}"
            for r in records
        ]
        lines.append(f"{len(records)} items")
        return "\n".join(lines)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "items",
        help="search and filter items (--where field=value or field~=regex)",
        description="List the items matching every --where condition. EXPR is field=value (text: "
        "substring; other fields: equal, any case) or field~=regex. Fields: text, label, state, annotator, "
        "assigned, status, origin, batch, id, source, or a metadata key (e.g. doc=TikTok). "
        "--mark-unlabelable takes the matching items out of the pool (never selected, served or exported); "
        "--unmark puts them back.",
    )
    p.add_argument("project")
    p.add_argument("--where", action="append", metavar="EXPR", help="a condition; repeat to combine (AND)")
    p.add_argument("--limit", type=int, help="at most this many items")
    p.add_argument(
        "--assign", metavar="NAMES", help="assign the matching items to these annotators (comma-separated)"
    )
    mark = p.add_mutually_exclusive_group()
    mark.add_argument(
        "--mark-unlabelable",
        action="store_true",
        help="mark the matching items not labelable (a fragment, a heading, garbage): "
        "never selected, served or exported",
    )
    mark.add_argument(
        "--unmark", action="store_true", help="put the matching items marked not labelable back in the pool"
    )
    p.add_argument("--reason", help="with --mark-unlabelable: why (stored with the mark)")
    p.add_argument("--count", action="store_true", help="print only the number of matching items")
    p.add_argument("--json", action="store_true", help="print the items as a JSON list")
    p.set_defaults(func=cmd_items)
