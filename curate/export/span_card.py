"""The dataset card of a span export: structure, span agreement, token-boundary note, audit.

Same rules as :mod:`curate.export.card` (whose helpers it uses): nothing but the
plan and the user's :class:`~curate.export.card.CardInfo`; no paths, names or times.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from curate.export.card import CardInfo, _fmt, _pct, _personal_data, _table, assemble_card, size_category
from curate.spans.export import bio_card_note

if TYPE_CHECKING:
    from huggingface_hub import DatasetCard

    from curate.export.spans import SpanExportPlan

__all__ = ["build_span_card"]


def _structure(plan: SpanExportPlan) -> str:
    spec = plan.spec
    counts = plan.split_counts()
    sizes = plan.split_sizes()
    names = list(plan.splits)
    rows = [[lab, *(counts[s][lab] for s in names)] for lab in spec.label_names]
    rows.append(["**documents**", *(sizes[s] for s in names)])
    cols = [
        ["id", "curate item id (stable across re-imports)"],
        ["text", "the text as annotated"],
        [
            "spans",
            "list of `{start, end, label}`: character offsets into `text` (end exclusive), "
            "label names in the `ClassLabel` feature",
        ],
    ]
    if plan.tokenizer:
        cols += [
            ["tokens", f"tokens of `text` (tokenizer `{plan.tokenizer}`)"],
            ["ner_tags", "one BIO tag per token, `Sequence(ClassLabel)` named O, B-LABEL, I-LABEL"],
        ]
    if spec.document_labels:
        kind = "labels" if spec.document_multi_label else "label (a list of at most one)"
        cols.append(
            ["document_labels", f"document-level {kind}, resolved like classification; empty on a tie"]
        )
    cols += [
        ["n_annotators", "annotators whose current span list counted (imported lists included)"],
        ["agreement", "share of those annotators whose list equals the final one (empty when none)"],
        ["resolution", "adjudicated, unanimous or majority"],
        ["metadata", "JSON of the source columns kept at import"],
    ]
    overlap = (
        "Spans may overlap and nest."
        if spec.overlapping
        else ("Spans may nest but not overlap." if spec.nested else "Spans never overlap.")
    )
    fractions = ", ".join(f"{s} {f:g}" for s, f in plan.splits.items())
    tokens = f"\n\n{bio_card_note(plan.bio)}" if plan.bio is not None else ""
    return (
        "## Dataset structure\n\n"
        f"{_table(['column', 'meaning'], cols)}\n\n{overlap}{tokens}\n\n"
        f"Splits (target fractions {fractions}; {'stratified by span label, ' if plan.stratify else ''}"
        f"seed {plan.random_state}); documents of equal text"
        f"{f' or equal `{plan.group_by}`' if plan.group_by else ''} stay in one split; "
        f"{plan.n_groups} groups in all. Spans per label and split:\n\n"
        f"{_table(['label', *names], rows)}"
    )


def _annotation(plan: SpanExportPlan) -> str:
    methods: dict[str, int] = {}
    for r in plan.rows:
        methods[r.resolution] = methods.get(r.resolution, 0) + 1
    resolved = ", ".join(f"{k} {v}" for k, v in sorted(methods.items())) or "none"
    versions = ", ".join(str(v) for v in plan.guideline_versions) or "none recorded"
    pairs = [p for p in plan.span_f1 if p["n"]]
    if pairs:
        exact = [p["exact"] for p in pairs if p["exact"] is not None]
        overlap = [p["overlap"] for p in pairs if p["overlap"] is not None]
        n_items = sum(p["n"] for p in pairs)
        agreement = (
            f"Span agreement between annotators (micro F1 over both annotators' spans on the items both "
            f"annotated; {len(pairs)} pair{'s' if len(pairs) != 1 else ''}, {n_items} shared item-pairs): "
            f"exact match {_fmt(min(exact) if exact else None)} to {_fmt(max(exact) if exact else None)}, "
            f"overlap match {_fmt(min(overlap) if overlap else None)} to "
            f"{_fmt(max(overlap) if overlap else None)}."
        )
    else:
        agreement = "No two annotators share an item, so no span agreement is given."
    return (
        "## Annotation process\n\n"
        f"Task `{plan.spec.name}`, guideline version {plan.spec.version} in force at export; span lists "
        f"were made under guideline versions {versions}. Annotator names are not published.\n\n"
        "Final spans: a reviewer's adjudicated set where there is one, else the annotators' unanimous "
        "list, else every span (same offsets and label) more than half of the annotators marked; a "
        "span marked by exactly half is a tie and the document waits for review. "
        f"Resolutions: {resolved}. Tied documents left out: {len(plan.ties)}.\n\n{agreement}"
    )


def _limitations(plan: SpanExportPlan, info: CardInfo) -> str:
    notes: list[str] = []
    counts = plan.split_counts()
    total = {lab: sum(counts[s][lab] for s in plan.splits) for lab in plan.spec.label_names}
    n_spans = sum(total.values())
    if n_spans:
        rare = sorted(total.items(), key=lambda kv: (kv[1], kv[0]))[0]
        notes.append(
            f"{n_spans} spans in {len(plan.rows)} documents; rarest label `{rare[0]}` "
            f"{rare[1]} spans ({_pct(rare[1], n_spans)})."
        )
    single = sum(r.n_annotators <= 1 and r.resolution != "adjudicated" for r in plan.rows)
    if plan.rows:
        notes.append(
            f"{single} of {len(plan.rows)} documents ({_pct(single, len(plan.rows))}) rest on one annotator."
        )
    empty = sum(not r.spans for r in plan.rows)
    notes.append(f"{empty} documents have no span (annotated as holding nothing to mark).")
    left = [f"{plan.unlabelled} unannotated", f"{len(plan.ties)} tied"]
    left += [f"{v} {k.replace('_', ' ')}" for k, v in plan.excluded.items()]
    notes.append(f"Left out of the export: {', '.join(left)} documents.")
    if info.limitations:
        notes.append(info.limitations.strip())
    return "## Known limitations (composition audit)\n\n" + "\n".join(f"- {x}" for x in notes)


def build_span_card(
    plan: SpanExportPlan,
    info: CardInfo | Mapping[str, Any] | None = None,
    *,
    data_files: Mapping[str, str] | None = None,
) -> DatasetCard:
    """The dataset card for a span export (see :func:`curate.export.card.build_card`)."""
    from huggingface_hub import DatasetCardData

    from curate._version import __version__

    info = CardInfo.from_mapping(info) if not isinstance(info, CardInfo) else info
    name = info.pretty_name or plan.spec.name
    categories = list(info.task_categories)
    if categories == ["text-classification"]:  # the classification default: a span task is token-level
        categories = ["token-classification"]
    extra: dict[str, Any] = {}
    if info.tags:
        extra["tags"] = list(info.tags)
    if data_files:
        extra["configs"] = [
            {"config_name": "default", "data_files": [{"split": s, "path": p} for s, p in data_files.items()]}
        ]
    extra["curate"] = {
        "snapshot": plan.snapshot,
        "random_state": plan.random_state,
        "splits": dict(plan.splits),
        "stratify": plan.stratify,
        "group_by": plan.group_by,
        "task_kind": "spans",
        "task_version": plan.spec.version,
        "tokenizer": plan.tokenizer,
        "curate_version": __version__,
    }
    if plan.bio is not None:
        extra["curate"]["bio"] = plan.bio.to_dict()
    card_data = DatasetCardData(
        pretty_name=name,
        license=info.license,
        language=list(info.language),
        task_categories=categories,
        task_ids=["named-entity-recognition"],
        size_categories=[size_category(len(plan.rows))],
        annotations_creators=["expert-generated"],
        source_datasets=list(info.source_datasets),
        **extra,
    )
    summary = info.summary.strip() or (
        f"{len(plan.rows)} texts with span annotations for the task `{plan.spec.name}` "
        f"({len(plan.spec.label_names)} span labels), curated with curate."
    )
    return assemble_card(
        card_data,
        name=name,
        summary=summary,
        plan=plan,
        info=info,
        structure=_structure(plan),
        middle=[_annotation(plan), _personal_data(plan), _limitations(plan, info)],
    )
