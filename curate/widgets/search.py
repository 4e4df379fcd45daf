"""The lead's item search: filter by text, label, annotator, state, origin, batch, metadata; act on the result.

Conditions are the ``field=value`` / ``field~=regex`` expressions of
:mod:`curate.workflows.search` (the parser the API and ``curate items`` use),
one per line.  The matching items can be assigned to annotators or sent to a
reviewer (a :class:`~curate.widgets.Reviewer` over exactly those items).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.project import Project

__all__ = ["ItemSearch", "split_conditions"]

#: Columns of the result table.
COLUMNS = ("id", "text", "label", "state", "annotators", "assigned", "batches", "origin", "status")


def split_conditions(value: str) -> list[str]:
    """One condition per non-empty line (``;`` also separates)."""
    return [part.strip() for line in value.splitlines() for part in line.split(";") if part.strip()]


class ItemSearch:
    """Search the project's items and assign or review what you found.

    Examples
    --------
    >>> view = project.item_search()          # doctest: +SKIP
    >>> view.search("label=arbitration", "doc=Spotify")   # doctest: +SKIP
    """

    def __init__(self, project: Project, *, limit: int = 200) -> None:
        import ipywidgets as w

        self.project = project
        self.results: list[dict[str, Any]] = []
        self.where = w.Textarea(
            placeholder="one condition per line, e.g.\nlabel=arbitration\ntext~=indemnif\ndoc=Spotify",
            description="where",
            layout=w.Layout(width="520px", height="84px"),
        )
        self.limit = w.BoundedIntText(value=limit, min=1, max=100_000, description="show at most")
        self.search_button = w.Button(description="Search", button_style="primary", icon="search")
        self.annotators = w.Text(placeholder="ana, ben", description="annotators")
        self.assign_button = w.Button(
            description="Assign all matches", disabled=True, layout=w.Layout(width="auto")
        )
        self.reviewer_name = w.Text(value="lead", description="reviewer")
        self.review_button = w.Button(
            description="Send matches to review", disabled=True, layout=w.Layout(width="auto")
        )
        self.status = w.HTML()
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.review_area = w.VBox()
        self.reviewer: Any = None
        self.search_button.on_click(lambda _b: self._guard(self.search_button, self.search))
        self.assign_button.on_click(lambda _b: self._guard(self.assign_button, self.assign))
        self.review_button.on_click(lambda _b: self._guard(self.review_button, self.send_to_review))
        self.widget = w.VBox(
            [
                w.HBox([self.where, w.VBox([self.limit, self.search_button])]),
                w.HBox([self.annotators, self.assign_button]),
                w.HBox([self.reviewer_name, self.review_button]),
                self.status,
                self.table,
                self.review_area,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("curate-search")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _guard(self, button: Any, fn: Any) -> None:
        from curate.errors import CurateError
        from curate.widgets.display import busy

        try:
            with busy(button):
                fn()
        except CurateError as err:
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"

    def search(self, *where: str) -> list[dict[str, Any]]:
        """Run the search (``where`` given here replaces the text box); show the matches."""
        from curate.widgets.display import empty, table_html

        if where:
            self.where.value = "\n".join(where)
        conds = split_conditions(str(self.where.value))
        self.results = self.project.search(*conds)
        shown = self.results[: int(self.limit.value)]
        rows = [{**{c: r[c] for c in COLUMNS}, **r["metadata"]} for r in shown]
        self.table.value = table_html(rows) if rows else empty("no item matches these conditions").value
        more = f" (first {len(shown)} shown)" if len(shown) < len(self.results) else ""
        what = " and ".join(conds) or "all items"
        self.status.value = html.escape(f"{len(self.results)} items match {what}{more}")
        self.assign_button.disabled = self.review_button.disabled = not self.results
        return self.results

    def assign(self) -> int:
        """Assign every match to the annotators typed in; returns the assignments added."""
        names = [n.strip() for n in str(self.annotators.value).split(",") if n.strip()]
        added = self.project.assign_items([r["id"] for r in self.results], names)
        self.status.value = html.escape(
            f"{len(self.results)} items assigned to {', '.join(names)} ({added} new assignments)"
        )
        return added

    def send_to_review(self) -> Any:
        """Open a reviewer widget over exactly the matching items (each flagged with the search)."""
        reason = "search: " + " and ".join(split_conditions(str(self.where.value)) or ["all items"])
        self.reviewer = self.project.reviewer(
            str(self.reviewer_name.value).strip() or "lead", flagged={r["id"]: reason for r in self.results}
        )
        self.review_area.children = [self.reviewer]
        self.status.value = html.escape(f"{len(self.results)} items sent to review")
        return self.reviewer
