"""Vocabularies and templates for the synthetic generators, read from YAML.

A vocabulary file maps category names to lists of interchangeable terms::

    domain: legal
    categories:
      jurisdiction: [Ireland, the State of California]

A template file declares slots and templates; each template is a list of
parts and each part a list of alternatives, one of which is drawn::

    domain: legal
    vocabularies: [legal]          # vocabulary files next to ../vocab/
    locale: en_US                  # Faker locale for faker slots
    slots:
      company: faker.company       # or {faker: random_int, args: {min: 1, max: 9}}
      court_location: vocab.court_location
      p: {choice: ["0.01", "0.05"]}
    templates:
      - id: legal.jurisdiction.courts
        label: jurisdiction
        parts:
          - ["You agree to the exclusive jurisdiction of ", "The parties submit to "]
          - ["the courts of {court_location}."]

A ``{slot}`` not declared under ``slots`` is taken from the vocabulary
category of that name, else from the Faker provider of that name.
``{slot|cap}`` capitalises the first letter of the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curate.errors import CurateError

__all__ = [
    "DATA_DIR",
    "SlotSource",
    "SynthResourceError",
    "Template",
    "TemplateSet",
    "Vocabulary",
    "bundled_template_sets",
    "learn_vocabulary",
    "load_template_set",
    "load_vocabulary",
]

#: The repository's data folder, holding vocab/*.yaml and templates/*.yaml.
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"

SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(\|cap)?\}")


class SynthResourceError(CurateError):
    """A vocabulary or template file is malformed."""


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SynthResourceError(f"{path} does not exist: give an existing YAML file") from None
    except UnicodeDecodeError:
        raise SynthResourceError(f"{path} is not UTF-8 text") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SynthResourceError(f"{path} is not valid YAML: {exc}") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """Categories of interchangeable domain terms, each tagged with the file it came from."""

    categories: Mapping[str, tuple[str, ...]]
    sources: Mapping[str, str] = field(default_factory=dict)
    #: Treat lone capitalised words never seen in lower case as brand names to swap
    #: (right for Terms of Service; wrong for eponyms such as "Doppler" in medicine).
    brand_names: bool = False

    def merged(self, other: Vocabulary) -> Vocabulary:
        cats = {k: tuple(v) for k, v in self.categories.items()}
        for name, terms in other.categories.items():
            cats[name] = tuple(dict.fromkeys([*cats.get(name, ()), *terms]))
        return Vocabulary(
            categories=cats,
            sources={**self.sources, **other.sources},
            brand_names=self.brand_names or other.brand_names,
        )

    def category_of(self) -> dict[str, str]:
        """Map each term (lower case) to its category; the first category wins a clash."""
        out: dict[str, str] = {}
        for name, terms in self.categories.items():
            for term in terms:
                out.setdefault(term.lower(), name)
        return out


def load_vocabulary(paths: str | Path | Iterable[str | Path]) -> Vocabulary:
    """Read and merge vocabulary YAML files.

    Raises
    ------
    SynthResourceError
        If a file is missing, not YAML, or a category is not a list of strings.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    vocab = Vocabulary(categories={})
    for raw in paths:
        path = Path(raw)
        data = _read_yaml(path)
        cats = data.get("categories") if isinstance(data, Mapping) else None
        if not isinstance(cats, Mapping) or not cats:
            raise SynthResourceError(f"{path}: expected a mapping 'categories: {{name: [terms]}}'")
        clean: dict[str, tuple[str, ...]] = {}
        for name, terms in cats.items():
            if (
                not isinstance(terms, list)
                or not terms
                or not all(isinstance(t, str | int | float) and str(t).strip() for t in terms)
            ):
                raise SynthResourceError(
                    f"{path}: category {name!r} must be a non-empty list of terms (strings)"
                )
            clean[str(name)] = tuple(dict.fromkeys(str(t).strip() for t in terms))
        vocab = vocab.merged(
            Vocabulary(
                categories=clean,
                sources={str(k): f"vocab:{path.stem}" for k in clean},
                brand_names=bool(data.get("brand_names", False)),
            )
        )
    return vocab


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotSource:
    """Where a slot's value comes from: ``kind`` is ``faker``, ``vocab`` or ``choice``."""

    kind: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    """One template: an id, its label, and parts (each a tuple of alternatives)."""

    id: str
    label: str
    parts: tuple[tuple[str, ...], ...]

    def slots(self) -> list[str]:
        """Slot names in order of first use, over every alternative."""
        seen: dict[str, None] = {}
        for part in self.parts:
            for alt in part:
                for m in SLOT.finditer(alt):
                    seen.setdefault(m.group(1), None)
        return list(seen)


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateSet:
    """Templates with their slot declarations, vocabulary and Faker locale."""

    name: str
    templates: tuple[Template, ...]
    vocabulary: Vocabulary
    slots: Mapping[str, SlotSource] = field(default_factory=dict)
    locale: str = "en_US"

    def for_label(self, label: str) -> list[Template]:
        return [t for t in self.templates if t.label == label]

    @property
    def labels(self) -> set[str]:
        return {t.label for t in self.templates}

    def source_of(self, slot: str) -> SlotSource:
        """Resolve a slot: declared, else vocabulary category, else Faker provider."""
        if slot in self.slots:
            return self.slots[slot]
        if slot in self.vocabulary.categories:
            return SlotSource(kind="vocab", name=slot)
        return SlotSource(kind="faker", name=slot)


def _slot_source(name: str, raw: Any, where: str) -> SlotSource:
    if isinstance(raw, str):
        kind, _, provider = raw.partition(".")
        if kind in ("faker", "vocab") and provider:
            return SlotSource(kind=kind, name=provider)
    elif isinstance(raw, Mapping):
        if "faker" in raw:
            args = raw.get("args") or {}
            if not isinstance(args, Mapping):
                raise SynthResourceError(f"{where}: slot {name!r}: 'args' must be a mapping")
            return SlotSource(kind="faker", name=str(raw["faker"]), args=dict(args))
        if "vocab" in raw:
            return SlotSource(kind="vocab", name=str(raw["vocab"]))
        if "choice" in raw and isinstance(raw["choice"], list) and raw["choice"]:
            return SlotSource(kind="choice", name=name, choices=tuple(str(c) for c in raw["choice"]))
    raise SynthResourceError(
        f"{where}: slot {name!r} = {raw!r} is not understood: use 'faker.PROVIDER', "
        "'vocab.CATEGORY', {faker: PROVIDER, args: {...}} or {choice: [...]}"
    )


def load_template_set(
    path: str | Path,
    *,
    vocabulary: Vocabulary | None = None,
    extra_vocabularies: Sequence[str | Path] = (),
    learned: Vocabulary | None = None,
    labels: Iterable[str] | None = None,
) -> TemplateSet:
    """Read a template YAML file and the vocabularies it names.

    Parameters
    ----------
    path
        The template file.
    vocabulary
        Use this vocabulary instead of the files the template names.
    extra_vocabularies
        More vocabulary files merged in (a user's own terms).
    learned
        A vocabulary learned from the project (:func:`learn_vocabulary`): its
        categories (e.g. ``{organisation}``) fill slots no file declares.
    labels
        The task's label names: a template for another label is an error.

    Raises
    ------
    SynthResourceError
        Naming the file, template id and field at fault.
    """
    path = Path(path)
    data = _read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("templates"), list):
        raise SynthResourceError(f"{path}: expected a mapping with a 'templates' list")
    if vocabulary is None:
        names = data.get("vocabularies") or []
        vocab_dir = path.parent.parent / "vocab"
        files = [vocab_dir / f"{n}.yaml" for n in names]
        vocabulary = load_vocabulary(files) if files else Vocabulary(categories={})
    if extra_vocabularies:
        vocabulary = vocabulary.merged(load_vocabulary(extra_vocabularies))
    if learned is not None and learned.categories:
        vocabulary = vocabulary.merged(learned)
    raw_slots = data.get("slots") or {}
    if not isinstance(raw_slots, Mapping):
        raise SynthResourceError(f"{path}: 'slots' must be a mapping of slot name to source")
    slots = {str(k): _slot_source(str(k), v, str(path)) for k, v in raw_slots.items()}
    known = None if labels is None else set(labels)
    templates: list[Template] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["templates"]):
        where = f"{path}: template {i + 1}"
        if not isinstance(raw, Mapping) or "id" not in raw or "label" not in raw:
            raise SynthResourceError(f"{where}: needs 'id', 'label' and 'parts' (or 'text')")
        tid = str(raw["id"])
        where = f"{path}: template {tid!r}"
        if tid in seen:
            raise SynthResourceError(f"{where}: the id is used twice; give each template its own id")
        seen.add(tid)
        label = str(raw["label"])
        if known is not None and label not in known:
            raise SynthResourceError(
                f"{where}: label {label!r} is not in the task; known labels: {', '.join(sorted(known))}"
            )
        parts_raw = raw.get("parts", [[raw["text"]]] if "text" in raw else None)
        if not isinstance(parts_raw, list) or not parts_raw:
            raise SynthResourceError(f"{where}: 'parts' must be a non-empty list of lists of strings")
        parts: list[tuple[str, ...]] = []
        for part in parts_raw:
            alts = [part] if isinstance(part, str) else part
            if not isinstance(alts, list) or not alts or not all(isinstance(a, str) for a in alts):
                raise SynthResourceError(f"{where}: each part must be a string or a list of strings")
            parts.append(tuple(alts))
        templates.append(Template(id=tid, label=label, parts=tuple(parts)))
    tset = TemplateSet(
        name=path.stem,
        templates=tuple(templates),
        vocabulary=vocabulary,
        slots=slots,
        locale=str(data.get("locale") or "en_US"),
    )
    _check_slots(tset, str(path))
    return tset


def _check_slots(tset: TemplateSet, where: str) -> None:
    from faker import Faker

    fake = Faker(tset.locale)
    for tpl in tset.templates:
        for slot in tpl.slots():
            src = tset.source_of(slot)
            if src.kind == "vocab" and src.name not in tset.vocabulary.categories:
                raise SynthResourceError(
                    f"{where}: template {tpl.id!r}, slot {slot!r}: vocabulary category {src.name!r} "
                    f"does not exist; categories: {', '.join(sorted(tset.vocabulary.categories))}"
                )
            if src.kind == "faker" and not callable(getattr(fake, src.name, None)):
                raise SynthResourceError(
                    f"{where}: template {tpl.id!r}, slot {slot!r} is neither declared under 'slots', "
                    f"a vocabulary category nor a Faker provider: declare it, e.g. {slot}: faker.word"
                )


def bundled_template_sets() -> list[Path]:
    """Template files shipped in ``data/templates``."""
    folder = DATA_DIR / "templates"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)\W*$")
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_CAPS_WORD = re.compile(r"\b[A-Z][a-z]{2,}[A-Za-z]*\b")


def _place_words() -> frozenset[str]:
    """Lower-case words of country and US state names, from Faker's own lists."""
    from faker.providers.address import Provider as Address
    from faker.providers.address.en_US import Provider as UsAddress

    names = [*Address.countries, *getattr(UsAddress, "states", ())]
    return frozenset(w.lower() for name in names for w in re.findall(r"[A-Za-z]+", name))


def learn_vocabulary(texts: Iterable[str], *, min_terms: int = 3, max_terms: int = 200) -> Vocabulary:
    """A vocabulary learned from a project's own items, for projects with no bundled one.

    Category ``organisation``: lone capitalised words that never start a
    sentence, never occur in lower case in ``texts`` and are not place names
    (service and company names in Terms of Service: "Spotify", "Dropbox").
    A category with fewer than ``min_terms`` terms is left out (nothing to
    swap with).  Terms keep the case they were seen in; the most frequent
    ``max_terms`` are kept.

    >>> v = learn_vocabulary(["You may cancel Spotify at any time.", "Dropbox may end it.",
    ...                       "We and Evernote agree.", "Our Zoom plan."])
    >>> sorted(v.categories["organisation"])
    ['Dropbox', 'Evernote', 'Spotify', 'Zoom']
    """
    from collections import Counter

    texts = list(texts)
    lower = {w for t in texts for w in re.findall(r"\b[a-z][a-z]+\b", t)}
    places = _place_words()
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _CAPS_WORD.finditer(text):
            word = m.group(0)
            low = word.lower()
            if (
                low in lower
                or low in places
                or low in _CALENDAR
                or low.endswith(("ish", "ese", "ian", "ican", "inc"))
                or _SENTENCE_START.search(text[: m.start()])
            ):
                continue
            # Part of a run of capitalised words (a title, a court, a place): not a brand.
            if re.match(r"\s+[A-Z]", text[m.end() :]) or re.search(r"[A-Z][a-z]+\s+$", text[: m.start()]):
                continue
            counts[word] += 1
    terms = tuple(w for w, _ in counts.most_common(max_terms))
    cats = {"organisation": terms} if len(terms) >= min_terms else {}
    return Vocabulary(categories=cats, sources=dict.fromkeys(cats, "learned:project"), brand_names=False)
