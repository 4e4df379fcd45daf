"""The neighbours of an item in its source document, for the annotator's context lines.

Pure data: which metadata field names the document, which gives the order
(an ``order`` or ``position`` field when every item of the document has a
number there, else the import order), and the ids before and after an item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from curate.errors import CurateError

__all__ = ["DOC_KEYS", "ORDER_KEYS", "DocContext"]

#: Metadata fields taken to name an item's source document, in this order of preference.
DOC_KEYS = ("doc", "document", "doc_id", "document_id")
#: Metadata fields taken as an item's place in its document, before the import order.
ORDER_KEYS = ("order", "position")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


class DocContext:
    """Items grouped by document and ordered within it.

    Parameters
    ----------
    places
        ``(id, import position, metadata)`` of every item (see
        :func:`curate.store.places.item_places`).
    key
        The metadata field naming the document; by default the first of
        :data:`DOC_KEYS` that any item has.  ``None`` found means no context.
    """

    def __init__(self, places: Iterable[tuple[str, int, dict[str, Any]]], *, key: str | None = None) -> None:
        rows = list(places)
        if key is None:
            key = next((k for k in DOC_KEYS if any(k in meta for _, _, meta in rows)), None)
        elif rows and not any(key in meta for _, _, meta in rows):
            found = sorted({k for _, _, meta in rows for k in meta})
            raise CurateError(
                f"context_key={key!r}: no item has that metadata field; fields are {found} "
                "(or pass context=0 to show no context)"
            )
        self.key = key
        groups: dict[str, list[tuple[str, int, dict[str, Any]]]] = {}
        if key is not None:
            for row in rows:
                doc = row[2].get(key)
                if doc not in (None, ""):
                    groups.setdefault(str(doc), []).append(row)
        self._docs: dict[str, list[str]] = {}
        self._where: dict[str, tuple[str, int]] = {}
        for doc, members in groups.items():
            ordered = self._ordered(members)
            self._docs[doc] = ordered
            for i, item_id in enumerate(ordered):
                self._where[item_id] = (doc, i)

    @staticmethod
    def _ordered(members: Sequence[tuple[str, int, dict[str, Any]]]) -> list[str]:
        for field in ORDER_KEYS:
            numbers = [_number(meta.get(field)) for _, _, meta in members]
            if all(n is not None for n in numbers):
                pairs = sorted(zip(numbers, (pos for _, pos, _ in members), strict=True))
                by_pos = {pos: item_id for item_id, pos, _ in members}
                return [by_pos[pos] for _, pos in pairs]
        return [item_id for item_id, _, _ in sorted(members, key=lambda r: r[1])]

    def __bool__(self) -> bool:
        return any(len(ids) > 1 for ids in self._docs.values())

    def doc(self, item_id: str) -> str | None:
        where = self._where.get(item_id)
        return where[0] if where else None

    def neighbours(self, item_id: str, n: int = 1) -> tuple[list[str], list[str]]:
        """The ids of up to ``n`` items before and after ``item_id`` in its document."""
        where = self._where.get(item_id)
        if where is None or n < 1:
            return [], []
        doc, i = where
        ids = self._docs[doc]
        return ids[max(0, i - n) : i], ids[i + 1 : i + 1 + n]
