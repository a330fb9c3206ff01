"""What every response schema builds on: timestamps with their offset, the one error shape,
paging."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields

MAX_PAGE = 100_000


class Timestamp(fields.DateTime):
    """A stored timestamp (naive UTC) as RFC 3339 with its offset, so clients need not guess
    the zone."""

    def _serialize(
        self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | float | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorOut(Schema):
    """Every answer that is not a success: a code for programs, a message for people and, for
    input errors, the message of each field by name (nested fields as dotted paths)."""

    error = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    field_messages = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields")
    retry_after = fields.Integer(metadata={"description": "429: seconds to wait"})
    problems = fields.List(
        fields.Dict(),
        metadata={
            "description": "a refused deploy: {file, element_id, element_name, rule, message}"
        },
    )


class PageOut(Schema):
    """What listing.Page carries besides its items; subclasses say what the items are."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
