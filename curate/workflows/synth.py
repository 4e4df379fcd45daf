"""Gaps, generation and expert review of synthetic items: what ``Project`` delegates to.

A synthetic candidate that passes every hard constraint is stored as a
pending item (``origin='synthetic'``) with its provenance and its intended
label as an annotation by ``synth:<generator>``.  It counts as labelled only
once an expert accepts it; a rejected one is kept with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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

if TYPE_CHECKING:
    from curate.embed import Embedder
    from curate.project import Project

__all__ = ["SYNTH_ANNOTATOR_PREFIX", "candidates", "gaps", "generate", "labelled_items", "review"]

#: Annotator name prefix of a synthetic item's intended label.
SYNTH_ANNOTATOR_PREFIX = "synth:"


def labelled_items(project: Project, *, include_synthetic: bool = True) -> dict[str, str]:
    """``{item_id: label}`` for items with a human label, resolved as the export resolves them.

    Adjudication wins, else the unanimous or majority decision; tied items wait
    (:func:`curate.export.resolve.resolve_all`).  Real items count when labelled
    by a person; synthetic items only once accepted, with the generator's
    intended label unless a person labelled them.
    """
    from curate.export.resolve import resolve_all

    spec = project.spec
    keep = {
        it.id for it in project.store.items(status="accepted") if include_synthetic or it.origin == "real"
    }
    rows = [r for r in project.store.current_rows() if r["item_id"] in keep and r["labels"]]
    human = [r for r in rows if not r["annotator"].startswith(SYNTH_ANNOTATOR_PREFIX)]
    decided = resolve_all(human, label_order=spec.label_names, multi_label=spec.multi_label)
    out = {i: d.labels[0] for i, d in decided.items() if d.labels}
    for r in rows:
        if r["annotator"].startswith(SYNTH_ANNOTATOR_PREFIX) and r["item_id"] not in decided:
            out[r["item_id"]] = r["labels"][0]
    return out


def _synthetic_counts(project: Project, statuses: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for status in statuses:
        for it in project.store.items(origin="synthetic", status=status):
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


def _embedder(embedder: Embedder | None) -> Embedder:
    if embedder is not None:
        return embedder
    from curate.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(show_progress=False)


def gaps(
    project: Project,
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
    spec = project.spec
    labelled = labelled_items(project)
    counts = Counter(labelled.values())
    pending = _synthetic_counts(project, ["pending"])
    under = label_gaps(counts, spec.label_names, target_per_label=target_per_label, pending=pending)
    notes: list[str] = []
    real_items = project.store.items(origin="real")
    thin: list[Any] = []
    if not clusters:
        notes.append("embedding clusters skipped")
    elif real_items:
        ids, matrix = project.embeddings([it.id for it in real_items], embedder=embedder)
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
    project: Project, templates: TemplateSet | str | Path | None, vocabularies: Sequence[str | Path] = ()
) -> TemplateSet:
    """The given template set, or the bundled one covering most of the task's labels."""
    if isinstance(templates, TemplateSet):
        return templates
    labels = project.spec.label_names
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
    project: Project,
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
    store: bool = True,
) -> list[Candidate]:
    """Generate ``n`` candidates for ``label``, check them, and store those that pass as pending.

    Returns every candidate with its constraint results and status:
    ``pending`` (stored, awaiting review), ``failed`` (broke a hard constraint,
    not stored), ``rejected`` (broke one and ``keep_failed`` stored it for
    audit), or ``duplicate`` (already in the project).
    """
    spec = project.spec
    spec.label(label)  # raises LabelError naming the known labels
    labelled = labelled_items(project)
    real_items = project.store.items(origin="real")
    texts = {it.id: it.text for it in real_items}
    exemplars = tuple(
        Exemplar(id=i, text=texts[i]) for i, lab in labelled.items() if lab == label and i in texts
    )
    request = SynthRequest(label=label, exemplars=exemplars, definition=spec.label(label).definition)
    gen: Generator
    if isinstance(generator, str):
        if generator == "template":
            gen = TemplateGenerator(resolve_templates(project, templates, vocabularies))
        elif generator == "exemplar":
            tset = resolve_templates(project, templates, vocabularies)
            gen = ExemplarGenerator(tset.vocabulary, locale=tset.locale)
        else:
            raise CurateError(
                f"unknown generator {generator!r}: use 'template' or 'exemplar', or pass a Generator"
            )
    else:
        gen = generator
    cands = gen.generate(request, n, random_state=random_state)

    emb = _embedder(embedder)
    from curate.embed import cached_encode

    def embed(batch: Sequence[str]) -> np.ndarray:
        return cached_encode(
            list(batch), emb, get=project.store.get_embeddings, put=project.store.put_embeddings
        )[0]

    kept_synth = [
        it for st in ("pending", "accepted") for it in project.store.items(origin="synthetic", status=st)
    ]
    _, reference = (
        project.embeddings([it.id for it in real_items], embedder=emb)
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
            synthetic_counts=_synthetic_counts(project, ["pending", "accepted"]),
            max_share=max_share,
        )
    )
    checked = apply_constraints(cands, constraints)
    return (
        _store(project, checked, generator=gen.name, keep_failed=keep_failed, assign_to=assign_to)
        if store
        else checked
    )


def _store(
    project: Project,
    cands: Sequence[Candidate],
    *,
    generator: str,
    keep_failed: bool,
    assign_to: Sequence[str],
) -> list[Candidate]:
    by_id, _ = project.store.existing([c.id for c in cands], [])
    out: list[Candidate] = []
    items, annotations, provenance = [], [], {}
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
                "source": f"{SYNTH_ANNOTATOR_PREFIX}{generator}",
                "origin": "synthetic",
                "status": status,
                "metadata": {"label": c.label, "generator": generator, "flags": c.flags},
            }
        )
        annotations.append(
            {"item_id": c.id, "annotator": f"{SYNTH_ANNOTATOR_PREFIX}{generator}", "labels": [c.label]}
        )
        provenance[c.id] = c.provenance
        out.append(c.with_status(status))
    if items:
        project.store.insert(items, annotations, provenance=provenance)
        for c in out:
            if c.status == "rejected":
                project.store.set_status(c.id, "rejected", "failed constraints: " + ", ".join(c.failed))
        if assign_to:
            project.store.assign([(c.id, who) for c in out if c.status == "pending" for who in assign_to])
    return out


def review(
    project: Project,
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
    for item in project.store.items([*accept, *reject]):
        if item.origin != "synthetic":
            raise CurateError(f"item {item.id!r} is real data: only synthetic items are accepted or rejected")
    who = f"{reviewer}: " if reviewer else ""
    out = []
    for iid, status in [*((i, "accepted") for i in accept), *((i, "rejected") for i in reject)]:
        why = f"{who}{reason or ('accepted' if status == 'accepted' else 'rejected by reviewer')}"
        project.store.set_status(iid, status, why)
        out.append({"id": iid, "status": status, "reason": why})
    return out


def candidates(
    project: Project, *, status: str | None = None, label: str | None = None
) -> list[dict[str, Any]]:
    """Synthetic items with their status, intended label and provenance (the review list)."""
    import sqlalchemy as sa

    from curate.store import tables as t
    from curate.store.engine import with_retry

    if status is not None and status not in ("pending", "accepted", "rejected"):
        raise CurateError(f"status {status!r} is not one of pending, accepted, rejected")
    items = project.store.items(origin="synthetic", status=status)
    reasons = dict(
        with_retry(
            project.store.engine,
            lambda c: list(
                c.execute(
                    sa.select(t.items.c.id, t.items.c.status_reason).where(t.items.c.origin == "synthetic")
                )
            ),
            write=False,
        )
    )
    prov = project.store.all_provenance()
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
