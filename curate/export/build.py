"""From a project's store to export rows, splits and a ``datasets.DatasetDict``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError, PublishError
from curate.export.gate import PiiStatus, pii_status_of, warn_open_findings
from curate.export.splits import SplitRow, assign_splits, check_fractions, group_members
from curate.labels import Resolution, resolve_labels
from curate.quality.agreement import AgreementReport, agreement_report, votes_from_rows
from curate.schema import Item, TaskSpec
from curate.store import Store

if TYPE_CHECKING:
    from datasets import DatasetDict

__all__ = ["DEFAULT_SPLITS", "ExportOptions", "ExportPlan", "ExportRow", "plan_export"]

DEFAULT_SPLITS: dict[str, float] = {"train": 0.8, "validation": 0.1, "test": 0.1}
_INFO_COLUMNS = ("n_annotators", "agreement", "resolution", "is_synthetic", "provenance", "metadata")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportRow:
    """One row of the exported dataset."""

    id: str
    text: str
    labels: tuple[str, ...]
    resolution: str
    n_annotators: int
    agreement: float | None
    is_synthetic: bool
    provenance: Mapping[str, Any] | None
    metadata: Mapping[str, Any]
    split: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportPlan:
    """Everything an export writes, decided once: rows per split plus the facts for the card.

    Build it with :func:`plan_export`; :meth:`to_dataset_dict` turns it into a
    ``datasets.DatasetDict``.
    """

    spec: TaskSpec
    rows: tuple[ExportRow, ...]
    splits: Mapping[str, float]
    stratify: bool
    group_by: str | None
    random_state: int | None
    snapshot: str
    ties: tuple[str, ...]
    unlabelled: int
    excluded: Mapping[str, int]
    n_groups: int
    guideline_versions: tuple[int, ...]
    agreement: AgreementReport
    pii: PiiStatus
    generators: Mapping[str, int] = field(default_factory=dict)

    @property
    def label_column(self) -> str:
        return "labels" if self.spec.multi_label else "label"

    @property
    def columns(self) -> list[str]:
        """Column names of the exported dataset, in order."""
        return ["id", "text", self.label_column, *_INFO_COLUMNS]

    def split_counts(self) -> dict[str, dict[str, int]]:
        """``{split: {label: rows}}`` in label-set order (multi-label rows count once per label)."""
        out: dict[str, dict[str, int]] = {}
        for name in self.splits:
            counts = Counter(lab for r in self.rows if r.split == name for lab in r.labels)
            out[name] = {lab: counts.get(lab, 0) for lab in self.spec.label_names}
        return out

    def split_sizes(self) -> dict[str, int]:
        return _split_sizes(self.rows, self.splits)

    def synthetic_counts(self) -> dict[str, tuple[int, int]]:
        """``{label: (synthetic rows, all rows)}`` over the whole export."""
        total = Counter(lab for r in self.rows for lab in r.labels)
        synth = Counter(lab for r in self.rows if r.is_synthetic for lab in r.labels)
        return {lab: (synth.get(lab, 0), total.get(lab, 0)) for lab in self.spec.label_names}

    @property
    def n_synthetic(self) -> int:
        return sum(r.is_synthetic for r in self.rows)

    def to_dataset_dict(self) -> DatasetDict:
        """The export as a ``datasets.DatasetDict`` with ClassLabel features.

        Warns with counts when its texts still hold open or accepted personal-data findings.
        """
        warn_open_findings(self.pii)
        from datasets import ClassLabel, Dataset, DatasetDict, Features, Sequence, Value

        names = list(self.spec.label_names)
        label_feature: Any = ClassLabel(names=names)
        if self.spec.multi_label:
            label_feature = Sequence(label_feature)
        features = Features(
            {
                "id": Value("string"),
                "text": Value("string"),
                self.label_column: label_feature,
                "n_annotators": Value("int32"),
                "agreement": Value("float64"),
                "resolution": Value("string"),
                "is_synthetic": Value("bool"),
                "provenance": Value("string"),
                "metadata": Value("string"),
            }
        )
        index = {name: i for i, name in enumerate(names)}
        parts = {}
        for split in self.splits:
            rows = [r for r in self.rows if r.split == split]
            label_values: list[Any] = [
                [index[lab] for lab in r.labels] if self.spec.multi_label else index[r.labels[0]]
                for r in rows
            ]
            columns = {
                "id": [r.id for r in rows],
                "text": [r.text for r in rows],
                self.label_column: label_values,
                "n_annotators": [r.n_annotators for r in rows],
                "agreement": [r.agreement for r in rows],
                "resolution": [r.resolution for r in rows],
                "is_synthetic": [r.is_synthetic for r in rows],
                "provenance": [_dumps(r.provenance) if r.provenance is not None else None for r in rows],
                "metadata": [_dumps(r.metadata) for r in rows],
            }
            parts[split] = Dataset.from_dict(columns, features=features, split=split)
        return DatasetDict(parts)

    def summary(self) -> dict[str, Any]:
        """Counts for reports and the CLI."""
        return {
            "snapshot": self.snapshot,
            "rows": len(self.rows),
            "splits": self.split_sizes(),
            "synthetic": self.n_synthetic,
            "ties_left_out": len(self.ties),
            "unlabelled_left_out": self.unlabelled,
            "excluded": dict(self.excluded),
            "groups": self.n_groups,
            "random_state": self.random_state,
        }


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _split_sizes(rows: Iterable[Any], splits: Iterable[str]) -> dict[str, int]:
    """``{split: rows}`` in split order for any plan's rows (each has a ``split``)."""
    sizes = Counter(r.split for r in rows)
    return {name: sizes.get(name, 0) for name in splits}


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportOptions:
    """How an export chooses and splits its rows: the options every export entry point takes.

    Parameters
    ----------
    splits
        Split names and fractions (default 0.8 / 0.1 / 0.1 train / validation / test).
    stratify
        Keep each label's share about equal across splits.
    group_by
        A metadata column (e.g. ``doc``) whose rows must stay in one split.
    groups
        Extra groups of item ids to keep together (e.g. near-duplicates from
        :func:`curate.quality.near_duplicate_groups`).
    random_state
        Seed for tie-breaking between equal groups; the same project state and
        seed give the same export, byte for byte.
    tokens
        Span tasks only: add ``tokens`` and BIO ``ner_tags`` columns, with the built-in
        words/punctuation tokenizer (``True``) or a Hugging Face fast tokenizer (its path).
    """

    splits: Mapping[str, float] | None = None
    stratify: bool = True
    group_by: str | None = None
    groups: Iterable[Iterable[str]] = ()
    random_state: int | None = 0
    tokens: bool | str = False

    @classmethod
    def of(cls, options: ExportOptions | None = None, **changes: Any) -> ExportOptions:
        """``options`` (default: the defaults) with ``changes``; an unknown name is a clear error."""
        base = options or cls()
        unknown = sorted(set(changes) - set(cls.__dataclass_fields__))
        if unknown:
            known = ", ".join(cls.__dataclass_fields__)
            raise CurateError(f"unknown export option(s) {unknown}: the options are {known}")
        return replace(base, **changes) if changes else base


def plan_export(store: Store, options: ExportOptions | None = None) -> ExportPlan:
    """Resolve labels, choose rows and assign splits (see :class:`ExportOptions`)."""
    opts = options or ExportOptions()
    splits, stratify, group_by = opts.splits, opts.stratify, opts.group_by
    groups, random_state = opts.groups, opts.random_state
    fractions = check_fractions(DEFAULT_SPLITS if splits is None else splits)
    state = store.export_state()  # one transaction: the snapshot hash describes exactly these rows
    spec = state.spec
    if not isinstance(spec, TaskSpec):
        raise PublishError(
            f"task {spec.name!r} is a span task: export it with curate.export.plan_span_export "
            "(Project.export_plan does so)"
        )
    if opts.tokens:
        raise PublishError("tokens (token classification columns) is for span tasks; leave it out here")
    items, provenance, current = state.labels.items, state.labels.provenance, state.labels.current_rows
    resolutions = resolve_labels(items, current, provenance, spec=spec)
    excluded: Counter[str] = Counter()
    ties: list[str] = []
    unlabelled = 0
    chosen: list[tuple[Item, Resolution]] = []
    for item in items:
        synthetic = item.origin == "synthetic"
        if item.status == "unlabelable":  # marked by a lead: never exported, counted on the card
            excluded["not_labelable"] += 1
            continue
        if synthetic and item.status != "accepted":
            excluded[f"synthetic_{item.status}"] += 1
            continue
        if not synthetic and item.status == "rejected":
            excluded["rejected"] += 1
            continue
        res = resolutions.get(item.id)
        if res is None:
            unlabelled += 1
            continue
        if res.method == "tie":
            ties.append(item.id)
            continue
        unknown = [lab for lab in res.labels if lab not in spec.label_names]
        if unknown:
            raise PublishError(
                f"item {item.id!r} resolves to labels {unknown} that the current task spec lacks: "
                "add them back to the spec (project.update_spec) or adjudicate the item"
            )
        chosen.append((item, res))
    if group_by is not None and not any(group_by in item.metadata for item, _ in chosen):
        keys = sorted({k for item, _ in chosen for k in item.metadata})
        raise PublishError(f"group_by column {group_by!r} is in no exported item's metadata; columns: {keys}")
    extra: dict[str, list[str]] = {}
    for n, group in enumerate(groups):
        for item_id in group:
            extra.setdefault(str(item_id), []).append(f"group:{n}")
    split_rows = []
    for item, res in chosen:
        keys = [f"hash:{item.content_hash}"]
        if group_by is not None and group_by in item.metadata:
            keys.append(f"col:{_dumps(item.metadata[group_by])}")
        keys.extend(extra.get(item.id, ()))
        prov = provenance.get(item.id)
        links = tuple(str(x) for x in (prov.details.get("exemplar_ids") or ())) if prov else ()
        split_rows.append(
            SplitRow(
                item_id=item.id,
                labels=res.labels,
                keys=tuple(keys),
                links=links if item.origin == "synthetic" else (),
                synthetic=item.origin == "synthetic",
            )
        )
    assignment = assign_splits(
        split_rows, fractions, stratify=stratify, label_order=spec.label_names, random_state=random_state
    )
    n_groups = len(group_members(split_rows))
    split_rank = {name: i for i, name in enumerate(fractions)}
    rows = [
        ExportRow(
            id=item.id,
            text=item.text,
            labels=res.labels,
            resolution=res.method,
            n_annotators=res.n_annotators,
            agreement=None if res.agreement is None else round(res.agreement, 6),
            is_synthetic=item.origin == "synthetic",
            provenance=provenance[item.id].to_dict() if item.id in provenance else None,
            metadata=dict(item.metadata),
            split=assignment[item.id],
        )
        for item, res in chosen
    ]
    rows.sort(key=lambda r: split_rank[r.split])  # stable: insertion order within a split
    votes = votes_from_rows(current)
    generators = Counter(provenance[r.id].generator for r in rows if r.is_synthetic and r.id in provenance)
    return ExportPlan(
        spec=spec,
        rows=tuple(rows),
        splits=fractions,
        stratify=stratify,
        group_by=group_by,
        random_state=random_state,
        snapshot=state.snapshot,
        ties=tuple(ties),
        unlabelled=unlabelled,
        excluded=dict(sorted(excluded.items())),
        n_groups=n_groups,
        guideline_versions=state.guideline_versions,
        agreement=agreement_report(votes, labels=spec.label_names, multi_label=spec.multi_label),
        pii=pii_status_of(state.pii_findings, state.pii_scanned_at, [r.id for r in rows]),
        generators=dict(sorted(generators.items())),
    )
