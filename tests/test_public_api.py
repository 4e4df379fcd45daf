"""The public API, pinned: a change to a module's ``__all__`` is a decision, made here on purpose.

Every name listed resolves, and ``import curate`` loads no widget library.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PUBLIC = {
    "curate": [
        "Annotation",
        "Batch",
        "CurateError",
        "Item",
        "Label",
        "LabeledSpan",
        "Project",
        "Provenance",
        "Session",
        "SpanTaskSpec",
        "TaskSpec",
        "__version__",
        "load_task",
    ],
    "curate.active": [
        "DEFAULT_STRATEGY",
        "STRATEGIES",
        "Learner",
        "Pool",
        "QueryStrategy",
        "Selection",
        "Views",
        "group_split",
        "lexical_features",
        "macro_f1",
        "make_strategy",
        "out_of_fold_proba",
        "simulate",
    ],
    "curate.embed": [
        "BACKENDS",
        "DEFAULT_BACKEND",
        "DEFAULT_MODEL",
        "Embedder",
        "SentenceTransformerEmbedder",
        "cache_dir",
        "cached_encode",
        "default_backend",
        "default_model_path",
    ],
    "curate.errors": [
        "CurateError",
        "CurateWarning",
        "ImportDataError",
        "LabelError",
        "NotFoundError",
        "ProjectError",
        "PublishError",
        "SchemaVersionError",
        "TaskSpecError",
    ],
    "curate.export": [
        "DEFAULT_SPLITS",
        "FORMATS",
        "CardInfo",
        "ExportOptions",
        "ExportPlan",
        "ExportRow",
        "PiiStatus",
        "PushResult",
        "SpanExportPlan",
        "SpanExportRow",
        "SplitRow",
        "assign_splits",
        "build_card",
        "check_pii_gate",
        "pii_status",
        "plan_export",
        "plan_span_export",
        "plan_task_export",
        "publish",
        "push_plan",
        "save_plan",
        "snapshot_hash",
    ],
    "curate.ingest": ["DEFAULT_MAX_CHARS", "ImportPlan", "ImportReport", "plan_import", "read_records"],
    "curate.labels": [
        "Method",
        "Resolution",
        "SpanResolution",
        "intended_labels",
        "resolve_all",
        "resolve_item",
        "resolve_labels",
        "resolve_span_item",
        "resolve_spans",
    ],
    "curate.pii": [
        "CombinedDetector",
        "Detector",
        "DetectorSettings",
        "DomainDetector",
        "Edit",
        "Evaluation",
        "Masker",
        "Pattern",
        "PatternDetector",
        "Pseudonymiser",
        "SpacyNERDetector",
        "Span",
        "build_detector",
        "default_detector",
        "evaluate",
        "find_many",
        "map_offset",
        "ner_available",
        "new_salt",
        "parse_marked",
        "resolve_overlaps",
    ],
    "curate.quality": [
        "AgreementReport",
        "agreement_report",
        "cohen_kappa",
        "exact_duplicate_groups",
        "fleiss_kappa",
        "item_agreement",
        "krippendorff_alpha",
        "near_duplicate_groups",
        "votes_from_rows",
    ],
    "curate.schema": [
        "Annotation",
        "Batch",
        "BatchItem",
        "Item",
        "Label",
        "Provenance",
        "Span",
        "TaskSpec",
        "content_hash",
        "normalise_text",
    ],
    "curate.spans": [
        "BioCounts",
        "BioEncoding",
        "LabeledSpan",
        "SpanLabel",
        "SpanRow",
        "SpanTaskSpec",
        "Token",
        "bio_tag_names",
        "bio_to_spans",
        "check_span_records",
        "check_spans",
        "overlap_problems",
        "read_span_file",
        "span_agreement",
        "span_f1",
        "span_spec_from_names",
        "spans_to_bio",
        "tokenize",
    ],
    "curate.store": ["ExportState", "LabelInputs", "Store", "now"],
    "curate.synth": [
        "Candidate",
        "CheckResult",
        "Constraint",
        "Exemplar",
        "ExemplarGenerator",
        "ForbiddenTerms",
        "GapReport",
        "Generator",
        "LabelFaithfulness",
        "LengthBounds",
        "NoRealPersonalData",
        "Novelty",
        "RequiredTerms",
        "SynthRequest",
        "SyntheticShareCap",
        "TemplateGenerator",
        "TemplateSet",
        "Vocabulary",
        "apply_constraints",
        "cluster_gaps",
        "label_gaps",
        "load_template_set",
        "load_vocabulary",
        "personal_values",
        "provenance_columns",
        "share_gaps",
    ],
    "curate.widgets": ["Annotator", "FindingsReview", "Reviewer", "ViewOptions", "badge"],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_all_is_pinned_and_every_name_resolves(module: str) -> None:
    mod = importlib.import_module(module)
    assert list(mod.__all__) == PUBLIC[module]
    for name in mod.__all__:
        assert getattr(mod, name) is not None, f"{module}.{name}"


def test_project_exposes_the_one_resolver() -> None:
    from curate import Project

    for name in ("resolved_labels", "stats", "export_plan", "review_session", "stopping_curve"):
        assert callable(getattr(Project, name)), name


def test_import_curate_loads_no_widget_library() -> None:
    code = (
        "import sys, curate; "
        "print(sorted(m for m in ('ipywidgets', 'anywidget', 'traitlets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
