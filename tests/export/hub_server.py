"""A small loopback stand-in for the Hugging Face Hub (standard library only).

It answers the HTTP calls that ``huggingface_hub`` makes to create a dataset
repo, upload files (regular and LFS), commit, list and download them (see
shared/RECIPES.md).  It records every create-repo body and commit header so
tests can check what really reached the server, stores uploaded files so they
can be loaded back, and can fail chosen calls on demand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlparse

_REPO = r"(?P<repo>[^/]+/[^/]+?)"
_GITATTRIBUTES = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n"


@dataclass
class Repo:
    private: bool
    files: dict[str, bytes] = field(default_factory=dict)
    commits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def uploaded(self) -> dict[str, bytes]:
        """Files other than the ``.gitattributes`` every new repo starts with."""
        return {k: v for k, v in self.files.items() if k != ".gitattributes"}

    @property
    def sha(self) -> str:
        return self.commits[-1]["oid"] if self.commits else "0" * 40


def _tree(files: dict[str, bytes], sub: str, *, recursive: bool) -> list[dict[str, Any]]:
    """Entries under folder ``sub`` as the Hub's tree API lists them (folders included)."""
    prefix = f"{sub}/" if sub else ""
    out: dict[str, dict[str, Any]] = {}
    for path, data in sorted(files.items()):
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix) :].split("/")
        for depth in range(1, len(parts)):
            folder = prefix + "/".join(parts[:depth])
            if recursive or depth == 1:
                out.setdefault(folder, {"type": "directory", "path": folder, "size": 0, "oid": "0" * 40})
        if recursive or len(parts) == 1:
            oid = hashlib.sha1(data, usedforsecurity=False).hexdigest()
            out[path] = {"type": "file", "path": path, "size": len(data), "oid": oid}
    return [out[k] for k in sorted(out)]


class HubState:
    """What the server holds and saw; safe to read from the test thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.repos: dict[str, Repo] = {}
        self.lfs: dict[str, bytes] = {}
        self.create_bodies: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.auth_headers: list[str] = []
        self._fail: dict[str, list[int | None]] = {}

    def fail_next(self, kind: str, times: int = 1, status: int | None = 500) -> None:
        """Make the next ``times`` calls of ``kind`` (create, preupload, lfs-batch, lfs-upload,
        commit) answer ``status``, or drop the connection when ``status`` is None."""
        with self.lock:
            self._fail.setdefault(kind, []).extend([status] * times)

    def _take_failure(self, kind: str) -> tuple[bool, int | None]:
        with self.lock:
            queue = self._fail.get(kind)
            if queue:
                return True, queue.pop(0)
        return False, None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        return None

    # -- plumbing ------------------------------------------------------------------
    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self,
        status: int,
        payload: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        head: bool = False,
    ) -> None:
        data = raw if raw is not None else json.dumps(payload if payload is not None else {}).encode()
        self.send_response(status)
        kind = "application/octet-stream" if raw is not None else "application/json"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _fail(self, kind: str) -> bool:
        hit, status = self.server.state._take_failure(kind)
        if not hit:
            return False
        if status is None:
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        self._send(status, {"error": f"injected failure on {kind}"})
        return True

    def _not_found(self) -> None:
        self._send(404, {"error": "Repository not found"}, headers={"X-Error-Code": "RepoNotFound"})

    @property
    def _endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _record(self) -> str:
        path = unquote(urlparse(self.path).path)
        st = self.server.state
        with st.lock:
            st.requests.append((self.command, path))
            if self.headers.get("Authorization"):
                st.auth_headers.append(self.headers["Authorization"])
        return path

    # -- routes --------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def _get(self, *, head: bool) -> None:
        path = self._record()
        st = self.server.state
        m = re.fullmatch(rf"/api/datasets/{_REPO}(?:/revision/(?P<rev>[^/]+))?", path)
        if m:
            repo = st.repos.get(m["repo"])
            if repo is None:
                return self._not_found()
            return self._send(
                200,
                {
                    "id": m["repo"],
                    "_id": m["repo"],
                    "private": repo.private,
                    "sha": repo.sha,
                    "siblings": [{"rfilename": p} for p in sorted(repo.files)],
                    "tags": [],
                    "disabled": False,
                    "gated": False,
                    "downloads": 0,
                    "likes": 0,
                    "lastModified": "2026-01-01T00:00:00.000Z",
                },
                head=head,
            )
        m = re.fullmatch(rf"/api/datasets/{_REPO}/tree/(?P<rev>[^/]+)(?:/(?P<sub>.*))?", path)
        if m:
            repo = st.repos.get(m["repo"])
            if repo is None:
                return self._not_found()
            sub = (m["sub"] or "").strip("/")
            recursive = "recursive=true" in urlparse(self.path).query.lower()
            entries = _tree(repo.files, sub, recursive=recursive)
            if sub and not entries:
                return self._send(
                    404, {"error": "Entry not found"}, headers={"X-Error-Code": "EntryNotFound"}
                )
            return self._send(200, entries, head=head)
        m = re.fullmatch(rf"/datasets/{_REPO}/resolve/(?P<rev>[^/]+)/(?P<file>.+)", path)
        if m:
            repo = st.repos.get(m["repo"])
            if repo is None:
                return self._not_found()
            data = repo.files.get(m["file"])
            if data is None:
                missing = {"X-Error-Code": "EntryNotFound"}
                return self._send(404, {"error": "Entry not found"}, headers=missing)
            etag = f'"{hashlib.sha256(data).hexdigest()}"'
            return self._send(200, raw=data, head=head, headers={"ETag": etag, "X-Repo-Commit": repo.sha})
        self._send(404, {"error": f"no route for GET {path}"})

    def do_PUT(self) -> None:
        path = self._record()
        body = self._body()
        m = re.fullmatch(r"/lfs-upload/(?P<oid>[0-9a-f]{64})", path)
        if not m:
            return self._send(404, {"error": f"no route for PUT {path}"})
        if self._fail("lfs-upload"):
            return None
        if hashlib.sha256(body).hexdigest() != m["oid"]:
            return self._send(400, {"error": "sha256 mismatch"})
        with self.server.state.lock:
            self.server.state.lfs[m["oid"]] = body
        return self._send(200, {})

    def do_POST(self) -> None:
        path = self._record()
        body = self._body()
        st = self.server.state
        if path == "/api/repos/create":
            if self._fail("create"):
                return None
            data = json.loads(body or b"{}")
            repo_id = f"{data.get('organization') or 'user'}/{data['name']}"
            with st.lock:
                st.create_bodies.append(data)
                if repo_id in st.repos:
                    return self._send(409, {"error": "You already created this dataset repo", "url": ""})
                private = data.get("visibility", "private" if data.get("private") else "public") == "private"
                repo = Repo(private=private, files={".gitattributes": _GITATTRIBUTES})
                first = hashlib.sha1(repo_id.encode(), usedforsecurity=False).hexdigest()
                repo.commits.append({"oid": first, "summary": "initial commit", "description": ""})
                st.repos[repo_id] = repo
            return self._send(200, {"url": f"{self._endpoint}/datasets/{repo_id}", "name": repo_id})
        m = re.fullmatch(rf"/api/datasets/{_REPO}/preupload/(?P<rev>[^/]+)", path)
        if m:
            if self._fail("preupload"):
                return None
            files = json.loads(body)["files"]
            return self._send(
                200,
                {
                    "files": [
                        {
                            "path": f["path"],
                            "uploadMode": "lfs" if f["path"].endswith(".parquet") else "regular",
                            "shouldIgnore": False,
                        }
                        for f in files
                    ]
                },
            )
        m = re.fullmatch(rf"/datasets/{_REPO}\.git/info/lfs/objects/batch", path)
        if m:
            if self._fail("lfs-batch"):
                return None
            objects = []
            for obj in json.loads(body)["objects"]:
                entry: dict[str, Any] = {"oid": obj["oid"], "size": obj["size"]}
                if obj["oid"] not in st.lfs:
                    href = f"{self._endpoint}/lfs-upload/{obj['oid']}"
                    entry["actions"] = {"upload": {"href": href, "header": {}}}
                objects.append(entry)
            return self._send(200, {"transfer": "basic", "objects": objects})
        m = re.fullmatch(rf"/api/datasets/{_REPO}/commit/(?P<rev>[^/]+)", path)
        if m:
            if self._fail("commit"):
                return None
            return self._commit(m["repo"], body)
        if path == "/api/validate-yaml":
            return self._send(200, {"errors": [], "warnings": []})
        self._send(404, {"error": f"no route for POST {path}"})

    def _commit(self, repo_id: str, body: bytes) -> None:
        st = self.server.state
        repo = st.repos.get(repo_id)
        if repo is None:
            return self._not_found()
        header: dict[str, Any] = {}
        staged = dict(repo.files)
        for line in body.decode().splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            key, value = entry["key"], entry["value"]
            if key == "header":
                header = value
            elif key == "file":
                staged[value["path"]] = base64.b64decode(value["content"])
            elif key == "lfsFile":
                if value["oid"] not in st.lfs:
                    return self._send(422, {"error": f"LFS object {value['oid']} was never uploaded"})
                staged[value["path"]] = st.lfs[value["oid"]]
            elif key == "deletedFile":
                staged.pop(value["path"], None)
        oid = hashlib.sha1(body, usedforsecurity=False).hexdigest()
        with st.lock:
            repo.files = staged
            repo.commits.append(
                {
                    "oid": oid,
                    "summary": header.get("summary", ""),
                    "description": header.get("description", ""),
                }
            )
        return self._send(
            200,
            {
                "commitUrl": f"{self._endpoint}/datasets/{repo_id}/commit/{oid}",
                "commitOid": oid,
                "success": True,
                "pullRequestUrl": None,
            },
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: HubState


class HubServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``endpoint`` is the base URL."""

    def __init__(self) -> None:
        self.state = HubState()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._stopped = False

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> HubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
