"""Request and response schemas of an account's own: login, password change, 个人信息."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from app.platform.schemas.admin import UserOut
from app.platform.schemas.fields import (
    phone,
    text,
)
from handlers.passwords import MAX_LENGTH as NEW_PASSWORD_MAX
from handlers.passwords import MIN_LENGTH as NEW_PASSWORD_MIN
from handlers.passwords import password_problem

PASSWORD_MAX = 128
"""What a login or an old password may be: passwords chosen before the policy stay usable."""


class LoginSchema(Schema):
    username = text(64, required=True)
    password = text(PASSWORD_MAX, required=True)


class NewPasswordMixin:
    """The password policy on ``password``, knowing the ID number it may not contain."""

    @validates_schema(skip_on_field_errors=False)
    def _password_policy(self, data: dict[str, Any], **_kw: Any) -> None:
        if "password" not in data:  # missing or malformed: the field's own error says so
            return
        problem = password_problem(data["password"], [data.get("id_number")])
        if problem:
            raise ValidationError(problem, "password")


class PasswordChangeSchema(Schema):
    old_password = text(PASSWORD_MAX, required=True)
    new_password = text(NEW_PASSWORD_MAX, min_len=NEW_PASSWORD_MIN, required=True)


class ProfileSchema(Schema):
    """个人信息: the contact data a user keeps up to date themselves."""

    phone = phone(load_default=None, allow_none=True)


class LoginOut(Schema):
    token = fields.String()
    must_change_password = fields.Boolean()
    user = fields.Nested(UserOut)
