"""A real JupyterLab server and headless Debian Chromium, for browser tests and benchmarks.

Imported as a top-level module (pytest puts this folder on the path; the
benchmark does the same), never as ``tests.browser...``: the name ``tests`` can
belong to another installed distribution.

Recipe from shared/RECIPES.md: temporary Jupyter config/data/settings folders,
the news pop-up off, a free port, Chromium with background networking off,
and a wait until the browser's kernel connection is up before running a cell.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_root(tmp: Path, *, notebook: str = "01_annotate.ipynb") -> Path:
    """A lab root laid out like the repository: notebooks/, data/ and an empty demo/."""
    root = tmp / "lab"
    (root / "notebooks").mkdir(parents=True)
    (root / "demo").mkdir()
    shutil.copy(ROOT / "notebooks" / notebook, root / "notebooks" / notebook)
    shutil.copytree(ROOT / "data", root / "data")
    return root


def write_notebook(root: Path, name: str, source: str) -> None:
    """A one-cell notebook in the lab root's notebooks/ folder."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / name)


class Lab:
    """One JupyterLab server process serving ``root``; use :func:`running_lab`."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.work = work
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = work / "jupyter.log"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
        }
        for var, name in dirs.items():
            path = self.work / name
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        notify = self.work / "settings" / "@jupyterlab" / "apputils-extension"
        notify.mkdir(parents=True, exist_ok=True)
        (notify / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["HF_HUB_OFFLINE"] = "1"
        return env

    def start(self, timeout: float = 60.0) -> None:
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={self.root}",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                cmd, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {self.log.read_text()[-2000:]}")
            try:
                self.api("/api/status")
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        raise RuntimeError(f"jupyter lab did not answer in {timeout} s: {self.log.read_text()[-2000:]}")

    def api(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.base}{path}?token={self.token}", timeout=5) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def wait_kernel_connected(self, timeout: float = 60.0) -> None:
        """Until a kernel is idle with the browser connected (a Shift+Enter earlier is dropped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                kernels = self.api("/api/kernels")
            except (OSError, urllib.error.URLError):
                kernels = []  # HTTP 500 while a kernel starts: ask again
            if any(k.get("connections", 0) >= 1 and k.get("execution_state") == "idle" for k in kernels):
                time.sleep(0.5)
                return
            time.sleep(0.2)
        raise RuntimeError("no kernel became idle with a browser connection")

    def delete_kernels(self) -> None:
        """Shut every kernel down, as a crash would (the page keeps its widgets)."""
        for kernel in self.api("/api/kernels"):
            req = urllib.request.Request(
                f"{self.base}/api/kernels/{kernel['id']}?token={self.token}", method="DELETE"
            )
            urllib.request.urlopen(req, timeout=10).close()

    def url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/notebooks/{notebook}?token={self.token}&reset"


@contextmanager
def running_lab(root: Path, work: Path) -> Iterator[Lab]:
    lab = Lab(root, work)
    lab.start()
    try:
        yield lab
    finally:
        lab.stop()


@contextmanager
def chromium(work: Path) -> Iterator[Any]:
    """A Playwright browser context on Debian Chromium with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(work / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 1000},
        )
        try:
            yield ctx
        finally:
            ctx.close()


def open_and_run(page: Any, lab: Lab, notebook: str = "01_annotate.ipynb") -> Any:
    """Open the notebook, run its first code cell, and return the annotator's locator."""
    page.goto(lab.url(notebook))
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
    lab.wait_kernel_connected()
    page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()
    page.keyboard.press("Shift+Enter")
    widget = page.locator(".curate-annotator").first
    widget.locator(".curate-text[data-item-id]").wait_for(timeout=60_000)
    return widget


class LabellingPageProcess:
    """``curate annotate PROJECT --annotator NAME --no-browser`` as a user runs it; see :func:`labelling_page`."""

    def __init__(self, project: Path, annotator: str, work: Path, *extra: str) -> None:
        self.work = work
        self.log = work / "annotate.log"
        env = dict(os.environ)
        for var, name in [("JUPYTER_RUNTIME_DIR", "page-runtime"), ("IPYTHONDIR", "page-ipython")]:
            (work / name).mkdir(parents=True, exist_ok=True)
            env[var] = str(work / name)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env.pop("DISPLAY", None)  # never a real browser from a test
        cmd = [sys.executable, "-m", "curate.cli", "annotate", str(project), "--annotator", annotator]
        self._err = self.log.open("wb")
        self.proc = subprocess.Popen(
            [*cmd, "--no-browser", *extra],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._err,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().decode()
        if "http://" not in first:
            self.stop()
            raise RuntimeError(f"curate annotate printed {first!r}: {self.log.read_text()[-2000:]}")
        self.first_line = first.strip()
        self.url = first[first.index("http://") :].strip()

    def stop(self) -> int:
        """Ctrl+C, as the user stops it; returns the exit status."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._err.close()
        return int(self.proc.returncode)


@contextmanager
def labelling_page(project: Path, annotator: str, work: Path, *extra: str) -> Iterator[LabellingPageProcess]:
    page = LabellingPageProcess(project, annotator, work, *extra)
    try:
        yield page
    finally:
        page.stop()
