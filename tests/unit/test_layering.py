"""Imports point one way: handlers <- workflows <- app, and inside app a platform core that no
product imports back, one package per product, none importing another, and no import cycle.
Checked by parsing every module (app/README.md states the rules)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FORBIDDEN = {
    "handlers": {"app", "workflows", "flask", "flask_sqlalchemy", "sqlalchemy", "SpiffWorkflow"},
    "workflows": {"app", "flask", "flask_sqlalchemy", "sqlalchemy"},
}
PRODUCTS = ("exams", "titles", "governance")
HANDLER_PRODUCTS = ("exams", "titles")
UNION = "handlers.lexicon"
"""The one module that joins the product vocabularies (for workflows and the shared views)."""
COMPOSITION = {"app", "app.models"}
"""The composition root (create_app lists the products) and the models aggregate (tests,
migrations and the bench only): nothing of the platform or a product imports them."""


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for package in ("app", "handlers", "workflows")
    for path in (ROOT / package).rglob("*.py")
    if "migrations" not in path.parts
}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:``."""
    return {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }


def imports_of(module: str) -> list[tuple[str, bool]]:
    """(imported module of this tree, whether only under TYPE_CHECKING), for every import of
    ``module``, inside functions too: ``from x import y`` names the module x.y if there is
    one, else x."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    typing_only = _type_checking_only(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found += [(t, id(node) in typing_only) for t in targets if t in MODULES]
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def area(module: str) -> str:
    """platform, a product (exams, titles, governance), a handlers product (handlers.exams,
    handlers.titles.review), the union, the shared handlers, workflows, or the composition root."""
    parts = module.split(".")
    if parts[0] == "app" and len(parts) > 1 and parts[1] in ("platform", *PRODUCTS):
        return parts[1]
    if parts[0] == "handlers":
        if len(parts) > 1 and parts[1] in HANDLER_PRODUCTS:
            return f"handlers.{parts[1]}"
        return UNION if module == UNION else "handlers"
    if parts[0] == "workflows":
        return "workflows"
    return module if module in COMPOSITION else "app infrastructure"


def forbidden(source: str, target: str) -> bool:
    """Whether an import from area ``source`` to area ``target`` breaks a rule."""
    product_areas = {*PRODUCTS, *(f"handlers.{p}" for p in HANDLER_PRODUCTS)}
    if target in COMPOSITION:
        return source in ("platform", *PRODUCTS)
    if source in ("platform", "workflows"):
        return target in product_areas
    if source in PRODUCTS:
        return target in product_areas - {source, f"handlers.{source}"}
    if source in product_areas:  # handlers.exams, handlers.titles
        return target in product_areas - {source} or target == UNION
    if source == "handlers":
        return target in product_areas or target == UNION
    return False


def test_no_product_reaches_another_and_the_platform_reaches_none():
    """Products import the platform and their own handlers; the platform imports no product
    (nor its handlers); handlers/exams and handlers/titles never meet except in the union;
    nothing below the composition root imports it (TYPE_CHECKING imports count too)."""
    broken = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target, _ in targets
        if forbidden(area(module), area(target))
    )
    assert broken == []


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every module ``start`` reaches through imports (itself only through a cycle)."""
    seen: set[str] = set()
    todo = list(edges[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += edges[module]
    return seen


def cycles() -> list[list[str]]:
    """Modules that import each other in a loop (strongly connected components of more than
    one module), over every import that runs, in a function or not (TYPE_CHECKING-only
    imports excluded)."""
    edges = {
        module: {t for t, typing_only in targets if not typing_only and t != module}
        for module, targets in GRAPH.items()
    }
    reach = {module: reachable(module, edges) for module in edges}
    components = {
        frozenset(other for other in reach[module] if module in reach[other])
        for module in edges
        if module in reach[module]
    }
    return sorted(sorted(component) for component in components)


def test_no_import_cycles():
    assert cycles() == []


def channel(module: str) -> str | None:
    """``web`` or ``api`` for a module of a package's pages or JSON endpoints
    (``app.<package>.web...``, ``app.<package>.api...``), else None."""
    parts = module.split(".")
    if parts[0] == "app" and len(parts) > 2 and parts[2] in ("web", "api"):
        return parts[2]
    return None


def test_pages_and_the_api_do_not_import_each_other():
    """Two channels over the same services: a page needs nothing of the API (the request
    context it shares lives in ``app.platform.context``), and the API nothing of the pages."""
    broken = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target, _ in targets
        if {channel(module), channel(target)} == {"web", "api"}
    )
    assert broken == []
