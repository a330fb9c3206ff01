"""Request and response schemas of 系统管理: orgs with their admin accounts, reviewer and
policy accounts."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.models.users import STAFF_ROLES
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    choice,
    email,
    flag,
    matching,
    org_code,
    phone,
    text,
)
from handlers.vocabulary import Role


class OrgSchema(Schema):
    code = org_code(required=True)
    name = text(128, required=True)
    level = choice(
        ("city", "county", "supervising_unit", "unit"), "不是有效的单位层级", required=True
    )
    parent_code = org_code(required=True)
    admin_phone = phone(load_default=None)
    cert_print_name = text(128, load_default=None)


class OrgUpdateSchema(Schema):
    name = text(128, required=True)
    admin_phone = phone(load_default=None, allow_none=True)
    cert_print_name = text(128)


class UserSchema(Schema):
    username = matching(
        r"^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$",
        "账号为2到32位字母、数字、下划线或汉字",
        required=True,
    )
    name = text(64, required=True)
    phone = phone(load_default=None)
    org_code = org_code(required=True)
    role = choice(STAFF_ROLES, "角色应为审核员或政策管理员", load_default=Role.REVIEWER)


class UserUpdateSchema(Schema):
    name = text(64, required=True)
    phone = phone(load_default=None, allow_none=True)
    active = flag(load_default=True)


class OrgOut(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String()
    parent_code = fields.Function(lambda o: o.parent_code)  # from the path: no query per row
    cert_print_name = fields.String(allow_none=True)
    onboarding_status = fields.String()


class OrgTreeOut(OrgOut):
    """An org as 单位管理 lists it: with what its placement makes of it (直管县, 省直主管部门,
    市直主管部门, 市直单位, or its level's label). Read from the parent, which the tree listing
    has already loaded."""

    kind_label = fields.String()


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    phone = fields.String(allow_none=True)
    active = fields.Boolean()
    approved = fields.Boolean()
    supplementary = fields.Boolean()
    must_change_password = fields.Boolean()
    created_at = Timestamp()
    org = fields.Nested(OrgOut)


class OrgAdminIn(Schema):
    """编辑信息: a subordinate org's admin contact data (the name always: the form shows it)."""

    name = text(64, required=True)
    phone = phone(allow_none=True)
    email = email(allow_none=True)


class OrgAdminOut(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.Function(lambda u: u.org.contact_email)
    must_change_password = fields.Boolean()
