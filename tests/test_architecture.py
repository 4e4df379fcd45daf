"""The layers of ../shared/ARCHITECTURE.md, checked on the import statements of ``curate/``.

schema <- {store, ingest, embed, active, synth, pii, quality, export, labels, spans} <- workflows
<- {project, session} <- {widgets, cli, commands}.  A module imports only from its own
part and from lower layers; imports inside ``if TYPE_CHECKING:`` are annotations only and
are checked by the separate rules below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CURATE = Path(__file__).resolve().parents[1] / "curate"

LAYERS: dict[str, int] = {
    "_version": 0,
    "_progress": 0,
    "errors": 0,
    "schema": 0,
    "lexicon": 0,  # domain vocabularies (data files and lookups), used by pii and synth
    **dict.fromkeys(
        ["store", "ingest", "embed", "active", "synth", "pii", "quality", "export", "labels", "spans"], 1
    ),
    "workflows": 2,
    "project": 3,
    "session": 3,
    **dict.fromkeys(["widgets", "cli", "commands"], 4),
    "curate": 5,  # the package root re-exports the public API
}

#: Imports within the middle layer, each with its reason; everything else there is forbidden.
MIDDLE_EDGES = {
    ("labels", "quality"): "per-item agreement of a resolution",
    ("export", "labels"): "the export resolves labels with the one resolver",
    ("export", "quality"): "the card reports agreement",
    ("export", "store"): "an export reads one snapshot through a Store method",
    ("synth", "pii"): "generators reuse the PII detectors and surrogates",
    ("spans", "active"): "the span strategy returns the strategies' Selection",
    ("spans", "ingest"): "span files are read with the same readers as every import",
    ("export", "spans"): "a span export writes the spans column and BIO tags and reports span F1",
    ("labels", "spans"): "the span rule resolves span lists beside the label rule",
    ("store", "spans"): "the store reads back a stored task of either kind and stored span lists",
}

#: Upward imports that stay, each lazy (inside a function) and with its reason.
UPWARD = {
    ("project", "widgets"): "Project.annotator()/reviewer() build the widget for the notebook",
}


def _part(module: str) -> str:
    parts = module.split(".")
    return "curate" if len(parts) == 1 else parts[1]


def _imports(path: Path) -> list[tuple[str, bool, bool]]:
    """(imported curate module, inside TYPE_CHECKING, inside a function) for each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, bool, bool]] = []

    def visit(node: ast.AST, typing_only: bool, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.body:
                    visit_node(sub, True, lazy)
                for sub in child.orelse:
                    visit_node(sub, typing_only, lazy)
                continue
            visit_node(child, typing_only, lazy)

    def visit_node(child: ast.AST, typing_only: bool, lazy: bool) -> None:
        if isinstance(child, ast.Import):
            out.extend((a.name, typing_only, lazy) for a in child.names if a.name.startswith("curate"))
        elif (
            isinstance(child, ast.ImportFrom)
            and child.level == 0
            and (child.module or "").startswith("curate")
        ):
            out.append((str(child.module), typing_only, lazy))
        inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
        visit(child, typing_only, inner)

    visit(tree, False, False)
    return out


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(CURATE.rglob("*.py")):
        rel = path.relative_to(CURATE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        out.append((name, path))
    return out


def test_every_part_of_curate_has_a_layer() -> None:
    parts = {_part(name) for name, _ in _modules()}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


@pytest.mark.parametrize(("name", "path"), _modules(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_imports_point_down_the_layers(name: str, path: Path) -> None:
    src = _part(name)
    bad = []
    for target, typing_only, lazy in _imports(path):
        dst = _part(target)
        if dst == src or typing_only:
            continue
        if LAYERS[dst] < LAYERS[src] and (LAYERS[src] != 1 or LAYERS[dst] == 0):
            continue
        if LAYERS[dst] == LAYERS[src] != 1:  # errors/schema, project/session, cli/commands/widgets
            continue
        if (src, dst) in MIDDLE_EDGES:
            continue
        if (src, dst) in UPWARD and lazy:
            continue
        bad.append(target)
    assert not bad, f"{name} imports {bad} against the layers of ARCHITECTURE.md"


def test_only_the_store_knows_the_tables_and_sql() -> None:
    offenders = []
    for name, path in _modules():
        if name.startswith("curate.store"):
            continue
        text = path.read_text(encoding="utf-8")
        if "curate.store.tables" in text or "store import tables" in text or "import sqlalchemy" in text:
            offenders.append(name)
        if "curate.store.engine" in text or "with_retry" in text:
            offenders.append(name)
    assert offenders == []


def test_workflows_take_what_they_use_not_the_project() -> None:
    for name, path in _modules():
        if name.startswith("curate.workflows"):
            targets = [t for t, _, _ in _imports(path)]
            assert "curate.project" not in targets and "curate.session" not in targets, name


def test_widgets_call_the_project_api_not_workflows() -> None:
    for name, path in _modules():
        if name.startswith("curate.widgets"):
            runtime = [t for t, typing_only, _ in _imports(path) if not typing_only]
            assert not [t for t in runtime if t.startswith("curate.workflows")], name
