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


def batch_table_html(batch: Batch, state: ModelState, *, max_chars: int = 160) -> str:
    """The batch preview as an HTML table (text escaped): rank, text, score, predicted label, reason."""
    row_of = {i: r for r, i in enumerate(state.ids)}
    predicted = state.predicted()
    rows = []
    for b in batch.items:
        r = row_of.get(b.item_id)
        text = state.texts[r] if r is not None else ""
        short = text if len(text) <= max_chars else text[: max_chars - 1] + "…"
        pred = predicted[r] if r is not None else None
        conf = f" ({state.proba[r].max():.2f})" if (r is not None and state.proba is not None) else ""
        rows.append(
            "<tr>"
            f"<td>{b.rank + 1}</td><td>{html.escape(short)}</td><td>{b.score:.3f}</td>"
            f"<td>{html.escape(pred or '-')}{conf}</td><td>{html.escape(b.reason)}</td>"
            "</tr>"
        )
    head = "<tr><th>#</th><th>text</th><th>score</th><th>predicted</th><th>why chosen</th></tr>"
    return (
        f"<p>batch {batch.id}: {len(batch.items)} items by <b>{html.escape(batch.strategy)}</b>, "
        f"model {html.escape(batch.model_version)}</p>"
        f"<table class='curate-batch'>{head}{''.join(rows)}</table>"
    )


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
        self.preview = w.HTML()
        self.plots = w.Output()
        self.select_button.on_click(lambda _b: self._guard(self.select))
        self.assign_button.on_click(lambda _b: self._guard(self.assign))
        self.widget = w.VBox(
            [
                w.HBox([self.strategy, self.size, self.select_button]),
                w.HBox([self.annotators, self.overlap, self.assign_button]),
                self.status,
                self.preview,
                self.plots,
            ]
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _guard(self, fn: Any) -> None:
        from curate.errors import CurateError

        try:
            fn()
        except CurateError as err:
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"

    def refresh(self) -> ModelState:
        """Refit the model on the current labels, redraw the distributions and the stopping curve."""
        self.state = self.project.model_state(embedder=self.embedder)
        self.stopping = self.project.stopping_curve(self.state, random_state=self.random_state)
        self._draw()
        return self.state

    def select(self) -> Batch:
        """Select a batch with the chosen strategy and size, and show its preview."""
        state = self.refresh()
        self.batch = self.project.select_batch(
            int(self.size.value),
            strategy=str(self.strategy.value),
            random_state=self.random_state,
            state=state,
        )
        self.preview.value = batch_table_html(self.batch, state)
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
        import numpy as np
        from IPython.display import display
        from matplotlib.figure import Figure

        state = self.state
        if state is None:
            return
        self.plots.clear_output(wait=True)
        with self.plots:
            # a bare Figure: no pyplot state, and never a blocking GUI window outside a notebook
            fig = Figure(figsize=(11, 3.6))
            ax1, ax2 = fig.subplots(1, 2)
            names = list(state.class_names)
            labelled = np.bincount(state.y[state.labelled], minlength=len(names))[: len(names)]
            x = np.arange(len(names))
            ax1.bar(
                x - 0.2, labelled / max(labelled.sum(), 1), width=0.4, label=f"labelled ({labelled.sum()})"
            )
            if state.proba is not None:
                pred = np.bincount(state.proba[~state.labelled].argmax(axis=1), minlength=len(names))
                ax1.bar(
                    x + 0.2,
                    pred / max(pred.sum(), 1),
                    width=0.4,
                    label=f"predicted, unlabelled ({pred.sum()})",
                )
            ax1.set_xticks(x, names, rotation=45, ha="right", fontsize=8)
            ax1.set_ylabel("share")
            ax1.set_title("label distribution")
            ax1.legend(fontsize=8)
            curve = self.stopping.get("curve", [])
            if curve:
                ax2.plot([c[0] for c in curve], [c[1] for c in curve], marker="o")
                ax2.axhline(self.stopping["threshold"], color="grey", linestyle="--", linewidth=1)
            ax2.set_xlabel("labels")
            ax2.set_ylabel("kappa vs previous model")
            verdict = (
                "stable: more labels barely change predictions"
                if self.stopping.get("stop")
                else "still changing"
            )
            ax2.set_title(f"stopping indicator: {verdict}", fontsize=9)
            ax2.set_ylim(-0.05, 1.05)
            fig.tight_layout()
            display(fig)
