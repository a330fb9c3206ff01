"""Request and response schemas of 专家审查 and the expert pool (seed 004), beside the
declarations' (``declarations.py``). The applicant's ID number (their login) is always masked, and
so is an expert's phone, but on a draw's contacts for the committee that drew."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.platform.schemas.admin import OrgOut
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    MAX_ID,
    Text,
    choice,
    integer,
    org_code,
    phone,
    record_id,
    text,
)
from app.titles.schemas.declarations import TitleTaskOut
from handlers.idcard import mask
from handlers.phones import mask_phone
from handlers.titles.vocabulary import EXPERT_STATUS_LABELS, TITLE_LEVEL_LABELS, TITLE_SERIES_LABELS

MAX_DRAW = 50
"""A committee sits with a handful of experts; more is a typo."""


class ExpertIn(Schema):
    """An expert application; ``title_level`` below 副高级 is refused by the service (422)."""

    name = text(64)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", required=True)
    specialty = text(64, required=True)
    title = text(64, required=True)
    title_level = choice(TITLE_LEVEL_LABELS, "不是有效的职称级别", required=True)
    phone = phone(required=True)
    summary = Text(validate=validate.Length(max=2000, error="不能超过{max}字"), load_default=None)


class ExpertUpdateIn(Schema):
    """Only the fields sent change; ``version`` (when sent) must be the one read (409)."""

    name = text(64)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列")
    specialty = text(64)
    title = text(64)
    title_level = choice(TITLE_LEVEL_LABELS, "不是有效的职称级别")
    phone = phone()
    summary = Text(validate=validate.Length(max=2000, error="不能超过{max}字"), allow_none=True)
    version = integer(1, MAX_ID, strict=True)


class ExpertQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)
    status = choice(EXPERT_STATUS_LABELS, "不是有效的专家申报状态", load_default=None)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)


class PoolQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)
    specialty = Text(validate=validate.Length(1, 64), load_default=None)


class DrawIn(Schema):
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", required=True)
    specialty = Text(validate=validate.Length(max=64), load_default=None)
    count = integer(1, MAX_DRAW, strict=True, required=True)
    declaration_id = record_id(load_default=None)
    exclude_org_code = org_code(load_default=None)


class DrawsQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)


def _org(org: Any) -> dict[str, Any] | None:
    return OrgOut().dump(org) if org is not None else None


class ExpertOut(Schema):
    """An application (and, approved, a pool entry)."""

    id = fields.Integer()
    user_id = fields.Integer()
    id_number = fields.Function(lambda e: mask(e.user.username), metadata={"type": "string"})
    name = fields.String()
    org = fields.Nested(OrgOut)
    series = fields.String()
    series_label = fields.Function(lambda e: TITLE_SERIES_LABELS.get(e.series, e.series))
    specialty = fields.String()
    title = fields.String()
    title_level = fields.String()
    title_level_label = fields.Function(
        lambda e: TITLE_LEVEL_LABELS.get(e.title_level, e.title_level)
    )
    phone = fields.Function(
        lambda e: mask_phone(e.phone),
        metadata={
            "type": "string",
            "description": "masked (138****1234); in full only on a draw's contacts",
        },
    )
    summary = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": list(EXPERT_STATUS_LABELS)})
    status_label = fields.Function(lambda e: EXPERT_STATUS_LABELS.get(e.status, e.status))
    active = fields.Boolean()
    waiting_org = fields.Function(
        lambda e: _org(e.waiting_org), allow_none=True, metadata={"type": "object"}
    )
    waiting_task = fields.String(allow_none=True)
    return_reason = fields.String(allow_none=True)
    submitted_at = Timestamp(allow_none=True)
    approved_at = Timestamp(allow_none=True)
    version = fields.Integer()
    created_at = Timestamp()


class ExpertPageOut(Schema):
    items = fields.List(fields.Nested(ExpertOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ExpertTaskOut(TitleTaskOut):
    class Meta:
        exclude = ("declaration_id",)

    expert_id = fields.Integer(attribute="subject_id")


class ExpertInboxItemOut(Schema):
    task = fields.Nested(ExpertTaskOut)
    expert = fields.Nested(ExpertOut)


class ExpertInboxPageOut(Schema):
    items = fields.List(fields.Nested(ExpertInboxItemOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ExpertRecordOut(Schema):
    """One line of an application's record: who did what, at which org, and why."""

    at = Timestamp()
    actor = fields.String(attribute="actor_name")
    org = fields.String(attribute="org_name", allow_none=True)
    action = fields.String()
    reason = fields.String(attribute="comment", allow_none=True)
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)


class DrawOut(Schema):
    """One draw: its criteria, the recused unit, the pool it drew from and who was drawn."""

    id = fields.Integer()
    committee_org = fields.Nested(OrgOut)
    drawn_by = fields.Function(lambda d: d.drawn_by.name, metadata={"type": "string"})
    series = fields.String()
    series_label = fields.Function(lambda d: TITLE_SERIES_LABELS.get(d.series, d.series))
    specialty = fields.String(allow_none=True)
    count = fields.Integer()
    excluded_org = fields.Function(
        lambda d: _org(d.excluded_org), allow_none=True, metadata={"type": "object"}
    )
    declaration_id = fields.Integer(allow_none=True)
    pool_size = fields.Integer()
    experts = fields.List(fields.Nested(ExpertOut))
    created_at = Timestamp()


class ContactOut(Schema):
    """A drawn expert as the committee calls them: the full phone number."""

    id = fields.Integer()
    name = fields.String()
    org = fields.Nested(OrgOut)
    specialty = fields.String()
    title = fields.String()
    phone = fields.String()


class DrawContactsOut(Schema):
    """A draw with its experts' full phone numbers (the drawing committee only, audited)."""

    id = fields.Integer()
    series = fields.String()
    series_label = fields.Function(lambda d: TITLE_SERIES_LABELS.get(d.series, d.series))
    created_at = Timestamp()
    experts = fields.List(fields.Nested(ContactOut))


class DrawPageOut(Schema):
    items = fields.List(fields.Nested(DrawOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
