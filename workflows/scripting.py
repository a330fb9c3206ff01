"""A restricted environment for diagram scripts, gateway conditions and DMN expressions.

SpiffWorkflow's stock ``TaskDataEnvironment`` is plain exec/eval. Diagrams are edited by policy
staff, so everything they write is checked here before it runs: no imports, no names or
attributes starting with an underscore (which closes the ``().__class__.__subclasses__()``
escape), and only a small allow-list of builtins, none of which reaches files, the network or
the interpreter.
"""

from __future__ import annotations

import ast
import builtins
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

SAFE_BUILTIN_NAMES = [
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "float",
    "int",
    "len",
    "list",
    "max",
    "min",
    "range",
    "reversed",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    "True",
    "False",
    "None",
]
SAFE_BUILTINS: dict[str, Any] = {name: getattr(builtins, name) for name in SAFE_BUILTIN_NAMES}

_FORBIDDEN_NODES = (
    ast.Import,
    ast.ImportFrom,
    ast.Global,
    ast.Nonlocal,
    ast.AsyncFunctionDef,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
    ast.ClassDef,
)


class UnsafeScript(ValueError):
    """A script or expression uses something the restricted environment forbids."""


@lru_cache(maxsize=4096)
def check_source(source: str) -> None:
    """Raise UnsafeScript (or SyntaxError) if ``source`` may not run here. Cached per text."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, _FORBIDDEN_NODES):
            raise UnsafeScript(f"{type(node).__name__} is not allowed in diagram scripts")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise UnsafeScript(f"attribute {node.attr!r} is not allowed in diagram scripts")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise UnsafeScript(f"name {node.id!r} is not allowed in diagram scripts")


class RestrictedEnvironment(TaskDataEnvironment):
    """Task-data environment whose globals carry only the safe builtins."""

    def __init__(self) -> None:
        super().__init__({})

    def evaluate(self, expression: str, context: dict, external_context: dict | None = None):
        check_source(expression)
        scope = {**(external_context or {}), **context, "__builtins__": SAFE_BUILTINS}
        return eval(expression, scope)

    def execute(self, script: str, context: dict, external_context: dict | None = None) -> bool:
        check_source(script)
        external_context = external_context or {}
        self.check_for_overwrite(context, external_context)
        context.update(external_context)
        context["__builtins__"] = SAFE_BUILTINS
        try:
            exec(script, context)
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True


class RestrictedScriptEngine(PythonScriptEngine):
    """Script engine used for every workflow we run."""

    def __init__(self) -> None:
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression: str) -> None:
        check_source(expression)


SCRIPT_ENGINE = RestrictedScriptEngine()
