"""`curate pii ...`: scan a project (or a file) for personal data, review, pseudonymise."""

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
    from curate.workflows.pii_settings import project_detector

    with Project.open(args.project) as project:
        detector = project_detector(
            project.store, ner=False if args.regex_only else None, threshold=args.threshold, save=True
        )
        result = project.pii_scan(detector, rescan=args.all).to_dict()
        result["gate"] = project.pii_gate().to_dict()
        return result


def cmd_report(args: argparse.Namespace) -> Any:
    from curate.project import Project

    if args.group:
        from curate.workflows.pii_settings import group_findings

        with Project.open(args.project) as project:
            groups = [g.to_dict() for g in group_findings(project.store)]
            unscanned = project.store.unscanned_count()
        if args.json:
            return groups
        if not groups and unscanned:
            return f"no findings yet: {unscanned} items are not scanned; run `curate pii scan {args.project}` first"
        lines = [f"{len(groups)} groups of open findings (dismiss one with --value TEXT --type TYPE):"]
        for g in groups:
            ids = ",".join(map(str, g["finding_ids"][:8])) + ("…" if g["count"] > 8 else "")
            lines.append(
                f"  {g['count']:>5}x {g['entity']:<14} {g['value']!r}  ({g['items']} items; ids {ids})"
            )
        return "\n".join(lines)
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
        applied = project.pii_apply(ids, random_state=args.seed)
        gate = project.pii_gate()
    if args.json:
        return {**applied.to_dict(), "gate": gate.to_dict()}
    lines = [applied.summary()]
    if applied.item_ids:
        more = "…" if len(applied.item_ids) > 10 else ""
        lines.append("items: " + ", ".join(applied.item_ids[:10]) + more)
    if applied.skipped:
        lines.append("left open (overlap a dismissal): " + ",".join(map(str, applied.skipped)))
    lines.append("gate: ok" if gate.ok else "gate: " + "; ".join(gate.reasons))
    return "\n".join(lines)


def cmd_dismiss(args: argparse.Namespace) -> Any:
    from curate.errors import CurateError
    from curate.project import Project

    by_value = args.value is not None or args.type is not None
    if by_value and (args.value is None or args.type is None or args.ids):
        raise CurateError("dismiss by surface form needs both --value TEXT and --type TYPE, and no ids")
    if not by_value and not args.ids:
        raise CurateError("give finding ids (3,7,12) or --value TEXT --type TYPE")
    with Project.open(args.project) as project:
        if by_value:
            from curate.workflows.pii_settings import dismiss_value

            result = dismiss_value(project.store, args.value, args.type)
        else:
            result = {"dismissed": project.pii_dismiss(_ids(args.ids))}
        return {**result, "gate": project.pii_gate().to_dict()}


def cmd_view(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        view = project.set_pii_view(args.view) if args.view else project.pii_view
    return {"view": view}


def detect_file(
    path: str,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    threshold: float | None = None,
    ner: bool | None = None,
) -> list[dict[str, Any]]:
    """Findings for every row of a file outside any project, in the ``curate pii detect`` JSON shape."""
    from curate.errors import CurateError
    from curate.ingest import read_records
    from curate.pii import DetectorSettings, build_detector, find_many

    name, records = read_records(path)
    if not records:
        return []
    columns = list(records[0].values)
    if text_col is None:
        text_col = next(
            (c for c in ("text", "sentence", "content", "document", "body") if c in columns), None
        )
        if text_col is None:
            raise CurateError(f"{name}: no text column among {columns}: name it with --text-col")
    if text_col not in columns:
        raise CurateError(f"{name}: no column {text_col!r} (columns: {columns}); pick one with --text-col")
    if id_col is not None and id_col not in columns:
        raise CurateError(f"{name}: no column {id_col!r} (columns: {columns}); pick one with --id-col")
    if id_col is None and "id" in columns:
        id_col = "id"
    texts = ["" if r.values.get(text_col) is None else str(r.values[text_col]) for r in records]
    settings = (
        DetectorSettings(ner=ner) if threshold is None else DetectorSettings(ner=ner, threshold=threshold)
    )
    detector = build_detector(settings)
    out = []
    for record, spans in zip(records, find_many(detector, texts), strict=True):
        out.append(
            {
                "id": record.values[id_col] if id_col is not None else record.row,
                "spans": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "type": s.entity,
                        "score": s.score,
                        "detector": s.detector,
                    }
                    for s in spans
                ],
            }
        )
    return out


def cmd_detect(args: argparse.Namespace) -> Any:
    rows = detect_file(
        args.file,
        text_col=args.text_col,
        id_col=args.id_col,
        threshold=args.threshold,
        ner=False if args.regex_only else None,
    )
    if args.json:
        return rows
    lines = []
    for row in rows:
        if row["spans"]:
            found = ", ".join(f"{s['type']}[{s['start']}:{s['end']}]" for s in row["spans"])
            lines.append(f"{row['id']}: {found}")
    lines.append(f"{sum(len(r['spans']) for r in rows)} findings in {len(rows)} rows")
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    """Add ``curate pii scan|detect|report|apply|dismiss|view``."""
    parser = subparsers.add_parser("pii", help="find and pseudonymise personal data")
    sub = parser.add_subparsers(dest="pii_command", metavar="ACTION", required=True)

    p = sub.add_parser("scan", help="find personal data in items not scanned yet")
    p.add_argument("project")
    p.add_argument("--all", action="store_true", help="rescan every item, not only new ones")
    p.add_argument("--regex-only", action="store_true", help="patterns only, without spaCy NER")
    p.add_argument(
        "--threshold", type=float, default=None, help="minimum confidence (0-1), kept for later scans"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("detect", help="find personal data in a file outside any project")
    p.add_argument("file", help=".csv, .tsv, .jsonl, .parquet or .txt")
    p.add_argument("--text-col", default=None, help="column with the text (default: text, sentence, ...)")
    p.add_argument("--id-col", default=None, help="column with the row id (default: id, else the row number)")
    p.add_argument("--threshold", type=float, default=None, help="minimum confidence (0-1), default 0.5")
    p.add_argument("--regex-only", action="store_true", help="patterns and name list only, without spaCy")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_detect)

    p = sub.add_parser("report", help="findings by status and entity; whether publishing is allowed")
    p.add_argument("project")
    p.add_argument("--findings", action="store_true", help="list open findings with their context")
    p.add_argument("--group", action="store_true", help="open findings grouped by surface form and type")
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

    p = sub.add_parser(
        "view", help="what annotators see of items with findings: pseudonymised, masked, original"
    )
    p.add_argument("project")
    p.add_argument("view", nargs="?", default=None, choices=["pseudonymised", "masked", "original"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_view)

    p = sub.add_parser("dismiss", help="mark findings as false positives (by id, or all of one surface form)")
    p.add_argument("project")
    p.add_argument("ids", nargs="?", default=None, help="finding ids, comma-separated")
    p.add_argument(
        "--value", default=None, help="dismiss every finding with this surface form (and in later scans)"
    )
    p.add_argument("--type", default=None, help="the finding type of --value (NAME, LOCATION, ...)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dismiss)
