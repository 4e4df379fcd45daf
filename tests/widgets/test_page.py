"""The labelling page: its generated notebook, when a browser opens, and `curate annotate` end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from curate import Project
from curate.cli import build_parser, main
from curate.commands.annotate import page_from_args
from curate.errors import CurateError
from curate.spans import SpanLabel, SpanTaskSpec
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


def _served_widget(page: LabellingPage, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the page's generated notebook here (as Voilà would) and return the widget it shows."""
    source = json.loads(page_notebook(page.annotator, batch=page.batch, options=page.options))["cells"][0][
        "source"
    ]
    *setup, last = source.splitlines()
    monkeypatch.setenv(PROJECT_ENV, page.project)
    namespace: dict[str, Any] = {}
    exec("\n".join(setup), namespace)  # noqa: S102 - our generated notebook, as Voilà runs it
    return eval(last, namespace)  # noqa: S307 - its last line, the widget expression


def test_curate_annotate_pre_annotate_reaches_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = SpanTaskSpec(
        name="dis",
        labels=(
            SpanLabel(name="DISEASE", vocabulary=("breast cancer", "cancer")),
            SpanLabel(name="GENE", patterns=(r"BRCA\d",)),
        ),
        overlapping=True,
    )
    text = "Carriers of BRCA1 have a high risk of breast cancer."
    db = tmp_path / "s.db"
    with Project.create(db, task=spec) as project:
        project.import_data(pd.DataFrame({"id": ["a"], "text": [text]}), id_col="id")
    parser = build_parser()
    page = page_from_args(
        parser.parse_args(["annotate", str(db), "--annotator", "ana", "--pre-annotate", "rules"])
    )
    assert page.options["pre_annotate"] == ("rules",)
    widget = _served_widget(page, monkeypatch)
    assert widget._page_options()["pre_annotate"] == ("rules",)
    sent: list[dict[str, Any]] = []
    widget.send = sent.append
    widget.handle({"type": "hello"})  # asks the worker thread for the first items' suggestions
    deadline = time.monotonic() + 60
    while not any(m["type"] == "suggestions" for m in sent) and time.monotonic() < deadline:
        time.sleep(0.05)
    (reset,) = widget.handle({"type": "hello"})
    assert [(text[s["start"] : s["end"]], s["label"]) for s in reset["items"][0]["suggestions"]] == [
        ("BRCA1", "GENE"),
        ("breast cancer", "DISEASE"),
        ("cancer", "DISEASE"),
    ]
    widget.close()
    # Given alone it means every source; without it, no suggestions (off by default).
    alone = page_from_args(parser.parse_args(["annotate", str(db), "--annotator", "ana", "--pre-annotate"]))
    assert alone.options["pre_annotate"] == ("rules", "pii", "model")
    plain = page_from_args(parser.parse_args(["annotate", str(db), "--annotator", "ana"]))
    assert "pre_annotate" not in plain.options


def test_curate_annotate_pre_annotate_errors(
    tmp_path: Path, legal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    spans_db = tmp_path / "s.db"
    Project.create(spans_db, task=SpanTaskSpec(name="d", labels=(SpanLabel(name="D"),))).close()
    args = ["annotate", str(spans_db), "--annotator", "ana", "--no-browser", "--pre-annotate", "rules,regex"]
    assert main(args) == 2
    assert "unknown suggestion sources ['regex']" in capsys.readouterr().err
    db = legal_project.store.url.removeprefix("sqlite:///")
    assert main(["annotate", db, "--annotator", "ana", "--no-browser", "--pre-annotate", "rules"]) == 2
    assert "classification task" in capsys.readouterr().err
