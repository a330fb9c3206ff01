"""Request and response schemas of the 工种目录."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.fields import (
    text,
)


class TradeQuerySchema(Schema):
    q = text(64, load_default=None)
    # a query string carries text: "true"/"false" as the document's boolean is written there
    include_inactive = fields.Boolean(
        load_default=False,
        truthy={"true"},
        falsy={"false"},
        error_messages={"invalid": "应为true或false"},
    )


class TradeOut(Schema):
    code = fields.String()
    name = fields.String()
    category = fields.String()
    active = fields.Boolean()
