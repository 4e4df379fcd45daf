"""Progress bars for steps that can take more than a couple of seconds (encode, fit, simulate).

tqdm's ``auto`` flavour draws a notebook bar in JupyterLab and a text bar in a terminal.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PROGRESS_FROM", "progress_bar"]

#: Texts from which an encode shows a progress bar.
PROGRESS_FROM = 256


def progress_bar(total: int, desc: str, *, show: bool | None = None, unit: str = "it") -> Any:
    """A tqdm bar (the notebook flavour in JupyterLab, text in a terminal) or a no-op.

    ``show=None`` shows it from :data:`PROGRESS_FROM` steps.
    """
    from tqdm.auto import tqdm

    disable = not (show if show is not None else total >= PROGRESS_FROM)
    return tqdm(total=total, desc=desc, unit=unit, disable=disable, leave=False)
