"""What rewritten diagram code calls instead of doing the work itself.

``rewrite`` routes every loop, operator, method call and display through these, and the
builtins diagram code sees are the guarded versions in ``BUILTINS``. Each guard refuses work
whose result would be too large before doing it (``'a' * 3000000000``, ``1 << 10**9``,
``10 ** 10 ** 10``, ``range(10**11)``), measures deep operands before a C-level deep
operation (comparison, hashing, conversion to text), and charges what it makes to the step's
budget, which also checks the deadline. C-level consumers (``sum``, ``sorted``, ``list``...)
therefore only ever see bounded input.

The guards reach the code as globals named ``_sb_...`` (``GUARDS``), which diagram code
cannot spell (``policy`` refuses names starting with ``_``).
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from workflows.sandbox.budget import Budget, current
from workflows.sandbox.errors import UnsafeScript, too_big
from workflows.sandbox.measure import weigh
from workflows.sandbox.policy import ALLOWED_FUNCTIONS, ALLOWED_METHODS

_SCALARS = frozenset({str, int, float, bool, type(None)})
_SEQUENCES = (str, list, tuple)


def guarded_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every ``for`` loop and comprehension iterates through this: one tick per item."""
    budget = current()
    for item in iterable:
        budget.tick()
        yield item


def deep(value: Any) -> Any:
    """Measure an operand about to be compared, hashed or turned into text (O(1) for
    scalars): refuses values whose unfolded weight passes the size limit.
    """
    if type(value) not in _SCALARS:
        budget = current()
        weigh(value, budget.limits.length)
        budget.check_time()
    return value


def new(value: Any) -> Any:
    """Charge a value the code just made (a display, a slice, an f-string)."""
    return current().charge(value)


def _check_mul(budget: Budget, a: Any, b: Any) -> None:
    limits = budget.limits
    for sequence, count in ((a, b), (b, a)):
        repeated = isinstance(sequence, _SEQUENCES) and isinstance(count, int)
        if repeated and len(sequence) * count > limits.length:
            raise too_big(f"a {type(sequence).__name__} of more than {limits.length} items")
    integers = isinstance(a, int) and isinstance(b, int)
    if integers and a.bit_length() + b.bit_length() > limits.int_bits + 1:
        raise too_big(f"an integer of more than {limits.int_bits} bits")


def _check_pow(budget: Budget, a: Any, b: Any) -> None:
    growing = isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1
    if growing and (a.bit_length() - 1) * b > budget.limits.int_bits:
        raise too_big(f"an integer of more than {budget.limits.int_bits} bits")


def _check_lshift(budget: Budget, a: Any, b: Any) -> None:
    integers = isinstance(a, int) and isinstance(b, int)
    if integers and a and a.bit_length() + b > budget.limits.int_bits:
        raise too_big(f"an integer of more than {budget.limits.int_bits} bits")


def _check_mod(budget: Budget, a: Any, b: Any) -> None:
    if isinstance(a, str):
        raise UnsafeScript("'%' formatting of text is not allowed in diagram code: use an f-string")


_BINARY: dict[str, tuple[Callable[[Any, Any], Any], Callable[..., None] | None]] = {
    "+": (operator.add, None),
    "-": (operator.sub, None),
    "*": (operator.mul, _check_mul),
    "/": (operator.truediv, None),
    "//": (operator.floordiv, None),
    "%": (operator.mod, _check_mod),
    "**": (operator.pow, _check_pow),
    "<<": (operator.lshift, _check_lshift),
    ">>": (operator.rshift, None),
    "|": (operator.or_, None),
    "^": (operator.xor, None),
    "&": (operator.and_, None),
}
_UNARY: dict[str, Callable[[Any], Any]] = {
    "-": operator.neg,
    "+": operator.pos,
    "~": operator.invert,
}


_HASHING = frozenset({"|", "&", "^", "-"})
"""Operators that hash their operands' items when applied to sets or dict views."""


def binary(symbol: str, a: Any, b: Any) -> Any:
    """``a <symbol> b``, refused beforehand when the result would be too large and charged
    afterwards (every result: ``[-x for ...]`` over a big int allocates too).
    """
    function, check = _BINARY[symbol]
    budget = current()
    if check is not None:
        check(budget, a, b)
    if symbol in _HASHING:
        deep(a)
        deep(b)
    return budget.charge(function(a, b))


def unary(symbol: str, value: Any) -> Any:
    return current().charge(_UNARY[symbol](value))


def method(obj: Any, name: str, /, *args: Any, **kwargs: Any) -> Any:
    """``obj.name(*args)`` for an allow-listed method name. Operands are measured because
    ``count``/``index``/``get`` compare or hash them.
    """
    if name not in ALLOWED_METHODS:  # the policy refused it already; never trust one layer
        raise UnsafeScript(f"method {name!r} is not allowed in diagram code")
    for value in (obj, *args, *kwargs.values()):
        deep(value)
    return current().charge(getattr(obj, name)(*args, **kwargs))


def _charging(function: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin whose work is bounded by its (already bounded) inputs: charge the result."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        return current().charge(function(*args, **kwargs))

    guarded.__name__ = function.__name__
    return guarded


def _deep_inputs(function: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin that compares, hashes or formats its inputs: materialise and measure them
    first (a generator argument is drained into a list, through its guarded loop).
    """

    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = current()
        if len(args) == 1 and type(args[0]) not in _SCALARS:
            args = (budget.charge(list(args[0])) if _lazy(args[0]) else args[0],)
        for value in (*args, *kwargs.values()):
            deep(value)
        return budget.charge(function(*args, **kwargs))

    guarded.__name__ = function.__name__
    return guarded


def _lazy(value: Any) -> bool:
    return not isinstance(value, list | tuple | set | frozenset | dict | str)


def _str(*args: Any) -> str:
    for value in args:
        deep(value)
    return current().charge(str(*args))


def _range(*args: int) -> range:
    span = range(*args)
    limit = current().limits.length
    try:
        size = len(span)
    except OverflowError:
        size = limit + 1
    if size > limit:
        raise too_big(f"a range of more than {limit} numbers")
    return span


def _sum(iterable: Iterable[Any], start: int | float = 0) -> Any:
    if type(start) not in (int, float, bool):
        raise UnsafeScript("sum() in diagram code adds numbers only: its start must be a number")
    return current().charge(sum(iterable, start))


def _round(number: Any, ndigits: int | None = None) -> Any:
    if isinstance(ndigits, int) and abs(ndigits) > 1000:
        raise too_big("a rounding to more than 1000 digits")
    return current().charge(round(number, ndigits))


_SPECIAL = {
    "str": _str,
    "range": _range,
    "sum": _sum,
    "round": _round,
    "dict": _deep_inputs(dict),
    "set": _deep_inputs(set),
    "sorted": _deep_inputs(sorted),
    "min": _deep_inputs(min),
    "max": _deep_inputs(max),
}

BUILTINS: dict[str, Any] = {
    name: _SPECIAL.get(name) or _charging(getattr(builtins, name)) for name in ALLOWED_FUNCTIONS
}
"""What diagram code sees as builtins: the allow-listed functions, every one guarded."""

GUARDS: dict[str, Any] = {
    "_sb_iter": guarded_iter,
    "_sb_deep": deep,
    "_sb_new": new,
    "_sb_binary": binary,
    "_sb_unary": unary,
    "_sb_method": method,
}
"""The guards, by the names ``rewrite`` calls them. They go into the code's globals last, so
no task data key can shadow them, and leave with the other callables after a script runs.
"""
