"""The import layers of veille: no part imports a part above it, no cycles, stages apart.

Every module and package directly under ``veille/`` is a *part*, placed in
one layer below. A part may import parts of its own layer or of a layer below,
never one above; the stages (actors, places, events) do not import one
another (they talk through ``veille.records``); and no chain of imports leads
from a part back to itself. Every import counts, at module level or inside a
function, since a late import is still a dependency. The few known breaches
are listed with the reason and the way out; the list may only shrink.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import veille

SRC = Path(veille.__file__).parent

# Lowest first. A new module or package must be placed (the first test fails until it is).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundation",
        frozenset(
            {
                "errors",
                "records",
                "settings",
                "text",
                "datafiles",
                "datelines",
                "budgets",
                "serialize",
                "samples",
            }
        ),
    ),
    ("inputs", frozenset({"sources", "extract", "nlp", "rule_tables"})),
    ("stages", frozenset({"actors", "places", "events"})),
    ("storage", frozenset({"store"})),
    ("stories", frozenset({"stories"})),
    ("wiring", frozenset({"engine", "filters", "flat", "search"})),
    (
        "uses",
        frozenset(
            {"distributed", "evaluation", "training", "annotation", "export", "web", "queries"}
        ),
    ),
    (
        "front ends",
        frozenset({"alerts", "api", "watch", "cli", "cli_options", "__main__", "veille"}),
    ),
)
STAGES = frozenset({"actors", "places", "events"})

# (importer, imported): why, and the way out. Remove an entry when its import goes.
KNOWN_BREACHES = {
    ("nlp", "events"): "load_pipeline imports veille.events.component to register the "
    "veille_events factory; the engine (or the spaCy config) should add it",
}


def _part(module: str) -> str | None:
    """Return the part of ``veille`` a dotted module name belongs to (``veille`` for the root)."""
    parts = module.split(".")
    if parts[0] != "veille":
        return None
    return parts[1] if len(parts) > 1 else "veille"


def _module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    names = list(relative.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "veille":  # ``from veille import records`` names the parts
                yield from (f"veille.{alias.name}" for alias in node.names)
            else:
                yield target


def import_graph(root: Path = SRC) -> dict[str, set[str]]:
    """Return, for each part of the package at ``root``, the other parts it imports."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        importer = _part(module)
        assert importer is not None
        graph[importer]  # a part that imports nothing is still a part
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target in _imported(tree, module, path.name == "__init__.py"):
            imported = _part(target)
            if imported is not None and imported != importer:
                graph[importer].add(imported)
    return dict(graph)


def _layer_of() -> dict[str, int]:
    return {part: rank for rank, (_, parts) in enumerate(LAYERS) for part in parts}


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Return the imports of a part from a layer above its own."""
    rank = _layer_of()
    return {
        (importer, imported)
        for importer, targets in graph.items()
        for imported in targets
        if rank[imported] > rank[importer]
    }


def cycles(graph: dict[str, set[str]], ignored: Iterable[tuple[str, str]] = ()) -> list[set[str]]:
    """Return the groups of parts that import one another in a ring (Tarjan's algorithm)."""
    skip = set(ignored)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(part: str) -> None:
        index[part] = low[part] = len(index)
        stack.append(part)
        on_stack.add(part)
        for nxt in sorted(graph.get(part, ())):
            if (part, nxt) in skip:
                continue
            if nxt not in index:
                visit(nxt)
                low[part] = min(low[part], low[nxt])
            elif nxt in on_stack:
                low[part] = min(low[part], index[nxt])
        if low[part] == index[part]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == part:
                    break
            if len(group) > 1:
                found.append(group)

    for part in sorted(graph):
        if part not in index:
            visit(part)
    return found


GRAPH = import_graph()


def test_every_part_is_in_exactly_one_layer() -> None:
    placed = [part for _, parts in LAYERS for part in parts]
    assert len(placed) == len(set(placed))
    assert sorted(set(GRAPH) - set(placed)) == [], "place the new part in LAYERS"
    assert sorted(set(placed) - set(GRAPH)) == [], "a part in LAYERS no longer exists"


def test_no_part_imports_a_part_above_it() -> None:
    assert sorted(upward_imports(GRAPH) - set(KNOWN_BREACHES)) == []


def test_stages_do_not_import_one_another() -> None:
    crossing = {(a, b) for a in STAGES for b in GRAPH[a] if b in STAGES}
    assert sorted(crossing) == []


def test_no_import_cycles() -> None:
    assert cycles(GRAPH, ignored=KNOWN_BREACHES) == []


def test_every_known_breach_is_still_there() -> None:
    # A breach that was fixed leaves the list, so that it cannot come back unseen.
    gone = [edge for edge in KNOWN_BREACHES if edge[1] not in GRAPH.get(edge[0], set())]
    assert gone == []


def test_the_checks_see_a_cycle_and_an_upward_import() -> None:
    graph = {"records": set(), "engine": {"stories", "records"}, "stories": {"engine"}}
    assert cycles(graph) == [{"engine", "stories"}]
    assert upward_imports(graph) == {("stories", "engine")}
