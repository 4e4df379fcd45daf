"""Generators of synthetic candidates behind the :class:`Generator` protocol.

* :class:`TemplateGenerator` fills templates' typed slots from Faker and from
  domain vocabularies (see :mod:`curate.synth.resources`).
* :class:`ExemplarGenerator` takes real items of the target label, replaces
  their personal identifiers with :mod:`curate.pii` surrogates, swaps
  vocabulary terms (bundled, or learned from the project's own items) for
  others of their category, and joins the opening sentences of one exemplar
  to the closing sentences of another of the same label.

Both are reproducible: the same ``random_state`` gives the same candidates,
and each candidate's own seed (in its provenance) regenerates it alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError
from curate.pii import Span
from curate.schema import content_hash
from curate.synth.provenance import Candidate, candidate_id, make_provenance, seeds_for
from curate.synth.resources import SLOT, SlotSource, TemplateSet, Vocabulary

__all__ = [
    "Exemplar",
    "ExemplarGenerator",
    "Generator",
    "SynthRequest",
    "TemplateGenerator",
    "split_sentences",
]

#: How many tries per wanted candidate before a generator gives up on finding new texts.
MAX_TRIES_PER_CANDIDATE = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Exemplar:
    """A real item a generator may draw on."""

    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthRequest:
    """What to generate: the target label and, for exemplar-based generators, real exemplars."""

    label: str
    exemplars: tuple[Exemplar, ...] = ()
    definition: str = ""
    guidelines: str = ""


@runtime_checkable
class Generator(Protocol):
    """Makes candidates for one label; every candidate carries a provenance record."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def generate(
        self, request: SynthRequest, n: int, *, random_state: int | None = None
    ) -> list[Candidate]: ...


def _faker(locale: str) -> Any:
    from faker import Faker

    try:
        return Faker(locale)
    except AttributeError:
        raise CurateError(f"Faker has no locale {locale!r}: use e.g. en_US, en_GB, de_DE, fr_FR") from None


def unique_candidates(
    make: Any, request: SynthRequest, n: int, random_state: int | None, *, name: str
) -> list[Candidate]:
    """Call ``make(request, seed)`` with derived seeds until ``n`` distinct texts are found.

    The building block of every generator: per-candidate seeds come from
    ``random_state``; a ``None`` or repeated text is skipped; at most
    ``MAX_TRIES_PER_CANDIDATE * n`` tries are made.
    """
    if n < 0:
        raise CurateError(f"{name}: n must be 0 or more, not {n}")
    base, seeds = seeds_for(random_state, max(n, 1) * MAX_TRIES_PER_CANDIDATE)
    out: list[Candidate] = []
    seen: set[str] = set()
    for seed in seeds:
        if len(out) >= n:
            break
        cand = make(request, seed)
        if cand is None:
            continue
        digest = content_hash(cand.text)
        if digest in seen:
            continue
        seen.add(digest)
        details = {**cand.provenance.details, "batch_seed": base}
        prov = make_provenance(
            generator=cand.provenance.generator,
            version=cand.provenance.generator_version,
            seed=seed,
            details=details,
            text=cand.text,
        )
        out.append(Candidate(id=cand.id, text=cand.text, label=cand.label, provenance=prov))
    return out


def _fill_value(src: SlotSource, *, fake: Any, rng: np.random.Generator, vocab: Vocabulary) -> str:
    if src.kind == "vocab":
        terms = vocab.categories[src.name]
        return str(terms[int(rng.integers(len(terms)))])
    if src.kind == "choice":
        return str(src.choices[int(rng.integers(len(src.choices)))])
    return str(getattr(fake, src.name)(**dict(src.args)))


def _slot_record(src: SlotSource, value: str, *, locale: str, vocab: Vocabulary) -> dict[str, Any]:
    if src.kind == "faker":
        return {"source": "faker", "provider": src.name, "locale": locale, "value": value}
    if src.kind == "vocab":
        return {
            "source": vocab.sources.get(src.name, "vocab"),
            "category": src.name,
            "value": value,
        }
    return {"source": "choice", "value": value}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class TemplateGenerator:
    """Fills templates' slots from Faker (locale-aware) and domain vocabularies.

    Parameters
    ----------
    templates
        A :class:`~curate.synth.resources.TemplateSet` (``load_template_set``).
    locale
        Faker locale; ``None`` uses the template file's.

    Examples
    --------
    >>> from curate.synth.resources import DATA_DIR, load_template_set
    >>> gen = TemplateGenerator(load_template_set(DATA_DIR / "templates" / "legal.yaml"))
    >>> cands = gen.generate(SynthRequest(label="jurisdiction"), 2, random_state=0)
    >>> sorted({c.label for c in cands}), len(cands)
    (['jurisdiction'], 2)
    """

    name = "template"
    version = "1"

    def __init__(self, templates: TemplateSet, *, locale: str | None = None) -> None:
        self.templates = templates
        self.locale = locale

    def generate(self, request: SynthRequest, n: int, *, random_state: int | None = None) -> list[Candidate]:
        """``n`` distinct candidates for ``request.label`` (fewer if the templates run out)."""
        if not self.templates.for_label(request.label):
            raise CurateError(
                f"no template for label {request.label!r} in {self.templates.name!r}: add one to a "
                f"templates YAML file (labels with templates: {', '.join(sorted(self.templates.labels))})"
            )
        locale = self.locale or self.templates.locale
        fake = _faker(locale)
        return unique_candidates(
            lambda req, seed: self.make_one(req, seed, fake=fake, locale=locale),
            request,
            n,
            random_state,
            name=self.name,
        )

    def make_one(
        self, request: SynthRequest, seed: int, *, fake: Any = None, locale: str | None = None
    ) -> Candidate:
        """The candidate that ``seed`` gives (what ``generate`` made with that per-candidate seed)."""
        locale = locale or self.locale or self.templates.locale
        fake = fake if fake is not None else _faker(locale)
        fake.seed_instance(seed)
        rng = np.random.default_rng(seed)
        options = self.templates.for_label(request.label)
        tpl = options[int(rng.integers(len(options)))]
        picks = [int(rng.integers(len(part))) for part in tpl.parts]
        raw = "".join(part[i] for part, i in zip(tpl.parts, picks, strict=True))
        values: dict[str, str] = {}
        slots: dict[str, dict[str, Any]] = {}

        def fill(m: re.Match[str]) -> str:
            slot = m.group(1)
            if slot not in values:
                src = self.templates.source_of(slot)
                values[slot] = _fill_value(src, fake=fake, rng=rng, vocab=self.templates.vocabulary)
                slots[slot] = _slot_record(src, values[slot], locale=locale, vocab=self.templates.vocabulary)
            return _cap(values[slot]) if m.group(2) else values[slot]

        text = _cap(re.sub(r"\s+", " ", SLOT.sub(fill, raw)).strip())
        details = {
            "template_id": tpl.id,
            "template_set": self.templates.name,
            "parts": picks,
            "slots": slots,
            "locale": locale,
        }
        prov = make_provenance(
            generator=self.name, version=self.version, seed=seed, details=details, text=text
        )
        return Candidate(id=candidate_id(text), text=text, label=request.label, provenance=prov)


# -- exemplar recombination -----------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


def _article(term: str) -> bool:
    return term.lower().startswith(("the ", "a ", "an ", "our ", "your "))


_CLAUSE = re.compile(r"(?<=[,;:])\s+(?=[a-z(])")


def _pieces(text: str) -> list[str]:
    """Sentences, or the clauses of a one-sentence text (split after , ; : before a lower-case word)."""
    sents = split_sentences(text)
    return sents if len(sents) >= 2 else [p for p in _CLAUSE.split(text.strip()) if p]


def split_sentences(text: str) -> list[str]:
    """Split on sentence-ending punctuation followed by a capital letter."""
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _vocab_spans(text: str, vocab_re: re.Pattern[str] | None, term_category: Mapping[str, str]) -> list[Span]:
    if vocab_re is None:
        return []
    out = []
    for m in vocab_re.finditer(text):
        cat = term_category.get(m.group(0).lower())
        if cat is not None:
            out.append(
                Span(
                    start=m.start(),
                    end=m.end(),
                    entity=f"vocab:{cat}",
                    value=m.group(0),
                    detector="vocab",
                    score=0.5,
                )
            )
    return out


class ExemplarGenerator:
    """Recombines real exemplars of the target label and swaps their entities.

    Parameters
    ----------
    vocabulary
        Domain terms: a term found in an exemplar is replaced with another
        term of its category (a bundled vocabulary, or one learned from the
        project with :func:`~curate.synth.resources.learn_vocabulary`).
        ``None`` replaces personal identifiers only.
    locale
        Faker locale of the :class:`curate.pii.Pseudonymiser` that makes the
        surrogate names, dates and contact details.
    recombine
        Probability of joining two exemplars (opening sentences of one,
        closing sentences of another) when both have two or more sentences.
    swap
        Probability that each vocabulary term found is replaced.  Personal
        identifiers (found by :class:`curate.pii.PatternDetector`) are always replaced.
    keep
        ``keep(term) -> bool``: vocabulary terms never swapped (the workflow
        passes the clinical entities when safety constraints are on, so a drug
        is never swapped for another).
    """

    name = "exemplar"
    version = "2"

    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        *,
        locale: str = "en_US",
        recombine: float = 0.5,
        swap: float = 0.9,
        keep: Callable[[str], bool] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.locale = locale
        self.recombine = recombine
        self.swap = swap
        self.keep = keep

    def _prepare(self, request: SynthRequest) -> dict[str, Any]:
        if not request.exemplars:
            raise CurateError(
                f"the exemplar generator needs real labelled items of {request.label!r}: label a few "
                "first, or use the template generator with a templates file"
            )
        from curate.pii import PatternDetector

        vocab = self.vocabulary or Vocabulary(categories={})
        terms = sorted(vocab.category_of(), key=len, reverse=True)
        vocab_re = (
            re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)
            if terms
            else None
        )
        return {
            "vocab": vocab,
            "vocab_re": vocab_re,
            "term_category": vocab.category_of(),
            "detector": PatternDetector(),
            "sentences": [_pieces(ex.text) for ex in request.exemplars],
        }

    def generate(self, request: SynthRequest, n: int, *, random_state: int | None = None) -> list[Candidate]:
        """Up to ``n`` distinct candidates, each differing from every exemplar it came from."""
        prep = self._prepare(request)
        return unique_candidates(
            lambda req, seed: self.make_one(req, seed, prep=prep), request, n, random_state, name=self.name
        )

    def make_one(
        self, request: SynthRequest, seed: int, *, prep: Mapping[str, Any] | None = None
    ) -> Candidate | None:
        """The candidate ``seed`` gives, or None when it would repeat an exemplar."""
        prep = prep if prep is not None else self._prepare(request)
        rng = np.random.default_rng(seed)
        exemplars = request.exemplars
        sents: list[list[str]] = prep["sentences"]
        a = int(rng.integers(len(exemplars)))
        used = [exemplars[a].id]
        pieces: dict[str, list[int]] = {}
        multi = [i for i, s in enumerate(sents) if len(s) >= 2 and i != a]
        if len(sents[a]) >= 2 and multi and rng.random() < self.recombine:
            b = multi[int(rng.integers(len(multi)))]
            cut_a = int(rng.integers(1, len(sents[a])))
            cut_b = min(max(round(cut_a / len(sents[a]) * len(sents[b])), 1), len(sents[b]) - 1)
            base = " ".join(sents[a][:cut_a] + sents[b][cut_b:])
            used.append(exemplars[b].id)
            pieces = {
                exemplars[a].id: list(range(cut_a)),
                exemplars[b].id: list(range(cut_b, len(sents[b]))),
            }
        else:
            base = exemplars[a].text
        text, slots = self._swap(base, seed=seed, rng=rng, prep=prep)
        if content_hash(text) in {content_hash(ex.text) for ex in exemplars}:
            return None
        details: dict[str, Any] = {"exemplar_ids": used, "slots": slots, "locale": self.locale}
        if pieces:
            one = len(split_sentences(exemplars[a].text)) < 2
            details["clauses" if one else "sentences"] = pieces
        prov = make_provenance(
            generator=self.name, version=self.version, seed=seed, details=details, text=text
        )
        return Candidate(id=candidate_id(text), text=text, label=request.label, provenance=prov)

    def _swap(
        self, text: str, *, seed: int, rng: np.random.Generator, prep: Mapping[str, Any]
    ) -> tuple[str, list[dict[str, Any]]]:
        from curate.pii import Pseudonymiser, resolve_overlaps

        vocab: Vocabulary = prep["vocab"]
        # A per-candidate salt: the same seed gives the same surrogates, other seeds others.
        surrogates = Pseudonymiser(salt=f"{seed:032x}", locale=self.locale)
        personal = prep["detector"].find(text)
        spans = resolve_overlaps([*personal, *_vocab_spans(text, prep["vocab_re"], prep["term_category"])])
        chosen: dict[tuple[str, str], str] = {}
        records: list[dict[str, Any]] = []
        out: list[str] = []
        pos = 0
        for span in sorted(spans, key=lambda s: s.start):
            original = text[span.start : span.end]
            is_vocab = span.detector == "vocab"
            if is_vocab and (rng.random() >= self.swap or (self.keep is not None and self.keep(original))):
                continue
            key = (span.entity, original.lower())
            if key not in chosen:
                if is_vocab:
                    category = span.entity.removeprefix("vocab:")
                    # Swap like for like: a term with a leading article for one with an article.
                    options = [
                        t
                        for t in vocab.categories[category]
                        if t.lower() != original.lower()
                        and _article(t) == _article(original)
                        and (self.keep is None or not self.keep(t))
                    ]
                    if not options:
                        continue
                    value = options[int(rng.integers(len(options)))]
                    if original.isupper():
                        value = value.upper()
                    elif original[:1].isupper():
                        value = value[:1].upper() + value[1:]
                    rec: dict[str, Any] = {
                        "kind": "vocab",
                        "source": vocab.sources.get(category, "vocab"),
                        "category": category,
                        "value": value,
                    }
                else:
                    value = surrogates.surrogate(span.entity, original)
                    rec = {"kind": span.entity, "source": "curate.pii", "locale": self.locale, "value": value}
                chosen[key] = value
                records.append(rec)
            out.append(text[pos : span.start])
            out.append(chosen[key])
            pos = span.end
        out.append(text[pos:])
        return "".join(out), records
