"""Pictures and tables that draw inside widgets: matplotlib rendered to PNG, full-text tables, empty states.

Every plot is a :class:`matplotlib.figure.Figure` drawn with the Agg canvas and
shown as an ``ipywidgets.Image`` (no pyplot state, never a ``<Figure ...>``
repr); every table is escaped HTML whose text cells wrap at word boundaries,
left-aligned, never cut; an empty area says in words why it is empty.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["busy", "empty", "figure", "figure_png", "image", "progress", "table", "table_html"]

#: Table style: wrap long text at word boundaries, left-aligned, numbers right-aligned.
_TABLE_CSS = "border-collapse:collapse;font-size:12px;line-height:1.35;width:100%;table-layout:auto;"
_CELL = "padding:3px 8px;border-bottom:1px solid #ddd;vertical-align:top;"


def figure(width: float = 6.0, height: float = 3.2) -> Any:
    """A new matplotlib Figure drawn on the Agg canvas (no pyplot, no GUI window)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig: Any, *, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (layout tightened)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def image(fig: Any) -> Any:
    """An ``ipywidgets.Image`` showing the figure."""
    import ipywidgets as w

    png = figure_png(fig)
    width = int.from_bytes(png[16:20], "big")  # the PNG header's width: show it at its natural size
    return w.Image(
        value=png, format="png", layout=w.Layout(width=f"{width}px", max_width="100%", height="auto")
    )


def empty(message: str) -> Any:
    """An ``ipywidgets.HTML`` saying in words why an area is empty."""
    import ipywidgets as w

    return w.HTML(
        "<div class='curate-empty' style='color:#555;font-style:italic;padding:6px 0'>"
        f"{html.escape(message)}</div>"
    )


def _cell(value: Any) -> tuple[str, bool]:
    if value is None:
        return "–", False
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}", True
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value), False
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items()), False
    return str(value), False


def table_html(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None, *, caption: str | None = None
) -> str:
    """Rows as an escaped HTML table: full texts, left-aligned, wrapped at word boundaries; numbers right."""
    cols = list(columns) if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    numeric_cols = {
        c
        for c in cols
        if any(_cell(r.get(c))[1] for r in rows) and all(_cell(r.get(c))[1] or r.get(c) is None for r in rows)
    }
    long_cols = {c for c in cols if any(len(_cell(r.get(c))[0]) > 80 for r in rows)}
    head = "".join(
        f"<th style='{_CELL}text-align:{'right' if c in numeric_cols else 'left'}'>{html.escape(str(c))}</th>"
        for c in cols
    )
    body = []
    for r in rows:
        cells = []
        for c in cols:
            text, numeric = _cell(r.get(c))
            align = (
                "right;white-space:nowrap" if numeric else "left;white-space:normal;overflow-wrap:break-word"
            )
            if c in long_cols:
                align += ";min-width:320px"
            cells.append(f"<td style='{_CELL}text-align:{align}'>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = (
        f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
        if caption
        else ""
    )
    return f"<table class='curate-table' style='{_TABLE_CSS}'>{cap}<tr>{head}</tr>{''.join(body)}</table>"


def table(rows: Sequence[Mapping[str, Any]] | Any, columns: Sequence[str] | None = None, **kw: Any) -> Any:
    """An ``ipywidgets.HTML`` table of records (or a pandas DataFrame); see :func:`table_html`."""
    import ipywidgets as w

    if hasattr(rows, "to_dict"):  # a DataFrame
        rows = rows.to_dict(orient="records")
    return w.HTML(table_html(list(rows), columns, **kw), layout=w.Layout(width="100%"))


@contextmanager
def busy(button: Any, working: str = "working…") -> Iterator[None]:
    """Show a button as busy (disabled, spinning icon, ``working`` text) while the block runs."""
    old = (button.description, button.icon, button.disabled)
    button.description, button.icon, button.disabled = working, "spinner", True
    try:
        yield
    finally:
        button.description, button.icon, button.disabled = old


def progress(steps: Sequence[tuple[str, Callable[[], Any]]], *, desc: str = "") -> list[Any]:
    """Run named steps one after another under a tqdm bar (notebook bar in JupyterLab); return their results."""
    from tqdm.auto import tqdm

    out: list[Any] = []
    with tqdm(total=len(steps), desc=desc or steps[0][0] if steps else desc, leave=False) as bar:
        for name, step in steps:
            bar.set_description(name)
            out.append(step())
            bar.update(1)
    return out


def text_block(text: str, *, max_height: str | None = None) -> Any:
    """An ``ipywidgets.HTML`` showing plain text in full, escaped, wrapped at word boundaries."""
    import ipywidgets as w

    scroll = f"max-height:{max_height};overflow-y:auto;" if max_height else ""
    return w.HTML(
        "<pre style='white-space:pre-wrap;overflow-wrap:break-word;font-size:12px;"
        f"line-height:1.35;margin:0;{scroll}'>{html.escape(text)}</pre>",
        layout=w.Layout(width="100%"),
    )


def row(*parts: Any) -> Any:
    """Widgets side by side, wrapping to the next line when the notebook is narrow."""
    import ipywidgets as w

    return w.HBox(list(parts), layout=w.Layout(flex_flow="row wrap", width="100%"))
