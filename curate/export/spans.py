"""Export of a span task: a character-offset ``spans`` column, optionally ``tokens`` and BIO ``ner_tags``.

Rows are the accepted items whose span list resolves (:func:`curate.labels.resolve_spans`);
splits come from the same leak-free assignment as classification (rows of equal
text, or of one ``group_by`` value, stay together; stratified by the span labels
each document holds).  With ``ExportOptions(tokens=True)`` (the words/punctuation
tokenizer) or ``tokens="path/to/hf-tokenizer"``, each row also gets ``tokens``
and ``ner_tags`` (``Sequence(ClassLabel)`` named ``O``, ``B-X``, ``I-X``), and the
card says how many spans the tags could not hold exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError, PublishError
from curate.export.build import _dumps, _split_sizes
from curate.export.gate import PiiStatus, pii_status_of, warn_open_findings
from curate.export.splits import SplitRow, assign_splits, check_fractions, group_members
from curate.labels import SpanResolution, resolve_all, resolve_spans
from curate.schema import Item
from curate.spans.agreement import span_agreement
from curate.spans.export import token_classification
from curate.spans.model import LabeledSpan
from curate.spans.spec import SpanTaskSpec
from curate.spans.tokens import BioCounts, bio_tag_names
from curate.store import Store

if TYPE_CHECKING:
    from datasets import DatasetDict

    from curate.export.build import ExportOptions, ExportPlan

__all__ = ["SpanExportPlan", "SpanExportRow", "plan_span_export", "plan_task_export", "span_votes"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanExportRow:
    """One row of a span export."""

    id: str
    text: str
    spans: tuple[LabeledSpan, ...]
    resolution: str
    n_annotators: int
    agreement: float | None
    metadata: Mapping[str, Any]
    split: str
    tokens: tuple[str, ...] | None = None
    ner_tags: tuple[int, ...] | None = None
    is_synthetic: bool = False
    provenance: Mapping[str, Any] | None = None
    document_labels: tuple[str, ...] = ()  # the task's document-level labels, resolved (empty on a tie)


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanExportPlan:
    """Everything a span export writes, decided once (see :func:`plan_span_export`)."""

    spec: SpanTaskSpec
    rows: tuple[SpanExportRow, ...]
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
    span_f1: list[dict[str, Any]]
    pii: PiiStatus
    tokenizer: str | None = None  # "words" (built-in) or the tokenizer path; None: no token columns
    bio: BioCounts | None = None
    generators: Mapping[str, int] = field(default_factory=dict)

    @property
    def n_synthetic(self) -> int:
        return sum(r.is_synthetic for r in self.rows)

    @property
    def columns(self) -> list[str]:
        tok = ["tokens", "ner_tags"] if self.tokenizer else []
        doc = ["document_labels"] if self.spec.document_labels else []
        return ["id", "text", "spans", *tok, *doc, "n_annotators", "agreement", "resolution", "metadata"]

    def split_sizes(self) -> dict[str, int]:
        return _split_sizes(self.rows, self.splits)

    def split_counts(self) -> dict[str, dict[str, int]]:
        """``{split: {label: spans}}`` in label order."""
        out: dict[str, dict[str, int]] = {}
        for name in self.splits:
            counts = Counter(s.label for r in self.rows if r.split == name for s in r.spans)
            out[name] = {lab: counts.get(lab, 0) for lab in self.spec.label_names}
        return out

    def plain_rows(self, split: str) -> list[dict[str, Any]]:
        """The rows of ``split`` as JSON-ready records (label names, not codes)."""
        names = bio_tag_names(self.spec.label_names)
        out = []
        for r in self.rows:
            if r.split != split:
                continue
            row: dict[str, Any] = {"id": r.id, "text": r.text, "spans": [s.to_dict() for s in r.spans]}
            if self.tokenizer:
                row["tokens"] = list(r.tokens or ())
                row["ner_tags"] = [names[t] for t in r.ner_tags or ()]
            if self.spec.document_labels:
                row["document_labels"] = list(r.document_labels)
            row.update(
                n_annotators=r.n_annotators,
                agreement=r.agreement,
                resolution=r.resolution,
                metadata=dict(r.metadata),
            )
            out.append(row)
        return out

    def to_dataset_dict(self) -> DatasetDict:
        """The export as a ``datasets.DatasetDict``: ``spans`` with a ClassLabel label, BIO ``ner_tags``.

        Warns with counts when its texts still hold open or accepted personal-data findings.
        """
        warn_open_findings(self.pii)
        from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
        from datasets import Sequence as DsSequence

        from curate.spans.export import span_features_schema, token_classification_schema

        feats: dict[str, Any] = {"id": Value("string"), "text": Value("string")}
        feats.update(span_features_schema(self.spec.label_names))
        if self.tokenizer:
            feats.update(token_classification_schema(self.spec.label_names))
        doc_names = [lab.name for lab in self.spec.document_labels]
        if doc_names:
            feats["document_labels"] = DsSequence(ClassLabel(names=doc_names))
        feats.update(
            n_annotators=Value("int32"),
            agreement=Value("float64"),
            resolution=Value("string"),
            metadata=Value("string"),
        )
        features = Features(feats)
        index = {name: i for i, name in enumerate(self.spec.label_names)}
        parts = {}
        for split in self.splits:
            rows = [r for r in self.rows if r.split == split]
            columns: dict[str, list[Any]] = {
                "id": [r.id for r in rows],
                "text": [r.text for r in rows],
                "spans": [
                    [{"start": s.start, "end": s.end, "label": index[s.label]} for s in r.spans] for r in rows
                ],
            }
            if self.tokenizer:
                columns["tokens"] = [list(r.tokens or ()) for r in rows]
                columns["ner_tags"] = [list(r.ner_tags or ()) for r in rows]
            if doc_names:
                columns["document_labels"] = [
                    [doc_names.index(lab) for lab in r.document_labels] for r in rows
                ]
            columns.update(
                n_annotators=[r.n_annotators for r in rows],
                agreement=[r.agreement for r in rows],
                resolution=[r.resolution for r in rows],
                metadata=[_dumps(r.metadata) for r in rows],
            )
            parts[split] = Dataset.from_dict(columns, features=features, split=split)
        return DatasetDict(parts)

    def summary(self) -> dict[str, Any]:
        """Counts for reports and the CLI."""
        out: dict[str, Any] = {
            "snapshot": self.snapshot,
            "rows": len(self.rows),
            "spans": sum(len(r.spans) for r in self.rows),
            "splits": self.split_sizes(),
            "ties_left_out": len(self.ties),
            "unlabelled_left_out": self.unlabelled,
            "excluded": dict(self.excluded),
            "groups": self.n_groups,
            "random_state": self.random_state,
        }
        if self.bio is not None:
            out["bio"] = self.bio.to_dict()
        return out


def span_votes(current_rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, tuple[LabeledSpan, ...]]]:
    """Annotators' current span lists (adjudications left out): ``{item_id: {annotator: spans}}``."""
    out: dict[str, dict[str, tuple[LabeledSpan, ...]]] = {}
    for row in current_rows:
        if row["kind"] == "label" and row.get("spans") is not None:
            out.setdefault(str(row["item_id"]), {})[str(row["annotator"])] = tuple(row["spans"])
    return out


def plan_span_export(store: Store, options: ExportOptions | None = None) -> SpanExportPlan:
    """Resolve span lists, choose rows, assign splits and (with ``options.tokens``) build BIO tags."""
    from curate.export.build import ExportOptions

    opts = options or ExportOptions()
    fractions = check_fractions(
        {"train": 0.8, "validation": 0.1, "test": 0.1} if opts.splits is None else opts.splits
    )
    state = store.export_state()
    spec = state.spec
    if not isinstance(spec, SpanTaskSpec):
        raise PublishError(f"task {spec.name!r} is a classification task: export it with plan_export")
    items, current = state.labels.items, state.labels.current_rows
    resolutions = resolve_spans(items, current)
    doc_task = spec.document_task()
    doc_labels: dict[str, tuple[str, ...]] = {}
    if doc_task is not None:  # document-level labels beside the spans: the label rule, as classification
        accepted = {it.id for it in items if it.status == "accepted"}
        doc_labels = {
            i: r.labels
            for i, r in resolve_all(
                (r for r in current if r["item_id"] in accepted),
                label_order=doc_task.label_names,
                multi_label=doc_task.multi_label,
            ).items()
        }
    excluded: Counter[str] = Counter()
    ties: list[str] = []
    unlabelled = 0
    chosen: list[tuple[Item, SpanResolution]] = []
    for item in items:
        if item.status != "accepted":
            excluded[f"{'synthetic_' if item.origin == 'synthetic' else ''}{item.status}"] += 1
            continue
        res = resolutions.get(item.id)
        if res is None:
            unlabelled += 1
            continue
        if res.method == "tie":
            ties.append(item.id)
            continue
        # One rule for what a task allows: a stored list that the spec in force refuses
        # (a label removed since) is named here rather than exported.
        try:
            spec.check_spans(item.text, res.spans)
        except CurateError as err:
            raise PublishError(
                f"item {item.id!r}: its resolved spans do not fit the task in force ({err}); "
                "adjudicate the item or restore the spec"
            ) from None
        chosen.append((item, res))
    if opts.group_by is not None and not any(opts.group_by in it.metadata for it, _ in chosen):
        keys = sorted({k for it, _ in chosen for k in it.metadata})
        raise PublishError(
            f"group_by column {opts.group_by!r} is in no exported item's metadata; columns: {keys}"
        )
    extra: dict[str, list[str]] = {}
    for n, group in enumerate(opts.groups):
        for item_id in group:
            extra.setdefault(str(item_id), []).append(f"group:{n}")
    split_rows = []
    for item, res in chosen:
        keys = [f"hash:{item.content_hash}"]
        if opts.group_by is not None and opts.group_by in item.metadata:
            keys.append(f"col:{_dumps(item.metadata[opts.group_by])}")
        keys.extend(extra.get(item.id, ()))
        labels = tuple(lab for lab in spec.label_names if any(s.label == lab for s in res.spans))
        split_rows.append(
            SplitRow(item_id=item.id, labels=labels, keys=tuple(keys), links=(), synthetic=False)
        )
    assignment = assign_splits(
        split_rows,
        fractions,
        stratify=opts.stratify,
        label_order=spec.label_names,
        random_state=opts.random_state,
    )
    tokenizer_name: str | None = None
    bio: BioCounts | None = None
    tokens: list[list[str]] = []
    tags: list[list[int]] = []
    if opts.tokens:
        tokenizer = opts.tokens if isinstance(opts.tokens, str) else None
        tc = token_classification(
            [it.text for it, _ in chosen],
            [res.spans for _, res in chosen],
            labels=spec.label_names,
            tokenizer=tokenizer,
        )
        # The card names the tokenizer by its folder name only: no local paths in an export.
        name = None if tokenizer is None else Path(tokenizer.rstrip("/\\")).name or tokenizer
        tokenizer_name, bio, tokens, tags = name or "words", tc.counts, tc.tokens, tc.ner_tags
    split_rank = {name: i for i, name in enumerate(fractions)}
    rows = [
        SpanExportRow(
            id=item.id,
            text=item.text,
            spans=res.spans,
            resolution=res.method,
            n_annotators=res.n_annotators,
            agreement=None if res.agreement is None else round(res.agreement, 6),
            metadata=dict(item.metadata),
            split=assignment[item.id],
            tokens=tuple(tokens[n]) if opts.tokens else None,
            ner_tags=tuple(tags[n]) if opts.tokens else None,
            document_labels=doc_labels.get(item.id, ()),
            is_synthetic=item.origin == "synthetic",
        )
        for n, (item, res) in enumerate(chosen)
    ]
    rows.sort(key=lambda r: split_rank[r.split])
    return SpanExportPlan(
        spec=spec,
        rows=tuple(rows),
        splits=fractions,
        stratify=opts.stratify,
        group_by=opts.group_by,
        random_state=opts.random_state,
        snapshot=state.snapshot,
        ties=tuple(ties),
        unlabelled=unlabelled,
        excluded=dict(sorted(excluded.items())),
        n_groups=len(group_members(split_rows)),
        guideline_versions=state.guideline_versions,
        span_f1=span_agreement(span_votes(current)),
        pii=pii_status_of(state.pii_findings, state.pii_scanned_at, [r.id for r in rows]),
        tokenizer=tokenizer_name,
        bio=bio,
    )


def plan_task_export(store: Store, options: ExportOptions | None = None) -> ExportPlan | SpanExportPlan:
    """The export plan for the project's task, whichever its kind (the one place that dispatches)."""
    from curate.export.build import plan_export

    if store.kind() == "spans":
        return plan_span_export(store, options)
    return plan_export(store, options)
