"""The same store on a real PostgreSQL server (a throwaway cluster started for this module)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from curate import Label, Project, TaskSpec
from curate.errors import ProjectError
from curate.schema import BatchItem

SPEC = TaskSpec(name="t", labels=(Label(name="a"), Label(name="b")), multi_label=True)


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not installed (make test installs them)")
    root = Path(tempfile.mkdtemp(prefix="curate-pg-"))
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "curate"], check=True, capture_output=True
    )
    subprocess.run(
        [
            *run_as,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg2://curate@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_full_annotation_cycle_on_postgres(pg_url: str) -> None:
    with Project.create(pg_url, task=SPEC) as p:
        report = p.import_data(
            pd.DataFrame({"text": ["one", "two", "three", "two "], "label": ["a|b", "", "", ""]}),
            label_cols="label",
        )
        assert report.added == 3 and len(report.merged_duplicates) == 1
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(pg_url, task=SPEC)
    with Project.open(pg_url) as p:
        s = p.session("ana")
        item = s.next()
        assert item is not None and item.text == "two"  # "one" carries an imported label
        s.submit(["b", "a"], note="n", advance=False)
        assert p.undo("ana") is not None
        s2 = p.session("ben")
        assert s2.next().text == "three"  # the undone item is held for ana again
        batch = p.store.add_batch(
            strategy="random",
            params={"n": 1},
            model_version="none",
            items=[BatchItem(item_id=item.id, rank=0, score=0.5)],
        )
        assert p.store.batch(batch.id).item_ids == [item.id]
        p.store.put_embeddings("m", {"h": np.ones(3, dtype=np.float32)})
        assert p.store.get_embeddings("m", ["h"])["h"].tolist() == [1, 1, 1]
        stats = p.stats()
        assert stats["items"] == 3 and stats["by_label"] == {"a": 1, "b": 1}
        assert [e.kind for e in p.history("ana")] == ["label", "undo"]


def test_span_annotation_and_schema_3_migration_on_postgres(pg_url: str) -> None:
    import sqlalchemy as sa

    from curate.spans import LabeledSpan, span_spec_from_names

    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text("CREATE DATABASE spans"))
        c.execute(sa.text("CREATE DATABASE old_schema"))
    admin.dispose()
    base = pg_url.rsplit("/", 1)[0]
    drug = LabeledSpan(start=5, end=12, label="DRUG")
    with Project.create(f"{base}/spans", task=span_spec_from_names("DRUG,ADE")) as p:
        p.import_data(pd.DataFrame({"id": ["r1"], "text": ["Took aspirin; rash."]}), id_col="id")
        s = p.session("ana")
        s.next()
        s.submit(spans=[drug, {"start": 14, "end": 18, "label": "ADE"}], advance=False)
        s.submit(spans=[drug], advance=False)
        assert p.undo("ana") is not None
        assert p.spans("r1") == {"ana": [drug, LabeledSpan(start=14, end=18, label="ADE")]}
        assert p.resolved_spans()["r1"].method == "unanimous"
    # a schema-2 project (no spans_json columns) upgrades in place
    old = f"{base}/old_schema"
    with Project.create(old, task=SPEC) as p:
        p.import_data(pd.DataFrame({"text": ["one"]}))
        p.annotate(p.items()[0].id, "ana", "a")
    engine = sa.create_engine(old)
    with engine.begin() as c:
        c.execute(sa.text("ALTER TABLE events DROP COLUMN spans_json"))
        c.execute(sa.text("ALTER TABLE current_labels DROP COLUMN spans_json"))
        c.execute(sa.text("UPDATE meta SET value='2' WHERE key='schema_version'"))
    engine.dispose()
    with Project.open(old) as p:
        assert p.store.meta("schema_version") == "3"
        assert list(p.labels().values()) == [{"ana": ("a",)}]
        assert p.history("ana")[0].spans is None
