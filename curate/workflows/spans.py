"""Span tasks wired to the store: import of existing spans, the span model for active
learning, and pre-annotation suggestions.

Workflows take what they use (the store, the span spec), never the Project.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from curate.active.strategies import Selection
from curate.errors import CurateError, ImportDataError
from curate.ingest import _TEXT_GUESSES, DEFAULT_MAX_CHARS, ImportPlan, Record, plan_import
from curate.labels import resolve_spans
from curate.schema import Batch, BatchItem
from curate.spans.active import SpanMarginSampling
from curate.spans.ingest import check_span_records
from curate.spans.model import LabeledSpan
from curate.spans.spec import SpanLabel, SpanTaskSpec
from curate.spans.tagger import SpanFeatures, SpanTagger, span_features
from curate.store import Store

__all__ = [
    "SUGGESTION_SOURCES",
    "SpanModelState",
    "check_suggestion_sources",
    "pii_suggestions",
    "plan_span_import",
    "rule_suggestions",
    "select_span_batch",
    "simulate_span_records",
    "span_model_state",
    "span_suggestions",
]


def plan_span_import(
    store: Store,
    spec: SpanTaskSpec,
    records: Sequence[Record],
    *,
    name: str,
    text_col: str | None = None,
    id_col: str | None = None,
    spans_col: str = "spans",
    annotator: str,
    meta_cols: Sequence[str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_errors: int = 20,
) -> ImportPlan:
    """Check a file's span lists and plan the items and span annotations to add, all or nothing.

    Every row's spans are checked against its text and the task
    (:func:`curate.spans.check_span_records`); the items are planned by the
    same import as a classification corpus (:func:`curate.ingest.plan_import`),
    which merges rows whose *normalised* text is equal.  Offsets count in the
    raw text, so a row with spans that would merge into an item whose raw text
    differs (other whitespace or Unicode form) is refused, as are two rows of
    the same text with different spans.  Re-importing the same spans adds nothing.

    Raises
    ------
    ImportDataError
        Naming every bad row (up to ``max_errors``); nothing is written.
    """
    if not records:
        raise ImportDataError(f"{name}: no rows to import")
    columns = list(records[0].values)
    if text_col is None:
        text_col = next((c for c in _TEXT_GUESSES if c in columns), "text")
    rows = check_span_records(
        records, name=name, spec=spec, text_col=text_col, spans_col=spans_col, max_errors=max_errors
    )
    if meta_cols is None:
        meta_cols = [c for c in columns if c not in {text_col, id_col, spans_col}]
    elif spans_col in meta_cols:
        raise ImportDataError(f"{name}: the spans column {spans_col!r} cannot also be a metadata column")
    plan = plan_import(
        records,
        name=name,
        spec=None,
        existing=store.existing,
        text_col=text_col,
        id_col=id_col,
        annotator=annotator,
        meta_cols=meta_cols,
        max_chars=max_chars,
    )
    raw: dict[str, str] = {it["id"]: it["text"] for it in plan.items}
    stored_ids = sorted({t for t in plan.targets.values() if t not in raw})
    raw.update({it.id: it.text for it in store.items(stored_ids)} if stored_ids else {})
    current = store.current_spans(annotator=annotator)
    first_row: dict[str, tuple[int, tuple[LabeledSpan, ...]]] = {}
    annotations: list[dict[str, Any]] = []
    problems: list[str] = []
    for row in rows:
        if row.spans is None:
            continue
        target = plan.targets[row.row]
        where = f"{name}: row {row.row}, column {spans_col!r}"
        if raw[target] != row.text:
            problems.append(
                f"{where}: this text equals item {target!r} once whitespace and Unicode form are "
                "normalised, but its raw text differs, so its offsets would point into the wrong "
                "string; make the two texts identical, or import this row without spans"
            )
            continue
        if target in first_row:
            earlier, spans = first_row[target]
            if spans != row.spans:
                problems.append(
                    f"{where}: the same text has different spans in row {earlier}; make the duplicates agree"
                )
            continue
        first_row[target] = (row.row, row.spans)
        if current.get(target, {}).get(annotator) == row.spans:
            continue  # the same spans were imported before
        annotations.append({"item_id": target, "annotator": annotator, "labels": (), "spans": row.spans})
    if problems:
        shown = problems[:max_errors]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more bad rows" if more else ""
        raise ImportDataError(
            f"{name}: {len(problems)} rows cannot be imported with their spans; nothing was imported. "
            "Fix these rows:\n  " + "\n  ".join(shown) + tail
        )
    plan.report.labels_added = len(annotations)
    return ImportPlan(items=plan.items, annotations=annotations, report=plan.report, targets=plan.targets)


# -- the span model: active learning and model suggestions ---------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanModelState:
    """The project's documents seen by the span tagger: features, resolved spans, the fitted tagger.

    ``tagger`` is None before any document has a resolved span list.
    """

    ids: tuple[str, ...]
    features: SpanFeatures
    labelled: np.ndarray  # bool per id: the item has a resolved (non-tie) span list
    spans: dict[str, tuple[LabeledSpan, ...]]
    tagger: SpanTagger | None


def span_model_state(store: Store, spec: SpanTaskSpec, *, random_state: int | None = 0) -> SpanModelState:
    """Fit the span tagger on the resolved span lists and featurise every accepted item."""
    inputs = store.label_inputs()
    items = [it for it in inputs.items if it.status == "accepted"]
    if not items:
        raise CurateError(
            "the project has no items: import some with project.import_data(...) or `curate import`"
        )
    resolved = {
        i: r.spans for i, r in resolve_spans(inputs.items, inputs.current_rows).items() if r.method != "tie"
    }
    ids = tuple(it.id for it in items)
    features = span_features([it.text for it in items])
    labelled = np.fromiter((i in resolved for i in ids), dtype=bool, count=len(ids))
    tagger = None
    if labelled.any():
        docs = np.flatnonzero(labelled).tolist()
        tagger = SpanTagger(labels=spec.label_names, random_state=random_state).fit(
            features, docs, [resolved[ids[d]] for d in docs]
        )
    return SpanModelState(ids=ids, features=features, labelled=labelled, spans=resolved, tagger=tagger)


def select_span_batch(
    store: Store,
    spec: SpanTaskSpec,
    n: int,
    *,
    strategy: str = "default",
    random_state: int | None = None,
    include_pending: bool = False,
    k: int | None = None,
    state: SpanModelState | None = None,
) -> Batch:
    """Choose ``n`` unannotated documents and record them as a batch.

    ``"default"`` / ``"span-margin"``: the documents whose tokens the span tagger is least
    sure of (:class:`curate.spans.active.SpanMarginSampling`, total uncertainty unless
    ``k``); before any document has resolved spans it falls back to random, and the
    batch's parameters say so.  ``"random"``: uniformly at random.  Items of earlier
    batches still unannotated are not chosen again unless ``include_pending``.
    """
    from curate.workflows.select import _pending

    if n < 1:
        raise CurateError(f"a batch needs at least one item, got n={n}")
    if strategy not in ("default", "span-margin", "random"):
        raise CurateError(
            f"unknown strategy {strategy!r} for a span task: use default, span-margin or random"
        )
    st = state or span_model_state(store, spec, random_state=0)
    taken = st.labelled.copy()
    if not include_pending:
        pending = _pending(store, {i for i, m in zip(st.ids, st.labelled, strict=True) if m})
        taken |= np.fromiter((i in pending for i in st.ids), dtype=bool, count=len(st.ids))
    if taken.all():
        raise CurateError(
            "every item is annotated or already in a batch: import more items, or pass include_pending=True"
        )
    rng = np.random.default_rng(random_state)
    note = ""
    name = "random" if strategy == "random" else "span-margin"
    if name == "span-margin" and st.tagger is None:
        if strategy != "default":
            raise CurateError(
                "strategy 'span-margin' needs a span model: annotate a few documents first, or use 'random'"
            )
        name, note = "random", "cold start: no span model yet, random documents"
    if name == "random":
        rows = rng.permutation(np.flatnonzero(~taken))[:n]
        sel = Selection(
            rows=tuple(int(r) for r in rows),
            ids=tuple(st.ids[int(r)] for r in rows),
            scores=tuple(0.0 for _ in rows),
            reasons=tuple("random" for _ in rows),
        )
    else:
        assert st.tagger is not None
        cand = np.flatnonzero(~taken)
        full: list[np.ndarray | None] = [None] * len(st.ids)
        for r, m in zip(cand, st.tagger.marginals(st.features, cand.tolist()), strict=True):
            full[int(r)] = m
        sel = SpanMarginSampling(k=k).select(st.ids, full, taken, n, rng=rng)
    params: dict[str, Any] = {
        "n": n,
        "requested": strategy,
        "random_state": random_state,
        "k": k,
        "labelled": int(st.labelled.sum()),
        "model": "span-tagger" if st.tagger is not None else None,
    }
    if note:
        params["note"] = note
    items = [
        BatchItem(item_id=i, rank=r, score=s, reason=why)
        for r, (i, s, why) in enumerate(zip(sel.ids, sel.scores, sel.reasons, strict=True))
    ]
    version = f"span-tagger:{int(st.labelled.sum())}" if st.tagger is not None else "none"
    return store.add_batch(strategy=name, params=params, model_version=version, items=items)


# -- pre-annotation ------------------------------------------------------------------------

SUGGESTION_SOURCES = ("rules", "pii", "model")


def check_suggestion_sources(sources: Sequence[str]) -> tuple[str, ...]:
    """The suggestion sources, stripped and in the order given; unknown or no sources are a CurateError."""
    chosen = tuple(dict.fromkeys(s.strip() for s in sources if s.strip()))
    unknown = [s for s in chosen if s not in SUGGESTION_SOURCES]
    if unknown or not chosen:
        raise CurateError(
            f"unknown suggestion sources {unknown}: use one or more of {', '.join(SUGGESTION_SOURCES)}"
            if unknown
            else f"no suggestion sources given: use one or more of {', '.join(SUGGESTION_SOURCES)}"
        )
    return chosen


def _vocabulary_layers(words: Sequence[str]) -> list[list[str]]:
    """Split the words so that no word in a layer is (ignoring case) a prefix of another.

    A regex alternation finds at most one word per start position; words nested at the
    same start ("breast" in "breast cancer") go to later layers so each is still found.
    """
    lowered = sorted({w.lower(): w for w in words if w.strip()}.items())
    depth: dict[str, int] = {}
    for low, _ in lowered:  # sorted, so every prefix of ``low`` comes before it
        prefixes = [depth[low[:n]] for n in range(1, len(low)) if low[:n] in depth]
        depth[low] = 1 + max(prefixes, default=-1)
    layers: list[list[str]] = [[] for _ in range(1 + max(depth.values(), default=-1))]
    for low, word in lowered:
        layers[depth[low]].append(word)
    return layers


def _trie_pattern(words: Sequence[str]) -> str:
    """One alternation of ``words`` factored by common prefixes, so the engine tries few branches."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@functools.lru_cache(maxsize=256)
def _label_regexes(label: SpanLabel) -> tuple[tuple[re.Pattern[str], int], ...]:
    """The label's compiled pattern regexes, then one regex per vocabulary layer, built once per label.

    A vocabulary regex matches at every start (a lookahead captures the word), so
    overlapping matches of different words are all found, as whole words ignoring case.
    """
    out = [(re.compile(p), 0) for p in label.patterns]
    for layer in _vocabulary_layers(label.vocabulary):
        rx = re.compile(r"(?<!\w)(?=(" + _trie_pattern(layer) + r")(?!\w))", re.IGNORECASE)
        out.append((rx, 1))
    return tuple(out)


def rule_suggestions(text: str, spec: SpanTaskSpec) -> list[dict[str, Any]]:
    """Matches of each label's ``patterns`` (regexes) and ``vocabulary`` (whole words, any case).

    Each ``(start, end, label)`` once, in text order.  The regexes are compiled once
    per label (cached on the label, which is immutable: an edited spec has new labels).
    """
    found: set[tuple[int, int, str]] = set()
    for lab in spec.labels:
        for rx, group in _label_regexes(lab):
            for m in rx.finditer(text):
                start, end = m.span(group)
                if end > start:
                    found.add((start, end, lab.name))
    return [
        {"start": start, "end": end, "label": name, "source": "rules"} for start, end, name in sorted(found)
    ]


def pii_suggestions(text: str, spec: SpanTaskSpec, detector: Any) -> list[dict[str, Any]]:
    """Personal-data findings as the span labels that take their entity type.

    A label takes the entity types listed in its ``pii`` field, and the type of its own name.
    """
    takes: dict[str, str] = {}
    for lab in spec.labels:
        for entity in (*lab.pii, lab.name):
            takes.setdefault(entity.upper(), lab.name)
    out = []
    for found in detector.find(text):
        label = takes.get(str(found.entity).upper())
        if label is not None:
            out.append({"start": int(found.start), "end": int(found.end), "label": label, "source": "pii"})
    return out


def span_suggestions(
    store: Store,
    spec: SpanTaskSpec,
    item_id: str,
    *,
    sources: Sequence[str] = SUGGESTION_SOURCES,
    detector: Any = None,
    state: SpanModelState | None = None,
) -> list[dict[str, Any]]:
    """Suggested spans for one item, for a view to show dashed: ``[{start, end, label, source}]``.

    Sources: ``rules`` (label patterns and vocabularies of the spec), ``pii`` (the
    personal-data detector, patterns only unless ``detector`` is given) and ``model``
    (the span tagger fitted on the project's resolved spans; nothing before it has any).
    Each suggestion passes the task's span check on its own; a span suggested by
    several sources is listed once, by the first of ``sources``.
    """
    sources = check_suggestion_sources(sources)
    text = store.item(item_id).text
    found: list[dict[str, Any]] = []
    for source in sources:
        if source == "rules":
            found += rule_suggestions(text, spec)
        elif source == "pii":
            if detector is None:
                from curate.pii import default_detector

                detector = default_detector(ner=False)
            found += pii_suggestions(text, spec, detector)
        else:
            st = state or span_model_state(store, spec)
            if st.tagger is not None and item_id in st.ids:
                (pred,) = st.tagger.predict(st.features, [st.ids.index(item_id)])
                found += [{**s.to_dict(), "source": "model"} for s in pred]
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    for s in found:
        key = (s["start"], s["end"], s["label"])
        if key in seen:
            continue
        try:
            spec.check_spans(text, [LabeledSpan(start=s["start"], end=s["end"], label=s["label"])])
        except CurateError:
            continue
        seen.add(key)
        out.append(s)
    out.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return out


def simulate_span_records(
    records: Sequence[Record],
    *,
    name: str,
    spec: SpanTaskSpec | None = None,
    text_col: str = "text",
    spans_col: str = "spans",
    initial: int = 10,
    batch: int = 10,
    budget: int = 60,
    repeats: int = 3,
    test_size: float = 0.25,
    k: int | None = None,
    random_state: int | None = 0,
) -> dict[str, Any]:
    """``curate simulate --spans-col``: span-margin against random on a fully annotated span file.

    The rows' spans are checked (:func:`curate.spans.check_span_records`, naming bad
    rows) against ``spec``, or against the labels the file uses with overlaps allowed;
    a seeded ``test_size`` share is held out; :func:`curate.spans.simulate.simulate_spans`
    draws the learning curves of exact and overlap span F1.
    """
    from curate.spans.simulate import simulate_spans
    from curate.spans.spec import span_spec_from_names

    if spec is None:
        labels: set[str] = set()
        for rec in records:
            raw = rec.values.get(spans_col)
            if isinstance(raw, list):
                labels.update(str(s.get("label")) for s in raw if isinstance(s, dict) and s.get("label"))
        if not labels:
            raise ImportDataError(f"{name}: no spans with labels in column {spans_col!r}")
        spec = span_spec_from_names(sorted(labels), overlapping=True)
    checked = check_span_records(records, name=name, spec=spec, text_col=text_col, spans_col=spans_col)
    rows = [r for r in checked if r.spans is not None]
    if not 0.0 < test_size < 1.0:
        raise CurateError(f"test_size is a share between 0 and 1, not {test_size}")
    rng = np.random.default_rng(random_state)
    order = rng.permutation(len(rows))
    n_test = max(1, round(test_size * len(rows)))
    test, pool = sorted(order[:n_test].tolist()), sorted(order[n_test:].tolist())
    rounds = (budget - initial) // batch
    if rounds < 1 or initial + rounds * batch > len(pool):
        raise CurateError(
            f"{name}: {len(pool)} pool documents cannot hold a seed of {initial} and batches of {batch} "
            f"up to a budget of {budget}: lower --seed-size, --batch-size or --budget"
        )
    features = span_features([r.text for r in rows])
    result = simulate_spans(
        features,
        [r.spans or () for r in rows],
        labels=spec.label_names,
        pool=pool,
        test=test,
        initial=initial,
        batch=batch,
        rounds=rounds,
        repeats=repeats,
        k=k,
        random_state=random_state,
    )
    result["data"] = name
    result["documents"] = {"pool": len(pool), "test": len(test)}
    return result
