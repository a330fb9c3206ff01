"""What the sandbox raises. Both kinds fail the engine step that ran the code."""

from __future__ import annotations


class ScriptError(Exception):
    """Diagram code was refused or stopped by the sandbox."""


class UnsafeScript(ScriptError, ValueError):
    """Diagram code uses something the sandbox does not admit: found when a definition is
    loaded (syntax, names, attributes) or, for what only the values tell, when it runs
    (e.g. ``%`` applied to text).
    """


class ScriptLimitExceeded(ScriptError):
    """Diagram code went over its budget: ``limit`` is ``time``, ``iterations``, ``size`` or
    ``memory``.
    """

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


def too_big(what: str) -> ScriptLimitExceeded:
    """The error for a value over a size limit; ``what`` describes it ("a str of more than
    100000 items").
    """
    return ScriptLimitExceeded("size", f"diagram code made {what}")
