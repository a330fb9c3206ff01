"""The allow-list: the only syntax, functions and methods diagram code may use.

Diagrams need assignments, ``if``, ``for`` over a collection, literals, arithmetic,
comparisons, boolean logic, subscripts, comprehensions, f-strings and a few functions. All of
that is admitted; everything else is refused when the definition is loaded. In particular no
attribute access except calls of the size-safe methods below (so no ``gi_frame``, ``f_back``,
``__class__``, ``format`` or ``format_map``), no name starting with ``_`` (the guards the
sandbox injects all do), no ``while``, ``def``, ``lambda``, ``class``, ``import``,
``try``/``with``/``raise``, ``global``/``nonlocal``, ``:=``, ``yield``/``await``, ``del``,
``*``/``**`` unpacking, slice assignment or format specs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from workflows.sandbox.errors import UnsafeScript

ALLOWED_FUNCTIONS = frozenset(
    {
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
    }
)
"""Builtins diagram code may call; each runs through a guard (see ``guards.BUILTINS``)."""

ALLOWED_METHODS = frozenset(
    {
        "get",
        "keys",
        "values",
        "items",
        "startswith",
        "endswith",
        "strip",
        "lower",
        "upper",
        "isdigit",
        "count",
        "index",
        "split",
    }
)
"""Methods diagram code may call: none of them makes a result larger than its inputs."""

MAX_SOURCE_CHARS = 20_000
MAX_LITERAL_CHARS = 10_000
MAX_LITERAL_BITS = 1_024

_ALLOWED_NODES = (
    # statements
    ast.Module,
    ast.Expression,
    ast.Expr,
    ast.Assign,
    ast.AugAssign,
    ast.If,
    ast.For,
    ast.Pass,
    ast.Break,
    ast.Continue,
    # expressions
    ast.BoolOp,
    ast.BinOp,
    ast.UnaryOp,
    ast.IfExp,
    ast.Compare,
    ast.Call,
    ast.keyword,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.Name,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.comprehension,
    ast.JoinedStr,
    ast.FormattedValue,
    # contexts and operators
    ast.Load,
    ast.Store,
    ast.boolop,
    ast.unaryop,
    ast.cmpop,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.LShift,
    ast.RShift,
    ast.BitOr,
    ast.BitXor,
    ast.BitAnd,
)

_REFUSED_NAMES = {
    ast.While: "'while' loops (use 'for' over a list or range)",
    ast.NamedExpr: "':=' assignment expressions",
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.FunctionDef: "function definitions",
    ast.AsyncFunctionDef: "function definitions",
    ast.Lambda: "lambda",
    ast.ClassDef: "class definitions",
    ast.Return: "return",
    ast.Try: "try/except",
    ast.Raise: "raise",
    ast.Assert: "assert",
    ast.With: "with",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.Delete: "del",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Await: "await",
    ast.Starred: "'*' unpacking",
    ast.MatMult: "the '@' operator",
}

_SCALAR_CONSTANTS = (str, int, float, bool, type(None))


def parse(source: str, mode: str) -> ast.Module | ast.Expression:
    """Parse diagram code; SyntaxError as Python raises it, UnsafeScript for oversize input
    (the caller turns RecursionError from deeply nested input into UnsafeScript too).
    """
    if len(source) > MAX_SOURCE_CHARS:
        raise UnsafeScript(f"diagram code longer than {MAX_SOURCE_CHARS} characters")
    tree = ast.parse(source, mode=mode)
    if not isinstance(tree, ast.Module | ast.Expression):
        raise ValueError(f"diagram code is parsed as exec or eval, not {mode!r}")
    return tree


def check(tree: ast.AST) -> frozenset[str]:
    """Refuse anything outside the allow-list (UnsafeScript naming the line and the
    construct). Returns the names the code may change: the roots of its assignment targets,
    whose values are checked after it runs.
    """
    method_calls = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    for node in ast.walk(tree):
        problem = _problem(node, method_calls)
        if problem:
            line = getattr(node, "lineno", None)
            raise UnsafeScript(f"line {line}: {problem}" if line else problem)
    return frozenset(_assigned_names(tree))


def _problem(node: ast.AST, method_calls: set[int]) -> str | None:
    if not isinstance(node, _ALLOWED_NODES):
        name = _REFUSED_NAMES.get(type(node), type(node).__name__)
        return f"not allowed in diagram code: {name}"
    if isinstance(node, ast.Attribute):
        return _attribute_problem(node, method_calls)
    check = _NODE_CHECKS.get(type(node))
    return check(node) if check else None


def _attribute_problem(node: ast.Attribute, method_calls: set[int]) -> str | None:
    if id(node) in method_calls and node.attr in ALLOWED_METHODS:
        return None
    return (
        f"attribute access '.{node.attr}' is not allowed: diagram code may only call the"
        f" methods {', '.join(sorted(ALLOWED_METHODS))}"
    )


def _name_problem(node: ast.Name) -> str | None:
    if node.id.startswith("_"):
        return f"name {node.id!r} is not allowed: names must not start with '_'"
    return None


def _call_problem(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return None  # checked as an attribute
    if isinstance(node.func, ast.Name) and node.func.id in ALLOWED_FUNCTIONS:
        if any(keyword.arg is None for keyword in node.keywords):
            return "'**' unpacking is not allowed in diagram code"
        return None
    called = repr(node.func.id) if isinstance(node.func, ast.Name) else "a computed value"
    return (
        f"calling {called} is not allowed: diagram code may call"
        f" {', '.join(sorted(ALLOWED_FUNCTIONS))}"
    )


def _constant_problem(node: ast.Constant) -> str | None:
    value = node.value
    if not isinstance(value, _SCALAR_CONSTANTS):
        return f"{type(value).__name__} literals are not allowed in diagram code"
    if isinstance(value, str) and len(value) > MAX_LITERAL_CHARS:
        return f"a text literal longer than {MAX_LITERAL_CHARS} characters"
    if isinstance(value, int) and value.bit_length() > MAX_LITERAL_BITS:
        return f"an integer literal of more than {MAX_LITERAL_BITS} bits"
    return None


def _formatted_problem(node: ast.FormattedValue) -> str | None:
    if node.format_spec is not None:
        return "format specs in f-strings (':...') are not allowed in diagram code"
    return None


def _dict_problem(node: ast.Dict) -> str | None:
    if any(key is None for key in node.keys):
        return "'**' unpacking is not allowed in diagram code"
    return None


def _assign_problem(node: ast.Assign | ast.AugAssign | ast.For | ast.comprehension) -> str | None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    plain_names_only = isinstance(node, ast.For | ast.comprehension)
    for target in targets:
        problem = _target_problem(target, plain_names_only)
        if problem:
            return problem
    if isinstance(node, ast.comprehension) and node.is_async:
        return "async comprehensions are not allowed in diagram code"
    return None


def _target_problem(target: ast.AST, plain_names_only: bool) -> str | None:
    if isinstance(target, ast.Name):
        return None
    if isinstance(target, ast.Tuple | ast.List):
        if all(isinstance(element, ast.Name) for element in target.elts):
            return None
        return "only plain names can be unpacked into in diagram code"
    if isinstance(target, ast.Subscript) and not plain_names_only:
        if isinstance(target.slice, ast.Slice):
            return "slice assignment is not allowed in diagram code"
        if _root_name(target) is not None:
            return None
        return "only a name or its items can be assigned to in diagram code"
    return "only names (and items of named values) can be assigned to in diagram code"


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _assigned_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            root = _root_name(node)
            if root is not None:
                yield root


_NODE_CHECKS: dict[type[ast.AST], Callable[[Any], str | None]] = {
    ast.Name: _name_problem,
    ast.Call: _call_problem,
    ast.Constant: _constant_problem,
    ast.FormattedValue: _formatted_problem,
    ast.Dict: _dict_problem,
    ast.Assign: _assign_problem,
    ast.AugAssign: _assign_problem,
    ast.For: _assign_problem,
    ast.comprehension: _assign_problem,
}
