"""`curate push` through the real huggingface_hub client to a loopback Hub server.

Each push runs in a child process, as a user would run it, because
huggingface_hub reads HF_ENDPOINT (and offline mode) when it is imported.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import TOKEN, hub_env, run_cli
from hub_server import HubServer

from curate import Project

pytestmark = pytest.mark.slow

LOAD_BACK = """
import json, sys
from huggingface_hub import snapshot_download
from datasets import load_dataset
path = snapshot_download(sys.argv[1], repo_type="dataset")
dsd = load_dataset(path)
print(json.dumps({s: {"ids": list(dsd[s]["id"]), "labels": dsd[s].features["label"].names} for s in dsd}))
"""


def _scan(path: Path) -> None:
    """The real review step before publishing: scan with the patterns, pseudonymise what is found."""
    with Project.open(path) as project:
        project.pii_scan(ner=False)
        project.pii_apply(random_state=0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _no_token_anywhere(*texts: str, folders: tuple[Path, ...] = (), blobs: tuple[bytes, ...] = ()) -> None:
    for text in texts:
        assert TOKEN not in text
    for blob in blobs:
        assert TOKEN.encode() not in blob
    for folder in folders:
        for p in folder.rglob("*"):
            if p.is_file():
                assert TOKEN.encode() not in p.read_bytes(), p


def test_private_push_round_trips_and_matches_the_local_export(
    curated_path: Path, tmp_path: Path, hub: HubServer
) -> None:
    _scan(curated_path)
    env = hub_env(hub, tmp_path)
    local = tmp_path / "local"
    exported = run_cli(
        ["export", str(curated_path), str(local), "--format", "parquet", "--group-col", "doc"], env
    )
    assert exported.returncode == 0, exported.stderr
    pushed = run_cli(["push", str(curated_path), "team/contracts-v3", "--group-col", "doc", "--json"], env)
    assert pushed.returncode == 0, pushed.stderr
    result = json.loads(pushed.stdout)
    with Project.open(curated_path) as project:
        snapshot = project.export_plan(group_by="doc").snapshot

    # the private flag reached the server, as huggingface_hub 2.4 sends it
    assert hub.state.create_bodies == [
        {"name": "contracts-v3", "organization": "team", "visibility": "private", "type": "dataset"}
    ]
    repo = hub.state.repos["team/contracts-v3"]
    assert repo.private and result["private"] and result["created"]
    assert (
        len(repo.commits) == 2 and snapshot in repo.commits[-1]["summary"] and result["snapshot"] == snapshot
    )
    # the Hub holds exactly the local parquet export, byte for byte, card included
    local_files = {str(p.relative_to(local)): p.read_bytes() for p in local.rglob("*") if p.is_file()}
    assert repo.uploaded == local_files
    assert "## Personal data handling" in repo.files["README.md"].decode()
    # the token came from HF_TOKEN and went to the server only
    assert hub.state.auth_headers and all(h == f"Bearer {TOKEN}" for h in hub.state.auth_headers)
    _no_token_anywhere(
        pushed.stdout, pushed.stderr, exported.stdout, exported.stderr,
        folders=(local, tmp_path / "hf-home"), blobs=(*repo.files.values(), curated_path.read_bytes()),
    )  # fmt: skip

    # and the model team loads it back with the real clients
    back = subprocess.run(
        [sys.executable, "-c", LOAD_BACK, "team/contracts-v3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert back.returncode == 0, back.stderr
    loaded = json.loads(back.stdout.strip().splitlines()[-1])
    with Project.open(curated_path) as project:
        expected = project.to_dataset(group_by="doc")
        labels = list(project.spec.label_names)
    assert {s: v["ids"] for s, v in loaded.items()} == {s: list(expected[s]["id"]) for s in expected}
    assert all(v["labels"] == labels for v in loaded.values())

    # pushing the same state again changes nothing but adds a commit
    again = run_cli(["push", str(curated_path), "team/contracts-v3", "--group-col", "doc"], env)
    assert again.returncode == 0, again.stderr
    assert len(repo.commits) == 3 and hub.state.repos["team/contracts-v3"].uploaded == local_files
    # a new split layout replaces the old files in the same commit: no stale split survives
    resplit = run_cli(["push", str(curated_path), "team/contracts-v3", "--splits", "train=0.9,test=0.1"], env)
    assert resplit.returncode == 0, resplit.stderr
    assert sorted(repo.uploaded) == [
        "README.md",
        "data/test-00000-of-00001.parquet",
        "data/train-00000-of-00001.parquet",
    ]


def test_public_only_on_request_and_never_silently(
    curated_path: Path, tmp_path: Path, hub: HubServer
) -> None:
    env = hub_env(hub, tmp_path)
    refused = run_cli(["push", str(curated_path), "me/open-data"], env)
    assert (
        refused.returncode == 2
        and "never scanned" in refused.stderr
        and "--allow-unscanned" in refused.stderr
    )
    assert hub.state.requests == []  # the gate closed before any network call
    public = run_cli(["push", str(curated_path), "me/open-data", "--public", "--allow-unscanned"], env)
    assert public.returncode == 0, public.stderr
    assert hub.state.create_bodies[0]["visibility"] == "public"
    assert not hub.state.repos["me/open-data"].private
    assert "**not scanned**" in hub.state.repos["me/open-data"].files["README.md"].decode()
    # a default (private) push to a repo that is public is refused, not silently made public
    private = run_cli(["push", str(curated_path), "me/open-data", "--allow-unscanned"], env)
    assert private.returncode == 2 and "is public but a private push was asked for" in private.stderr
    assert len(hub.state.repos["me/open-data"].commits) == 2


def test_failed_push_is_clear_changes_nothing_and_retry_succeeds(
    curated_path: Path, tmp_path: Path, hub: HubServer
) -> None:
    _scan(curated_path)
    env = hub_env(hub, tmp_path)
    before = _sha(curated_path)
    hub.state.fail_next("commit", status=None)  # connection dropped mid-push
    dropped = run_cli(["push", str(curated_path), "me/flaky"], env)
    assert dropped.returncode == 2, dropped.stdout
    assert "push to me/flaky failed" in dropped.stderr and "run the same push again" in dropped.stderr
    assert "Traceback" not in dropped.stderr
    hub.state.fail_next("commit", status=500)
    failed = run_cli(["push", str(curated_path), "me/flaky"], env)
    assert failed.returncode == 2 and "500" in failed.stderr and "Traceback" not in failed.stderr
    assert hub.state.repos["me/flaky"].uploaded == {} and len(hub.state.repos["me/flaky"].commits) == 1
    assert _sha(curated_path) == before  # nothing changed locally
    _no_token_anywhere(dropped.stderr, failed.stderr)
    retry = run_cli(["push", str(curated_path), "me/flaky", "--json"], env)
    assert retry.returncode == 0, retry.stderr
    assert not json.loads(retry.stdout)["created"]
    assert sorted(hub.state.repos["me/flaky"].uploaded) == [
        "README.md",
        "data/test-00000-of-00001.parquet",
        "data/train-00000-of-00001.parquet",
        "data/validation-00000-of-00001.parquet",
    ]
    assert _sha(curated_path) == before


def test_no_token_gives_a_clear_error(curated_path: Path, tmp_path: Path, hub: HubServer) -> None:
    _scan(curated_path)
    env = hub_env(hub, tmp_path)
    del env["HF_TOKEN"]
    out = run_cli(["push", str(curated_path), "me/x"], env)
    assert out.returncode == 2 and "no Hugging Face token" in out.stderr and "hf auth login" in out.stderr
    assert hub.state.repos == {}


def test_unreachable_hub_gives_a_clear_error(curated_path: Path, tmp_path: Path, hub: HubServer) -> None:
    _scan(curated_path)
    env = hub_env(hub, tmp_path)
    before = _sha(curated_path)
    hub.stop()  # nothing listens there any more
    out = run_cli(["push", str(curated_path), "me/x"], env)
    assert out.returncode == 2 and "push to me/x failed" in out.stderr and "Traceback" not in out.stderr
    assert _sha(curated_path) == before
