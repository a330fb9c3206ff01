"""What governance's views hand its services from the app: the subjects the engine's
instances run for, as their product registered them (``app.platform.registry``)."""

from __future__ import annotations

from app.platform.context import registry
from app.platform.registry import InstanceSubjects


def subjects() -> InstanceSubjects:
    """The exam's applications, as process governance reaches them."""
    found = registry().subjects
    if found is None:
        raise LookupError("no product registered the subjects of the instance tables")
    return found
