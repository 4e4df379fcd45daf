"""The dataset card: YAML metadata plus the curation record, built with ``huggingface_hub.DatasetCard``.

Everything in the card comes from the :class:`~curate.export.build.ExportPlan`
and a :class:`CardInfo` the user fills in (licence, language, sources,
citation).  No timestamps, paths, annotator names or tokens are written, so
the same project state and seed give the same card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from curate.errors import PublishError

if TYPE_CHECKING:
    from huggingface_hub import DatasetCard

    from curate.export.build import ExportPlan
    from curate.export.spans import SpanExportPlan

__all__ = ["CardInfo", "build_card", "size_category"]

_TEMPLATE = "---\n{{ card_data }}\n---\n\n{{ body }}\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class CardInfo:
    """What the card cannot learn from the project: provenance of the texts and how to cite them.

    ``license`` is a Hub licence id (``cc-by-4.0``, ``cc-by-sa-3.0``, ``other``);
    ``source_datasets`` follows the Hub's convention (``original`` or
    ``extended|<name>``).
    """

    pretty_name: str | None = None
    license: str = "other"
    language: tuple[str, ...] = ("en",)
    source_datasets: tuple[str, ...] = ("original",)
    task_categories: tuple[str, ...] = ("text-classification",)
    tags: tuple[str, ...] = ()
    summary: str = ""
    rationale: str = ""
    source: str = ""
    citation: str = ""
    limitations: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> CardInfo:
        """Build from a mapping (e.g. a YAML file); unknown keys are refused by name."""
        if data is None:
            return cls()
        if isinstance(data, CardInfo):
            return data
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PublishError(f"card info has unknown fields {unknown}; use {sorted(known)}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in {"language", "source_datasets", "task_categories", "tags"}:
                values[key] = (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())
            elif value is not None:
                values[key] = str(value)
        return cls(**values)


def size_category(n: int) -> str:
    """The Hub's size bucket for ``n`` rows."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]
    for limit, name in bounds:
        if n < limit:
            return name
    return "1M<n<10M"


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _pct(part: int, whole: int) -> str:
    return "0%" if whole == 0 else f"{100.0 * part / whole:.1f}%"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _structure(plan: ExportPlan) -> str:
    spec = plan.spec
    kind = "a list of labels (multi-label)" if spec.multi_label else "one label"
    counts = plan.split_counts()
    sizes = plan.split_sizes()
    split_names = list(plan.splits)
    rows = [[lab, *(counts[s][lab] for s in split_names)] for lab in spec.label_names]
    rows.append(["**all rows**", *(sizes[s] for s in split_names)])
    columns = _table(
        ["column", "meaning"],
        [
            ["id", "curate item id (stable across re-imports)"],
            ["text", "the text as labelled"],
            [plan.label_column, f"{kind}; names in the `ClassLabel` feature"],
            ["n_annotators", "annotators whose current decision counted (imported labels included)"],
            ["agreement", "share of those annotators agreeing with the final label (empty when none)"],
            [
                "resolution",
                "adjudicated, unanimous, majority, or generated (synthetic, labelled by its generator)",
            ],
            ["is_synthetic", "true for generated rows (train split only)"],
            ["provenance", "JSON record of how a synthetic row was made (empty for real rows)"],
            ["metadata", "JSON of the source columns kept at import"],
        ],
    )
    fractions = ", ".join(f"{s} {f:g}" for s, f in plan.splits.items())
    grouping = ["exact duplicates (normalised text)", "a synthetic row and its exemplars"]
    if plan.group_by:
        grouping.insert(0, f"metadata column `{plan.group_by}`")
    return (
        "## Dataset structure\n\n"
        f"{columns}\n\n"
        f"Splits (target fractions {fractions}; {'stratified by label, ' if plan.stratify else ''}"
        f"seed {plan.random_state}). Rows sharing a group never straddle splits; groups are "
        f"{'; '.join(grouping)}. {plan.n_groups} groups in all.\n\n"
        f"{_table(['label', *split_names], rows)}"
    )


def _annotation(plan: ExportPlan) -> str:
    agr = plan.agreement
    methods: dict[str, int] = {}
    for r in plan.rows:
        methods[r.resolution] = methods.get(r.resolution, 0) + 1
    resolved = ", ".join(f"{k} {v}" for k, v in sorted(methods.items())) or "none"
    imported = sum(a.startswith("imported:") for a in agr.annotators)
    versions = ", ".join(str(v) for v in plan.guideline_versions) or "none recorded"
    pairwise = [v for v in agr.pairwise.values() if v is not None]
    pair_text = (
        f"Cohen's kappa per annotator pair ranges {min(pairwise):.3f} to {max(pairwise):.3f} "
        f"over {len(pairwise)} pair{'s' if len(pairwise) != 1 else ''}."
        if pairwise
        else "No annotator pair shares two or more items, so no pairwise kappa is given."
    )
    return (
        "## Annotation process\n\n"
        f"Task `{plan.spec.name}`, guideline version {plan.spec.version} in force at export; decisions "
        f"were made under guideline versions {versions}. Labels come from {len(agr.annotators)} "
        f"annotators ({imported} of them imported label sets, counted as annotators); their names are "
        "not published.\n\n"
        "Final labels: a reviewer's adjudication where there is one, else the annotators' unanimous "
        "vote, else the majority (multi-label: every label more than half chose); an accepted "
        "synthetic row nobody labelled keeps the label its generator intended (`generated`), and "
        "generators are not counted as annotators. "
        f"Resolutions: {resolved}. Items whose top labels tied were left out: {len(plan.ties)}.\n\n"
        f"Agreement over the {agr.n_multi_annotated} items with two or more annotators: Krippendorff's "
        f"alpha (nominal) {_fmt(agr.alpha)}, Fleiss' kappa {_fmt(agr.fleiss)}, mean per-item agreement "
        f"{_fmt(agr.mean_item_agreement)}. {pair_text}"
    )


def _synthetic(plan: ExportPlan) -> str:
    if not plan.n_synthetic:
        return "## Synthetic data\n\nNone: every row is a real text."
    rows = [[lab, s, n, _pct(s, n)] for lab, (s, n) in plan.synthetic_counts().items() if n or s]
    gens = ", ".join(f"`{g}` ({n})" for g, n in plan.generators.items()) or "not recorded"
    return (
        "## Synthetic data\n\n"
        f"{plan.n_synthetic} of {len(plan.rows)} rows ({_pct(plan.n_synthetic, len(plan.rows))}) are "
        "synthetic. They were generated to fill rare labels, reviewed by an expert, and only the "
        "accepted ones are included, all in the train split; a row made from exemplars shares their "
        f"group, so those exemplars are in train too. Generators: {gens}. Each synthetic row's "
        "`provenance` column records its generator, version, seed, exemplars and constraints.\n\n"
        f"{_table(['label', 'synthetic', 'all rows', 'synthetic share'], rows)}"
    )


def _personal_data(plan: ExportPlan | SpanExportPlan) -> str:
    pii = plan.pii
    if not pii.scanned:
        head = (
            "The texts were **not scanned** for personal data before this export; treat them as "
            "possibly holding names, contact details or identifiers."
        )
    else:
        found_by = ", ".join(pii.detectors) or "no findings"
        head = f"The exported texts were scanned for personal data ({found_by})."
    by_status = ", ".join(f"{k} {v}" for k, v in pii.by_status.items()) or "none"
    open_note = (
        f" {len(pii.open_items)} item{'s' if len(pii.open_items) != 1 else ''} still "
        f"{'have' if len(pii.open_items) != 1 else 'has'} open findings, so this export may not be pushed."
        if pii.open_items
        else ""
    )
    return (
        f"## Personal data handling\n\n{head} Findings on exported items by status: {by_status}.{open_note}"
    )


def _limitations(plan: ExportPlan, info: CardInfo) -> str:
    notes: list[str] = []
    counts = plan.split_counts()
    total = {lab: sum(counts[s][lab] for s in plan.splits) for lab in plan.spec.label_names}
    n = len(plan.rows)
    if n:
        smallest = min(total.items(), key=lambda kv: (kv[1], kv[0]))
        largest = max(total.items(), key=lambda kv: (kv[1], kv[0]))
        notes.append(
            f"Label balance: largest `{largest[0]}` {largest[1]} rows ({_pct(largest[1], n)}), "
            f"smallest `{smallest[0]}` {smallest[1]} rows ({_pct(smallest[1], n)})."
        )
    for split, size in plan.split_sizes().items():
        if size == 0:
            notes.append(f"Split `{split}` is empty: the project has too few groups for it.")
            continue
        if split == "train":
            continue
        missing = [lab for lab in plan.spec.label_names if total[lab] and counts[split][lab] == 0]
        if missing:
            notes.append(f"Split `{split}` has no rows of: {', '.join(missing)}.")
    single = sum(
        r.n_annotators <= 1 and r.resolution != "adjudicated" for r in plan.rows if not r.is_synthetic
    )
    real = sum(not r.is_synthetic for r in plan.rows)
    if real:
        notes.append(f"{single} of {real} real rows ({_pct(single, real)}) rest on a single annotator.")
    left = [f"{plan.unlabelled} unlabelled", f"{len(plan.ties)} tied"]
    left += [f"{v} {k.replace('_', ' ')}" for k, v in plan.excluded.items()]
    notes.append(f"Left out of the export: {', '.join(left)} items.")
    if plan.n_synthetic:
        notes.append(
            f"Synthetic rows make up {_pct(plan.n_synthetic, n)} of the data; evaluate on the "
            "validation and test splits, which hold real texts only."
        )
    if info.limitations:
        notes.append(info.limitations.strip())
    return "## Known limitations (composition audit)\n\n" + "\n".join(f"- {x}" for x in notes)


def _citation(text: str) -> str:
    text = text.strip()
    if not text:
        return "No citation given."
    return f"```bibtex\n{text}\n```" if text.startswith("@") else text


def build_card(
    plan: ExportPlan | SpanExportPlan,
    info: CardInfo | Mapping[str, Any] | None = None,
    *,
    data_files: Mapping[str, str] | None = None,
) -> DatasetCard:
    """The dataset card for ``plan``.

    Parameters
    ----------
    plan
        The export.
    info
        Licence, language, sources, rationale and citation (see :class:`CardInfo`).
    data_files
        ``{split: path}`` of the files next to the card, written as the YAML
        ``configs`` entry so the Hub and ``load_dataset`` find the splits.
    """
    from huggingface_hub import DatasetCardData

    from curate._version import __version__
    from curate.export.spans import SpanExportPlan

    if isinstance(plan, SpanExportPlan):
        from curate.export.span_card import build_span_card

        return build_span_card(plan, info, data_files=data_files)
    info = CardInfo.from_mapping(info) if not isinstance(info, CardInfo) else info
    name = info.pretty_name or plan.spec.name
    creators = ["expert-generated"] + (["machine-generated"] if plan.n_synthetic else [])
    extra: dict[str, Any] = {}
    if info.tags:
        extra["tags"] = list(info.tags)
    if data_files:
        extra["configs"] = [
            {
                "config_name": "default",
                "data_files": [{"split": s, "path": p} for s, p in data_files.items()],
            }
        ]
    extra["curate"] = {
        "snapshot": plan.snapshot,
        "random_state": plan.random_state,
        "splits": dict(plan.splits),
        "stratify": plan.stratify,
        "group_by": plan.group_by,
        "task_version": plan.spec.version,
        "curate_version": __version__,
    }
    card_data = DatasetCardData(
        pretty_name=name,
        license=info.license,
        language=list(info.language),
        task_categories=list(info.task_categories),
        task_ids=["multi-label-classification" if plan.spec.multi_label else "multi-class-classification"],
        size_categories=[size_category(len(plan.rows))],
        annotations_creators=creators,
        source_datasets=list(info.source_datasets),
        **extra,
    )
    summary = info.summary.strip() or (
        f"{len(plan.rows)} texts labelled for the task `{plan.spec.name}` "
        f"({len(plan.spec.label_names)} labels), curated with curate."
    )
    return assemble_card(
        card_data,
        name=name,
        summary=summary,
        plan=plan,
        info=info,
        structure=_structure(plan),
        middle=[_annotation(plan), _synthetic(plan), _personal_data(plan), _limitations(plan, info)],
    )


def assemble_card(
    card_data: Any,
    *,
    name: str,
    summary: str,
    plan: ExportPlan | SpanExportPlan,
    info: CardInfo,
    structure: str,
    middle: Sequence[str],
) -> DatasetCard:
    """The card's sections in their order, shared by classification and span cards.

    ``structure`` describes the columns; ``middle`` holds the task's annotation, synthetic,
    personal-data and limitation sections between the licence and the citation.
    """
    from huggingface_hub import DatasetCard

    sections = [
        f"# Dataset card for {name}",
        summary,
        f"Project snapshot `{plan.snapshot}`. The same project state and seed "
        f"(`random_state={plan.random_state}`) reproduce this dataset byte for byte.",
        structure,
        "## Curation rationale\n\n"
        + (info.rationale.strip() or "Not given: set `rationale` in the card info."),
        "## Source data and licence\n\n"
        + (info.source.strip() or "Not given: set `source` in the card info.")
        + f"\n\nLicence of this dataset: `{info.license}`.",
        *middle,
        "## Citation\n\n" + _citation(info.citation),
    ]
    card: DatasetCard = DatasetCard.from_template(
        card_data, template_str=_TEMPLATE, body="\n\n".join(sections)
    )
    return card
