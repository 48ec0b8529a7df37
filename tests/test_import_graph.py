"""The import graph: no circle, and no import running from an app up to one above it.

Apps stand on floors; an app imports only from its own floor's apps or lower ones, and the
app that reacts imports the one that changes (a signal, a task named by its dotted path),
never the other way. Every import counts, the ones inside functions too: an import moved
into a function to dodge a circle is still a circle.

`python tests/test_import_graph.py` prints the graph's circles and upward imports.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Low to high. `stages_bfc` holds the settings and helpers every app uses; its URL conf
# (and the WSGI/ASGI entry points) compose every app, so they stand above all of them.
FLOORS = {
    "stages_bfc": 0,
    "reference": 0,
    "outbox": 0,
    "accounts": 1,
    "organisations": 2,
    "offers": 3,
    "placements": 4,
    "reports": 4,
    "sync_1j1s": 4,
    "search": 5,
    "conventions": 5,  # a placement's convention: reacts to placements' signals
    "national_sandbox": 5,  # the local stand-in of the national API (development)
    "register_sandbox": 5,  # the local stand-in of the company register (development)
    "alerts": 6,  # saved searches: reuse search's parameters and keyword SQL, above it
    "benchmarks": 6,  # the search benchmark (development only)
    "demo": 6,  # demo data for every app, through their services
    "pages": 6,  # home, statements and /sante/, which reads every app's backlog
    "figures": 6,  # the Region's figures: reads every app below, none reads it
}
COMPOSITION_ROOTS = {"stages_bfc.urls", "stages_bfc.wsgi", "stages_bfc.asgi"}

# Upward imports waiting for the work that removes them (none today). Nothing else may run
# upward: a new one fails below.
PENDING_UPWARD: set[tuple[str, str]] = set()


def project_modules() -> dict[str, Path]:
    """Every module of the apps, tests and migrations aside."""
    modules = {}
    for package in sorted({p.parent.name for p in ROOT.glob("*/apps.py")} | {"stages_bfc"}):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (at any depth of its code)."""
    graph = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                # `from offers import services` imports the module offers.services.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def app_of(module: str) -> str:
    return module.split(".")[0]


def upward(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {
        (source, target)
        for source, targets in graph.items()
        if source not in COMPOSITION_ROOTS
        for target in targets
        if FLOORS[app_of(source)] < FLOORS[app_of(target)]
    }


def app_graph(graph: dict[str, set[str]], leaving=frozenset()) -> dict[str, set[str]]:
    """app -> the apps it imports, without the module imports `leaving`."""
    apps = defaultdict(set)
    for source, targets in graph.items():
        if source in COMPOSITION_ROOTS:
            continue
        for target in targets:
            if app_of(source) != app_of(target) and (source, target) not in leaving:
                apps[app_of(source)].add(app_of(target))
    return apps


GRAPH = imports(project_modules())


def test_every_app_stands_on_a_floor():
    apps = {app_of(module) for module in project_modules()}
    assert apps - FLOORS.keys() == set(), "put the new app on a floor in FLOORS"


def test_no_module_circle():
    assert circles(GRAPH) == []


def test_no_circle_between_apps():
    """Apps of one floor do not import each other both ways either."""
    assert circles(app_graph(GRAPH, leaving=PENDING_UPWARD)) == []


def test_no_import_runs_up_to_a_higher_app():
    assert sorted(upward(GRAPH) - PENDING_UPWARD) == []


def test_the_checks_see_circles_and_upward_imports():
    """The graph finds what it must: a low app importing a higher one is upward, and makes a
    circle between apps (the seams this file was written against)."""
    graph = {name: set(targets) for name, targets in GRAPH.items()}
    graph["offers.services"].add("offers.tasks")
    graph["organisations.services"].add("sync_1j1s.services")
    assert ["offers.services", "offers.tasks"] in circles(graph)
    assert ("organisations.services", "sync_1j1s.services") in upward(graph)
    apps = app_graph(graph, leaving=PENDING_UPWARD)
    assert any({"organisations", "sync_1j1s"} <= set(c) for c in circles(apps))


def test_an_import_inside_a_function_counts(tmp_path):
    (tmp_path / "services.py").write_text("def move():\n    from .tasks import send\n")
    (tmp_path / "tasks.py").write_text("from . import services\n")
    modules = {"app.services": tmp_path / "services.py", "app.tasks": tmp_path / "tasks.py"}
    assert circles(imports(modules)) == [["app.services", "app.tasks"]]


if __name__ == "__main__":
    print("circles:", *circles(GRAPH) or ["none"], sep="\n  ")
    print("upward imports:")
    for source, target in sorted(upward(GRAPH)):
        note = " (pending, issue 11)" if (source, target) in PENDING_UPWARD else ""
        print(f"  {source} -> {target}{note}")
    print(
        "apps:",
        *(f"{a} -> {', '.join(sorted(b))}" for a, b in sorted(app_graph(GRAPH).items())),
        sep="\n  ",
    )
