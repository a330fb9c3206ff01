"""The environment every diagram script, gateway condition and DMN expression runs in.

SpiffWorkflow's stock ``TaskDataEnvironment`` is plain ``exec``/``eval``. Diagrams are
written by policy staff and will be deployed from the browser, so their code is untrusted
input. It runs here only after ``workflows.sandbox``:

1. ``policy`` checks the syntax tree against an allow-list (refused -> ``UnsafeScript``),
   and before a deployment ``fold`` evaluates its constant parts (failing -> refused);
2. ``rewrite`` routes loops, operators, method calls and deep operations through guards;
3. the code object is compiled once per source text and cached (``compiled``);
4. it runs with the guarded builtins only, inside the step's ``Budget`` (time, iterations,
   sizes, allocation; exceeded -> ``ScriptLimitExceeded``);
5. what it leaves in task data must be plain JSON data of bounded weight.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from workflows.sandbox import fold, policy, rewrite
from workflows.sandbox.budget import DEFAULT_LIMITS, Limits, current, ensure, fresh
from workflows.sandbox.errors import ScriptError, ScriptLimitExceeded, UnsafeScript
from workflows.sandbox.guards import BUILTINS, GUARDS
from workflows.sandbox.measure import check_keepable

__all__ = [
    "DEFAULT_LIMITS",
    "SCRIPT_ENGINE",
    "Limits",
    "RestrictedEnvironment",
    "RestrictedScriptEngine",
    "ScriptError",
    "ScriptLimitExceeded",
    "UnsafeScript",
    "check_deployable",
    "check_source",
    "compiled",
    "step_budget",
]

step_budget = fresh
"""``with step_budget(limits):`` gives the code run inside it one fresh budget."""


@dataclass(frozen=True)
class Program:
    """Checked, instrumented and compiled diagram code."""

    code: CodeType
    assigned: frozenset[str]
    """Names the code may change, checked after it runs."""


_AST_LOCK = threading.Lock()
"""CPython 3.11 keeps the recursion counter of its AST conversions per interpreter, not per
thread: two threads parsing or compiling at once can fail with "AST constructor recursion
depth mismatch". Compilation happens once per text (cached), so serialising it costs nothing
a gthread worker would notice."""


@lru_cache(maxsize=4096)
def compiled(source: str, mode: str = "exec") -> Program:
    """Check, instrument and compile ``source`` (``mode`` ``exec`` for scripts, ``eval`` for
    expressions). Cached per text: the engine evaluates the same conditions at every step.
    Raises SyntaxError or UnsafeScript (never cached, so each use raises again).
    """
    try:  # parsing, checking, rewriting and compiling all recurse over the tree
        with _AST_LOCK:
            tree = policy.parse(source, mode)
            assigned = policy.check(tree)
            code = compile(rewrite.instrument(tree), "<string>", mode)
    except (RecursionError, MemoryError) as exc:
        raise UnsafeScript("diagram code nested too deeply") from exc
    return Program(code, assigned)


def check_source(source: str, mode: str = "exec") -> None:
    """Raise UnsafeScript (or SyntaxError) if ``source`` may not run here."""
    compiled(source, mode)


@lru_cache(maxsize=4096)
def check_deployable(source: str, mode: str = "exec") -> None:
    """``check_source``, and refuse code with a constant part that fails every time it
    runs (``fold``): the check before a deployment. Versions already stored load without
    it, so an instance on one is not stopped where its path never reaches that code.
    Cached per text like ``compiled`` (a refusal is not cached, so it raises again)."""
    compiled(source, mode)
    try:
        with _AST_LOCK:
            tree = policy.parse(source, mode)
        fold.check(tree)
    except (RecursionError, MemoryError) as exc:
        raise UnsafeScript("diagram code nested too deeply") from exc


class RestrictedEnvironment(TaskDataEnvironment):
    """Task-data environment that runs only checked, instrumented code, with the guarded
    builtins, inside a budget.
    """

    def __init__(self) -> None:
        super().__init__({})

    def evaluate(
        self,
        expression: str,
        context: dict[str, Any],
        external_context: dict[str, Any] | None = None,
    ) -> Any:
        program = compiled(expression, "eval")
        scope = {**(external_context or {}), **context, **GUARDS, "__builtins__": BUILTINS}
        with ensure():
            return _keepable("the expression's value", eval(program.code, scope))

    def execute(
        self,
        script: str,
        context: dict[str, Any],
        external_context: dict[str, Any] | None = None,
    ) -> bool:
        program = compiled(script, "exec")
        external_context = external_context or {}
        self.check_for_overwrite(context, external_context)
        context.update(external_context)
        context.update(GUARDS)
        context["__builtins__"] = BUILTINS
        try:
            with ensure():
                exec(program.code, context)
                for name in program.assigned & context.keys():
                    if not callable(context[name]):  # callables (guards too) are dropped below
                        _keepable(f"variable {name!r}", context[name])
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True


def _keepable(what: str, value: Any) -> Any:
    """``value`` may stay in task data: JSON-like and of bounded weight."""
    check_keepable(value, current().limits.length, what)
    return value


class RestrictedScriptEngine(PythonScriptEngine):
    """Script engine used for every workflow we run."""

    def __init__(self) -> None:
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression: str) -> None:
        """Used by SpiffWorkflow's DMN engine to tell ``5`` (needs ``==``) from ``>= 5``
        (SyntaxError): so check the text as the expression it will be evaluated as.
        """
        check_source(expression, "eval")


SCRIPT_ENGINE = RestrictedScriptEngine()
