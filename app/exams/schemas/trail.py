"""Request and response schemas of an application's exported audit trail (JSON or PDF)."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.audit import TrailEventOut
from app.platform.schemas.fields import (
    choice,
)


class TrailQuerySchema(Schema):
    """Which form of an application's audit trail: JSON (verifiable) or the printable PDF."""

    format = choice(("json", "pdf"), "应为json或pdf", load_default="json")


class TrailApplicationOut(Schema):
    id = fields.Integer()
    year = fields.Integer()
    name = fields.String()
    id_number = fields.String(metadata={"description": "masked"})
    org = fields.String()
    status = fields.String()


class TrailOut(Schema):
    """An application's exported audit trail: verifiable without the service."""

    application = fields.Nested(TrailApplicationOut)
    chain = fields.String()
    exported_at = fields.String()
    exported_by = fields.String()
    hashed_fields = fields.List(fields.String())
    how_to_verify = fields.String()
    events = fields.List(fields.Nested(TrailEventOut))
