"""The layout rules of coordination/ (issue 11), read from the source with `ast`:

- no import cycle between modules (imports at module level and inside functions alike;
  relative imports resolved; `from pkg import name` is an import of the module `pkg.name`
  when there is one, else of the package `pkg`; imports under `if TYPE_CHECKING:` are not
  executed and do not count;
- a module's import of its own ancestor package (`from coordination.accounts import bp` in
  `coordination/accounts/views.py`) does not count: Python runs the ancestors' `__init__`
  before any module inside them whatever the module says, so the edge adds nothing, and
  counting it would call every blueprint (`bp` in `__init__`, views registered from
  `init_app`) a cycle. Any other edge counts, including the ancestor's own imports;
- no module over MAX_LINES lines;
- the GDPR directory does not import the meetings feature;
- commitments are a feature of their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "coordination"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE
MAX_LINES = 500


def module_names(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (packages by __init__)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST):
    """Every Import/ImportFrom node, skipping the bodies of `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The modules of the package that module `name` imports -> line of the first import."""
    tree = ast.parse(path.read_text(), str(path))
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int):
        # The longest prefix that is one of our modules (`import a.b.c` where c is a class
        # cannot happen, but `from a.b import c` may name a function of a.b).
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name and not name.startswith(target + "."):
            found.setdefault(target, line)

    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    add(alias.name, node.lineno)
            continue
        if node.level:
            base = package.split(".")
            if node.level > 1:
                base = base[: -(node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source.split(".")[0] != PACKAGE:
            continue
        for alias in node.names:
            candidate = f"{source}.{alias.name}"
            add(candidate if candidate in modules else source, node.lineno)
    return found


def import_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    modules = module_names(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (a path back to its start) per strongly connected component (Tarjan)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = [0]

    def visit(v):  # iterative enough for ~200 modules; recursion depth = longest path
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(set(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph, component: set[str]) -> list[str]:
    """A shortest cycle through the component's smallest module (breadth first)."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    return paths[v] + [start]
                if w in component and w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {component}")  # pragma: no cover


def describe(graph, cycle: list[str]) -> str:
    steps = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in zip(cycle, cycle[1:], strict=False)]
    return "\n    ".join(steps)


def oversized(root: Path = ROOT, limit: int = MAX_LINES) -> dict[str, int]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text().splitlines())
        if lines > limit:
            out[str(path.relative_to(root.parent))] = lines
    return out


def directory_imports_of_meetings(graph) -> list[str]:
    return [
        f"{source} (line {line}) imports {target}"
        for source, targets in sorted(graph.items())
        if source == f"{PACKAGE}.directory" or source.startswith(f"{PACKAGE}.directory.")
        for target, line in sorted(targets.items())
        if target == f"{PACKAGE}.meetings" or target.startswith(f"{PACKAGE}.meetings.")
    ]


# --------------------------------------------------------------------------------------------
# The graph builder itself, on a small package made for the purpose
# --------------------------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    pkg = root / PACKAGE
    for name, text in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return pkg


def test_the_graph_resolves_every_kind_of_import(tmp_path):
    pkg = _write(
        tmp_path,
        {
            "__init__.py": "",
            "leaf.py": "import os\nx = 1\n",
            "feature/__init__.py": "bp = 1\ndef init_app():\n    from . import views\n",
            "feature/views.py": (
                "from . import operations\nfrom ..leaf import x\n"
                "from coordination.feature import bp\n"
                "def f():\n    from coordination.other import reads\n"
            ),
            "feature/operations.py": (
                "import coordination.leaf\n"
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from coordination.other import reads\n"
                "def g():\n    from coordination.other.reads import h\n"
            ),
            "other/__init__.py": "",
            "other/reads.py": "from coordination.feature.operations import g\n",
        },
    )
    graph = import_graph(pkg)
    # A package's lazy import of its views counts; the views' import of `bp` from their
    # own package does not (Python imports the package first anyway).
    assert graph["coordination.feature"] == {"coordination.feature.views": 3}
    assert graph["coordination.feature.views"] == {
        "coordination.feature.operations": 1,
        "coordination.leaf": 2,
        "coordination.other.reads": 5,  # an import inside a function counts
    }
    # The import under TYPE_CHECKING does not count; `from a.b import name` of a name
    # defined in a.b is an import of a.b.
    assert graph["coordination.feature.operations"] == {
        "coordination.leaf": 1,
        "coordination.other.reads": 6,
    }
    assert graph["coordination.other.reads"] == {"coordination.feature.operations": 1}
    assert cycles(graph) == [
        [
            "coordination.feature.operations",
            "coordination.other.reads",
            "coordination.feature.operations",
        ]
    ]
    text = describe(graph, cycles(graph)[0])
    assert "coordination.feature.operations (line 6) -> coordination.other.reads" in text


def test_no_cycle_and_no_oversized_module_in_a_clean_package(tmp_path):
    pkg = _write(tmp_path, {"__init__.py": "", "a.py": "from . import b\n", "b.py": "x = 1\n"})
    assert cycles(import_graph(pkg)) == []
    assert oversized(pkg, limit=1) == {}
    (pkg / "b.py").write_text("x = 1\ny = 2\n")
    assert oversized(pkg, limit=1) == {"coordination/b.py": 2}


# --------------------------------------------------------------------------------------------
# The rules, on coordination/
# --------------------------------------------------------------------------------------------


def test_no_import_cycle_in_coordination():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles in coordination/:\n  " + "\n  ".join(
        describe(graph, c) for c in found
    )


def test_no_module_in_coordination_is_over_500_lines():
    found = oversized()
    assert not found, f"modules over {MAX_LINES} lines (split them): " + ", ".join(
        f"{path} ({n})" for path, n in sorted(found.items(), key=lambda kv: -kv[1])
    )


def test_the_directory_does_not_import_meetings():
    found = directory_imports_of_meetings(import_graph())
    assert not found, "coordination/directory must not know meetings:\n  " + "\n  ".join(found)


def test_commitments_are_a_feature_of_their_own():
    assert (ROOT / "commitments" / "__init__.py").is_file(), "no coordination/commitments/"
