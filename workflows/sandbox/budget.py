"""How much work diagram code may do, and the meter that enforces it.

One ``Budget`` covers one engine step (``workflows.step`` opens it), so every script,
condition and DMN expression of that step shares one deadline, one iteration count and one
allocation count. It lives in a contextvar: concurrent requests and threads each see their
own, and nothing carries over from one step to the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from time import monotonic
from typing import Any, TypeVar

from workflows.sandbox.errors import ScriptLimitExceeded, too_big

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Per-step ceilings. Diagrams need a tiny fraction of each; the figures only have to
    stop runaway code well before it hurts the server.
    """

    seconds: float = 1.0
    """Wall-clock time of the step, checked at every guarded operation and loop iteration."""
    iterations: int = 100_000
    """Loop and comprehension iterations, all loops of the step together."""
    length: int = 100_000
    """Longest string or collection, and the largest unfolded weight (``measure.unfold``) of a
    value that is compared, hashed, turned into text or kept in task data."""
    int_bits: int = 10_000
    """Largest integer, in bits (about 3,000 decimal digits)."""
    allocation: int = 1_000_000
    """Units (items, characters, 64-bit words) all guarded operations of the step may
    create, so memory stays bounded even when each single value is small."""


DEFAULT_LIMITS = Limits()


class Budget:
    """What is left of one step's limits."""

    __slots__ = ("allocated", "deadline", "iterations", "limits")

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.deadline = monotonic() + limits.seconds
        self.iterations = 0
        self.allocated = 0

    def check_time(self) -> None:
        if monotonic() > self.deadline:
            raise ScriptLimitExceeded(
                "time", f"the step's scripts ran longer than {self.limits.seconds:g} s"
            )

    def tick(self) -> None:
        """One loop iteration."""
        self.iterations += 1
        if self.iterations > self.limits.iterations:
            raise ScriptLimitExceeded(
                "iterations", f"more than {self.limits.iterations} loop iterations in one step"
            )
        self.check_time()

    def charge(self, value: T) -> T:
        """Count a newly made value against the allocation limit and the size limits."""
        measured: Any = value  # any value: only its exact type and its size are read
        kind = type(measured)
        if kind is int:
            if measured.bit_length() > self.limits.int_bits:
                raise too_big(f"an integer of more than {self.limits.int_bits} bits")
            units = 1 + measured.bit_length() // 64
        elif kind in _SIZED:
            units = len(measured)
            if units > self.limits.length:
                raise too_big(f"a {kind.__name__} of more than {self.limits.length} items")
        else:
            units = 1
        self.allocated += units
        if self.allocated > self.limits.allocation:
            raise ScriptLimitExceeded(
                "memory", f"the step's scripts created more than {self.limits.allocation} items"
            )
        self.check_time()
        return value


_SIZED = frozenset({str, list, tuple, dict, set})
_CURRENT: ContextVar[Budget | None] = ContextVar("script_budget", default=None)


def current() -> Budget:
    """The budget of the step running now. Guards only run inside ``ensure``/``fresh``."""
    budget = _CURRENT.get()
    if budget is None:
        raise RuntimeError("diagram code ran outside a script budget")
    return budget


@contextmanager
def fresh(limits: Limits = DEFAULT_LIMITS) -> Iterator[Budget]:
    """A new budget for one engine step."""
    budget = Budget(limits)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


class ensure:
    """Keep the step's budget, or open a default one for code run outside a step (a single
    evaluation from a test or a tool). A class, not ``@contextmanager``: it wraps every
    condition the engine evaluates, so it should cost next to nothing.
    """

    __slots__ = ("token",)

    def __enter__(self) -> None:
        self.token = _CURRENT.set(Budget()) if _CURRENT.get() is None else None

    def __exit__(self, *exc: object) -> None:
        if self.token is not None:
            _CURRENT.reset(self.token)
