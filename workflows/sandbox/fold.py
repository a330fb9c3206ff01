"""Constant folding at check time: what diagram code computes from literals alone
(``9 ** 9 ** 9``, ``'a' * 10 ** 9``, ``1 / 0``) fails the same way every time it runs, so it
is evaluated once when the code is checked, through the same guards and under the same
limits as a step, and the code is refused then, naming the line, instead of stopping every
application that reaches it.

Only the largest constant parts are evaluated, each in a fresh budget: nothing here reads a
name or calls a function, so nothing depends on the data a step would have.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator

from workflows.sandbox import rewrite
from workflows.sandbox.budget import DEFAULT_LIMITS, Limits, fresh
from workflows.sandbox.errors import UnsafeScript
from workflows.sandbox.guards import BUILTINS, GUARDS

_OPERATIONS = (
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Subscript,
    ast.JoinedStr,
)
"""Nodes that compute something: a constant part holding none of them cannot fail."""

_CONSTANT_PARTS = (
    *_OPERATIONS,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Set,
    ast.Dict,
    ast.Slice,
    ast.FormattedValue,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
    ast.expr_context,
)
"""Nodes a constant expression is made of (no name, call, attribute or comprehension)."""

SHOWN_CHARS = 60


def check(tree: ast.AST, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise UnsafeScript for the first constant part of ``tree`` (checked by
    ``policy.check``) whose evaluation fails under ``limits``."""
    for part in _constant_parts(tree):
        problem = _failure(part, limits)
        if problem:
            shown = ast.unparse(part)
            if len(shown) > SHOWN_CHARS:
                shown = shown[:SHOWN_CHARS] + "…"
            raise UnsafeScript(
                f"line {part.lineno}: the constant expression {shown} fails every time it"
                f" runs: {problem}"
            )


def _constant_parts(node: ast.AST) -> Iterator[ast.expr]:
    """The largest constant sub-expressions of ``node`` that compute something."""
    if _is_constant(node) and isinstance(node, _OPERATIONS):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _constant_parts(child)


def _is_constant(node: ast.AST) -> bool:
    return all(isinstance(part, _CONSTANT_PARTS) for part in ast.walk(node))


def _failure(part: ast.expr, limits: Limits) -> str:
    """Why evaluating ``part`` fails ("" when it does not)."""
    expression = ast.Expression(body=copy.deepcopy(part))
    code = compile(rewrite.instrument(expression), "<constant>", "eval")
    try:
        with fresh(limits):
            eval(code, {**GUARDS, "__builtins__": BUILTINS})
    except Exception as exc:  # whatever it raises, it raises at every run
        return str(exc) or type(exc).__name__
    return ""
