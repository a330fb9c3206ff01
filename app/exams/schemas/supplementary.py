"""Request and response schemas of 补报 (a county admin's applicant accounts)."""

from __future__ import annotations

from typing import Any

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


class MaskedIdNumber(fields.String):
    """An ID number as lists show it, masked; output only. A String, as ``UserOut`` declares
    the ``username`` this stands for."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(dump_only=True, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else mask(value)


class SupplementaryOut(UserOut):
    """补报 list row: the login of an applicant is the ID number, masked like every list."""

    username = MaskedIdNumber()
