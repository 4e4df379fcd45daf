"""Gaps, generation and expert review of synthetic items: what ``Project`` delegates to.

A synthetic candidate that passes every hard constraint is stored as a
pending item (``origin='synthetic'``) with its provenance, which holds its
intended label (``details["labels"]``): a generator is not an annotator.  It counts as labelled only
once an expert accepts it; a rejected one is kept with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from curate.errors import CurateError, NotFoundError
from curate.synth.constraints import (
    Constraint,
    ForbiddenTerms,
    LabelFaithfulness,
    LengthBounds,
    NoRealPersonalData,
    Novelty,
    RequiredTerms,
    SyntheticShareCap,
    apply_constraints,
    personal_values,
)
from curate.synth.gaps import GapReport, cluster_gaps, label_gaps, share_gaps
from curate.synth.generators import Exemplar, ExemplarGenerator, Generator, SynthRequest, TemplateGenerator
from curate.synth.provenance import Candidate
from curate.synth.resources import TemplateSet, bundled_template_sets, load_template_set
from curate.workflows.embedding import default_embedder, encode, item_embeddings

if TYPE_CHECKING:
    from curate.embed import Embedder
    from curate.store import Store

__all__ = ["SYNTH_SOURCE_PREFIX", "candidates", "gaps", "generate", "labelled_items", "review"]

#: ``source`` prefix of a synthetic item (``synth:<generator>``).
SYNTH_SOURCE_PREFIX = "synth:"


def labelled_items(store: Store, *, include_synthetic: bool = True) -> dict[str, str]:
    """``{item_id: label}`` for items that have a label now (:func:`curate.labels.resolve_labels`).

    Ties wait; synthetic items count once accepted (``include_synthetic=False`` leaves them out).
    """
    from curate.labels import resolve_labels

    state = store.label_inputs()
    items = [it for it in state.items if include_synthetic or it.origin == "real"]
    resolved = resolve_labels(items, state.current_rows, state.provenance, spec=store.spec())
    return {i: r.labels[0] for i, r in resolved.items() if r.labels}


def _synthetic_counts(store: Store, statuses: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for status in statuses:
        for it in store.items(origin="synthetic", status=status):
            counts[str(it.metadata.get("label", ""))] += 1
    return counts


# TODO(active): replace with curate.active's learner once that branch is merged; kept
# private and small so the swap is one function.
def _simple_learner(
    texts: Sequence[str], labels: Sequence[str], label_order: Sequence[str], *, random_state: int | None = 0
) -> Callable[[Sequence[str]], np.ndarray] | None:
    """TF-IDF + class-balanced logistic regression; ``predict_proba`` in ``label_order`` columns.

    None when fewer than two labels have examples.
    """
    if len(set(labels)) < 2:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    x = vec.fit_transform(texts)
    seed = int(np.random.default_rng(random_state).integers(2**31 - 1))
    clf = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=seed).fit(x, list(labels))
    cols = [list(label_order).index(c) for c in clf.classes_]

    def predict_proba(batch: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(batch), len(label_order)))
        if len(batch):
            out[:, cols] = clf.predict_proba(vec.transform(list(batch)))
        return out

    return predict_proba


def gaps(
    store: Store,
    *,
    target_per_label: int = 20,
    clusters: bool = True,
    n_clusters: int = 12,
    max_labelled: int = 1,
    min_ratio: float = 2.0,
    embedder: Embedder | None = None,
    random_state: int | None = 0,
) -> GapReport:
    """Labels under target, thin embedding clusters and over-predicted labels (see ``curate.synth.gaps``)."""
    spec = store.spec()
    labelled = labelled_items(store)
    counts = Counter(labelled.values())
    pending = _synthetic_counts(store, ["pending"])
    under = label_gaps(counts, spec.label_names, target_per_label=target_per_label, pending=pending)
    notes: list[str] = []
    real_items = store.items(origin="real")
    thin: list[Any] = []
    if not clusters:
        notes.append("embedding clusters skipped")
    elif real_items:
        ids, matrix = item_embeddings(store, [it.id for it in real_items], embedder=embedder)
        thin, _ = cluster_gaps(
            matrix, ids, labelled, n_clusters=n_clusters, max_labelled=max_labelled, random_state=random_state
        )
    shares: list[Any] = []
    texts = {it.id: it.text for it in real_items}
    train = [(texts[i], lab) for i, lab in labelled.items() if i in texts]
    proba = _simple_learner(
        [t for t, _ in train], [lab for _, lab in train], spec.label_names, random_state=random_state
    )
    pool = [it.text for it in real_items if it.id not in labelled]
    if proba is None:
        notes.append("fewer than two labels have labelled items: no learner, no predicted shares")
    elif pool:
        pred = [spec.label_names[int(i)] for i in proba(pool).argmax(axis=1)]
        shares = share_gaps(counts, pred, spec.label_names, min_ratio=min_ratio)
    return GapReport(
        labels=tuple(under),
        clusters=tuple(thin),
        shares=tuple(shares),
        counts={lab: int(counts.get(lab, 0)) for lab in spec.label_names},
        target_per_label=target_per_label,
        notes=tuple(notes),
    )


def resolve_templates(
    store: Store, templates: TemplateSet | str | Path | None, vocabularies: Sequence[str | Path] = ()
) -> TemplateSet:
    """The given template set, or the bundled one covering most of the task's labels."""
    if isinstance(templates, TemplateSet):
        return templates
    labels = store.spec().label_names
    if templates is not None:
        return load_template_set(templates, extra_vocabularies=vocabularies, labels=labels)
    best: TemplateSet | None = None
    for path in bundled_template_sets():
        tset = load_template_set(path, extra_vocabularies=vocabularies)
        if tset.labels & set(labels) and (
            best is None or len(tset.labels & set(labels)) > len(best.labels & set(labels))
        ):
            best = tset
    if best is None:
        raise CurateError(
            "no bundled templates match this task's labels: write a templates YAML file "
            "(see data/templates/legal.yaml) and pass templates=PATH (CLI: --templates PATH)"
        )
    return best


def generate(
    store: Store,
    label: str,
    n: int,
    *,
    generator: str | Generator = "template",
    random_state: int | None = None,
    templates: TemplateSet | str | Path | None = None,
    vocabularies: Sequence[str | Path] = (),
    min_chars: int = 20,
    max_chars: int = 5000,
    required: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    max_similarity: float = 0.95,
    min_probability: float = 0.25,
    max_share: float = 0.5,
    extra_constraints: Sequence[Constraint] = (),
    keep_failed: bool = False,
    assign_to: Sequence[str] = (),
    embedder: Embedder | None = None,
    save: bool = True,
) -> list[Candidate]:
    """Generate ``n`` candidates for ``label``, check them, and store those that pass as pending.

    Returns every candidate with its constraint results and status:
    ``pending`` (stored, awaiting review), ``failed`` (broke a hard constraint,
    not stored), ``rejected`` (broke one and ``keep_failed`` stored it for
    audit), or ``duplicate`` (already in the project).
    """
    spec = store.spec()
    spec.label(label)  # raises LabelError naming the known labels
    labelled = labelled_items(store)
    real_items = store.items(origin="real")
    texts = {it.id: it.text for it in real_items}
    exemplars = tuple(
        Exemplar(id=i, text=texts[i]) for i, lab in labelled.items() if lab == label and i in texts
    )
    request = SynthRequest(label=label, exemplars=exemplars, definition=spec.label(label).definition)
    gen: Generator
    if isinstance(generator, str):
        if generator == "template":
            gen = TemplateGenerator(resolve_templates(store, templates, vocabularies))
        elif generator == "exemplar":
            tset = resolve_templates(store, templates, vocabularies)
            gen = ExemplarGenerator(tset.vocabulary, locale=tset.locale)
        else:
            raise CurateError(
                f"unknown generator {generator!r}: use 'template' or 'exemplar', or pass a Generator"
            )
    else:
        gen = generator
    cands = gen.generate(request, n, random_state=random_state)

    emb = default_embedder(embedder)

    def embed(batch: Sequence[str]) -> np.ndarray:
        return encode(store, batch, emb)[0]

    kept_synth = [it for st in ("pending", "accepted") for it in store.items(origin="synthetic", status=st)]
    _, reference = (
        item_embeddings(store, [it.id for it in real_items], embedder=emb)
        if real_items
        else ([], np.zeros((0, 0)))
    )
    existing = embed([it.text for it in kept_synth]) if kept_synth else None
    constraints: list[Constraint] = [LengthBounds(min_chars=min_chars, max_chars=max_chars)]
    if required:
        constraints.append(RequiredTerms(terms=tuple(required)))
    if forbidden:
        constraints.append(ForbiddenTerms(terms=tuple(forbidden)))
    constraints.append(NoRealPersonalData(real_values=personal_values(texts.values())))
    constraints.append(
        Novelty(
            reference=reference,
            embed=embed,
            existing=existing,
            max_similarity=max_similarity,
            duplicate_similarity=max_similarity,
        )
    )
    train = [(texts[i], lab) for i, lab in labelled.items() if i in texts]
    proba = _simple_learner(
        [t for t, _ in train], [lab for _, lab in train], spec.label_names, random_state=0
    )
    if proba is not None:
        constraints.append(
            LabelFaithfulness(predict_proba=proba, labels=spec.label_names, min_probability=min_probability)
        )
    constraints.extend(extra_constraints)
    real_counts = Counter(lab for i, lab in labelled.items() if i in texts)
    constraints.append(
        SyntheticShareCap(
            real_counts=real_counts,
            synthetic_counts=_synthetic_counts(store, ["pending", "accepted"]),
            max_share=max_share,
        )
    )
    checked = apply_constraints(cands, constraints)
    return (
        _save(store, checked, generator=gen.name, keep_failed=keep_failed, assign_to=assign_to)
        if save
        else checked
    )


def _save(
    store: Store,
    cands: Sequence[Candidate],
    *,
    generator: str,
    keep_failed: bool,
    assign_to: Sequence[str],
) -> list[Candidate]:
    by_id, _ = store.existing([c.id for c in cands], [])
    out: list[Candidate] = []
    items, provenance = [], {}
    for c in cands:
        if c.id in by_id:
            out.append(c.with_status("duplicate"))
            continue
        if not c.passed and not keep_failed:
            out.append(c.with_status("failed"))
            continue
        status = "pending" if c.passed else "rejected"
        items.append(
            {
                "id": c.id,
                "text": c.text,
                "content_hash": c.provenance.content_hash,
                "source": f"{SYNTH_SOURCE_PREFIX}{generator}",
                "origin": "synthetic",
                "status": status,
                "metadata": {"label": c.label, "generator": generator, "flags": c.flags},
            }
        )
        # The intended label is provenance, not a vote: a generator is not an annotator.
        meant = replace(c.provenance, details={**c.provenance.details, "labels": [c.label]})
        c = replace(c, provenance=meant)
        provenance[c.id] = meant
        out.append(c.with_status(status))
    if items:
        store.insert(items, [], provenance=provenance)
        for c in out:
            if c.status == "rejected":
                store.set_status(c.id, "rejected", "failed constraints: " + ", ".join(c.failed))
        if assign_to:
            store.assign([(c.id, who) for c in out if c.status == "pending" for who in assign_to])
    return out


def review(
    store: Store,
    *,
    accept: Iterable[str] = (),
    reject: Iterable[str] = (),
    reason: str | None = None,
    reviewer: str | None = None,
) -> list[dict[str, Any]]:
    """Accept or reject synthetic items; returns ``{"id", "status", "reason"}`` for each.

    All ids are checked before anything changes.  Rejected items stay in the
    project with the reason, for audit.
    """
    accept, reject = list(dict.fromkeys(accept)), list(dict.fromkeys(reject))
    both = set(accept) & set(reject)
    if both:
        raise CurateError(f"items {sorted(both)} are both accepted and rejected: choose one")
    if not accept and not reject:
        raise CurateError("nothing to review: give item ids to accept or reject")
    for item in store.items([*accept, *reject]):
        if item.origin != "synthetic":
            raise CurateError(f"item {item.id!r} is real data: only synthetic items are accepted or rejected")
    who = f"{reviewer}: " if reviewer else ""
    out = []
    for iid, status in [*((i, "accepted") for i in accept), *((i, "rejected") for i in reject)]:
        why = f"{who}{reason or ('accepted' if status == 'accepted' else 'rejected by reviewer')}"
        store.set_status(iid, status, why)
        out.append({"id": iid, "status": status, "reason": why})
    return out


def candidates(store: Store, *, status: str | None = None, label: str | None = None) -> list[dict[str, Any]]:
    """Synthetic items with their status, intended label and provenance (the review list)."""
    if status is not None and status not in ("pending", "accepted", "rejected"):
        raise CurateError(f"status {status!r} is not one of pending, accepted, rejected")
    items = store.items(origin="synthetic", status=status)
    reasons = store.status_reasons(origin="synthetic")
    prov = store.all_provenance()
    out = []
    for it in items:
        lab = str(it.metadata.get("label", ""))
        if label is not None and lab != label:
            continue
        p = prov.get(it.id)
        if p is None:
            raise NotFoundError(f"synthetic item {it.id!r} has no provenance record")
        out.append(
            {
                "id": it.id,
                "text": it.text,
                "label": lab,
                "status": it.status,
                "reason": reasons.get(it.id),
                "provenance": p.to_dict(),
                "constraints": dict(p.constraints),
            }
        )
    return out
