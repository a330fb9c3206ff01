"""Request and response schemas of 补报 (a county admin's applicant accounts)."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.admin import UserOut
from app.platform.schemas.fields import (
    IdNumberField,
    org_code,
    phone,
    text,
)
from handlers.idcard import mask


class SupplementarySchema(Schema):
    id_number = IdNumberField(required=True)
    name = text(64, required=True)
    org_code = org_code(required=True)
    phone = phone(load_default=None)


class SupplementaryUpdateSchema(SupplementarySchema):
    """修改补报: an ID number left out keeps the current one (lists show it masked)."""

    id_number = IdNumberField(load_default=None)


class SupplementaryOut(UserOut):
    """补报 list row: the login of an applicant is the ID number, masked like every list."""

    username = fields.Function(lambda user: mask(user.username), metadata={"type": "string"})
