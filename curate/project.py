"""Project: the one object a notebook or the CLI holds.

A thin facade: it owns the store and the task spec, and hands each
capability to the module that implements it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError, TaskSpecError
from curate.ingest import DEFAULT_MAX_CHARS, ImportReport, plan_import, read_records
from curate.schema import Annotation, Item, TaskSpec
from curate.spans.model import LabeledSpan
from curate.spans.spec import SpanTaskSpec, task_from_yaml
from curate.store import Store

if TYPE_CHECKING:
    import numpy as np
    from datasets import DatasetDict
    from huggingface_hub import DatasetCard

    from curate.active.learner import Learner
    from curate.embed import Embedder
    from curate.export import CardInfo, ExportOptions, ExportPlan, PiiStatus, PushResult, SpanExportPlan
    from curate.labels import Resolution, SpanResolution
    from curate.pii import Detector
    from curate.quality import AgreementReport
    from curate.schema import Batch
    from curate.session import ReviewSession, Session
    from curate.synth.gaps import GapReport
    from curate.synth.provenance import Candidate
    from curate.widgets import ViewOptions
    from curate.widgets.annotator import Annotator, Reviewer
    from curate.widgets.findings import FindingsReview
    from curate.widgets.spans import SpanAnnotator, SpanReviewer
    from curate.workflows.pii import ApplyResult, Finding, Gate, ScanResult, ShownItem
    from curate.workflows.pii_settings import FindingGroup
    from curate.workflows.select import ModelState
    from curate.workflows.spans import SpanModelState

__all__ = ["Project", "load_task"]


def load_task(path: str | Path) -> TaskSpec | SpanTaskSpec:
    """Read a task spec from a YAML file: a span task with ``kind: spans``, else classification."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TaskSpecError(f"task spec {path} does not exist") from None
    except UnicodeDecodeError:
        raise TaskSpecError(f"task spec {path} is not UTF-8 text") from None
    return task_from_yaml(text, source=str(path))


class Project:
    """A labelling project stored in one database.

    Examples
    --------
    >>> spec = TaskSpec(name="clauses", labels=("fair", "unfair"))   # doctest: +SKIP
    >>> project = Project.create("clauses.db", task=spec)            # doctest: +SKIP
    >>> project.import_data("clauses.csv", label_cols=["label"])     # doctest: +SKIP
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        # The span model fitted last, keyed by (store snapshot hash, random_state): see span_model.
        self._span_model: tuple[tuple[str, int | None], SpanModelState] | None = None

    @classmethod
    def create(cls, path_or_url: str | Path, *, task: TaskSpec | SpanTaskSpec | str | Path) -> Project:
        """Create a new project at a file path (SQLite) or database URL.

        ``task`` is a classification :class:`~curate.schema.TaskSpec`, a
        :class:`~curate.spans.SpanTaskSpec`, or the path of a YAML spec of either kind.
        """
        spec = task if isinstance(task, TaskSpec | SpanTaskSpec) else load_task(task)
        return cls(Store.create(path_or_url, spec))

    @classmethod
    def open(cls, path_or_url: str | Path) -> Project:
        """Open an existing project; an older schema is upgraded, a newer one refused."""
        return cls(Store.open(path_or_url))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({self.store.url!r})"

    # -- task spec ---------------------------------------------------------------------
    @property
    def spec(self) -> TaskSpec:
        """The classification task spec in force (the latest version).

        Raises :class:`~curate.errors.TaskSpecError` on a span project: see :attr:`span_spec`.
        """
        return self.store.spec()

    @property
    def task(self) -> TaskSpec | SpanTaskSpec:
        """The task spec in force, of either kind."""
        return self.store.task()

    @property
    def kind(self) -> str:
        """``classification`` or ``spans``."""
        return "spans" if isinstance(self.task, SpanTaskSpec) else "classification"

    @property
    def span_spec(self) -> SpanTaskSpec:
        """The span task spec in force; a :class:`~curate.errors.TaskSpecError` on a classification project."""
        task = self.task
        if not isinstance(task, SpanTaskSpec):
            raise TaskSpecError(
                f"task {task.name!r} is a classification task, not a span task: "
                'create a span project with `curate init P --spans "A,B"` or Project.create(task=SpanTaskSpec(...))'
            )
        return task

    def update_spec(self, **changes: Any) -> TaskSpec:
        """Store an edited spec as a new version; later annotations record it."""
        current = self.spec
        new = current.edit(**changes)
        removed = set(current.label_names) - set(new.label_names)
        in_use = {lab for per in self.store.current().values() for labels in per.values() for lab in labels}
        if removed & in_use:
            raise TaskSpecError(
                f"labels {sorted(removed & in_use)} are used by stored annotations: keep them in the spec"
            )
        return self.store.add_spec(new)

    def update_span_spec(self, **changes: Any) -> SpanTaskSpec:
        """Store an edited span spec as a new version (span tasks); labels in use must stay."""
        current = self.span_spec
        new = current.edit(**changes)
        removed = set(current.label_names) - set(new.label_names)
        in_use = {
            s.label for per in self.store.current_spans().values() for spans in per.values() for s in spans
        }
        if removed & in_use:
            raise TaskSpecError(
                f"span labels {sorted(removed & in_use)} are used by stored annotations: keep them in the spec"
            )
        stored = self.store.add_task(new)
        assert isinstance(stored, SpanTaskSpec)
        return stored

    # -- data ----------------------------------------------------------------------------
    def import_data(
        self,
        source: Any,
        *,
        text_col: str | None = None,
        id_col: str | None = None,
        label_cols: Sequence[str] | str = (),
        annotator: str | None = None,
        meta_cols: Sequence[str] | None = None,
        encoding: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        spans_col: str | None = None,
    ) -> ImportReport:
        """Import a file, folder, DataFrame or ``datasets`` object, all or nothing.

        Existing labels in ``label_cols`` (classification) or span lists of
        ``{start, end, label}`` in ``spans_col`` (span task) are stored as
        annotations by ``annotator`` (default ``imported:<file stem>``).
        Re-importing the same data changes nothing.  Raises
        :class:`~curate.errors.ImportDataError` naming the file, row and column
        of each problem.
        """
        if isinstance(label_cols, str):
            label_cols = [label_cols]
        task = self.task
        spans_task = isinstance(task, SpanTaskSpec)
        if spans_task and label_cols:
            raise CurateError(
                f"task {task.name!r} is a span task: import its spans with spans_col= (CLI: --spans-col), "
                "not label columns"
            )
        if not spans_task and spans_col:
            raise CurateError(
                f"task {task.name!r} is a classification task: spans_col= needs a span task "
                '(`curate init P --spans "A,B"`)'
            )
        name, records = read_records(source, encoding=encoding)
        who = annotator or f"imported:{Path(name).stem}"
        if isinstance(task, SpanTaskSpec) and spans_col:
            from curate.workflows.spans import plan_span_import

            plan = plan_span_import(
                self.store,
                task,
                records,
                name=name,
                text_col=text_col,
                id_col=id_col,
                spans_col=spans_col,
                annotator=who,
                meta_cols=meta_cols,
                max_chars=max_chars,
            )
        else:
            plan = plan_import(
                records,
                name=name,
                spec=task if isinstance(task, TaskSpec) else None,
                existing=self.store.existing,
                text_col=text_col,
                id_col=id_col,
                label_cols=label_cols,
                annotator=who,
                meta_cols=meta_cols,
                max_chars=max_chars,
                current_labels=self.store.current(annotator=who) if label_cols else None,
            )
        if plan.items or plan.annotations:
            self.store.insert(plan.items, plan.annotations)
        return plan.report

    def items(self, ids: Iterable[str] | None = None) -> list[Item]:
        return self.store.items(ids)

    def item(self, item_id: str) -> Item:
        return self.store.item(item_id)

    def __len__(self) -> int:
        return self.store.count_items()

    def mark_unlabelable(self, item_ids: Iterable[str] | str, *, reason: str | None = None) -> int:
        """Mark items "not labelable" (a fragment, a heading, garbage): they leave the pool.

        Marked items are never selected, never served to an annotator, not counted
        as remaining and not exported (the card counts them); their labels stay in the
        log.  ``reason`` is stored with the mark.  All or nothing: an unknown id raises
        :class:`~curate.errors.NotFoundError`.  Returns how many items were newly marked.
        """
        ids = [item_ids] if isinstance(item_ids, str) else list(item_ids)
        return self.store.mark_unlabelable(ids, reason)

    def unmark_unlabelable(self, item_ids: Iterable[str] | str) -> int:
        """Put marked items back in the pool (a synthetic one waits for review again); returns how many."""
        ids = [item_ids] if isinstance(item_ids, str) else list(item_ids)
        return self.store.unmark_unlabelable(ids)

    def unlabelable(self) -> dict[str, str]:
        """``{item_id: reason}`` of the items marked not labelable."""
        return self.store.unlabelable()

    # -- annotation ----------------------------------------------------------------------
    def annotate(
        self,
        item_id: str,
        annotator: str,
        labels: Iterable[str] | str,
        *,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
    ) -> Annotation:
        """Record one decision; committed when this returns."""
        if not annotator or not annotator.strip():
            raise CurateError("an annotator name is needed")
        spec = self.spec
        checked = spec.check_labels(labels)
        return self.store.record(
            item_id=item_id,
            annotator=annotator.strip(),
            kind="label",
            labels=checked,
            spec_version=spec.version,
            unsure=unsure,
            note=note or None,
            seconds=seconds,
        )

    def adjudicate(
        self, item_id: str, reviewer: str, labels: Iterable[str] | str, *, note: str | None = None
    ) -> Annotation:
        """Record a reviewer's final label for an item (it wins over annotators' votes)."""
        spec = self.spec
        return self.store.record(
            item_id=item_id,
            annotator=reviewer,
            kind="adjudicate",
            labels=spec.check_labels(labels),
            spec_version=spec.version,
            note=note or None,
        )

    def annotate_spans(
        self,
        item_id: str,
        annotator: str,
        spans: Iterable[LabeledSpan | Mapping[str, Any]],
        *,
        labels: Iterable[str] | str = (),
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
    ) -> Annotation:
        """Record an annotator's whole span list for an item (one event; ``[]`` = found none).

        The spans are checked against the item's text and the task
        (:meth:`SpanTaskSpec.check_spans`) before anything is stored; ``labels``
        are the optional document-level labels of the span task.
        """
        if not annotator or not annotator.strip():
            raise CurateError("an annotator name is needed")
        return self._record_spans(
            "label",
            item_id,
            annotator.strip(),
            spans,
            labels=labels,
            unsure=unsure,
            note=note,
            seconds=seconds,
        )

    def adjudicate_spans(
        self,
        item_id: str,
        reviewer: str,
        spans: Iterable[LabeledSpan | Mapping[str, Any]],
        *,
        labels: Iterable[str] | str = (),
        note: str | None = None,
    ) -> Annotation:
        """Record a reviewer's adjudicated span list for an item (it wins over annotators' spans)."""
        if not reviewer or not reviewer.strip():
            raise CurateError("a reviewer name is needed")
        return self._record_spans("adjudicate", item_id, reviewer.strip(), spans, labels=labels, note=note)

    def _record_spans(
        self,
        kind: str,
        item_id: str,
        who: str,
        spans: Iterable[LabeledSpan | Mapping[str, Any]],
        *,
        labels: Iterable[str] | str = (),
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
    ) -> Annotation:
        spec = self.span_spec
        if isinstance(spans, str | bytes | Mapping):
            raise CurateError("spans must be a list of {start, end, label} (or LabeledSpan), not one value")
        checked = spec.check_spans(self.store.item(item_id).text, list(spans))
        doc = spec.document_task()
        chosen: tuple[str, ...] = ()
        if isinstance(labels, str):
            labels = (labels,)
        labels = tuple(labels)
        if labels:
            if doc is None:
                raise CurateError(
                    f"task {spec.name!r} has no document labels, but {list(labels)} were given: leave labels out"
                )
            chosen = doc.check_labels(labels)
        return self.store.record(
            item_id=item_id,
            annotator=who,
            kind=kind,
            labels=chosen,
            spec_version=spec.version,
            unsure=unsure,
            note=note or None,
            seconds=seconds,
            spans=checked,
        )

    def spans(self, item_id: str) -> dict[str, list[LabeledSpan]]:
        """Each annotator's (and reviewer's) current span list on ``item_id``: ``{annotator: [spans]}``."""
        self.store.item(item_id)  # a NotFoundError for an unknown id
        per = self.store.current_spans(item_id=item_id).get(item_id, {})
        return {who: list(spans) for who, spans in per.items()}

    def span_suggestions(
        self,
        item_id: str,
        *,
        sources: Sequence[str] = ("rules", "pii", "model"),
        detector: Detector | None = None,
        state: SpanModelState | None = None,
    ) -> list[dict[str, Any]]:
        """Pre-annotation for one item, for the span widget to show dashed (it shows none unless asked).

        ``[{start, end, label, source}]`` from the spec's label ``patterns``/``vocabulary``
        (``rules``), the personal-data detector mapped through each label's ``pii`` types
        (``pii``), and the span tagger fitted on the resolved spans (``model``). Accepting
        one is the caller's ``submit(spans=...)``; nothing is stored here.  The ``model``
        source uses :meth:`span_model`, fitted once per state of the store; ``state`` gives
        one explicitly.
        """
        from curate.workflows.spans import span_suggestions

        if state is None and "model" in sources:
            state = self.span_model()
        return span_suggestions(
            self.store, self.span_spec, item_id, sources=sources, detector=detector, state=state
        )

    def span_model(self, *, random_state: int | None = 0) -> SpanModelState:
        """The span tagger fitted on the resolved spans, every item featurised (for :meth:`span_suggestions`).

        Kept and reused while the store's snapshot hash (:meth:`curate.store.Store.snapshot_hash`:
        items, current labels and spans, task spec) is unchanged, so repeated suggestions do
        not refit; any new annotation, undo, import or spec edit, by this process or another
        one on the same database, changes the hash and the next call fits afresh.
        """
        from curate.workflows.spans import span_model_state

        key = (self.store.snapshot_hash(), random_state)
        if self._span_model is None or self._span_model[0] != key:
            self._span_model = (key, span_model_state(self.store, self.span_spec, random_state=random_state))
        return self._span_model[1]

    def undo(self, annotator: str, *, item_id: str | None = None) -> Annotation | None:
        """Take back the annotator's latest decision (a new event; nothing is deleted)."""
        return self.store.undo(annotator, item_id=item_id)

    def labels(self, item_id: str | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
        """Current labels derived from the log: ``{item_id: {annotator: labels}}``."""
        return self.store.current(item_id=item_id)

    def history(self, annotator: str) -> list[Annotation]:
        """Every event by ``annotator``, oldest first."""
        return self.store.events(annotator=annotator)

    def session(self, annotator: str, *, batch: int | None = None, lease_s: float = 600.0) -> Session:
        """A queue for one annotator (assigned items first; leases keep annotators apart)."""
        from curate.session import Session

        return Session(self, annotator, batch=batch, lease_s=lease_s)

    # -- embeddings ---------------------------------------------------------------------
    def embeddings(
        self, item_ids: Iterable[str] | None = None, *, embedder: Embedder | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Embeddings of the items (all by default), encoding only what is not cached.

        Returns the item ids and a float32 matrix with one row per id.
        """
        from curate.workflows.embedding import item_embeddings

        return item_embeddings(self.store, item_ids, embedder=embedder or self.embedder())

    # -- widgets ---------------------------------------------------------------------------
    def annotator(
        self,
        annotator: str,
        *,
        batch: int | None = None,
        lease_s: float = 600.0,
        options: ViewOptions | None = None,
        **changes: Any,
    ) -> Annotator | SpanAnnotator:
        """A keyboard-first labelling widget for ``annotator`` (see :class:`curate.widgets.Annotator`).

        ``options`` (:class:`curate.widgets.ViewOptions`) or its fields by name: for example
        ``suggest=callable(items) -> [{label: probability}, ...]``, shown only with
        ``show_suggestions=True`` (off by default).  On a span task it is the span
        annotator (:class:`curate.widgets.SpanAnnotator`; ``pre_annotate=True`` shows suggestions).
        """
        if self.kind == "spans":
            from curate.widgets.spans import SpanAnnotator

            return SpanAnnotator(
                self, annotator=annotator, batch=batch, lease_s=lease_s, options=options, **changes
            )
        from curate.widgets.annotator import Annotator

        return Annotator(self, annotator=annotator, batch=batch, lease_s=lease_s, options=options, **changes)

    def reviewer(
        self,
        reviewer: str,
        *,
        flagged: Mapping[str, str] | Iterable[str] | None = None,
        include_resolved: bool = False,
        annotators: Iterable[str] | None = None,
        options: ViewOptions | None = None,
        **changes: Any,
    ) -> Reviewer | SpanReviewer:
        """A widget to set final labels where annotators disagree, were unsure, or ``flagged`` items.

        See :class:`curate.widgets.Reviewer`; ``flagged`` is item ids (or ids mapped to a reason);
        the queue is :meth:`review_session`'s, the view options :class:`curate.widgets.ViewOptions`.
        On a span task it is :class:`curate.widgets.SpanReviewer` (annotators' spans side by side;
        Enter records the adjudicated span list).
        """
        if self.kind == "spans":
            from curate.widgets.spans import SpanReviewer

            return SpanReviewer(
                self,
                reviewer=reviewer,
                flagged=flagged,
                include_resolved=include_resolved,
                annotators=annotators,
                options=options,
                **changes,
            )
        from curate.widgets.annotator import Reviewer

        return Reviewer(
            self,
            reviewer=reviewer,
            flagged=flagged,
            include_resolved=include_resolved,
            annotators=annotators,
            options=options,
            **changes,
        )

    def review_session(
        self,
        reviewer: str,
        *,
        flagged: Mapping[str, str] | Iterable[str] | None = None,
        include_resolved: bool = False,
        annotators: Iterable[str] | None = None,
    ) -> ReviewSession:
        """A reviewer's queue over the contested items (no UI; the ``Reviewer`` widget shows one)."""
        from curate.session import ReviewSession

        return ReviewSession(
            self, reviewer, flagged=flagged, include_resolved=include_resolved, annotators=annotators
        )

    # -- active ---------------------------------------------------------------------------
    def model_state(
        self,
        *,
        embedder: Embedder | None = None,
        learner: Learner | None = None,
        random_state: int | None = 0,
    ) -> ModelState:
        """Fit the learner on the current labels and predict every item (:mod:`curate.workflows.select`)."""
        from curate.workflows.select import model_state

        return model_state(
            self.store, embedder=embedder or self.embedder(), learner=learner, random_state=random_state
        )

    def stopping_curve(self, state: ModelState | None = None, **options: Any) -> dict[str, Any]:
        """Whether more labels still change the model (see :func:`curate.workflows.select.stopping_curve`)."""
        from curate.workflows.select import stopping_curve

        return stopping_curve(state or self.model_state(), **options)

    def select_batch(
        self,
        n: int,
        *,
        strategy: str = "default",
        random_state: int | None = None,
        embedder: Embedder | None = None,
        learner: Learner | None = None,
        state: ModelState | None = None,
    ) -> Batch:
        """Choose and record the next ``n`` items to label, each with its score and reason.

        A span task uses the span tagger's uncertainty (strategies ``default``/``span-margin``,
        ``random``; see :func:`curate.workflows.spans.select_span_batch`); ``embedder``,
        ``learner`` and ``state`` are for classification.
        """
        task = self.task
        if isinstance(task, SpanTaskSpec):
            from curate.workflows.spans import select_span_batch

            return select_span_batch(self.store, task, n, strategy=strategy, random_state=random_state)
        from curate.workflows.select import select_batch

        return select_batch(
            self.store,
            n,
            strategy=strategy,
            random_state=random_state,
            embedder=embedder or self.embedder(),
            learner=learner,
            state=state,
        )

    def assign(
        self,
        batch: Batch | int,
        *,
        annotators: Sequence[str],
        overlap: float = 0.2,
        random_state: int | None = None,
    ) -> dict[str, list[str]]:
        """Share a batch among annotators; ``overlap`` of it goes to two annotators for agreement."""
        from curate.workflows.select import assign_batch

        return assign_batch(self.store, batch, annotators, overlap=overlap, random_state=random_state)

    # -- reports ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Items, labelled, by resolved label, ties, by annotator (people only), by origin."""
        from curate.workflows.labels import stats

        return stats(self.store)

    def resolved_labels(self) -> dict[str, Resolution]:
        """What each item's label is now: ``{item_id: Resolution}`` (see :mod:`curate.labels`).

        Every accepted item with a label or a tie; a tie has ``method == "tie"``
        and no labels.  Export, training, gap analysis, stats and the card use
        the same resolution.
        """
        from curate.workflows.labels import resolved

        return resolved(self.store, self.spec)

    # -- export ---------------------------------------------------------------------------
    def export_plan(
        self, options: ExportOptions | None = None, **changes: Any
    ) -> ExportPlan | SpanExportPlan:
        """Resolved labels, split assignment and card facts (see :func:`curate.export.plan_export`).

        A span task gets a :class:`~curate.export.SpanExportPlan` (``spans`` column; with
        ``tokens=True`` or ``tokens="tokenizer/path"`` also ``tokens`` and BIO ``ner_tags``).

        Pass an :class:`~curate.export.ExportOptions`, or its fields by name
        (``splits``, ``stratify``, ``group_by``, ``groups``, ``random_state``);
        ``to_dataset``, ``dataset_card``, ``save`` and ``push_to_hub`` take the same.
        """
        from curate.export import ExportOptions, plan_task_export

        return plan_task_export(self.store, ExportOptions.of(options, **changes))

    def to_dataset(self, options: ExportOptions | None = None, **changes: Any) -> DatasetDict:
        """The labelled data as a ``datasets.DatasetDict`` (ClassLabel features, leak-free splits)."""
        return self.export_plan(options, **changes).to_dataset_dict()

    def dataset_card(
        self,
        options: ExportOptions | None = None,
        *,
        card_info: CardInfo | dict[str, Any] | None = None,
        **changes: Any,
    ) -> DatasetCard:
        """The dataset card of the export that the options describe."""
        from curate.export import build_card

        return build_card(self.export_plan(options, **changes), card_info)

    def save(
        self,
        directory: str | Path,
        options: ExportOptions | None = None,
        *,
        format: str = "hf",
        card_info: CardInfo | dict[str, Any] | None = None,
        overwrite: bool = False,
        **changes: Any,
    ) -> Path:
        """Write the export (hf, parquet, jsonl or csv) with its README card to ``directory``."""
        from curate.export import save_plan

        return save_plan(
            self.export_plan(options, **changes),
            directory,
            format=format,
            card_info=card_info,
            overwrite=overwrite,
        )

    def push_to_hub(
        self,
        repo_id: str,
        options: ExportOptions | None = None,
        *,
        private: bool = True,
        token: str | None = None,
        card_info: CardInfo | dict[str, Any] | None = None,
        allow_unscanned: bool = False,
        **changes: Any,
    ) -> PushResult:
        """Push the export to a Hub dataset repo: private unless ``private=False``, gated on PII."""
        from curate.export import ExportOptions, publish

        return publish(
            self.store,
            repo_id,
            private=private,
            token=token,
            card_info=card_info,
            allow_unscanned=allow_unscanned,
            options=ExportOptions.of(options, **changes),
        )

    def export_pii_status(self) -> PiiStatus:
        """Personal-data scan state of the items an export would hold (as the card reports it)."""
        from curate.export import pii_status

        return pii_status(self.store, [r.id for r in self.export_plan().rows])

    def span_agreement(self) -> list[dict[str, Any]]:
        """Span F1 between every pair of annotators sharing an item (span tasks; reviewers left out).

        ``[{"a", "b", "n", "exact", "overlap", "per_label"}]``: micro F1 over both annotators'
        spans on the items both annotated (see :func:`curate.spans.span_agreement`).
        """
        from curate.spans.agreement import span_agreement

        self.span_spec  # noqa: B018 - a clear error on a classification project
        return span_agreement(self.store.current_spans(kind="label"))

    def resolved_spans(self) -> dict[str, SpanResolution]:
        """What each item's span list is now: ``{item_id: SpanResolution}`` (see :mod:`curate.labels`)."""
        from curate.labels import resolve_spans

        self.span_spec  # noqa: B018
        inputs = self.store.label_inputs()
        return resolve_spans(inputs.items, inputs.current_rows)

    def agreement(self) -> AgreementReport:
        """Inter-annotator agreement over the current labels (imported label sets count)."""
        from curate.quality import agreement_report, votes_from_rows

        spec = self.spec
        votes = votes_from_rows(self.store.current_rows())
        return agreement_report(votes, labels=spec.label_names, multi_label=spec.multi_label)

    # -- pii ---------------------------------------------------------------------------
    def pii_scan(
        self, detector: Detector | None = None, *, rescan: bool = False, ner: bool | None = None
    ) -> ScanResult:
        """Find personal data in items not scanned yet (all with ``rescan``).

        See :mod:`curate.workflows.pii`; ``ner=False`` uses the patterns only.
        """
        from curate.workflows.pii import scan
        from curate.workflows.pii_settings import project_detector

        return scan(self.store, detector or project_detector(self.store, ner=ner), rescan=rescan)

    def pii_findings(
        self, *, status: str | None = None, item_ids: Iterable[str] | None = None
    ) -> list[Finding]:
        """Stored findings (``open``, ``pseudonymised`` or ``dismissed``) with their current values."""
        from curate.workflows.pii import findings

        return findings(self.store, status=status, item_ids=item_ids)

    def pii_report(self, *, with_findings: bool = False) -> dict[str, Any]:
        """Counts by status and entity, unscanned items, and whether publishing is allowed."""
        from curate.workflows.pii import report

        return report(self.store, with_findings=with_findings)

    def pii_dismiss(self, finding_ids: Iterable[int]) -> int:
        """Mark open findings as false positives."""
        from curate.workflows.pii import dismiss

        return dismiss(self.store, finding_ids)

    def pii_accept(self, finding_ids: Iterable[int], *, accepted: bool = True) -> int:
        """Confirm findings as personal data (``apply`` replaces them); ``accepted=False`` reopens them."""
        from curate.workflows.pii import accept

        return accept(self.store, finding_ids, accepted=accepted)

    def pii_dismiss_value(self, value: str, entity: str) -> dict[str, Any]:
        """Dismiss every finding of this surface form and type, now and in later scans."""
        from curate.workflows.pii_settings import dismiss_value

        return dismiss_value(self.store, value, entity)

    def pii_groups(self, *, status: str | Sequence[str] = "open") -> list[FindingGroup]:
        """Findings grouped by surface form and type ("Doppler" NAME x 15), largest first."""
        from curate.workflows.pii_settings import group_findings

        return group_findings(self.store, status=status)

    def pii_accept_value(self, value: str, entity: str) -> dict[str, Any]:
        """Accept every open or dismissed finding of this surface form and type as personal data."""
        from curate.workflows.pii_settings import accept_value

        return accept_value(self.store, value, entity)

    def pii_reopen_value(self, value: str, entity: str) -> dict[str, Any]:
        """Take back the decision on this surface form and type (its findings are open again)."""
        from curate.workflows.pii_settings import reopen_value

        return reopen_value(self.store, value, entity)

    def pii_value_dismissed(self, value: str, entity: str) -> bool:
        """Whether later scans skip this surface form and type (a reviewer dismissed it)."""
        from curate.workflows.pii_settings import settings

        return settings(self.store).is_dismissed(value, entity)

    def pii_shown(self, items: Sequence[Item]) -> list[ShownItem]:
        """``items`` as annotators are shown them under :meth:`set_pii_view`, with the replaced spans."""
        from curate.workflows.pii import shown_items

        return shown_items(self.store, items)

    def set_pii_view(self, view: str) -> str:
        """What annotators see of items with open or accepted findings.

        ``"pseudonymised"`` (default: the surrogates ``pii_apply`` will write), ``"masked"``
        (``[NAME]``) or ``"original"``; the store keeps the original text until ``pii_apply``.
        """
        from curate.workflows.pii_settings import set_view

        return set_view(self.store, view)

    @property
    def pii_view(self) -> str:
        """The current setting of :meth:`set_pii_view`."""
        from curate.workflows.pii_settings import settings

        return settings(self.store).view

    def pii_review(self, **options: Any) -> FindingsReview:
        """The keyboard-first findings widget: groups by surface form and type (see its keys)."""
        from curate.widgets.findings import FindingsReview

        return FindingsReview(self, **options)

    def pii_apply(
        self, finding_ids: Iterable[int] | None = None, *, random_state: int | None = None
    ) -> ApplyResult:
        """Replace open and accepted findings (all by default) with consistent surrogates.

        Ids and labels stay; a finding overlapping a dismissed one is never rewritten.
        """
        from curate.workflows.pii import apply

        return apply(self.store, finding_ids, random_state=random_state)

    def pii_gate(self, item_ids: Iterable[str] | None = None) -> Gate:
        """Whether the items may be published: scanned, nothing unscanned, no open finding."""
        from curate.workflows.pii import gate

        return gate(self.store, item_ids)

    # -- synth ---------------------------------------------------------------------------
    def gaps(self, *, target_per_label: int = 20, **options: Any) -> GapReport:
        """Where labelled data is thin: labels under target, thin clusters, over-predicted labels.

        Options: ``clusters``, ``n_clusters``, ``max_labelled``, ``min_ratio``,
        ``embedder``, ``random_state`` (see :func:`curate.workflows.synth.gaps`).
        """
        from curate.workflows import synth

        options["embedder"] = options.get("embedder") or self.embedder()
        return synth.gaps(self.store, target_per_label=target_per_label, **options)

    def generate(self, label: str, n: int, **options: Any) -> list[Candidate]:
        """Generate, check and store ``n`` synthetic candidates for ``label`` as pending items.

        Options: ``generator`` ('exemplar', the default, needs no set-up; 'template'; or a
        Generator such as ``curate.synth.llm.llm_generator(url=..., model=...)``),
        ``random_state``, ``templates``, ``safety``, constraint settings ... (see
        :func:`curate.workflows.synth.generate`).
        """
        from curate.workflows import synth

        options["embedder"] = options.get("embedder") or self.embedder()
        if "store" in options:  # ``store=False``: check only, store nothing
            options["save"] = options.pop("store")
        return synth.generate(self.store, label, n, **options)

    def review(
        self,
        *,
        accept: Iterable[str] = (),
        reject: Iterable[str] = (),
        reason: str | Mapping[str, str] | None = None,
        reviewer: str | None = None,
    ) -> list[dict[str, Any]]:
        """Accept or reject synthetic items; only accepted ones count as labelled.

        ``reason``: ``{item_id: why}``, or one text when a single item is reviewed.
        """
        from curate.workflows import synth

        return synth.review(self.store, accept=accept, reject=reject, reason=reason, reviewer=reviewer)

    def synthetic(self, *, status: str | None = None, label: str | None = None) -> list[dict[str, Any]]:
        """Synthetic items with status, intended label and provenance."""
        from curate.workflows import synth

        return synth.candidates(self.store, status=status, label=label)

    # -- models, search, overview (the lead's views) -----------------------------------------
    def embedder(self) -> Embedder:
        """The default embedder, loaded once per kernel and shared by every call that embeds.

        See :func:`curate.workflows.models.shared_embedder`.
        """
        from curate.workflows.models import shared_embedder

        return shared_embedder()

    def search(
        self, *where: str, limit: int | None = None, frame: bool = False
    ) -> list[dict[str, Any]] | Any:
        """Items matching every ``field=value`` / ``field~=regex`` condition (see :mod:`curate.workflows.search`).

        Fields: text (``=`` substring, ``~=`` regex), label, state, annotator,
        assigned, status, origin, batch, id, source, or any metadata key.
        Returns JSON-ready records, or a ``pandas.DataFrame`` with ``frame=True``.

        Examples
        --------
        >>> project.search("label=arbitration", "doc=TikTok")   # doctest: +SKIP
        >>> project.search("text~=indemnif", frame=True)        # doctest: +SKIP
        """
        from curate.workflows.labels import labels_now
        from curate.workflows.search import find_items

        records = find_items(self.store, where, labels=labels_now(self.store), limit=limit)
        if frame:
            import pandas as pd

            columns = [
                "id",
                "text",
                "label",
                "state",
                "status",
                "origin",
                "annotators",
                "assigned",
                "batches",
            ]
            df = pd.DataFrame(records, columns=[*columns, "source", "metadata", "labels"])
            return df
        return records

    def assign_items(self, item_ids: Iterable[str], annotators: Sequence[str] | str) -> int:
        """Put items (e.g. a search result) at the front of each annotator's queue; returns pairs added."""
        names = [annotators] if isinstance(annotators, str) else list(annotators)
        names = [n.strip() for n in names if n and n.strip()]
        if not names:
            raise CurateError("name at least one annotator to assign the items to")
        ids = [it.id for it in self.store.items(list(item_ids))]  # raises NotFoundError on a bad id
        return self.store.assign([(i, a) for i in ids for a in names])

    def overview_data(self, *, fit: bool = True, random_state: int | None = 0) -> dict[str, Any]:
        """What the lead's overview shows, as records: label distribution (labelled vs predicted),
        agreement by pair and label, throughput, learning curve, open PII findings, pending candidates.

        ``fit=False`` skips the model (no predictions, no learning curve). See
        :func:`curate.workflows.overview.collect`.
        """
        from curate.quality import votes_from_rows
        from curate.workflows.labels import labels_now
        from curate.workflows.overview import MIN_LABELS_FOR_CURVE, collect

        labels = labels_now(self.store)
        state, note = None, None
        if fit and len(labels) >= MIN_LABELS_FOR_CURVE:
            try:
                state = self.model_state(random_state=random_state)
            except CurateError as err:
                note = f"no model yet: {err}"
        spec = self.spec
        return collect(
            labels=labels,
            label_names=spec.label_names,
            multi_label=spec.multi_label,
            votes=votes_from_rows(self.store.current_rows()),
            events=self.store.events(),
            pii=self.pii_report(),
            pending=self.synthetic(status="pending"),
            n_items=len(self),
            state=state,
            model_note=note,
            random_state=random_state,
        )

    def overview(self, *, fit: bool = True, random_state: int | None = 0) -> Any:
        """The lead's overview widget (see :class:`curate.widgets.overview.Overview`)."""
        from curate.widgets.overview import Overview

        return Overview(self, fit=fit, random_state=random_state)

    def item_search(self, *, limit: int = 200) -> Any:
        """The lead's search widget: filter items, then assign them or send them to review.

        See :class:`curate.widgets.search.ItemSearch`.
        """
        from curate.widgets.search import ItemSearch

        return ItemSearch(self, limit=limit)
