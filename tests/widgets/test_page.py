"""The labelling page: its generated notebook, when a browser opens, and `curate annotate` end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from curate import Project
from curate.cli import main
from curate.errors import CurateError
from curate.widgets.page import PROJECT_ENV, LabellingPage, can_open_browser, page_notebook

ROOT = Path(__file__).resolve().parents[2]


def test_generated_notebook_runs_the_annotator_in_page_mode_without_the_project_url() -> None:
    nb = json.loads(page_notebook("dr o'neil", batch=3, options={"show_meta": ["doc"]}))
    (cell,) = nb["cells"]
    source = cell["source"]
    compile(source, "page", "exec")
    assert PROJECT_ENV in source and "postgresql" not in source
    assert 'annotator="dr o\'neil"' in source and "page=True" in source and "batch=3" in source
    assert "show_meta=['doc']" in source


def test_no_browser_in_ci_or_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert not can_open_browser()
    monkeypatch.delenv("CI")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if sys.platform.startswith("linux"):
        assert not can_open_browser()
        monkeypatch.setenv("DISPLAY", ":0")
        assert can_open_browser()


def test_annotate_names_a_missing_project_and_needs_an_annotator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["annotate", str(tmp_path / "missing.db"), "--annotator", "ana", "--no-browser"]) == 2
    assert "missing.db" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["annotate", str(tmp_path / "missing.db")])
    with pytest.raises(Exception, match="annotator name is needed"):
        LabellingPage(tmp_path / "x.db", annotator=" ")


@pytest.mark.slow
def test_curate_annotate_serves_the_page_until_ctrl_c(legal_project: Project, tmp_path: Path) -> None:
    db = legal_project.store.url.removeprefix("sqlite:///")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "curate.cli", "annotate", db, "--annotator", "ana", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        url = line[line.index("http://127.0.0.1:") :].strip()
        assert "?token=" in url
        # The page itself (Voilà runs the generated notebook as the page loads).
        with urllib.request.urlopen(url, timeout=120) as resp:
            assert resp.status == 200
            assert "curate" in resp.read().decode()
        # Without the token: the login form, not the page.
        with urllib.request.urlopen(url.split("?")[0], timeout=30) as resp:
            assert "/login" in resp.geturl()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""


@pytest.mark.slow
def test_widget_button_starts_one_page_and_closing_the_widget_stops_it(legal_project: Project) -> None:
    widget = legal_project.annotator(annotator="ana", show_meta=["doc"])
    url = widget.open_page()
    assert widget.open_page() == url  # a second click reuses the running page
    assert widget.page is not None and widget.page.running()
    assert widget.page.options == {"prefetch": 5, "context": 1, "show_meta": ["doc"], "context_key": "doc"}
    with urllib.request.urlopen(url, timeout=120) as resp:
        assert resp.status == 200
    page = widget.page
    widget.close()
    assert not page.running() and page.folder is None


def test_a_port_in_use_is_a_clear_error(legal_project: Project) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        page = LabellingPage(legal_project.store.url, annotator="ana", port=port)
        with pytest.raises(CurateError, match=f"port {port} is in use on 127.0.0.1: choose another --port"):
            page.start()
    assert page.proc is None
