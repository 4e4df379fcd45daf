"""`curate pii ...`: scan a project for personal data, review, pseudonymise."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _ids(value: str) -> list[int]:
    from curate.errors import CurateError

    out = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise CurateError(f"finding id {part!r} is not a number: give ids like 3,7,12")
        out.append(int(part))
    if not out:
        raise CurateError("no finding ids given: list them with `curate pii report PROJECT --findings`")
    return out


def cmd_scan(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        result = project.pii_scan(rescan=args.all, ner=False if args.regex_only else None).to_dict()
        result["gate"] = project.pii_gate().to_dict()
        return result


def cmd_report(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        out = project.pii_report(with_findings=args.findings)
    if not args.json and args.findings:
        lines = [f"{k}: {v}" for k, v in out.items() if k != "open"]
        for f in out["open"]:
            ctx = f["context"].replace("\n", " ")
            where = f"{f['item_id']} [{f['start']}:{f['end']}]"
            lines.append(f"  #{f['id']} {f['entity']:<14} {where} {f['value']!r}  …{ctx}…")
        return "\n".join(lines)
    return out


def cmd_apply(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        ids = _ids(args.ids) if args.ids else None
        result = project.pii_apply(ids, random_state=args.seed).to_dict()
        result["gate"] = project.pii_gate().to_dict()
        return result


def cmd_dismiss(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        return {"dismissed": project.pii_dismiss(_ids(args.ids)), "gate": project.pii_gate().to_dict()}


def register(subparsers: Any) -> None:
    """Add ``curate pii scan|report|apply|dismiss``."""
    parser = subparsers.add_parser("pii", help="find and pseudonymise personal data")
    sub = parser.add_subparsers(dest="pii_command", metavar="ACTION", required=True)

    p = sub.add_parser("scan", help="find personal data in items not scanned yet")
    p.add_argument("project")
    p.add_argument("--all", action="store_true", help="rescan every item, not only new ones")
    p.add_argument("--regex-only", action="store_true", help="patterns only, without spaCy NER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("report", help="findings by status and entity; whether publishing is allowed")
    p.add_argument("project")
    p.add_argument("--findings", action="store_true", help="list open findings with their context")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("apply", help="replace open findings with consistent surrogates")
    p.add_argument("project")
    p.add_argument("--ids", help="only these finding ids (comma-separated); default: all open")
    p.add_argument(
        "--seed", type=int, default=None, help="seed of the project's surrogate key (first run only)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_apply)

    p = sub.add_parser("dismiss", help="mark findings as false positives")
    p.add_argument("project")
    p.add_argument("ids", help="finding ids, comma-separated")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dismiss)
