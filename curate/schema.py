"""Records curate passes around: frozen dataclasses with validation, no I/O.

A :class:`TaskSpec` names the labels an annotator may choose, with a
definition, examples and a keyboard key for each, and the free-text
guidelines.  Editing a spec makes a new version; every annotation records
the version in force when it was made.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from curate.errors import LabelError, TaskSpecError

if TYPE_CHECKING:
    from curate.spans.model import LabeledSpan

__all__ = [
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
]


def now() -> str:
    """UTC timestamp with microseconds, ISO 8601 (how every stored time is written)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


Origin = Literal["real", "synthetic"]
ReviewStatus = Literal["accepted", "pending", "rejected", "unlabelable"]
EventKind = Literal["label", "undo", "skip", "adjudicate"]

_LABEL_NAME = re.compile(r"^[^\s|,][^|,\n]*$")
_WS = re.compile(r"\s+")
_RESERVED_KEYS = frozenset({" ", "?", "n", "Enter", "Backspace", "ArrowLeft", "ArrowRight"})


def normalise_text(text: str) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace collapsed and ends trimmed.

    Two texts that normalise to the same string are exact duplicates.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """Hex SHA-256 of the normalised text: the key for duplicates and caches."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Label:
    """One label of a task: its name, what it means, examples and a keyboard key."""

    name: str
    definition: str = ""
    examples: tuple[str, ...] = ()
    key: str | None = None
    highlight: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _LABEL_NAME.match(self.name.strip()):
            raise TaskSpecError(
                f"label name {self.name!r} is not usable: give a non-empty name without "
                "'|', ',' or line breaks"
            )
        if self.name != self.name.strip():
            object.__setattr__(self, "name", self.name.strip())
        if self.key is not None and (len(self.key) != 1 or self.key in _RESERVED_KEYS):
            raise TaskSpecError(
                f"label {self.name!r}: key {self.key!r} must be one character and not one of "
                "space, '?' or 'n', which the annotator uses for skip, unsure and notes"
            )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.definition:
            out["definition"] = self.definition
        if self.examples:
            out["examples"] = list(self.examples)
        if self.key is not None:
            out["key"] = self.key
        if self.highlight:
            out["highlight"] = list(self.highlight)
        return out

    @classmethod
    def from_value(cls, value: Any) -> Label:
        """Build a label from a bare name or a mapping as found in YAML."""
        if isinstance(value, Label):
            return value
        if isinstance(value, str):
            return cls(name=value)
        if isinstance(value, Mapping):
            unknown = set(value) - {"name", "definition", "examples", "key", "highlight"}
            if unknown:
                raise TaskSpecError(
                    f"label {value.get('name')!r} has unknown fields {sorted(unknown)}: "
                    "use name, definition, examples, key, highlight"
                )
            if "name" not in value:
                raise TaskSpecError(f"a label has no 'name' field: {dict(value)!r}")
            key = value.get("key")
            return cls(
                name=str(value["name"]),
                definition=str(value.get("definition") or ""),
                examples=tuple(str(e) for e in value.get("examples") or ()),
                key=None if key is None else str(key),
                highlight=tuple(str(h) for h in value.get("highlight") or ()),
            )
        raise TaskSpecError(f"a label must be a name or a mapping, not {type(value).__name__}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskSpec:
    """A classification task: the label set, single- or multi-label, and guidelines.

    Keys default to ``1``-``9`` then ``a``-``z`` (skipping reserved keys) in
    label order.

    Examples
    --------
    >>> spec = TaskSpec(name="clauses", labels=("fair", "unfair"))
    >>> [label.key for label in spec.labels]
    ['1', '2']
    """

    name: str
    labels: tuple[Label, ...]
    multi_label: bool = False
    guidelines: str = ""
    version: int = 1

    def __post_init__(self) -> None:
        if not self.name or not str(self.name).strip():
            raise TaskSpecError("the task has no name: give it one, e.g. name: contract-clauses")
        labels = tuple(Label.from_value(v) for v in self.labels)
        if not labels:
            raise TaskSpecError(f"task {self.name!r} has no labels: list at least one")
        names = [lab.name for lab in labels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise TaskSpecError(f"task {self.name!r} lists labels more than once: {dupes}")
        labels = _assign_keys(labels, task=self.name)
        object.__setattr__(self, "labels", labels)
        if not isinstance(self.version, int) or self.version < 1:
            raise TaskSpecError(f"task version must be a positive integer, not {self.version!r}")

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lab.name for lab in self.labels)

    def label(self, name: str) -> Label:
        for lab in self.labels:
            if lab.name == name:
                return lab
        raise LabelError(self._unknown(name))

    def _unknown(self, name: str) -> str:
        return (
            f"label {name!r} is not in task {self.name!r}; known labels: "
            f"{', '.join(self.label_names)}. Fix the label or add it to the task spec"
        )

    def check_labels(self, labels: Iterable[str]) -> tuple[str, ...]:
        """Validate a decision and return it in label-set order, without repeats.

        Raises
        ------
        LabelError
            If a label is unknown, or several are given for a single-label task.
        """
        if isinstance(labels, str):
            labels = (labels,)
        chosen = set()
        for name in labels:
            if name not in self.label_names:
                raise LabelError(self._unknown(name))
            chosen.add(name)
        if not chosen:
            raise LabelError("no label given: choose at least one label, or skip the item")
        if not self.multi_label and len(chosen) > 1:
            raise LabelError(
                f"task {self.name!r} is single-label but {sorted(chosen)} were given: choose one"
            )
        return tuple(n for n in self.label_names if n in chosen)

    def edit(self, **changes: Any) -> TaskSpec:
        """Return a new version of this spec with ``changes`` applied."""
        if "version" in changes:
            raise TaskSpecError("the version is set by curate: leave it out of edit()")
        return replace(self, version=self.version + 1, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "multi_label": self.multi_label,
            "guidelines": self.guidelines,
            "labels": [lab.to_dict() for lab in self.labels],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "task spec") -> TaskSpec:
        if not isinstance(data, Mapping):
            raise TaskSpecError(f"{source}: expected a mapping with name and labels")
        unknown = set(data) - {"name", "version", "multi_label", "guidelines", "labels"}
        if unknown:
            raise TaskSpecError(
                f"{source}: unknown fields {sorted(unknown)}; "
                "use name, labels, multi_label, guidelines, version"
            )
        if "labels" not in data:
            raise TaskSpecError(f"{source}: no 'labels' list")
        raw_labels = data["labels"]
        if not isinstance(raw_labels, Sequence) or isinstance(raw_labels, str):
            raise TaskSpecError(f"{source}: 'labels' must be a list")
        try:
            return cls(
                name=str(data.get("name") or ""),
                labels=tuple(Label.from_value(v) for v in raw_labels),
                multi_label=bool(data.get("multi_label", False)),
                guidelines=str(data.get("guidelines") or ""),
                version=int(data.get("version", 1)),
            )
        except TaskSpecError as exc:
            raise TaskSpecError(f"{source}: {exc}") from None

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "task spec") -> TaskSpec:
        """Parse a YAML document (see ``data/*.task.yaml`` for the format)."""
        return cls.from_dict(_load_yaml(text, source=source), source=source)

    def to_yaml(self) -> str:
        return _dump_yaml(self.to_dict())


def _load_yaml(text: str, *, source: str) -> Any:
    """A task spec's YAML text as plain data; bad YAML is a TaskSpecError naming ``source``."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TaskSpecError(f"{source} is not valid YAML: {exc}") from None


def _dump_yaml(data: Mapping[str, Any]) -> str:
    """A task spec's dict as YAML, fields in the order given."""
    import yaml

    return str(yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True))


def _assign_keys(labels: tuple[Label, ...], *, task: str) -> tuple[Label, ...]:
    used = {lab.key for lab in labels if lab.key is not None}
    if len(used) != sum(lab.key is not None for lab in labels):
        raise TaskSpecError(f"task {task!r}: two labels share a key; give each its own")
    pool = [k for k in "123456789abcdefghijklmopqrstuvwxyz" if k not in used]
    out = []
    for lab in labels:
        if lab.key is None and pool:
            lab = replace(lab, key=pool.pop(0))
        out.append(lab)
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One text to label."""

    id: str
    text: str
    source: str = ""
    origin: Origin = "real"
    status: ReviewStatus = "accepted"
    metadata: Mapping[str, Any] = field(default_factory=dict)
    content_hash: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    """One event in the append-only annotation log.

    ``kind`` is ``label`` (a decision), ``undo`` (takes back ``target``),
    ``skip`` or ``adjudicate`` (a reviewer's final label).  On a span task
    ``spans`` holds the annotator's whole span list for the item (``()`` when
    they found none; ``labels`` then holds any document-level labels); it is
    None on a classification task and on skips.
    """

    id: int
    item_id: str
    annotator: str
    kind: EventKind
    labels: tuple[str, ...] | None
    unsure: bool = False
    note: str | None = None
    seconds: float | None = None
    spec_version: int = 1
    previous: tuple[str, ...] | None = None
    target: int | None = None
    created_at: str = ""
    spans: tuple[LabeledSpan, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchItem:
    item_id: str
    rank: int
    score: float
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """A selection of items to label next, recorded with how it was chosen."""

    id: int
    strategy: str
    params: Mapping[str, Any]
    model_version: str
    created_at: str
    items: tuple[BatchItem, ...] = ()

    @property
    def item_ids(self) -> list[str]:
        return [b.item_id for b in self.items]


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """How a synthetic item was made: enough to reproduce and audit it."""

    generator: str
    generator_version: str
    seed: int | None
    details: Mapping[str, Any] = field(default_factory=dict)
    constraints: Mapping[str, Any] = field(default_factory=dict)
    created_at: str = ""
    curate_version: str = ""
    content_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": self.generator,
            "generator_version": self.generator_version,
            "seed": self.seed,
            "details": dict(self.details),
            "constraints": dict(self.constraints),
            "created_at": self.created_at,
            "curate_version": self.curate_version,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provenance:
        return cls(
            generator=str(data["generator"]),
            generator_version=str(data.get("generator_version", "")),
            seed=data.get("seed"),
            details=dict(data.get("details") or {}),
            constraints=dict(data.get("constraints") or {}),
            created_at=str(data.get("created_at", "")),
            curate_version=str(data.get("curate_version", "")),
            content_hash=str(data.get("content_hash", "")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """One stretch of a text: ``text[start:end]`` is ``value`` (e.g. a personal identifier a detector found).

    ``score`` ranks overlapping spans (a pattern with context beats a bare
    format, both beat a statistical NER guess); it is not a probability.
    """

    start: int
    end: int
    entity: str
    value: str
    detector: str
    score: float = 1.0
