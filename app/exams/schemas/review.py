"""Request and response schemas of review: the inbox and the review records (filters and
their exports), a task, a decision (one or in bulk) and the step it took."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.exams.schemas.applications import ApplicationOut, ApplicationSummaryOut, ListQuerySchema
from app.exams.services.listing import DEFAULT_INBOX_SORT, INBOX_SORTS
from app.platform.schemas.audit import HistoryOut
from app.platform.schemas.common import PageOut, Timestamp
from app.platform.schemas.fields import (
    ACTION,
    REQUIRED,
    Text,
    choice,
    matching,
    record_id,
    season_filter,
    text,
)
from handlers.lexicon import TASK_ACTION_LABELS


class TaskOut(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    name = fields.String()
    bpmn_id = fields.String(attribute="spec_id")
    queue = fields.String()
    state = fields.String()
    actions = fields.List(fields.String(), attribute="allowed_actions")
    comment_required = fields.List(fields.String(), attribute="actions_needing_comment")
    context = fields.Dict(allow_none=True)
    org_code = fields.String(attribute="candidate_org.code")
    org_name = fields.String(attribute="candidate_org.name")
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)
    action = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    application = fields.Nested(ApplicationSummaryOut)


class TaskDetailOut(TaskOut):
    application = fields.Nested(ApplicationOut)
    history = fields.List(fields.Nested(HistoryOut), attribute="application.events")


class TaskPageOut(PageOut):
    items = fields.List(fields.Nested(TaskOut))


class BulkResultOut(Schema):
    task_id = fields.Integer()
    ok = fields.Boolean()
    status = fields.Integer()
    message = fields.String()
    name = fields.String(metadata={"description": "申请人姓名；任务不在本级范围内时为空"})
    id_number = fields.String(metadata={"description": "身份证号（脱敏）"})


class StepOut(Schema):
    """One step of a side process (deferred materials, re-review) as a reviewer reads it."""

    name = fields.String()
    state = fields.String()
    action = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    org = fields.String(attribute="candidate_org.name")
    by = fields.Function(lambda t: t.completed_by.name if t.completed_by else None)
    by_org = fields.Function(
        lambda t: t.completed_by.org.name if t.completed_by else None,
        metadata={"description": "the org of whoever acted (a city may cancel a county's step)"},
    )
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)


def _comment(max_len: int = 500, **kwargs) -> Text:
    return Text(validate=validate.Length(max=max_len, error="不能超过{max}字"), **kwargs)


class TaskActionSchema(Schema):
    """Which actions a task offers, and which need a reason, is the diagram's business: the
    service checks both against the task."""

    # any product's action, as before the split: one the task does not offer is refused
    # by the step with its own message (422)
    action = choice(TASK_ACTION_LABELS, "不是有效的审核操作", required=True)
    comment = _comment(load_default="")


class BulkActionSchema(TaskActionSchema):
    task_ids = fields.List(
        record_id(),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 200, error="一次可处理1到200条"),
    )


class CommentSchema(Schema):
    comment = text(500, required=True)


class InboxQuerySchema(ListQuerySchema):
    season = season_filter("年度编号（/api/seasons）；不填为全部年度的待办")  # open work
    queue = matching(ACTION, "不是有效的审核队列", load_default=None)
    sort = choice(
        INBOX_SORTS,
        "排序应为 " + "、".join(INBOX_SORTS),
        load_default=DEFAULT_INBOX_SORT,
        metadata={"description": "排序列，前加“-”为倒序；默认 created_at（到达时间，最早的在前）"},
    )


class RecordsQuerySchema(ListQuerySchema):
    action = choice(
        ("pass", "reject", "return", "onsite"), "不是有效的审核操作", load_default="pass"
    )


class InboxExportSchema(InboxQuerySchema):
    class Meta:
        exclude = ("page", "per_page")


class RecordsExportSchema(RecordsQuerySchema):
    class Meta:
        exclude = ("page", "per_page")
