from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from curate import Project, TaskSpec
from curate.errors import NotFoundError, ProjectError, SchemaVersionError
from curate.store.tables import SCHEMA_VERSION


def test_create_then_open_keeps_spec_and_items(tmp_path: Path, legal_spec: TaskSpec) -> None:
    path = tmp_path / "p.db"
    (tmp_path / "a.csv").write_text("text\nhello\n")
    with Project.create(path, task=legal_spec) as p:
        p.import_data(tmp_path / "a.csv")
    with Project.open(path) as p:
        assert p.spec == legal_spec
        assert [it.text for it in p.items()] == ["hello"]


def test_sqlite_pragmas_are_durable(project: Project) -> None:
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_create_refuses_existing_and_open_refuses_missing(tmp_path: Path, legal_spec: TaskSpec) -> None:
    Project.create(tmp_path / "p.db", task=legal_spec).close()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(tmp_path / "p.db", task=legal_spec)
    with pytest.raises(ProjectError, match="no project at"):
        Project.open(tmp_path / "missing.db")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(ProjectError, match="not a curate project"):
        Project.open(tmp_path / "junk.db")


def test_newer_schema_is_refused_with_upgrade_hint(tmp_path: Path, legal_spec: TaskSpec) -> None:
    Project.create(tmp_path / "p.db", task=legal_spec).close()
    con = sqlite3.connect(tmp_path / "p.db")
    con.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(SchemaVersionError, match=r"newer curate.*upgrade"):
        Project.open(tmp_path / "p.db")


def test_older_schema_is_upgraded_on_open(tmp_path: Path, legal_spec: TaskSpec) -> None:
    Project.create(tmp_path / "p.db", task=legal_spec).close()
    con = sqlite3.connect(tmp_path / "p.db")
    con.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    con.execute("DROP TABLE pii_findings")
    con.commit()
    con.close()
    with Project.open(tmp_path / "p.db") as p:
        assert p.store.meta("schema_version") == str(SCHEMA_VERSION)
        with p.store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM pii_findings").scalar() == 0


def test_annotations_are_append_only_and_undo_is_an_event(legal_project: Project) -> None:
    item = legal_project.items()[0].id
    legal_project.annotate(item, "ana", ["arbitration"], note="first")
    legal_project.annotate(item, "ana", "jurisdiction", unsure=True, seconds=2.5)
    assert legal_project.labels(item) == {item: {"ana": ("jurisdiction",)}}
    undo = legal_project.undo("ana")
    assert undo is not None and undo.kind == "undo" and undo.labels == ("arbitration",)
    assert legal_project.labels(item) == {item: {"ana": ("arbitration",)}}
    legal_project.undo("ana")
    assert legal_project.labels(item) == {}
    assert legal_project.undo("ana") is None
    kinds = [(e.kind, e.labels, e.previous) for e in legal_project.history("ana")]
    assert kinds == [
        ("label", ("arbitration",), None),
        ("label", ("jurisdiction",), ("arbitration",)),
        ("undo", ("arbitration",), ("jurisdiction",)),
        ("undo", None, ("arbitration",)),
    ]
    first = legal_project.history("ana")[0]
    assert first.note == "first" and first.spec_version == 1
    assert legal_project.history("ana")[1].unsure and legal_project.history("ana")[1].seconds == 2.5


def test_annotation_records_the_spec_version_in_force(legal_project: Project) -> None:
    item = legal_project.items()[0].id
    legal_project.annotate(item, "ana", "arbitration")
    legal_project.update_spec(guidelines="Be strict.")
    legal_project.annotate(item, "ben", "arbitration")
    assert [e.spec_version for e in legal_project.store.events()] == [1, 2]
    assert legal_project.store.spec_versions() == [1, 2]
    assert legal_project.store.spec(1).guidelines != "Be strict."


def test_labels_in_use_cannot_be_removed_from_the_spec(legal_project: Project) -> None:
    item = legal_project.items()[0].id
    legal_project.annotate(item, "ana", "arbitration")
    keep = tuple(lab for lab in legal_project.spec.labels if lab.name != "arbitration")
    with pytest.raises(Exception, match="used by stored annotations"):
        legal_project.update_spec(labels=keep)


def test_unknown_item_and_label_are_clear_errors(legal_project: Project) -> None:
    with pytest.raises(NotFoundError, match="no item with id 'nope'"):
        legal_project.annotate("nope", "ana", "arbitration")
    item = legal_project.items()[0].id
    with pytest.raises(Exception, match="not in task"):
        legal_project.annotate(item, "ana", "Arbitration")
    assert legal_project.store.count_events() == 0


def test_embeddings_cache_round_trip(project: Project) -> None:
    import numpy as np

    vec = np.arange(4, dtype=np.float32)
    project.store.put_embeddings("m", {"h1": vec})
    project.store.put_embeddings("m", {"h1": vec + 1})  # first write wins: content-addressed
    got = project.store.get_embeddings("m", ["h1", "h2"])
    assert list(got) == ["h1"] and got["h1"].tolist() == [0, 1, 2, 3]
    assert project.store.get_embeddings("other", ["h1"]) == {}


def test_stats_counts(legal_project: Project) -> None:
    ids = [it.id for it in legal_project.items()[:3]]
    legal_project.annotate(ids[0], "ana", "arbitration")
    legal_project.annotate(ids[0], "ben", "jurisdiction")
    legal_project.annotate(ids[1], "ana", "arbitration")
    s = legal_project.stats()
    assert s["items"] == 400 and s["labelled"] == 2
    assert s["by_label"] == {"arbitration": 1} and s["ties"] == 1  # resolved labels: ids[0] ties
    assert s["by_annotator"] == {"ana": 2, "ben": 1}
    assert s["by_origin"] == {"real": 400}


def test_standalone_embedding_cache_behaves_like_the_project_cache(tmp_path: Path) -> None:
    import numpy as np

    from curate.store.vectors import EmbeddingCache

    cache = EmbeddingCache(tmp_path / "deep" / "cache.sqlite")
    cache.put("m", {"h1": np.ones(3, dtype=np.float32)})
    cache.put("m", {"h1": np.zeros(3, dtype=np.float32), "h2": np.zeros(3, dtype=np.float32)})
    again = EmbeddingCache(tmp_path / "deep" / "cache.sqlite")  # another handle on the same file
    assert again.get("m", ["h1", "h2", "h3"])["h1"].tolist() == [1, 1, 1]
    assert again.count("m") == 2 and again.count("other") == 0
