"""The labelling page: the annotator alone on a page of its own, served by Voilà.

In a notebook, a key pressed while the annotator does not have focus goes to
JupyterLab (``3`` turns a Markdown cell into a heading).  The labelling page
has no notebook: Voilà runs a generated one-cell notebook in a kernel and shows
only its output, the same :class:`~curate.widgets.Annotator` widget (same
keys, prefetch, acks and saving), with ``page=True`` so that every key on the
page goes to it.

The project location travels to the kernel in an environment variable, never
in the generated file (a PostgreSQL URL may hold a password).  Standard
library only: importing this module starts nothing.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from pathlib import Path
from typing import Any

from curate.errors import CurateError

__all__ = ["LabellingPage", "can_open_browser", "page_notebook"]

#: The environment variable that tells the page's kernel which project to open.
PROJECT_ENV = "CURATE_PAGE_PROJECT"

_HERE = Path(__file__).resolve().parent


def page_notebook(annotator: str, *, batch: int | None = None, options: dict[str, Any] | None = None) -> str:
    """The generated notebook (nbformat 4 JSON) whose only output is the annotator."""
    kwargs = {"annotator": annotator, "batch": batch, "page": True, **(options or {})}
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    source = (
        "import os\n"
        "from curate import Project\n"
        f"project = Project.open(os.environ[{PROJECT_ENV!r}])\n"
        f"project.annotator({args})"
    )
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {
                "cell_type": "code",
                "id": "curate-labelling-page",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": source,
            }
        ],
    }
    return json.dumps(nb, indent=1)


def can_open_browser() -> bool:
    """Whether opening a browser makes sense here: not in CI, and a display on Linux."""
    if os.environ.get("CI"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class LabellingPage:
    """A Voilà server showing one annotator's labelling page on loopback.

    Parameters
    ----------
    project
        Project file path or database URL.
    annotator
        Who labels; every decision records it.
    batch
        Only serve the items of this batch assigned to the annotator.
    port
        Port to serve on (default: a free one).
    options
        Further keyword options of :class:`~curate.widgets.Annotator` (e.g. ``show_meta``; on a
        span task ``pre_annotate=("rules", "model")``, as ``curate annotate --pre-annotate`` sets).

    Examples
    --------
    >>> page = LabellingPage("demo/legal.db", annotator="ana").start()   # doctest: +SKIP
    >>> page.url                                                          # doctest: +SKIP
    'http://127.0.0.1:8871/?token=...'
    """

    def __init__(
        self,
        project: str | Path,
        *,
        annotator: str,
        batch: int | None = None,
        port: int | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        if not annotator or not annotator.strip():
            raise CurateError("an annotator name is needed: curate annotate PROJECT --annotator NAME")
        text = str(project)
        self.project = text if "://" in text else str(Path(text).expanduser().resolve())
        self.annotator = annotator.strip()
        self.batch = batch
        self.port = port
        self.options = dict(options or {})
        self.token = secrets.token_urlsafe(24)
        self.proc: subprocess.Popen[bytes] | None = None
        self.folder: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def command(self, notebook: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            f"--port={self.port}",
            "--Voila.port_retries=0",
            "--Voila.ip=127.0.0.1",
            f"--token={self.token}",
            "--theme=light",
            "--template=curate",
            "--show_tracebacks=True",
        ]

    def start(self, *, timeout: float = 60.0) -> LabellingPage:
        """Start the server and wait until it answers; returns ``self``."""
        import importlib.util

        if importlib.util.find_spec("voila") is None:
            raise CurateError("the labelling page needs Voilà: pip install voila")
        if self.proc is not None and self.proc.poll() is None:
            return self
        if self.port is None:
            self.port = _free_port()
        elif not _port_free(self.port):
            raise CurateError(
                f"port {self.port} is in use on 127.0.0.1: choose another --port, or leave it out"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="curate-page-"))
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in self.annotator)[:60]
        notebook = self.folder / f"labelling-{safe}.ipynb"
        notebook.write_text(page_notebook(self.annotator, batch=self.batch, options=self.options))
        env = dict(os.environ)
        env[PROJECT_ENV] = self.project
        # Our Voilà template (the lab one without links to a CDN) is found on JUPYTER_PATH.
        share = str(_HERE / "share")
        env["JUPYTER_PATH"] = os.pathsep.join(p for p in [share, env.get("JUPYTER_PATH", "")] if p)
        # curate must import in the page's kernel as it does here (a source checkout included).
        root = str(_HERE.parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in [root, env.get("PYTHONPATH", "")] if p)
        log = (self.folder / "voila.log").open("wb")
        self.proc = subprocess.Popen(
            self.command(notebook),
            env=env,
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        atexit.register(self.stop)  # a kernel or CLI that exits takes its page with it
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise CurateError(
                    f"the labelling page's server stopped (exit {self.proc.returncode}): {self.log_tail()}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise CurateError(f"the labelling page's server did not answer in {timeout:.0f} s")

    def log_tail(self, n: int = 2000) -> str:
        if self.folder is None or not (self.folder / "voila.log").exists():
            return ""
        return (self.folder / "voila.log").read_text(errors="replace")[-n:]

    def open_browser(self) -> bool:
        """Open the page in the user's browser where one can open; returns whether it tried."""
        if not can_open_browser():
            return False
        with contextlib.suppress(webbrowser.Error):
            return bool(webbrowser.open(self.url, new=2))
        return False

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait(self) -> int:
        """Block until the server ends (Ctrl+C stops it); returns its exit status."""
        if self.proc is None:
            return 0
        try:
            return self.proc.wait()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the server (its kernel with it) and remove the generated notebook."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> LabellingPage:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
