"""Write an export to disk, or push it to the Hugging Face Hub in one commit.

Disk: a new folder is written beside the target and moved into place, so a
failed export leaves the previous one untouched.  Hub: the repo is created
private unless asked otherwise (and the privacy is checked on the server),
then the parquet files and the card go up in a single commit whose message
carries the project's snapshot hash.  A commit is all or nothing, so a push
that fails can simply be run again.  The token is passed to the client only;
it is never written, logged or put in an error message.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from curate.errors import PublishError
from curate.export.build import ExportOptions, ExportPlan
from curate.export.card import CardInfo, build_card
from curate.export.gate import warn_open_findings
from curate.export.spans import SpanExportPlan, plan_task_export
from curate.store import Store

__all__ = ["FORMATS", "PushResult", "publish", "push_plan", "save_plan", "write_export"]

Format = Literal["hf", "parquet", "jsonl", "csv"]
FORMATS: tuple[str, ...] = ("hf", "parquet", "jsonl", "csv")


@contextmanager
def _quiet() -> Iterator[None]:
    """Hide datasets' and huggingface_hub's progress bars for the duration (restored after)."""
    import datasets.utils as du
    import huggingface_hub.utils as hu

    ds_off, hf_off = du.are_progress_bars_disabled(), hu.are_progress_bars_disabled()
    du.disable_progress_bars()
    hu.disable_progress_bars()
    try:
        yield
    finally:
        if not ds_off:
            du.enable_progress_bars()
        if not hf_off:
            hu.enable_progress_bars()


AnyPlan = ExportPlan | SpanExportPlan


def _data_files(plan: AnyPlan, fmt: str) -> dict[str, str]:
    if fmt == "parquet":
        return {s: f"data/{s}-00000-of-00001.parquet" for s in plan.splits}
    if fmt in ("jsonl", "csv"):
        return {s: f"data/{s}.{fmt}" for s in plan.splits}
    return {}


def _plain_rows(plan: AnyPlan, split: str) -> list[dict[str, Any]]:
    if isinstance(plan, SpanExportPlan):
        return plan.plain_rows(split)
    out = []
    for r in plan.rows:
        if r.split != split:
            continue
        out.append(
            {
                "id": r.id,
                "text": r.text,
                plan.label_column: list(r.labels) if plan.spec.multi_label else r.labels[0],
                "n_annotators": r.n_annotators,
                "agreement": r.agreement,
                "resolution": r.resolution,
                "is_synthetic": r.is_synthetic,
                "provenance": None if r.provenance is None else dict(r.provenance),
                "metadata": dict(r.metadata),
            }
        )
    return out


def write_export(
    plan: AnyPlan, folder: Path, fmt: str, info: CardInfo | Mapping[str, Any] | None
) -> list[str]:
    """Write ``plan`` in format ``fmt`` into the existing empty ``folder``; return the relative paths."""
    if fmt not in FORMATS:
        raise PublishError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    with _quiet():
        return _write(plan, folder, fmt, info)


def _write(plan: AnyPlan, folder: Path, fmt: str, info: CardInfo | Mapping[str, Any] | None) -> list[str]:
    files = _data_files(plan, fmt)
    if fmt == "hf":
        plan.to_dataset_dict().save_to_disk(str(folder))
    elif fmt == "parquet":
        dsd = plan.to_dataset_dict()
        for split, rel in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            dsd[split].to_parquet(str(folder / rel))
    elif fmt == "jsonl":
        for split, rel in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as fh:
                for row in _plain_rows(plan, split):
                    fh.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        for split, rel in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = _plain_rows(plan, split)
            header = plan.columns
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    if isinstance(plan, SpanExportPlan):
                        # list columns as JSON text, as a span import reads them back
                        for key in ("spans", "tokens", "ner_tags", "document_labels", "metadata"):
                            if key in row:
                                row[key] = json.dumps(row[key], sort_keys=True, ensure_ascii=False)
                        row["agreement"] = "" if row["agreement"] is None else row["agreement"]
                        writer.writerow(row)
                        continue
                    if plan.spec.multi_label:
                        row[plan.label_column] = "|".join(row[plan.label_column])
                    for key in ("provenance", "metadata"):
                        row[key] = (
                            ""
                            if row[key] is None
                            else json.dumps(row[key], sort_keys=True, ensure_ascii=False)
                        )
                    row["agreement"] = "" if row["agreement"] is None else row["agreement"]
                    writer.writerow(row)
    card = build_card(plan, info, data_files=files or None)
    (folder / "README.md").write_text(str(card), encoding="utf-8")
    return sorted(str(p.relative_to(folder)).replace("\\", "/") for p in folder.rglob("*") if p.is_file())


def save_plan(
    plan: AnyPlan,
    directory: str | Path,
    *,
    format: str = "hf",
    card_info: CardInfo | Mapping[str, Any] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the export to ``directory`` (which must be absent or empty unless ``overwrite``).

    Warns with counts when exported texts still hold open or accepted personal-data findings.
    """
    _require_rows(plan)
    warn_open_findings(plan.pii)
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder: choose another export folder")
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise PublishError(
            f"{target} is not empty: choose a new folder, or pass overwrite=True (CLI --overwrite) "
            "to replace it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write_export(plan, staging, format, card_info)
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


@dataclass(frozen=True, slots=True, kw_only=True)
class PushResult:
    """What a push did."""

    repo_id: str
    url: str
    commit: str | None
    snapshot: str
    private: bool
    created: bool
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "url": self.url,
            "commit": self.commit,
            "snapshot": self.snapshot,
            "private": self.private,
            "created": self.created,
            "files": list(self.files),
        }


def _require_rows(plan: AnyPlan) -> None:
    if not plan.rows:
        raise PublishError(
            f"nothing to export: no item has a resolved label ({plan.unlabelled} unlabelled, "
            f"{len(plan.ties)} tied). Label or adjudicate items first"
        )


def _scrub(text: str, token: str) -> str:
    return text.replace(token, "***") if token else text


def push_plan(
    plan: AnyPlan,
    repo_id: str,
    *,
    private: bool = True,
    token: str | None = None,
    card_info: CardInfo | Mapping[str, Any] | None = None,
) -> PushResult:
    """Push ``plan`` to the dataset repo ``repo_id`` (the gate is the caller's job).

    The endpoint is the Hub's, or ``HF_ENDPOINT`` if set; the token is
    ``token``, else ``HF_TOKEN``, else the one saved by ``hf auth login``.
    """
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, get_token
    from huggingface_hub import errors as hf_errors
    from huggingface_hub.errors import HfHubHTTPError, HFValidationError, RepositoryNotFoundError

    # the HTTP client's own base error (httpx2 in huggingface_hub 2.x): refused or dropped connections
    transport: type[Exception] = getattr(hf_errors, "HTTPError", OSError)

    if not repo_id or repo_id.count("/") != 1:
        raise PublishError(f"repo id {repo_id!r} is not 'owner/name': give e.g. my-org/contracts-v3")
    _require_rows(plan)
    from huggingface_hub import constants

    offline = getattr(constants, "is_offline_mode", lambda: constants.HF_HUB_OFFLINE)()
    if offline:
        raise PublishError(
            "the Hugging Face client is in offline mode (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is set): "
            "unset it in the environment this process started with, then push again"
        )
    secret = token or get_token()
    if not secret:
        raise PublishError(
            "no Hugging Face token: set HF_TOKEN in the environment or run `hf auth login`; "
            "curate never stores tokens"
        )
    api = HfApi(token=secret)
    created = False
    try:
        try:
            info = api.repo_info(repo_id, repo_type="dataset")
        except RepositoryNotFoundError:
            api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
            created = True
            info = api.repo_info(repo_id, repo_type="dataset")
        is_private = bool(getattr(info, "private", False))
        if private and not is_private:
            raise PublishError(
                f"the Hub repo {repo_id} is public but a private push was asked for: make the repo "
                "private on the Hub, or push publicly on purpose with private=False (CLI --public)"
            )
        with tempfile.TemporaryDirectory(prefix="curate-push-") as tmp:
            folder = Path(tmp)
            files = write_export(plan, folder, "parquet", card_info)
            remote = set() if created else set(api.list_repo_files(repo_id, repo_type="dataset"))
            stale = sorted(p for p in remote if p.startswith("data/") and p not in files)
            operations: list[Any] = [
                CommitOperationAdd(path_in_repo=rel, path_or_fileobj=str(folder / rel)) for rel in files
            ]
            operations += [CommitOperationDelete(path_in_repo=p) for p in stale]
            with _quiet():
                commit = api.create_commit(
                    repo_id,
                    operations=operations,
                    commit_message=f"curate export, snapshot {plan.snapshot}",
                    commit_description=(
                        f"{len(plan.rows)} rows; splits {plan.split_sizes()}; "
                        f"random_state={plan.random_state}; project snapshot {plan.snapshot}"
                    ),
                    repo_type="dataset",
                )
    except PublishError:
        raise
    except (HfHubHTTPError, HFValidationError, transport, OSError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err).strip() else type(err).__name__
        raise PublishError(
            f"push to {repo_id} failed: {_scrub(first, secret)}. Nothing was changed locally and a Hub "
            "commit is all or nothing: fix the cause (network, permissions) and run the same push again"
        ) from None
    return PushResult(
        repo_id=repo_id,
        url=str(getattr(commit, "repo_url", "") or f"datasets/{repo_id}"),
        commit=getattr(commit, "oid", None),
        snapshot=plan.snapshot,
        private=is_private,
        created=created,
        files=tuple(files),
    )


def publish(
    store: Store,
    repo_id: str,
    *,
    private: bool = True,
    token: str | None = None,
    card_info: CardInfo | Mapping[str, Any] | None = None,
    allow_unscanned: bool = False,
    options: ExportOptions | None = None,
) -> PushResult:
    """Plan the export, check the personal-data gate, then push (see :func:`push_plan`)."""
    from curate.export.gate import check_pii_gate

    plan = plan_task_export(store, options)
    check_pii_gate(store, [r.id for r in plan.rows], allow_unscanned=allow_unscanned)
    return push_plan(plan, repo_id, private=private, token=token, card_info=card_info)
