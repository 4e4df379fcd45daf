"""Table definitions (SQLAlchemy Core), portable between SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["SCHEMA_VERSION", "metadata"]

#: Bump with a new entry in ``curate.store.migrations.MIGRATIONS``.
SCHEMA_VERSION = 3

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

task_specs = sa.Table(
    "task_specs",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("spec_json", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    # Insertion order: the default queue order, stable across databases.
    sa.Column("position", sa.Integer, nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("source", sa.String(400), nullable=False, default=""),
    sa.Column("origin", sa.String(16), nullable=False, default="real"),
    sa.Column("status", sa.String(16), nullable=False, default="accepted"),
    sa.Column("status_reason", sa.Text, nullable=True),
    sa.Column("metadata_json", sa.Text, nullable=False, default="{}"),
    sa.Column("created_at", sa.String(40), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), nullable=False),
    sa.Column("annotator", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("labels_json", sa.Text, nullable=True),
    sa.Column("unsure", sa.Boolean, nullable=False, default=False),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("seconds", sa.Float, nullable=True),
    sa.Column("spec_version", sa.Integer, nullable=False),
    sa.Column("previous_json", sa.Text, nullable=True),
    sa.Column("target", sa.Integer, nullable=True, index=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    # Span tasks (schema 3): the annotator's whole span list for the item, JSON
    # ``[{start, end, label}]``; NULL on classification events and skips.
    sa.Column("spans_json", sa.Text, nullable=True),
    sa.Index("ix_events_annotator_id", "annotator", "id"),
    sa.Index("ix_events_item", "item_id"),
)

# Derived from ``events`` inside the same transaction as each event, so that
# queue and stats queries stay indexed lookups on large projects.
current = sa.Table(
    "current_labels",
    metadata,
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("annotator", sa.String(200), primary_key=True),
    sa.Column("labels_json", sa.Text, nullable=False),
    sa.Column("unsure", sa.Boolean, nullable=False, default=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("spans_json", sa.Text, nullable=True),
    sa.Index("ix_current_annotator", "annotator", "item_id"),
)

leases = sa.Table(
    "leases",
    metadata,
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("annotator", sa.String(200), primary_key=True),
    sa.Column("popped_at", sa.Float, nullable=False),
)

batches = sa.Table(
    "batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("strategy", sa.String(100), nullable=False),
    sa.Column("params_json", sa.Text, nullable=False),
    sa.Column("model_version", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

batch_items = sa.Table(
    "batch_items",
    metadata,
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), primary_key=True),
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
)

assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("annotator", sa.String(200), primary_key=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_assignments_annotator", "annotator", "item_id"),
)

embeddings = sa.Table(
    "embeddings",
    metadata,
    sa.Column("model_id", sa.String(300), primary_key=True),
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

provenance = sa.Table(
    "provenance",
    metadata,
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("provenance_json", sa.Text, nullable=False),
)

pii_findings = sa.Table(
    "pii_findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), nullable=False, index=True),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default="open"),
    sa.Column("detector", sa.String(100), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)
