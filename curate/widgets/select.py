"""The ML lead's batch selection widget: strategy and size, batch preview, distributions, stopping.

A thin ipywidgets view over :mod:`curate.workflows.select`: every button
calls a public method (:meth:`SelectBatch.refresh`, :meth:`SelectBatch.select`,
:meth:`SelectBatch.assign`) that a notebook or a test can call directly.
Corpus text is escaped before it is shown.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.embed import Embedder
    from curate.project import Project
    from curate.schema import Batch
    from curate.workflows.select import ModelState

__all__ = ["SelectBatch", "batch_table_html"]


def batch_table_html(batch: Batch, state: ModelState) -> str:
    """The batch preview as an HTML table (text escaped, full, wrapped): rank, text, score, predicted, reason."""
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
        self.plots = w.HBox(layout=w.Layout(width="100%", flex_flow="row wrap"))
        self.select_button.on_click(lambda _b: self._guard(self.select))
        self.assign_button.on_click(lambda _b: self._guard(self.assign))
        self.widget = w.VBox(
            [
                w.HBox([self.strategy, self.size, self.select_button]),
                w.HBox([self.annotators, self.overlap, self.assign_button]),
                w.HBox([self.progress, self.status]),
                self.preview,
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
        self.preview.value = batch_table_html(self.batch, state)
        self._step(None)
        note = self.batch.params.get("note")
        self.status.value = html.escape(
            f"batch {self.batch.id} recorded ({self.batch.strategy})" + (f"; {note}" if note else "")
        )
        self.assign_button.disabled = False
        return self.batch

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
