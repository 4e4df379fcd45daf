"""The ML lead's batch selection widget: strategy and size, batch preview, distributions, stopping.

A thin ipywidgets view over :mod:`curate.workflows.select`: every button
calls a public method (:meth:`SelectBatch.refresh`, :meth:`SelectBatch.select`,
:meth:`SelectBatch.assign`, :meth:`SelectBatch.mark_unlabelable`,
:meth:`SelectBatch.unmark_unlabelable`) that a notebook or a test can call directly.
Corpus text is escaped before it is shown.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.embed import Embedder
    from curate.project import Project
    from curate.schema import Batch
    from curate.workflows.select import ModelState

__all__ = ["SelectBatch", "batch_table_html"]


#: The reason stored when a lead marks an item from the batch preview.
PREVIEW_REASON = "marked not labelable in the batch preview"


def batch_table_html(batch: Batch, state: ModelState, marked: Mapping[str, str] | None = None) -> str:
    """The batch preview as an HTML table (text escaped, full, wrapped): rank, text, score, predicted, reason.

    Items in ``marked`` (``{item_id: reason}``, those marked not labelable) say so in a last column.
    """
    from curate.widgets.display import table_html

    row_of = {i: r for r, i in enumerate(state.ids)}
    predicted = state.predicted()
    rows = []
    for b in batch.items:
        r = row_of.get(b.item_id)
        pred = predicted[r] if r is not None else None
        conf = f" ({state.proba[r].max():.2f})" if (r is not None and state.proba is not None) else ""
        rows.append(
            {
                "#": b.rank + 1,
                "text": state.texts[r] if r is not None else "",
                "score": round(float(b.score), 3),
                "predicted": (pred or "-") + conf,
                "why chosen": b.reason,
                **({"not labelable": marked.get(b.item_id, "")} if marked else {}),
            }
        )
    return (
        f"<p>batch {batch.id}: {len(batch.items)} items by <b>{html.escape(batch.strategy)}</b>, "
        f"model {html.escape(batch.model_version)}</p>" + table_html(rows)
    )


def distribution_figure(state: ModelState) -> Any:
    """Share of labelled items per label next to the share predicted for the unlabelled items."""
    import numpy as np

    from curate.widgets.display import figure

    fig = figure(6.5, 3.4)
    ax = fig.subplots()
    names = list(state.class_names)
    labelled = np.bincount(state.y[state.labelled], minlength=len(names))[: len(names)]
    x = np.arange(len(names))
    ax.bar(x - 0.2, labelled / max(labelled.sum(), 1), width=0.4, label=f"labelled ({labelled.sum()})")
    if state.proba is not None:
        pred = np.bincount(state.proba[~state.labelled].argmax(axis=1), minlength=len(names))
        ax.bar(x + 0.2, pred / max(pred.sum(), 1), width=0.4, label=f"predicted, unlabelled ({pred.sum()})")
    ax.set_xticks(x, names, rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("share")
    ax.set_title("label distribution")
    ax.legend(fontsize=8)
    return fig


def stopping_figure(stopping: dict[str, Any]) -> Any:
    """Cohen's kappa between successive models' predictions, with the stopping threshold."""
    from curate.widgets.display import figure

    fig = figure(5.0, 3.4)
    ax = fig.subplots()
    curve = stopping["curve"]
    ax.plot([c[0] for c in curve], [c[1] for c in curve], marker="o")
    ax.axhline(stopping["threshold"], color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("labels")
    ax.set_ylabel("kappa vs previous model")
    verdict = "stable: more labels barely change predictions" if stopping.get("stop") else "still changing"
    ax.set_title(f"stopping indicator: {verdict}", fontsize=9)
    ax.set_ylim(-0.05, 1.05)
    return fig


class SelectBatch:
    """Choose the next batch, see why each item was chosen, assign it, and watch for the stopping point.

    Parameters
    ----------
    project
        The open project.
    embedder
        Embedding model (default: the bundled MiniLM); embeddings are cached in the project.
    random_state
        Seed of the selection and of the stopping-indicator sample.

    Examples
    --------
    >>> view = SelectBatch(project)   # doctest: +SKIP
    >>> view.widget                   # doctest: +SKIP
    """

    def __init__(
        self, project: Project, *, embedder: Embedder | None = None, random_state: int | None = 0
    ) -> None:
        import ipywidgets as w

        from curate.active.strategies import STRATEGIES

        self.project = project
        self.embedder = embedder
        self.random_state = random_state
        self.state: ModelState | None = None
        self.batch: Batch | None = None
        self.assigned: dict[str, list[str]] = {}
        self.stopping: dict[str, Any] = {}
        self.strategy = w.Dropdown(options=["default", *STRATEGIES], value="default", description="strategy")
        self.size = w.BoundedIntText(value=20, min=1, max=10_000, description="batch size")
        self.select_button = w.Button(description="Select batch", button_style="primary")
        self.annotators = w.Text(value="", placeholder="ana, ben", description="annotators")
        self.overlap = w.FloatSlider(value=0.2, min=0.0, max=1.0, step=0.05, description="overlap")
        self.assign_button = w.Button(description="Assign", disabled=True)
        self.status = w.HTML()
        self.progress = w.IntProgress(value=0, min=0, max=3, layout=w.Layout(width="260px"))
        self.progress.layout.visibility = "hidden"
        self.preview = w.HTML(layout=w.Layout(width="100%"))
        # One "not labelable" button per previewed item (ids in batch order).
        self.row_buttons: dict[str, Any] = {}
        self.rows = w.VBox(layout=w.Layout(width="100%"))
        self.plots = w.HBox(layout=w.Layout(width="100%", flex_flow="row wrap"))
        self.select_button.on_click(lambda _b: self._guard(self.select))
        self.assign_button.on_click(lambda _b: self._guard(self.assign))
        self.widget = w.VBox(
            [
                w.HBox([self.strategy, self.size, self.select_button]),
                w.HBox([self.annotators, self.overlap, self.assign_button]),
                w.HBox([self.progress, self.status]),
                self.preview,
                self.rows,
                self.plots,
            ]
        )
        self.widget.add_class("curate-select")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _guard(self, fn: Any) -> None:
        from curate.errors import CurateError
        from curate.widgets.display import busy

        try:
            with busy(self.select_button if fn == self.select else self.assign_button):
                fn()
        except CurateError as err:
            self._step(None)
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"

    def _step(self, what: str | None) -> None:
        """Advance the progress bar and say what runs now (None hides the bar)."""
        bar = self.progress
        if what is None:
            bar.layout.visibility = "hidden"
            bar.value = 0
            return
        bar.layout.visibility = "visible"
        bar.value = min(bar.value + 1, bar.max)
        self.status.value = html.escape(what + "…")

    def refresh(self, *, _more: bool = False) -> ModelState:
        """Refit the model on the current labels, redraw the distributions and the stopping curve."""
        self._step("refitting the model on the current labels (embeds new texts)")
        self.state = self.project.model_state(embedder=self.embedder)
        self._step("computing the stopping indicator")
        self.stopping = self.project.stopping_curve(self.state, random_state=self.random_state)
        self._draw()
        if not _more:
            self._step(None)
        self.status.value = html.escape(
            f"model {self.state.model_version}: {int(self.state.labelled.sum())} labelled items"
        )
        return self.state

    def select(self) -> Batch:
        """Select a batch with the chosen strategy and size, and show its preview."""
        state = self.refresh(_more=True)
        self._step(f"selecting {int(self.size.value)} items by {self.strategy.value}")
        self.batch = self.project.select_batch(
            int(self.size.value),
            strategy=str(self.strategy.value),
            random_state=self.random_state,
            state=state,
        )
        self._show_batch()
        self._step(None)
        note = self.batch.params.get("note")
        self.status.value = html.escape(
            f"batch {self.batch.id} recorded ({self.batch.strategy})" + (f"; {note}" if note else "")
        )
        self.assign_button.disabled = False
        return self.batch

    def mark_unlabelable(self, item_id: str, reason: str = PREVIEW_REASON) -> None:
        """Mark a previewed item not labelable (it leaves the pool) and redraw the preview."""
        self.project.mark_unlabelable([item_id], reason=reason)
        self._show_batch()
        self.status.value = html.escape(f"{item_id} marked not labelable: never served or exported")

    def unmark_unlabelable(self, item_id: str) -> None:
        """Put a marked item back in the pool and redraw the preview."""
        self.project.unmark_unlabelable([item_id])
        self._show_batch()
        self.status.value = html.escape(f"{item_id} is labelable again")

    def _toggle(self, item_id: str) -> None:
        from curate.errors import CurateError

        try:
            if item_id in self.project.unlabelable():
                self.unmark_unlabelable(item_id)
            else:
                self.mark_unlabelable(item_id)
        except CurateError as err:
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"

    def _show_batch(self) -> None:
        """The preview table and one "not labelable" button per row (an "undo" once marked)."""
        import ipywidgets as w

        if self.batch is None or self.state is None:
            return
        marked = self.project.unlabelable()
        self.preview.value = batch_table_html(self.batch, self.state, marked)
        row_of = {i: r for r, i in enumerate(self.state.ids)}
        rows = []
        self.row_buttons = {}
        for b in self.batch.items:
            r = row_of.get(b.item_id)
            text = " ".join(self.state.texts[r].split()) if r is not None else ""
            short = text if len(text) <= 90 else text[:89] + "…"
            is_marked = b.item_id in marked
            button = w.Button(
                description="labelable again" if is_marked else "not labelable",
                button_style="" if is_marked else "warning",
                tooltip="put it back in the pool"
                if is_marked
                else "a fragment, heading or garbage: leave it out of the pool",
                layout=w.Layout(width="140px"),
            )
            button.on_click(lambda _b, item_id=b.item_id: self._toggle(item_id))
            self.row_buttons[b.item_id] = button
            label = w.HTML(
                f"<b>#{b.rank + 1}</b> "
                + ("<s>" if is_marked else "")
                + html.escape(short)
                + ("</s>" if is_marked else ""),
                layout=w.Layout(flex="1 1 auto"),
            )
            rows.append(w.HBox([button, label]))
        head = w.HTML(
            "<b>Not labelable?</b> A fragment, a heading or garbage: the button takes it out of the pool "
            "(never served, selected or exported); pressed again, it puts it back."
        )
        self.rows.children = [head, *rows]

    def assign(self) -> dict[str, list[str]]:
        """Assign the previewed batch to the annotators typed in, with the chosen overlap."""
        from curate.errors import CurateError

        if self.batch is None:
            raise CurateError("select a batch first")
        names = [a.strip() for a in str(self.annotators.value).split(",") if a.strip()]
        self.assigned = self.project.assign(
            self.batch, annotators=names, overlap=float(self.overlap.value), random_state=self.random_state
        )
        self.status.value = html.escape(
            f"batch {self.batch.id} assigned: " + ", ".join(f"{a} {len(v)}" for a, v in self.assigned.items())
        )
        return self.assigned

    def _draw(self) -> None:
        """Both plots as images; an empty area says how many more labels it needs."""
        from curate.widgets.display import empty, image

        state = self.state
        if state is None:
            return
        n = int(state.labelled.sum())
        parts = []
        if n == 0:
            parts.append(empty("label distribution: nothing to show yet: label 1 or more items"))
        else:
            parts.append(image(distribution_figure(state)))
        if self.stopping.get("curve"):
            parts.append(image(stopping_figure(self.stopping)))
        else:
            classes = len(set(state.y[state.labelled].tolist()))
            need = max(1, 8 - n) if classes >= 2 else None
            parts.append(
                empty(
                    f"stopping indicator: nothing to show yet: label {need} more items"
                    if need
                    else "stopping indicator: nothing to show yet: label items of at least two labels"
                )
            )
        self.plots.children = parts
