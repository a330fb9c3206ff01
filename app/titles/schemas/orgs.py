"""Request and response schemas of 单位信息维护 (org onboarding) and 单位变动人员管理
(personnel transfer), seed 004 一、单位管理 and 二、人员管理."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.platform.schemas.admin import OrgOut
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    MAX_ID,
    IdNumberField,
    Text,
    choice,
    email,
    integer,
    phone,
    text,
)
from handlers.idcard import mask
from handlers.titles.vocabulary import (
    TITLE_SERIES_LABELS,
    TRANSFER_STATUS_LABELS,
)
from handlers.vocabulary import ORG_ONBOARDING_LABELS


class OrgInfoIn(Schema):
    """单位信息维护: what the org's admin fills in (only the fields sent change); ``version``
    from the last read, required (409 if someone changed it since)."""

    cert_print_name = text(128)
    contact_name = text(64)
    contact_phone = phone()
    contact_email = email()
    address = text(256)
    series = fields.List(
        choice(TITLE_SERIES_LABELS, "不是有效的职称系列"),
        validate=validate.Length(max=len(TITLE_SERIES_LABELS)),
    )
    version = integer(1, MAX_ID, required=True)


class SubmitIn(Schema):
    version = integer(1, MAX_ID)


class DecisionIn(Schema):
    action = choice(("pass", "return"), "应为pass（通过）或return（退回）", required=True)
    comment = Text(validate=validate.Length(max=500), load_default="")


class OrgInfoOut(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String()
    parent = fields.Nested(OrgOut, allow_none=True)
    cert_print_name = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    series = fields.List(fields.String())
    onboarding_status = fields.String()
    onboarding_status_label = fields.Function(lambda o: ORG_ONBOARDING_LABELS[o.onboarding_status])
    return_reason = fields.String(allow_none=True)
    version = fields.Integer()


class PendingOrgOut(Schema):
    task_id = fields.Function(lambda p: p.task.id)
    waiting_since = Timestamp(attribute="task.created_at")
    org = fields.Nested(OrgInfoOut)


class TransferIn(Schema):
    id_number = IdNumberField(required=True)
    note = Text(validate=validate.Length(max=500), load_default="")


class TransferDecisionIn(Schema):
    action = choice(("pass", "reject"), "应为pass（同意）或reject（拒绝）", required=True)
    comment = Text(validate=validate.Length(max=500), load_default="")


class TransferOut(Schema):
    id = fields.Integer()
    person_name = fields.Function(lambda t: t.person.name)
    person_id_number = fields.Function(lambda t: mask(t.person.id_number or ""))
    from_org = fields.Nested(OrgOut)
    to_org = fields.Nested(OrgOut)
    status = fields.String()
    status_label = fields.Function(lambda t: TRANSFER_STATUS_LABELS[t.status])
    note = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    moved_declarations = fields.Integer()
    created_at = Timestamp()
    decided_at = Timestamp(allow_none=True)
    version = fields.Integer()


class TransferListQuery(Schema):
    direction = choice(("in", "out"), "应为in（调入）或out（调出）", load_default=None)
