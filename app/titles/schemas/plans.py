"""Request and response schemas of 申报计划 (seed 004, 三、申报计划), beside the
declarations' (``declarations.py``)."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.platform.schemas.admin import OrgOut
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import MAX_ID, REQUIRED, Text, choice, integer
from app.titles.schemas.declarations import TitleTaskOut
from handlers.lexicon import STATUS_LABELS
from handlers.titles.vocabulary import (
    TASK_ACTION_LABELS,
    TITLE_PLAN_STATUS_LABELS,
    TITLE_SERIES_LABELS,
)
from handlers.vocabulary import TITLE_ROLE_LABELS

MAX_PLANNED = 100_000
"""More places than a unit has staff is a typo, not a plan."""
PLAN_ACTIONS = ("pass", "withdraw")
YEARS = (2000, 2100)


def _count(**kwargs: Any) -> fields.Integer:
    return integer(0, MAX_PLANNED, strict=True, **kwargs)


class PlanIn(Schema):
    year = integer(*YEARS, strict=True, required=True)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", required=True)
    junior = _count(load_default=0)
    intermediate = _count(load_default=0)
    deputy_senior = _count(load_default=0)
    senior = _count(load_default=0)


class PlanFormIn(Schema):
    """The console's form of a plan: the same fields, numbers as the form sends them (text)."""

    year = integer(*YEARS, required=True)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", required=True)
    junior = integer(0, MAX_PLANNED, load_default=0)
    intermediate = integer(0, MAX_PLANNED, load_default=0)
    deputy_senior = integer(0, MAX_PLANNED, load_default=0)
    senior = integer(0, MAX_PLANNED, load_default=0)


class PlanUpdateIn(Schema):
    """Only the fields sent change; ``version`` (when sent) must be the one read (409)."""

    year = integer(*YEARS, strict=True)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列")
    junior = _count()
    intermediate = _count()
    deputy_senior = _count()
    senior = _count()
    version = integer(1, MAX_ID, strict=True)


class PlanQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)
    year = integer(*YEARS, load_default=None)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)
    status = choice(TITLE_PLAN_STATUS_LABELS, "不是有效的计划状态", load_default=None)
    mine = fields.Boolean(load_default=False)


class PlanStatsQuery(Schema):
    format = choice(("json", "xlsx"), "应为json或xlsx", load_default="json")
    org_code = Text(validate=validate.Length(1, 32), load_default=None)
    year = integer(*YEARS, load_default=None)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)


class PlanActionIn(Schema):
    action = choice(PLAN_ACTIONS, "应为pass（通过）或withdraw（撤回）", required=True)
    comment = Text(validate=validate.Length(max=500, error="不能超过{max}字"), load_default="")


def _org(org: Any) -> dict[str, Any] | None:
    return OrgOut().dump(org) if org is not None else None


class PlanOut(Schema):
    """A plan: its unit, year, series, places per level, where its approval stands."""

    id = fields.Integer()
    org = fields.Nested(OrgOut)
    year = fields.Integer()
    series = fields.String()
    series_label = fields.Function(lambda p: TITLE_SERIES_LABELS.get(p.series, p.series))
    junior = fields.Integer()
    intermediate = fields.Integer()
    deputy_senior = fields.Integer()
    senior = fields.Integer()
    total = fields.Function(lambda p: sum(p.counts.values()), metadata={"type": "integer"})
    status = fields.String(metadata={"enum": list(TITLE_PLAN_STATUS_LABELS)})
    status_label = fields.Function(lambda p: TITLE_PLAN_STATUS_LABELS.get(p.status, p.status))
    waiting_org = fields.Function(
        lambda p: _org(p.waiting_org), allow_none=True, metadata={"type": "object"}
    )
    waiting_task = fields.String(allow_none=True)
    withdraw_reason = fields.String(allow_none=True)
    attachment_name = fields.String(allow_none=True)
    attachment_size = fields.Integer(allow_none=True)
    submitted_at = Timestamp(allow_none=True)
    approved_at = Timestamp(allow_none=True)
    version = fields.Integer()
    created_at = Timestamp()


class PlanPageOut(Schema):
    items = fields.List(fields.Nested(PlanOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class PlanRecordOut(Schema):
    """One line of 审批记录: who did what at which org in which title role, and why."""

    at = Timestamp()
    actor = fields.String(attribute="actor_name")
    org = fields.String(attribute="org_name", allow_none=True)
    role = fields.Function(
        lambda e: (e.details or {}).get("role"), allow_none=True, metadata={"type": "string"}
    )
    role_label = fields.Function(
        lambda e: TITLE_ROLE_LABELS.get((e.details or {}).get("role") or "", None),
        allow_none=True,
        metadata={"type": "string"},
    )
    action = fields.String()
    action_label = fields.Function(
        lambda e: "上报" if e.action == "plan_submit" else TASK_ACTION_LABELS.get(e.action)
    )
    reason = fields.String(attribute="comment", allow_none=True)
    status_from = fields.String(allow_none=True, metadata={"enum": list(STATUS_LABELS)})
    status_to = fields.String(allow_none=True, metadata={"enum": list(STATUS_LABELS)})


class PlanTaskOut(TitleTaskOut):
    class Meta:
        exclude = ("declaration_id",)

    plan_id = fields.Integer(attribute="subject_id")


class PlanInboxItemOut(Schema):
    task = fields.Nested(PlanTaskOut)
    plan = fields.Nested(PlanOut)


class PlanInboxPageOut(Schema):
    items = fields.List(fields.Nested(PlanInboxItemOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class PlanStatsRowOut(Schema):
    """One org node's approved plans per level: ``counts`` its own, ``subtree`` with every
    org below it; ``org`` null: the selected node's total."""

    org = fields.Function(lambda r: _org(r.org), allow_none=True, metadata={"type": "object"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer()
    subtree = fields.Dict(keys=fields.String(), values=fields.Integer())
    subtree_total = fields.Integer()


class PlanAttachmentIn(Schema):
    """The plan's signed PDF, one multipart body (a new one replaces the old)."""

    file = Upload(required=True, error_messages=REQUIRED)
