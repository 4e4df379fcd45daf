"""The ML lead's overview of a project: labels, agreement, throughput, learning curve, open work.

Numbers come from :meth:`curate.Project.overview_data`; this module only draws
them (matplotlib rendered to PNG inside the widget, escaped tables) and says
in words when a section has nothing to show yet.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from curate.widgets import display as d

if TYPE_CHECKING:
    from curate.project import Project

__all__ = ["Overview", "distribution_figure", "learning_curve_figure", "throughput_figure"]


def distribution_figure(rows: list[dict[str, Any]]) -> Any:
    """Bars: share of labelled items per label next to the share the model predicts for unlabelled items."""
    import numpy as np

    names = [r["label"] for r in rows]
    lab = np.array([r["labelled"] for r in rows], dtype=float)
    pred = [r.get("predicted (unlabelled)") for r in rows]
    fig = d.figure(7.5, 3.4)
    ax = fig.subplots()
    x = np.arange(len(names))
    ax.bar(x - 0.2, lab / max(lab.sum(), 1), width=0.4, label=f"labelled ({int(lab.sum())})")
    if any(p is not None for p in pred):
        pr = np.array([p or 0 for p in pred], dtype=float)
        ax.bar(x + 0.2, pr / max(pr.sum(), 1), width=0.4, label=f"predicted, unlabelled ({int(pr.sum())})")
    ax.set_xticks(x, names, rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("share of items")
    ax.set_title("label distribution")
    ax.legend(fontsize=8)
    return fig


def learning_curve_figure(rows: list[dict[str, Any]]) -> Any:
    """Held-out accuracy and macro-F1 against the number of labels."""
    fig = d.figure(5.5, 3.2)
    ax = fig.subplots()
    xs = [r["labels"] for r in rows]
    ax.plot(xs, [r["accuracy"] for r in rows], marker="o", label="accuracy")
    ax.plot(xs, [r["macro F1"] for r in rows], marker="s", label="macro F1")
    ax.set_xlabel("labels used for training")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"learning curve ({rows[0]['held out']} labelled items held out)", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def throughput_figure(rows: list[dict[str, Any]]) -> Any:
    """Median seconds per item for each annotator who has timings."""
    timed = [r for r in rows if r.get("median s/item") is not None]
    fig = d.figure(5.5, 0.6 + 0.35 * max(len(timed), 1))
    ax = fig.subplots()
    ax.barh([r["annotator"] for r in timed], [r["median s/item"] for r in timed], color="tab:green")
    ax.set_xlabel("median seconds per item")
    ax.invert_yaxis()
    return fig


class Overview:
    """The lead's overview widget: call :meth:`refresh` (or press **Refresh**) to recompute.

    Examples
    --------
    >>> project.overview()   # doctest: +SKIP
    """

    def __init__(self, project: Project, *, fit: bool = True, random_state: int | None = 0) -> None:
        import ipywidgets as w

        self.project = project
        self.fit = fit
        self.random_state = random_state
        self.data: dict[str, Any] = {}
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.progress = w.IntProgress(value=0, min=0, max=3, description="", layout=w.Layout(width="240px"))
        self.progress.layout.visibility = "hidden"
        self.status = w.HTML()
        self.body = w.VBox()
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.body.add_class("curate-overview-body")
        self.widget = w.VBox(
            [w.HBox([self.refresh_button, self.progress, self.status]), self.body],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("curate-overview")
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def refresh(self) -> dict[str, Any]:
        """Recompute every section (refits the model when ``fit``) and redraw."""
        self.progress.layout.visibility = "visible"
        self.progress.value, self.progress.description = 1, "computing"
        with d.busy(self.refresh_button, "refreshing…"):
            self.data = self.project.overview_data(fit=self.fit, random_state=self.random_state)
            self.progress.value, self.progress.description = 2, "drawing"
            self.body.children = self.sections()
        self.progress.value = 3
        self.progress.layout.visibility = "hidden"
        data = self.data
        self.status.value = html.escape(f"{data['items']} items, {data['labelled']} labelled")
        return self.data

    def sections(self) -> list[Any]:
        """One box per section: a heading, then a picture or table, or the words saying why it is empty."""
        import ipywidgets as w

        data, empty = self.data, self.data["empty"]

        def section(title: str, *parts: Any) -> Any:
            return w.VBox([w.HTML(f"<h4 style='margin:10px 0 4px'>{html.escape(title)}</h4>"), *parts])

        def part(key: str, draw: Any) -> list[Any]:
            return [d.empty(empty[key])] if empty.get(key) else list(draw())

        dist = part(
            "label_distribution",
            lambda: [
                d.image(distribution_figure(data["label_distribution"])),
                *([d.empty(data["model_note"])] if data.get("model_note") else []),
            ],
        )
        agree = part(
            "agreement",
            lambda: [
                d.table(
                    data["agreement"],
                    caption="Krippendorff's alpha and Cohen's kappa per annotator pair; per label: agreement on 'is it this label?'",
                )
            ],
        )
        speed = part(
            "throughput",
            lambda: [
                d.table(data["throughput"]),
                *(
                    [d.image(throughput_figure(data["throughput"]))]
                    if any(r["median s/item"] is not None for r in data["throughput"])
                    else [d.empty("no timings: imported labels carry none")]
                ),
            ],
        )
        curve = part("learning_curve", lambda: [d.image(learning_curve_figure(data["learning_curve"]))])
        p = data["pii"]
        pii_line = w.HTML(
            html.escape(
                f"{p['open_findings']} open findings in {p['items_with_open_findings']} items; "
                f"{p['unscanned_items']} items not scanned"
                + (f"; last scan {p['scanned_at']}" if p.get("scanned_at") else "")
            )
        )
        pii = [pii_line, *part("pii", lambda: [d.table(p["open_by_entity"])])]
        synth = part("pending_synthetic", lambda: [d.table(data["pending_synthetic"])])
        return [
            section("Labels: labelled vs predicted", *dist),
            section("Agreement by annotator pair and label", *agree),
            section("Throughput per annotator", *speed),
            section("Learning curve", *curve),
            section("Open personal-data findings", *pii),
            section("Synthetic candidates awaiting review", *synth),
        ]
