"""The span task: which labels an annotator may put on parts of a text, and how spans may combine.

:class:`SpanTaskSpec` mirrors :class:`curate.schema.TaskSpec` (same label
name and key rules, same YAML conventions, same versioning) and adds what a
span task needs: a highlight colour per label, whether spans may overlap or
nest, and optional document-level labels chosen beside the spans.

The YAML shape (see ``data/ncbi_disease.task.yaml``)::

    name: disease-mentions
    kind: spans
    overlapping: false        # may two spans share characters?
    nested: false             # may one span lie inside another?
    guidelines: |
      ...
    labels:
      - name: SpecificDisease
        key: d
        color: "#fdae61"
        definition: A particular disease, e.g. "cystic fibrosis".
        examples: ["Duchenne muscular dystrophy"]
    document_labels:          # optional; a classification decision for the whole text
      multi_label: false
      labels: [relevant, irrelevant]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from curate.errors import TaskSpecError
from curate.schema import Label, TaskSpec, _assign_keys, _dump_yaml, _load_yaml
from curate.spans.model import LabeledSpan, check_spans

__all__ = [
    "PALETTE",
    "SpanLabel",
    "SpanTaskSpec",
    "span_spec_from_names",
    "task_from_dict",
    "task_from_yaml",
]

# Light, distinguishable highlight colours (ColorBrewer Set3 and Pastel1), dark text readable on each.
PALETTE = (
    "#8dd3c7",
    "#ffffb3",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
    "#fbb4ae",
    "#b3cde3",
    "#decbe4",
    "#fed9a6",
)
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_FIELDS = frozenset({"name", "definition", "examples", "key", "color", "patterns", "vocabulary", "pii"})
_SPEC_FIELDS = frozenset(
    {"name", "kind", "version", "guidelines", "labels", "overlapping", "nested", "document_labels"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanLabel:
    """One span label: its name, meaning, examples, keyboard key and highlight colour."""

    name: str
    definition: str = ""
    examples: tuple[str, ...] = ()
    key: str | None = None
    color: str | None = None
    #: Pre-annotation (off by default): regular expressions and phrases (matched whole-word,
    #: ignoring case) whose matches are suggested as this label, and personal-data entity
    #: types (``PERSON``, ``PHONE`` ...) of the PII detector suggested as this label.
    patterns: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    pii: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # One home for name and key rules: the classification Label checks them.
        checked = Label(name=self.name, key=self.key)
        object.__setattr__(self, "name", checked.name)
        if self.color is not None and not _COLOR.match(str(self.color)):
            raise TaskSpecError(
                f"label {self.name!r}: colour {self.color!r} is not a hex colour like '#fdb462'"
            )
        for field_name in ("patterns", "vocabulary", "pii"):
            value = getattr(self, field_name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, field_name, tuple(str(v) for v in value))
        for pattern in self.patterns:
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                raise TaskSpecError(
                    f"label {self.name!r}: pattern {pattern!r} is not a valid regex: {err}"
                ) from None
            if compiled.match(""):
                raise TaskSpecError(f"label {self.name!r}: pattern {pattern!r} matches the empty string")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.definition:
            out["definition"] = self.definition
        if self.examples:
            out["examples"] = list(self.examples)
        if self.key is not None:
            out["key"] = self.key
        if self.color is not None:
            out["color"] = self.color
        for field_name in ("patterns", "vocabulary", "pii"):
            if getattr(self, field_name):
                out[field_name] = list(getattr(self, field_name))
        return out

    @classmethod
    def from_value(cls, value: Any) -> SpanLabel:
        """Build a span label from a bare name or a mapping as found in YAML."""
        if isinstance(value, SpanLabel):
            return value
        if isinstance(value, str):
            return cls(name=value)
        if isinstance(value, Mapping):
            unknown = set(value) - _LABEL_FIELDS
            if unknown:
                raise TaskSpecError(
                    f"span label {value.get('name')!r} has unknown fields {sorted(unknown)}: "
                    f"use {', '.join(sorted(_LABEL_FIELDS))}"
                )
            if "name" not in value:
                raise TaskSpecError(f"a span label has no 'name' field: {dict(value)!r}")
            examples = value.get("examples") or ()
            if isinstance(examples, str):
                examples = (examples,)
            key, color = value.get("key"), value.get("color")
            lists = {}
            for field_name in ("patterns", "vocabulary", "pii"):
                raw = value.get(field_name) or ()
                lists[field_name] = (raw,) if isinstance(raw, str) else tuple(str(v) for v in raw)
            return cls(
                name=str(value["name"]),
                definition=str(value.get("definition") or ""),
                examples=tuple(str(e) for e in examples),
                key=None if key is None else str(key),
                color=None if color is None else str(color),
                **lists,
            )
        raise TaskSpecError(f"a span label must be a name or a mapping, not {type(value).__name__}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanTaskSpec:
    """A span-annotation task: span labels, overlap rules, optional document labels, guidelines.

    Keys default to ``1``-``9`` then ``a``-``z`` in label order (span labels
    first, then document labels, all distinct); colours default to
    :data:`PALETTE` in label order.

    Examples
    --------
    >>> spec = SpanTaskSpec(name="ade", labels=("DRUG", "DOSE", "ADE"))
    >>> [(lab.name, lab.key, lab.color) for lab in spec.labels][:2]
    [('DRUG', '1', '#8dd3c7'), ('DOSE', '2', '#ffffb3')]
    """

    name: str
    labels: tuple[SpanLabel, ...]
    overlapping: bool = False
    nested: bool = False
    guidelines: str = ""
    document_labels: tuple[Label, ...] = ()
    document_multi_label: bool = False
    version: int = 1

    def __post_init__(self) -> None:
        if not self.name or not str(self.name).strip():
            raise TaskSpecError("the task has no name: give it one, e.g. name: disease-mentions")
        labels = tuple(SpanLabel.from_value(v) for v in self.labels)
        if not labels:
            raise TaskSpecError(f"span task {self.name!r} has no span labels: list at least one")
        doc_labels = tuple(Label.from_value(v) for v in self.document_labels)
        names = [lab.name for lab in labels] + [lab.name for lab in doc_labels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise TaskSpecError(
                f"span task {self.name!r} lists labels more than once (span and document labels "
                f"share one namespace): {dupes}"
            )
        # One key rule for both kinds of label (schema's), duck-typed over key and replace().
        mixed: tuple[Any, ...] = (*labels, *doc_labels)
        keyed: tuple[Any, ...] = _assign_keys(mixed, task=self.name)
        labels = tuple(keyed[: len(labels)])
        doc_labels = tuple(keyed[len(labels) :])
        used = {lab.color for lab in labels if lab.color is not None}
        free = [c for c in PALETTE if c not in used]
        coloured = []
        for i, lab in enumerate(labels):
            if lab.color is None:
                lab = replace(lab, color=free.pop(0) if free else PALETTE[i % len(PALETTE)])
            coloured.append(lab)
        object.__setattr__(self, "labels", tuple(coloured))
        object.__setattr__(self, "document_labels", doc_labels)
        if not isinstance(self.overlapping, bool) or not isinstance(self.nested, bool):
            raise TaskSpecError(
                f"span task {self.name!r}: overlapping and nested must be true or false, "
                f"not {self.overlapping!r} / {self.nested!r}"
            )
        if self.overlapping and not self.nested:
            # Spans that may overlap may also nest: keep the flags consistent for every reader.
            object.__setattr__(self, "nested", True)
        if not isinstance(self.version, int) or self.version < 1:
            raise TaskSpecError(f"task version must be a positive integer, not {self.version!r}")

    @property
    def kind(self) -> str:
        return "spans"

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lab.name for lab in self.labels)

    def label(self, name: str) -> SpanLabel:
        for lab in self.labels:
            if lab.name == name:
                return lab
        raise TaskSpecError(
            f"span label {name!r} is not in task {self.name!r}; known: {', '.join(self.label_names)}"
        )

    def check_spans(self, text: str, spans: Iterable[Any]) -> tuple[LabeledSpan, ...]:
        """Validate one text's spans against this task (see :func:`curate.spans.model.check_spans`)."""
        return check_spans(
            text, spans, labels=self.label_names, overlapping=self.overlapping, nested=self.nested
        )

    def document_task(self) -> TaskSpec | None:
        """The document-level labels as a classification :class:`TaskSpec`, or None without them."""
        if not self.document_labels:
            return None
        return TaskSpec(
            name=f"{self.name}-document",
            labels=self.document_labels,
            multi_label=self.document_multi_label,
            guidelines=self.guidelines,
            version=self.version,
        )

    def edit(self, **changes: Any) -> SpanTaskSpec:
        """Return a new version of this spec with ``changes`` applied."""
        if "version" in changes:
            raise TaskSpecError("the version is set by curate: leave it out of edit()")
        return replace(self, version=self.version + 1, **changes)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "kind": "spans",
            "version": self.version,
            "overlapping": self.overlapping,
            "nested": self.nested,
            "guidelines": self.guidelines,
            "labels": [lab.to_dict() for lab in self.labels],
        }
        if self.document_labels:
            out["document_labels"] = {
                "multi_label": self.document_multi_label,
                "labels": [lab.to_dict() for lab in self.document_labels],
            }
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "task spec") -> SpanTaskSpec:
        if not isinstance(data, Mapping):
            raise TaskSpecError(f"{source}: expected a mapping with name, kind: spans and labels")
        unknown = set(data) - _SPEC_FIELDS
        if unknown:
            raise TaskSpecError(
                f"{source}: unknown fields {sorted(unknown)}; use {', '.join(sorted(_SPEC_FIELDS))}"
            )
        kind = data.get("kind", "spans")
        if kind != "spans":
            raise TaskSpecError(f"{source}: kind is {kind!r}, but a span task needs kind: spans")
        if "labels" not in data:
            raise TaskSpecError(f"{source}: no 'labels' list of span labels")
        raw_labels = _as_list(data["labels"], "labels", source)
        doc = data.get("document_labels") or ()
        doc_multi = False
        if isinstance(doc, Mapping):
            extra = set(doc) - {"labels", "multi_label"}
            if extra:
                raise TaskSpecError(
                    f"{source}: document_labels has unknown fields {sorted(extra)}; use labels, multi_label"
                )
            doc_multi = _as_bool(doc.get("multi_label", False), "document_labels.multi_label", source)
            doc = doc.get("labels") or ()
        doc_list = _as_list(doc, "document_labels", source)
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool):
            raise TaskSpecError(f"{source}: version must be a positive integer, not {version!r}")
        try:
            return cls(
                name=str(data.get("name") or ""),
                labels=tuple(SpanLabel.from_value(v) for v in raw_labels),
                overlapping=_as_bool(data.get("overlapping", False), "overlapping", source),
                nested=_as_bool(data.get("nested", False), "nested", source),
                guidelines=str(data.get("guidelines") or ""),
                document_labels=tuple(Label.from_value(v) for v in doc_list),
                document_multi_label=doc_multi,
                version=version,
            )
        except TaskSpecError as exc:
            raise TaskSpecError(f"{source}: {exc}") from None

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "task spec") -> SpanTaskSpec:
        """Parse a YAML document (see ``data/ncbi_disease.task.yaml``)."""
        return cls.from_dict(_load_yaml(text, source=source), source=source)

    def to_yaml(self) -> str:
        return _dump_yaml(self.to_dict())


def _as_list(value: Any, field: str, source: str) -> Sequence[Any]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TaskSpecError(f"{source}: {field!r} must be a list, not {type(value).__name__}")
    return value


def _as_bool(value: Any, field: str, source: str) -> bool:
    # YAML 'no' is already False; a string such as "false" here is a typo worth naming.
    if not isinstance(value, bool):
        raise TaskSpecError(f"{source}: {field} must be true or false, not {value!r}")
    return value


def span_spec_from_names(
    names: str | Sequence[str],
    *,
    name: str = "spans",
    overlapping: bool = False,
    nested: bool = False,
    guidelines: str = "",
) -> SpanTaskSpec:
    """Build a span task from label names, as ``curate init P --spans "DRUG,DOSE,ADE"`` does.

    Keys and colours are assigned in order.

    Examples
    --------
    >>> spec = span_spec_from_names("DRUG, DOSE,ADE", overlapping=True)
    >>> spec.label_names, spec.overlapping, spec.nested
    (('DRUG', 'DOSE', 'ADE'), True, True)
    """
    parts = names.split(",") if isinstance(names, str) else list(names)
    cleaned = [str(p).strip() for p in parts]
    if not any(cleaned):
        raise TaskSpecError(
            'no span labels given: list them separated by commas, e.g. --spans "DRUG,DOSE,ADE"'
        )
    if "" in cleaned:
        raise TaskSpecError(
            f"--spans {names!r} has an empty label name (two commas in a row, or a trailing comma)"
        )
    return SpanTaskSpec(
        name=name,
        labels=tuple(SpanLabel(name=n) for n in cleaned),
        overlapping=overlapping,
        nested=nested,
        guidelines=guidelines,
    )


def task_from_dict(data: Any, *, source: str = "task spec") -> TaskSpec | SpanTaskSpec:
    """A task spec of either kind from its mapping, dispatching on ``kind`` (the one place that does).

    ``kind: spans`` gives a :class:`SpanTaskSpec`; no kind or ``kind: classification`` a
    :class:`~curate.schema.TaskSpec`.
    """
    if not isinstance(data, Mapping):
        raise TaskSpecError(f"{source}: expected a mapping with name and labels")
    kind = data.get("kind", "classification")
    if kind == "spans":
        return SpanTaskSpec.from_dict(data, source=source)
    if kind != "classification":
        raise TaskSpecError(f"{source}: kind {kind!r} is not known; use classification or spans")
    return TaskSpec.from_dict({k: v for k, v in data.items() if k != "kind"}, source=source)


def task_from_yaml(text: str, *, source: str = "task spec") -> TaskSpec | SpanTaskSpec:
    """Parse a task spec YAML document of either kind (see :func:`task_from_dict`)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TaskSpecError(f"{source} is not valid YAML: {exc}") from None
    return task_from_dict(data, source=source)
