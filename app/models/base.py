"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON

# Plain JSON, not JSONB: SpiffWorkflow rebuilds task data from per-task deltas in document
# order, and JSONB reorders object keys.
JSONType = JSON()


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
