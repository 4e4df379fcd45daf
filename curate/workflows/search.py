"""Search and filter items: one parser for ``field=value`` / ``field~=regex`` used by the API, CLI and widget.

``=`` matches a field's value ignoring case (for ``text``: the text contains
the value); ``~=`` searches a regular expression, ignoring case.  Several
conditions must all hold.  Fields: see :data:`FIELDS`; any other name is a
metadata key of the items (``doc=TikTok``).

Examples
--------
>>> parse_where("text~=indemnif").field
'text'
>>> str(parse_where("label = arbitration"))
'label=arbitration'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from curate.errors import CurateError
from curate.store import Store

__all__ = ["FIELDS", "Condition", "find_items", "parse_where"]

#: Fields every item has; metadata keys come on top.
FIELDS: dict[str, str] = {
    "text": "the item's text (= substring, ~= regex)",
    "label": "its resolved label (as the export resolves it)",
    "state": "labelled, waiting (annotators disagree, tie) or unlabelled",
    "annotator": "someone who labelled it",
    "assigned": "someone it is assigned to",
    "status": "accepted, pending or rejected (synthetic review), or unlabelable (marked not labelable)",
    "origin": "real or synthetic",
    "batch": "the id of a batch it was selected in",
    "id": "the item id",
    "source": "the file it was imported from",
}

_EXPR = re.compile(r"^\s*([A-Za-z_][\w.\-]*)\s*(~=|=)\s*(.*?)\s*$", re.DOTALL)
#: ``=`` conditions the store can answer in SQL (the rest are checked per item).
_SQL_EQUALS = ("id", "origin", "status", "source", "annotator", "assigned", "batch")


@dataclass(frozen=True, slots=True)
class Condition:
    """One parsed ``field=value`` or ``field~=regex`` condition."""

    field: str
    op: str
    value: str
    pattern: re.Pattern[str] | None = None

    def __str__(self) -> str:
        return f"{self.field}{self.op}{self.value}"

    def test(self, values: Iterable[str]) -> bool:
        """Whether any of a field's values satisfies the condition."""
        for v in values:
            if self.pattern is not None:
                if self.pattern.search(v):
                    return True
            elif self.field == "text":
                if self.value.lower() in v.lower():
                    return True
            elif v.casefold() == self.value.casefold():
                return True
        return False


def _allowed(meta_keys: Iterable[str] | None) -> str:
    if meta_keys is None:
        return ", ".join(FIELDS) + ", or a metadata key of the items"
    meta = sorted(set(meta_keys) - set(FIELDS))
    return ", ".join(FIELDS) + (
        f"; metadata: {', '.join(meta)}" if meta else "; no metadata keys in this project"
    )


def parse_where(expr: str | Condition, *, meta_keys: Iterable[str] | None = None) -> Condition:
    """Parse ``field=value`` or ``field~=regex``; ``meta_keys`` (when given) are the metadata fields allowed.

    Raises :class:`~curate.errors.CurateError` naming the allowed fields.
    """
    if isinstance(expr, Condition):
        cond = expr
    else:
        m = _EXPR.match(expr or "")
        keys = None if meta_keys is None else list(meta_keys)
        if m is None:
            raise CurateError(
                f"cannot read the filter {expr!r}: write field=value or field~=regex, "
                f"e.g. label=arbitration, text~=indemnif; fields: {_allowed(keys)}"
            )
        field, op, value = m.group(1), m.group(2), m.group(3)
        if field.startswith("meta."):
            field = field[5:]
        pattern = None
        if op == "~=":
            try:
                pattern = re.compile(value, re.IGNORECASE)
            except re.error as err:
                raise CurateError(
                    f"filter {expr!r}: {value!r} is not a valid regular expression ({err})"
                ) from None
        elif field == "batch" and not value.isdigit():
            raise CurateError(f"filter {expr!r}: a batch is a number, e.g. batch=3")
        cond = Condition(field, op, value, pattern)
    if meta_keys is not None and cond.field not in FIELDS and cond.field not in set(meta_keys):
        raise CurateError(
            f"unknown field {cond.field!r} in filter {str(cond)!r}: use one of {_allowed(meta_keys)}"
        )
    return cond


def find_items(
    store: Store,
    where: Sequence[str | Condition] = (),
    *,
    labels: Mapping[str, Sequence[str]],
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Items matching every condition, in insertion order, as JSON-ready records.

    ``labels`` is each labelled item's resolved labels (the project's resolver);
    every record holds ``id``, ``text``, ``label`` (labels joined by ``|``, or
    None), ``labels``, ``state``, ``status``, ``origin``, ``source``,
    ``annotators``, ``assigned``, ``batches`` and ``metadata``.
    """
    conds = [parse_where(w) for w in where]
    if any(c.field not in FIELDS for c in conds):  # a metadata field: check it exists
        keys = _meta_keys(store)
        conds = [parse_where(c, meta_keys=keys) for c in conds]
    contains = [c.value for c in conds if c.field == "text" and c.op == "="]
    equals: dict[str, list[str]] = {}
    for c in conds:
        if c.op == "=" and c.field in _SQL_EQUALS:
            equals.setdefault(c.field, []).append(c.value)
    rest = [c for c in conds if not (c.op == "=" and (c.field in _SQL_EQUALS or c.field == "text"))]
    items = store.search_items(contains=contains, equals=equals)
    facets = store.item_facets([it.id for it in items])
    out: list[dict[str, Any]] = []
    for it in items:
        f = facets.get(it.id, {})
        annotators = sorted(f.get("annotator", set()))
        people = annotators  # the annotation log holds people only
        labs = list(labels.get(it.id, ()))
        state = "labelled" if labs else ("waiting" if people else "unlabelled")
        fields: dict[str, list[str]] = {
            "text": [it.text],
            "label": labs,
            "state": [state],
            "annotator": annotators,
            "assigned": sorted(f.get("assigned", set())),
            "status": [it.status],
            "origin": [it.origin],
            "batch": sorted(f.get("batch", set()), key=int),
            "id": [it.id],
            "source": [it.source],
        }
        if all(c.test(fields[c.field] if c.field in FIELDS else _meta(it.metadata, c.field)) for c in rest):
            out.append(
                {
                    "id": it.id,
                    "text": it.text,
                    "label": "|".join(labs) or None,
                    "labels": labs,
                    "state": state,
                    "status": it.status,
                    "origin": it.origin,
                    "source": it.source,
                    "annotators": annotators,
                    "assigned": fields["assigned"],
                    "batches": [int(b) for b in fields["batch"]],
                    "metadata": dict(it.metadata),
                }
            )
            if limit is not None and len(out) >= limit:
                break
    return out


def _meta(metadata: Mapping[str, Any], key: str) -> list[str]:
    if key not in metadata or metadata[key] is None:
        return []
    value = metadata[key]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _meta_keys(store: Store) -> list[str]:
    keys: dict[str, None] = {}
    for it in store.items():
        keys.update(dict.fromkeys(it.metadata))
    return list(keys)
