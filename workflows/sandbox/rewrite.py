"""Instrument checked diagram code with the guards of ``guards``.

Runs after ``policy.check`` and only meets allow-listed nodes. What changes:

- ``for``/comprehension iterables -> ``_sb_iter(x)`` (iteration budget, deadline);
- every arithmetic operator, augmented assignment included -> ``_sb_binary('*', a, b)``,
  unary ``-``/``+``/``~`` -> ``_sb_unary``;
- ``obj.m(...)`` -> ``_sb_method(obj, 'm', ...)``;
- compared operands, subscript keys, set elements and dict keys -> ``_sb_deep(x)`` unless
  the operation is cheap whatever the value (compared with a scalar literal, ``is``);
- non-literal displays, slices and f-strings -> ``_sb_new(x)`` (size and allocation).

The hot path of today's diagrams (``action == 'pass'``, ``not has_supervising_unit``, DMN
``(x) == (1)``) compares with literals and stays exactly as written.
"""

from __future__ import annotations

import ast
from typing import Any

_BINARY_SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
}
_UNARY_SYMBOLS = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}


def instrument(tree: ast.Module | ast.Expression) -> ast.Module | ast.Expression:
    """Return ``tree`` with every guard in place (the tree is modified)."""
    guarded: ast.Module | ast.Expression = _Guarding().visit(tree)  # the root is kept
    return ast.fix_missing_locations(guarded)


def _call(guard: str, *args: ast.expr, node: ast.AST) -> ast.Call:
    call = ast.Call(ast.Name(guard, ast.Load()), list(args), [])
    return ast.copy_location(call, node)


def _is_literal(node: ast.AST) -> bool:
    """A literal scalar, ``-1`` included (the compiler folds it into a constant)."""
    if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
        node = node.operand
    return isinstance(node, ast.Constant)


def _is_flat_literal(node: ast.AST) -> bool:
    """A scalar literal or a tuple/list of them: comparing anything with it stops at the
    first level, whatever the other operand holds (sets excluded: ``in`` would hash).
    """
    if isinstance(node, ast.Tuple | ast.List):
        return all(_is_literal(element) for element in node.elts)
    return _is_literal(node)


class _Guarding(ast.NodeTransformer):
    def visit_For(self, node: ast.For) -> ast.For:
        self.generic_visit(node)
        node.iter = _call("_sb_iter", node.iter, node=node.iter)
        return node

    def visit_comprehension(self, node: ast.comprehension) -> ast.comprehension:
        self.generic_visit(node)
        node.iter = _call("_sb_iter", node.iter, node=node.iter)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.Call:
        self.generic_visit(node)
        symbol = ast.Constant(_BINARY_SYMBOLS[type(node.op)])
        return _call("_sb_binary", symbol, node.left, node.right, node=node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) or _is_literal(node.operand):
            return node  # `not` makes a bool; `-1` is folded to a constant by the compiler
        return _call(
            "_sb_unary", ast.Constant(_UNARY_SYMBOLS[type(node.op)]), node.operand, node=node
        )

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.Assign:
        """``x op= y`` -> ``x = _sb_binary('op', x, y)``. Evaluating the target twice is
        safe: diagram code has no calls with side effects.
        """
        self.generic_visit(node)
        symbol = ast.Constant(_BINARY_SYMBOLS[type(node.op)])
        current = _as_load(node.target)
        value = _call("_sb_binary", symbol, current, node.value, node=node)
        return ast.copy_location(ast.Assign([node.target], value), node)

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        if not isinstance(node.func, ast.Attribute):
            return node
        method = ast.Call(
            ast.Name("_sb_method", ast.Load()),
            [node.func.value, ast.Constant(node.func.attr), *node.args],
            node.keywords,
        )
        return ast.copy_location(method, node)

    def visit_Compare(self, node: ast.Compare) -> ast.Compare:
        self.generic_visit(node)
        operands = [node.left, *node.comparators]
        deep = set()
        for index, op in enumerate(node.ops):
            left, right = operands[index], operands[index + 1]
            if isinstance(op, ast.Is | ast.IsNot):
                continue
            if not (_is_flat_literal(left) or _is_flat_literal(right)):
                deep |= {index, index + 1}
        guarded = [
            _call("_sb_deep", operand, node=operand) if index in deep else operand
            for index, operand in enumerate(operands)
        ]
        node.left, node.comparators = guarded[0], guarded[1:]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.slice, ast.Slice):
            return _call("_sb_new", node, node=node)  # Load only: policy refuses slice stores
        if not _is_literal(node.slice):
            node.slice = _call("_sb_deep", node.slice, node=node.slice)
        return node

    def visit_Set(self, node: ast.Set) -> ast.Call:
        self.generic_visit(node)
        node.elts = [_deep_unless_literal(element) for element in node.elts]
        return _call("_sb_new", node, node=node)

    def visit_Dict(self, node: ast.Dict) -> ast.Call:
        self.generic_visit(node)
        # a None key is a ``**`` spread, which the policy refuses before this runs
        node.keys = [key if key is None else _deep_unless_literal(key) for key in node.keys]
        return _call("_sb_new", node, node=node)

    def visit_List(self, node: ast.List) -> ast.AST:
        return self._display(node)

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        return self._display(node)

    def _display(self, node: ast.List | ast.Tuple) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Store) or not node.elts or _is_flat_literal(node):
            return node  # targets; and literal displays, bounded by the source text
        return _call("_sb_new", node, node=node)

    def visit_SetComp(self, node: ast.SetComp) -> ast.SetComp:
        self.generic_visit(node)
        node.elt = _deep_unless_literal(node.elt)
        return node

    def visit_DictComp(self, node: ast.DictComp) -> ast.DictComp:
        self.generic_visit(node)
        node.key = _deep_unless_literal(node.key)
        return node

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.FormattedValue:
        self.generic_visit(node)
        node.value = _deep_unless_literal(node.value)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.Call:
        self.generic_visit(node)
        return _call("_sb_new", node, node=node)


def _deep_unless_literal(node: ast.expr) -> ast.expr:
    return node if _is_literal(node) else _call("_sb_deep", node, node=node)


def _as_load(target: Any) -> ast.expr:
    """A copy of an assignment target that reads it instead."""
    if isinstance(target, ast.Name):
        return ast.copy_location(ast.Name(target.id, ast.Load()), target)
    copy = ast.Subscript(target.value, target.slice, ast.Load())
    return ast.copy_location(copy, target)
