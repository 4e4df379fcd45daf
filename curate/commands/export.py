"""`curate export`, `curate push` and `curate agreement`.

Nothing heavy is imported at module level; ``datasets`` and
``huggingface_hub`` load only when a command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.export import ExportOptions

__all__ = ["register"]


def _splits(value: str | None) -> dict[str, float] | None:
    if not value:
        return None
    from curate.errors import PublishError

    out: dict[str, float] = {}
    for part in value.split(","):
        name, sep, frac = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(frac)
        except ValueError:
            raise PublishError(f"--splits {value!r}: write it as train=0.8,validation=0.1,test=0.1") from None
    return out


def _card_info(path: str | None) -> dict[str, Any] | None:
    if not path:
        return None
    import yaml

    from curate.errors import PublishError

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as err:
        raise PublishError(f"cannot read card info {path}: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise PublishError(f"card info {path} is not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise PublishError(
            f"card info {path}: expected a mapping of license, language, source, citation, ..."
        )
    return data


def _options(args: argparse.Namespace) -> ExportOptions:
    from curate.export import ExportOptions

    tokens = getattr(args, "tokens", None)
    return ExportOptions(
        splits=_splits(args.splits),
        stratify=not args.no_stratify,
        group_by=args.group_col,
        random_state=args.random_state,
        tokens=False if tokens is None else (True if tokens == "" else tokens),
    )


def cmd_export(args: argparse.Namespace) -> Any:
    import warnings

    from curate.errors import CurateWarning
    from curate.export import save_plan
    from curate.export.gate import open_findings_warning
    from curate.project import Project

    with Project.open(args.project) as project:
        plan = project.export_plan(_options(args))
        with warnings.catch_warnings():  # said on stdout below, with the result
            warnings.simplefilter("ignore", CurateWarning)
            path = save_plan(
                plan,
                args.directory,
                format=args.format,
                card_info=_card_info(args.card),
                overwrite=args.overwrite,
            )
        out = {"directory": str(path), "format": args.format, **plan.summary()}
        warning = open_findings_warning(plan.pii)
        return {"warning": warning, **out} if warning else out


def cmd_push(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        result = project.push_to_hub(
            args.repo_id,
            _options(args),
            private=not args.public,
            card_info=_card_info(args.card),
            allow_unscanned=args.allow_unscanned,
        )
        return result.to_dict()


def cmd_agreement(args: argparse.Namespace) -> Any:
    from curate.project import Project

    with Project.open(args.project) as project:
        if project.kind == "spans":
            pairs = project.span_agreement()
            return {
                "kind": "spans",
                "annotators": sorted({p[k] for p in pairs for k in ("a", "b")}),
                "span_f1": pairs,
            }
        return project.agreement().to_dict()


def _add_plan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group-col", help="metadata column whose rows stay in one split (e.g. doc)")
    p.add_argument("--random-state", type=int, default=0, help="seed for the split (default 0)")
    p.add_argument("--splits", help="fractions, e.g. train=0.8,validation=0.1,test=0.1 (the default)")
    p.add_argument("--no-stratify", action="store_true", help="do not balance labels across splits")
    p.add_argument(
        "--tokens",
        nargs="?",
        const="",
        metavar="TOKENIZER_PATH",
        help="span tasks: add tokens and BIO ner_tags (words/punctuation, or a Hugging Face tokenizer folder)",
    )
    p.add_argument(
        "--card", help="YAML with license, language, source, rationale, citation, ... for the card"
    )
    p.add_argument("--json", action="store_true")


def register(subparsers: Any) -> None:
    """Add the export subcommands to the ``curate`` parser."""
    p = subparsers.add_parser("export", help="write the dataset (hf, parquet, jsonl, csv) with its card")
    p.add_argument("project")
    p.add_argument("directory")
    p.add_argument("--format", default="hf", choices=["hf", "parquet", "jsonl", "csv"])
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty export folder")
    _add_plan_options(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("push", help="push the dataset and card to a Hugging Face Hub repo (private)")
    p.add_argument("project")
    p.add_argument("repo_id", help="owner/name of the dataset repo")
    p.add_argument("--public", action="store_true", help="make a new repo public (default: private)")
    p.add_argument(
        "--allow-unscanned", action="store_true", help="push although no personal-data scan was recorded"
    )
    _add_plan_options(p)
    p.set_defaults(func=cmd_push)

    p = subparsers.add_parser("agreement", help="inter-annotator agreement (Krippendorff, Fleiss, Cohen)")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement)
