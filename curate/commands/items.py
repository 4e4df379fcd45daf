"""`curate items PROJECT --where EXPR ...`: search and filter items; assign the result."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def cmd_items(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        records = project.search(*(args.where or []), limit=args.limit)
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
        "assigned, status, origin, batch, id, source, or a metadata key (e.g. doc=TikTok).",
    )
    p.add_argument("project")
    p.add_argument("--where", action="append", metavar="EXPR", help="a condition; repeat to combine (AND)")
    p.add_argument("--limit", type=int, help="at most this many items")
    p.add_argument(
        "--assign", metavar="NAMES", help="assign the matching items to these annotators (comma-separated)"
    )
    p.add_argument("--count", action="store_true", help="print only the number of matching items")
    p.add_argument("--json", action="store_true", help="print the items as a JSON list")
    p.set_defaults(func=cmd_items)
