"""`make lab` as a new user runs it: the Hub stays reachable for the push, the model stays local."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_roots_at_the_repo_and_leaves_the_hub_online() -> None:
    out = subprocess.run(
        ["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ}
    ).stdout
    (cmd,) = [line for line in out.replace("\\\n", " ").splitlines() if "jupyter lab" in line]
    assert "HF_HUB_OFFLINE" not in cmd and "TRANSFORMERS_OFFLINE" not in cmd
    # The root holds demo/ (projects, the export and its card) and notebooks/, where the Lab opens.
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert "--ServerApp.default_url=/lab/tree/notebooks" in cmd
    assert (ROOT / "notebooks" / "01_annotate.ipynb").exists()


PROBE = """
import socket
tried = []
real = socket.getaddrinfo
def guard(host, *args, **kwargs):
    if host not in ("127.0.0.1", "localhost", "::1", None):
        tried.append(host)
        raise OSError("no network in this test: " + str(host))
    return real(host, *args, **kwargs)
socket.getaddrinfo = guard
from curate.embed import SentenceTransformerEmbedder
vectors = SentenceTransformerEmbedder(show_progress=False).encode(["The courts of Dublin decide."])
import huggingface_hub.constants as c
print("shape", vectors.shape, "offline", c.is_offline_mode(), "tried", tried)
"""


@pytest.mark.slow
def test_model_loads_without_network_and_without_offline_mode(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env["PYTHONPATH"] = str(ROOT)
    env["HF_HOME"] = str(tmp_path / "hf")  # an empty cache: only the packaged model folder can serve
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "shape (1, 384) offline False tried []" in done.stdout
