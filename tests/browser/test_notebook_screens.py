"""Each notebook after "Run All" in real JupyterLab and headless Chromium: it finishes without an error,
its plots are images (never a ``<Figure ...>`` repr), and a screenshot lands in docs/img/.

Set ``CURATE_SCREENSHOTS=0`` to keep docs/img/ unchanged (the PNGs then go to artifacts/).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, ROOT, chromium, running_lab

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian Chromium: make chromium"),
]

NOTEBOOKS = ["02_select_batch.ipynb", "03_fill_gaps.ipynb", "04_review_and_publish.ipynb"]
FIGURE_REPR = re.compile(r"<Figure size \d+")


def _out_dir() -> Path:
    out = ROOT / ("docs/img" if os.environ.get("CURATE_SCREENSHOTS", "1") != "0" else "artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _run_all(page: object, lab: object, name: str, timeout_s: float = 600.0) -> None:
    page.goto(lab.url(name))  # type: ignore[attr-defined]
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    lab.wait_kernel_connected()  # type: ignore[attr-defined]
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()  # type: ignore[attr-defined]
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout_s
    time.sleep(2)
    while time.monotonic() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()  # type: ignore[attr-defined]
        if prompts and all(re.search(r"\[\d+\]", p) for p in prompts):
            return
        time.sleep(1)
    raise AssertionError(f"{name}: Run All did not finish in {timeout_s} s: {prompts}")


def test_notebooks_run_all_draw_and_are_photographed(tmp_path: Path) -> None:
    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    (root / "demo").mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks" / name)
    shutil.copytree(ROOT / "data", root / "data")
    out = _out_dir()
    with running_lab(root, tmp_path) as lab, chromium(tmp_path) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.set_viewport_size({"width": 1280, "height": 9000})  # every cell rendered, no inner scrolling
        for name in NOTEBOOKS:
            _run_all(page, lab, name)
            time.sleep(2)  # images decode
            notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
            text = notebook.inner_text()
            assert "Traceback" not in text and not FIGURE_REPR.search(text), (
                f"{name}: an error or undrawn plot"
            )
            assert page.locator(".jp-OutputArea-output img").count() >= 1, f"{name}: no plot drawn"
            top = notebook.bounding_box()
            last = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.bounding_box()
            assert top is not None and last is not None
            page.screenshot(
                path=str(out / f"notebook_{Path(name).stem}.png"),
                clip={
                    "x": top["x"],
                    "y": top["y"],
                    "width": top["width"],
                    "height": min(top["height"], last["y"] + last["height"] - top["y"] + 16),
                },
            )
            if name.startswith("04"):
                overview = page.locator(".curate-overview").first
                overview.scroll_into_view_if_needed()
                overview.screenshot(path=str(out / "overview.png"))
                page.locator(".curate-search").first.screenshot(path=str(out / "search.png"))
            page.keyboard.press("Control+s")
        lab.delete_kernels()
