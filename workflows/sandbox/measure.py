"""How big a value really is, and whether it may stay in task data.

A value's length says little about the work a deep C-level operation does on it: ``==``,
``hash``, ``str`` and the JSON serializer all walk shared parts each time they reach them.
``a = [a, a]`` repeated 40 times holds 80 references but unfolds to 2**40 items, and a cycle
never ends. So values are measured by walking them the same way, stopping as soon as the limit
is passed: a measurement never costs more than the limit it enforces.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from workflows.sandbox.errors import UnsafeScript, too_big

MAX_DEPTH = 100
"""Deepest nesting of a measured value: CPython hashes nested tuples recursively in C with no
recursion guard, so a tuple nested a million deep crashes the process."""

_SCALARS = frozenset({str, int, float, bool, type(None)})
_COLLECTIONS = frozenset(
    {list, tuple, set, frozenset, type({}.keys()), type({}.values()), type({}.items())}
)


def unfold(value: Any, limit: int, what: str = "a value") -> Iterator[Any]:
    """Every part of ``value``, shared parts as often as they are reached; ScriptLimitExceeded
    once the parts (plus the characters of text and the 64-bit words of integers) pass
    ``limit``, or the nesting passes ``MAX_DEPTH``.
    """
    total, stack = 1, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        yield item
        children = _children(item)
        total += len(children) + _own_size(item)
        if total > limit:
            raise too_big(f"{what} weighing more than {limit} items and characters")
        if children and depth == MAX_DEPTH:
            raise too_big(f"{what} nested more than {MAX_DEPTH} levels deep")
        stack.extend((child, depth + 1) for child in children)


def weigh(value: Any, limit: int, what: str = "a value") -> None:
    """Refuse ``value`` if it unfolds to more than ``limit``."""
    for _ in unfold(value, limit, what):
        pass


def check_keepable(value: Any, limit: int, what: str) -> None:
    """``value`` may stay in task data, which is stored as JSON: numbers (finite), text,
    True/False/None, lists, tuples and dicts with scalar keys, of bounded weight.
    """
    for item in unfold(value, limit, what):
        kind = type(item)
        if kind is dict:
            for key in item:
                if not _storable_scalar(key):
                    raise _unkeepable(what, key, " as a dict key")
        elif kind not in (list, tuple) and not _storable_scalar(item):
            raise _unkeepable(what, item)


def _children(item: Any) -> list[Any] | tuple[()]:
    kind = type(item)
    if kind is dict:
        return [*item.keys(), *item.values()]
    if kind in _COLLECTIONS:
        return list(item)
    return ()


def _own_size(item: Any) -> int:
    if type(item) is str:
        return len(item)
    if type(item) is int:
        return item.bit_length() // 64
    return 0


def _storable_scalar(item: Any) -> bool:
    kind = type(item)
    return kind in _SCALARS and (kind is not float or math.isfinite(item))


def _unkeepable(what: str, item: Any, where: str = "") -> UnsafeScript:
    shown = repr(item) if type(item) is float else f"a {type(item).__name__}"
    return UnsafeScript(
        f"{what} holds {shown}{where}, which cannot be kept in task data: use numbers, text,"
        " True/False/None, lists and dicts"
    )
