"""The shape of the imports: no two modules import each other (directly or round a loop), and each layer of the
house style imports only the layers below it.

Every module of the first-party packages is parsed (migrations skipped); every import counts, also those inside a
function or under TYPE_CHECKING, because a loop hidden in a function is still a loop.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "accounts",
    "core",
    "notifications",
    "programmes",
    "matching",
    "procurement",
    "reporting",
    "goals",
    "surveys",
    "api",
    "impactportal",
)

# What each layer may import besides itself. programmes.challenges is a layer of its own inside programmes. The goals
# app is two layers: its goals, tags and form field below the apps whose objects are tagged, and the contributions
# (the SDG page, its figures, the demo tags) above them.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    # Notifications are told of events by the apps below them; they know only accounts and core.
    "notifications": {"accounts", "core"},
    "goals": {"accounts", "core"},
    "programmes": {"accounts", "core", "notifications", "goals"},
    "programmes.challenges": {"accounts", "core", "notifications", "programmes", "goals"},
    "matching": {"accounts", "core", "notifications", "goals"},
    "procurement": {"accounts", "core", "notifications", "goals"},
    "goals.contributions": {
        "accounts",
        "core",
        "notifications",
        "goals",
        "programmes",
        "programmes.challenges",
        "matching",
        "procurement",
    },
    # Surveys go to a municipality's organisations, a challenge's applicants or its verified suppliers, and a
    # result is cited on an action line; reporting reads the cited results for the council letter.
    "surveys": {
        "accounts",
        "core",
        "notifications",
        "programmes",
        "programmes.challenges",
        "procurement",
    },
    "reporting": {
        "surveys",
        "accounts",
        "core",
        "notifications",
        "programmes",
        "programmes.challenges",
        "matching",
        "procurement",
        "goals",
        "goals.contributions",
    },
    # The open-data API reads what the public pages show, through the apps' selectors and filters.
    "api": {
        "accounts",
        "core",
        "programmes",
        "programmes.challenges",
        "matching",
        "procurement",
        "reporting",
    },
    "impactportal": {
        "accounts",
        "core",
        "notifications",
        "programmes",
        "programmes.challenges",
        "matching",
        "procurement",
        "reporting",
        "goals",
        "goals.contributions",
        "surveys",
    },
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.relative_to(ROOT).parts:
                modules[_module_name(path)] = path
    return modules


MODULES = _project_modules()


def _known(name: str) -> str | None:
    """The project module `name` is, or lies in (`accounts.models.User` is in accounts.models); None outside."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports_of(name: str, source: str, *, is_package: bool = False) -> set[str]:
    """The project modules that the module `name` (with this source) imports anywhere in its body."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parents = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parents, node.module] if node.module else parents)
            # `from . import charts` imports the module matching.charts; `from .models import Need` matching.models.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found |= {target for target in map(_known, targets) if target and target != name}
    return found


GRAPH = {
    name: _imports_of(name, path.read_text(), is_package=path.name == "__init__.py") for name, path in MODULES.items()
}


SUBLAYERS = {
    "programmes.challenges": "programmes.challenges",
    "goals.contributions": "goals.contributions",
    "goals.demo": "goals.contributions",
}


def _layer(module: str) -> str:
    for start, layer in SUBLAYERS.items():
        if module == start or module.startswith(start + "."):
            return layer
    return module.split(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a loop (strongly connected components, Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(sorted(graph[start])))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return components


def test_it_reads_every_package_but_not_the_migrations():
    assert {name.split(".")[0] for name in MODULES} == set(PACKAGES)
    assert not any(".migrations" in name for name in MODULES)
    assert {"procurement.models", "procurement.filters"} <= GRAPH["procurement.selectors"]


def test_it_sees_an_import_inside_a_function_and_the_loop_it_closes():
    source = "from .models import Supplier\n\ndef f():\n    from .selectors import public_suppliers\n"
    imports = _imports_of("procurement.filters", source)
    assert imports == {"procurement.models", "procurement.selectors"}
    graph = {**GRAPH, "procurement.filters": imports}
    assert ["procurement.filters", "procurement.selectors"] in _cycles(graph)


def test_it_resolves_a_module_imported_from_its_package():
    assert _imports_of("matching.views", "from . import selectors\nfrom core import geo\n") == {
        "matching.selectors",
        "core.geo",
    }


def test_no_two_modules_import_each_other():
    assert _cycles(GRAPH) == []


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) != _layer(module) and _layer(target) not in ALLOWED[_layer(module)]
    )
    assert wrong == []
