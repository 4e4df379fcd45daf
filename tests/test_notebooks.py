"""Every notebook in notebooks/ runs top to bottom, headless, on a fresh copy of the demo data,
and no output holds a traceback or a bare ``<Figure ...>`` repr (a plot that never drew)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: What a plot that failed to draw leaves behind: matplotlib's repr instead of a picture.
FIGURE_REPR = re.compile(r"<(?:matplotlib\.figure\.)?Figure size \d+(?:\.\d+)?x\d+(?:\.\d+)? with \d+ Axes>")


def output_problems(nb: Any) -> list[str]:
    """Tracebacks, errors on stderr, and bare Figure reprs in a run notebook's outputs."""
    problems = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"cell {n}: {out.get('ename')}: {out.get('evalue')}")
                continue
            texts = [str(out.get("text", ""))] if kind == "stream" else []
            texts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
            for text in texts:
                if FIGURE_REPR.search(text):
                    problems.append(f"cell {n}: a plot shows as {FIGURE_REPR.search(text).group(0)}")  # type: ignore[union-attr]
                if "Traceback (most recent call last)" in text:
                    problems.append(f"cell {n}: a traceback in the output")
    # Output widgets keep what was displayed into them in the saved widget state.
    state = json.dumps(nb.get("metadata", {}).get("widgets", {}))
    if FIGURE_REPR.search(state):
        problems.append(f"widget state: a plot shows as {FIGURE_REPR.search(state).group(0)}")  # type: ignore[union-attr]
    if "Traceback (most recent call last)" in state:
        problems.append("widget state: a traceback in a widget's output")
    return problems


def test_output_check_catches_undrawn_plots_and_tracebacks() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x") for _ in range(3)]
    nb.cells[0].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "<Figure size 1100x360 with 2 Axes>"})
    ]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="Traceback (most recent call last):")
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "Image(value=b'...')"})]
    assert [p.split(":")[0] for p in output_problems(nb)] == ["cell 0", "cell 1"]
    nb.metadata["widgets"] = {
        "state": {"m": {"outputs": [{"data": {"text/plain": "<Figure size 640x480 with 1 Axes>"}}]}}
    }
    assert output_problems(nb)[-1].startswith("widget state: a plot shows as <Figure size 640x480")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_headless_and_draws(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(path, work / path.name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    nb = nbformat.read(work / path.name, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    assert output_problems(nb) == []


def test_notebooks_are_committed_without_outputs() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name}: strip outputs"


#: Ways a notebook could switch the personal-data gate off (pushing unscanned texts).
GATE_OFF = re.compile(
    r"ALLOW_UNSCANNED\s*=\s*True|allow_unscanned\s*=\s*(?:True|1\b)|--allow-unscanned", re.IGNORECASE
)


def test_gate_off_check_catches_the_usual_spellings() -> None:
    for source in (
        "ALLOW_UNSCANNED = True",
        "push_to_hub(r, allow_unscanned=True)",
        "!curate push db r --allow-unscanned",
    ):
        assert GATE_OFF.search(source), source
    for source in ("ALLOW_UNSCANNED = False", "push_to_hub(r, private=True)"):
        assert not GATE_OFF.search(source), source


def test_no_notebook_ships_with_the_personal_data_gate_switched_off() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                found = GATE_OFF.search(cell.source)
                assert found is None, f"{path.name} cell {n}: {found.group(0) if found else ''}"


def test_a_notebook_scans_and_reviews_personal_data() -> None:
    sources = "\n".join(
        cell.source
        for path in NOTEBOOKS
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    )
    assert (
        "project.pii_scan(" in sources
        and "project.pii_review(" in sources
        and "project.pii_apply(" in sources
    )
