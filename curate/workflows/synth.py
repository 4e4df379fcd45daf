"""Gaps, generation and expert review of synthetic items: what ``Project`` delegates to.

A synthetic candidate that passes every hard constraint is stored as a
pending item (``origin='synthetic'``) with its provenance, which holds its
intended label (``details["labels"]``): a generator is not an annotator.  It counts as labelled only
once an expert accepts it; a rejected one is kept with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    detect_domain,
    is_clinical_fact,
    personal_values,
    safety_constraints,
)
from curate.synth.gaps import GapReport, cluster_gaps, label_gaps, share_gaps
from curate.synth.generators import Exemplar, ExemplarGenerator, Generator, SynthRequest, TemplateGenerator
from curate.synth.provenance import Candidate
from curate.synth.resources import (
    TemplateSet,
    Vocabulary,
    bundled_template_sets,
    learn_vocabulary,
    load_template_set,
    load_vocabulary,
)
from curate.workflows.embedding import default_embedder, encode, item_embeddings

if TYPE_CHECKING:
    from curate.embed import Embedder
    from curate.schema import TaskSpec
    from curate.store import Store

__all__ = [
    "SYNTH_SOURCE_PREFIX",
    "LearnerScores",
    "candidates",
    "faithfulness",
    "gaps",
    "generate",
    "labelled_items",
    "make_generator",
    "read_decisions",
    "resolve_vocabulary",
    "review",
]

#: ``source`` prefix of a synthetic item (``synth:<generator>``).
SYNTH_SOURCE_PREFIX = "synth:"


def labelled_items(store: Store, *, include_synthetic: bool = True) -> dict[str, str]:
    """``{item_id: label}`` for items that have a label now (:func:`curate.labels.resolve_labels`).

    Ties wait; synthetic items count once accepted (``include_synthetic=False`` leaves them out).
    """
    from curate.workflows.labels import labels_now

    return {i: labs[0] for i, labs in labels_now(store, real_only=not include_synthetic).items()}


def _synthetic_counts(store: Store, statuses: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for status in statuses:
        for it in store.items(origin="synthetic", status=status):
            counts[str(it.metadata.get("label", ""))] += 1
    return counts


class LearnerScores:
    """``curate.active.Learner`` trained on real labelled texts, scoring other texts.

    ``score(texts)`` fits TF-IDF on the real and the scored texts together (no
    labels involved), fits the learner on the real rows and returns the scored
    rows' probabilities in ``label_order`` columns.  It also sets
    ``thresholds_``: per label, the ``quantile`` of the probability the
    learner gives that label's own real items out of fold (what "unlike the
    label" means for this label and this learner).
    """

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        label_order: Sequence[str],
        *,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
        quantile: float = 0.1,
        random_state: int | None = 0,
    ) -> None:
        self.texts = list(texts)
        self.labels = list(labels)
        self.label_order = list(label_order)
        self.embed = embed
        self.quantile = quantile
        self.random_state = random_state

    @property
    def usable(self) -> bool:
        """A learner needs at least two labels with examples."""
        return len(set(self.labels)) >= 2

    def score(self, batch: Sequence[str]) -> np.ndarray:
        from curate.active import Learner, Views, lexical_features

        n = len(self.texts)
        everything = [*self.texts, *batch]
        sem = self.embed(everything) if self.embed is not None else None
        views = Views(lexical=lexical_features(everything, min_df=1), semantic=sem)
        codes = np.asarray([self.label_order.index(lab) for lab in self.labels])
        learner = Learner(
            view="combined" if sem is not None else "lexical", min_inner=12, random_state=self.random_state
        ).fit(views.take(np.arange(n)), codes, n_classes=len(self.label_order))
        oof = learner.oof_proba_
        self.thresholds_: dict[str, float] = {}
        for k, lab in enumerate(self.label_order):
            own = codes == k
            if oof is not None and own.sum() >= 3:
                self.thresholds_[lab] = float(np.quantile(oof[own, k], self.quantile))
            else:  # too few real items to say: flag only what the learner finds less likely than chance
                self.thresholds_[lab] = 1.0 / (2 * len(self.label_order))
        if not len(batch):
            return np.zeros((0, len(self.label_order)))
        return np.asarray(learner.predict_proba(views.take(np.arange(n, n + len(batch)))))


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
    scorer = LearnerScores(
        [t for t, _ in train], [lab for _, lab in train], spec.label_names, random_state=random_state
    )
    pool = [it.text for it in real_items if it.id not in labelled]
    if not scorer.usable:
        notes.append("fewer than two labels have labelled items: no learner, no predicted shares")
    elif pool:
        pred = [spec.label_names[int(i)] for i in scorer.score(pool).argmax(axis=1)]
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
    store: Store,
    templates: TemplateSet | str | Path | None,
    vocabularies: Sequence[str | Path] = (),
    *,
    learned: Vocabulary | None = None,
) -> TemplateSet:
    """The given template set, or the bundled one covering most of the task's labels.

    ``learned`` (a vocabulary learned from the project) fills slots of a user's templates file
    that no vocabulary file declares, e.g. ``{organisation}``.
    """
    if isinstance(templates, TemplateSet):
        return templates
    labels = store.spec().label_names
    if templates is not None:
        return load_template_set(templates, extra_vocabularies=vocabularies, learned=learned, labels=labels)
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


def resolve_vocabulary(
    spec: TaskSpec, texts: Sequence[str], vocabularies: Sequence[str | Path] = (), *, learn: bool = True
) -> tuple[Vocabulary, str]:
    """The bundled vocabulary of the template set matching the task, else one learned from ``texts``.

    Returns the vocabulary and where it came from (``bundled:NAME``, ``learned`` or ``none``);
    extra vocabulary files are merged in.
    """
    labels = set(spec.label_names)
    vocab, source = Vocabulary(categories={}), "none"
    best = 0
    for path in bundled_template_sets():
        tset = load_template_set(path)
        if len(tset.labels & labels) > best:
            best, vocab, source = len(tset.labels & labels), tset.vocabulary, f"bundled:{tset.name}"
    if learn:  # the project's own service and company names, beside any bundled terms
        learned = learn_vocabulary(texts)
        if learned.categories:
            vocab = vocab.merged(learned)
            source = f"{source}+learned" if best else "learned"
    if vocabularies:
        vocab = vocab.merged(load_vocabulary(vocabularies))
    return vocab, source


def make_generator(
    store: Store,
    generator: str | Generator,
    *,
    texts: Sequence[str],
    templates: TemplateSet | str | Path | None = None,
    vocabularies: Sequence[str | Path] = (),
    domain: str | None = None,
) -> Generator:
    """The generator a name stands for: ``exemplar`` (default, needs no set-up) or ``template``.

    An LLM generator is built with :func:`curate.synth.llm.llm_generator` and passed as is.
    """
    if not isinstance(generator, str):
        return generator
    if generator == "template":
        learned = learn_vocabulary(texts) if domain != "clinical" and templates is not None else None
        return TemplateGenerator(resolve_templates(store, templates, vocabularies, learned=learned))
    if generator == "exemplar":
        # Eponyms and drug names are not interchangeable: no learned swaps on clinical text,
        # and clinical facts are never swapped when the safety constraints are on.
        vocab, _ = resolve_vocabulary(store.spec(), texts, vocabularies, learn=domain != "clinical")
        return ExemplarGenerator(vocab, keep=is_clinical_fact if domain is not None else None)
    if generator == "llm":
        raise CurateError(
            "the llm generator needs an endpoint or a model: CLI --llm-url URL --llm-model NAME (or "
            "--llm-path FOLDER); in Python pass generator=curate.synth.llm.llm_generator(...)"
        )
    raise CurateError(
        f"unknown generator {generator!r}: use 'exemplar', 'template' or 'llm', or pass a Generator"
    )


def generate(
    store: Store,
    label: str,
    n: int,
    *,
    generator: str | Generator = "exemplar",
    random_state: int | None = None,
    templates: TemplateSet | str | Path | None = None,
    vocabularies: Sequence[str | Path] = (),
    min_chars: int = 20,
    max_chars: int = 5000,
    required: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    max_similarity: float = 0.95,
    min_probability: float | None = None,
    max_share: float = 0.5,
    safety: bool | None = None,
    extra_constraints: Sequence[Constraint] = (),
    keep_failed: bool = False,
    assign_to: Sequence[str] = (),
    embedder: Embedder | None = None,
    save: bool = True,
) -> list[Candidate]:
    """Generate ``n`` candidates for ``label``, check them, and store those that pass as pending.

    ``safety=None`` turns the no-new-facts constraints on when the label's real
    items read as clinical or legal text (``True``/``False`` force it).
    ``min_probability=None`` flags, per label, candidates the learner finds
    less like the label than 90% of its real items.

    Returns every candidate with its constraint results and status:
    ``pending`` (stored, awaiting review), ``failed`` (broke a hard constraint,
    not stored), ``rejected`` (broke one and ``keep_failed`` stored it for
    audit), or ``duplicate`` (already in the project).
    """
    spec = store.spec()
    spec.label(label)  # raises LabelError naming the known labels
    labelled = labelled_items(store, include_synthetic=False)
    real_items = store.items(origin="real")
    texts = {it.id: it.text for it in real_items}
    label_texts: dict[str, list[str]] = {}
    for i, lab in labelled.items():
        if i in texts:
            label_texts.setdefault(lab, []).append(texts[i])
    exemplars = tuple(
        Exemplar(id=i, text=texts[i]) for i, lab in labelled.items() if lab == label and i in texts
    )
    domain = detect_domain(label_texts.get(label, [])) if safety is not False else None
    if safety and domain is None:
        domain = detect_domain([t for ts in label_texts.values() for t in ts], min_share=0.0)
    definition = spec.label(label).definition
    request = SynthRequest(
        label=label, exemplars=exemplars, definition=definition, guidelines=spec.guidelines
    )
    gen = make_generator(
        store,
        generator,
        texts=[t for ts in label_texts.values() for t in ts],
        templates=templates,
        vocabularies=vocabularies,
        domain=domain,
    )
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
    constraints.extend(safety_constraints(domain, texts=texts, label_texts=label_texts))
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
    faith = faithfulness(
        [t for t, _ in train],
        [lab for _, lab in train],
        spec.label_names,
        [c.text for c in cands],
        embed=embed,
        min_probability=min_probability,
    )
    if faith is not None:
        constraints.append(faith)
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


def faithfulness(
    texts: Sequence[str],
    labels: Sequence[str],
    label_order: Sequence[str],
    candidates: Sequence[str],
    *,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    min_probability: float | None = None,
    quantile: float = 0.1,
    random_state: int | None = 0,
) -> LabelFaithfulness | None:
    """The label-faithfulness constraint, scored once by ``curate.active.Learner`` on real labelled texts.

    None when fewer than two labels have real examples.  ``min_probability=None``:
    per-label thresholds from :class:`LearnerScores` (the ``quantile`` of the
    label's own real items, out of fold).
    """
    scorer = LearnerScores(
        texts, labels, label_order, embed=embed, quantile=quantile, random_state=random_state
    )
    if not scorer.usable:
        return None
    uniq = list(dict.fromkeys(candidates))
    proba = scorer.score(uniq)
    rows = {t: proba[i] for i, t in enumerate(uniq)}

    def predict_proba(batch: Sequence[str]) -> np.ndarray:
        missing = [t for t in batch if t not in rows]
        if missing:
            extra = scorer.score(missing)
            rows.update({t: extra[i] for i, t in enumerate(missing)})
        return np.asarray([rows[t] for t in batch]).reshape(len(batch), len(label_order))

    return LabelFaithfulness(
        predict_proba=predict_proba,
        labels=tuple(label_order),
        min_probability=scorer.thresholds_ if min_probability is None else min_probability,
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
    reason: str | Mapping[str, str] | None = None,
    reviewer: str | None = None,
) -> list[dict[str, Any]]:
    """Accept or reject synthetic items, each with its own reason; returns ``{"id", "status", "reason"}`` for each.

    ``reason`` is a mapping ``{item_id: why}`` (one reason per item, as in
    ``curate review --reason ID=TEXT``), or one text that is allowed only when
    a single item is reviewed, so one reason is never attached to several
    decisions.  All ids are checked before anything changes.  Rejected items
    stay in the project with the reason, for audit.
    """
    accept, reject = list(dict.fromkeys(accept)), list(dict.fromkeys(reject))
    both = set(accept) & set(reject)
    if both:
        raise CurateError(f"items {sorted(both)} are both accepted and rejected: choose one")
    if not accept and not reject:
        raise CurateError("nothing to review: give item ids to accept or reject")
    ids = [*accept, *reject]
    if isinstance(reason, str):
        if len(ids) > 1:
            raise CurateError(
                f"one reason for {len(ids)} items: give each its own (CLI: --reason ID=TEXT, repeatable, or "
                "--decisions FILE), or review them one at a time"
            )
        reasons: dict[str, str] = {ids[0]: reason}
    else:
        reasons = dict(reason or {})
    unknown = sorted(set(reasons) - set(ids))
    if unknown:
        raise CurateError(f"reasons given for items that are neither accepted nor rejected: {unknown}")
    for item in store.items(ids):
        if item.origin != "synthetic":
            raise CurateError(f"item {item.id!r} is real data: only synthetic items are accepted or rejected")
    who = f"{reviewer}: " if reviewer else ""
    out = []
    for iid, status in [*((i, "accepted") for i in accept), *((i, "rejected") for i in reject)]:
        why = f"{who}{reasons.get(iid) or ('accepted' if status == 'accepted' else 'rejected by reviewer')}"
        store.set_status(iid, status, why)
        out.append({"id": iid, "status": status, "reason": why})
    return out


def read_decisions(path: str | Path) -> tuple[list[str], list[str], dict[str, str]]:
    """Accepted ids, rejected ids and reasons from a CSV (``id,decision,reason``) or JSONL file.

    ``decision`` is ``accept`` or ``reject``; this is the file a reviewer exports
    from a spreadsheet, or writes with one JSON object per line.
    """
    import csv
    import json

    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CurateError(f"cannot read decisions file {path}: {err.strerror}") from None
    rows: list[dict[str, Any]]
    if path.suffix.lower() in (".jsonl", ".json"):
        try:
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as err:
            raise CurateError(f"{path}: line {err.lineno} is not JSON") from None
    else:
        rows = list(csv.DictReader(raw.splitlines()))
    accept: list[str] = []
    reject: list[str] = []
    reasons: dict[str, str] = {}
    for n, row in enumerate(rows, start=2 if path.suffix.lower() not in (".jsonl", ".json") else 1):
        iid, decision = str(row.get("id") or "").strip(), str(row.get("decision") or "").strip().lower()
        if not iid or decision not in ("accept", "reject"):
            raise CurateError(
                f"{path}: row {n} needs an id and decision 'accept' or 'reject' (got {decision!r})"
            )
        (accept if decision == "accept" else reject).append(iid)
        if str(row.get("reason") or "").strip():
            reasons[iid] = str(row["reason"]).strip()
    return accept, reject, reasons


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
