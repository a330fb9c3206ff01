"""Response schemas of the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields

from handlers.idcard import mask


def _definition(event: Any) -> dict[str, Any] | None:
    definition = event.definition
    if definition is None:
        return None
    return {
        "id": definition.id,
        "process_id": definition.process_id,
        "version": definition.version,
        "label": event.definition_label,
    }


class Timestamp(fields.DateTime):
    """A stored timestamp (naive UTC) as RFC 3339 with its offset, so clients need not guess
    the zone."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorOut(Schema):
    """Every answer that is not a success: a code for programs, a message for people and, for
    input errors, the message of each field by name (nested fields as dotted paths)."""

    error = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    field_messages = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields")
    retry_after = fields.Integer(metadata={"description": "429: seconds to wait"})
    problems = fields.List(
        fields.Dict(),
        metadata={
            "description": "a refused deploy: {file, element_id, element_name, rule, message}"
        },
    )


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


class SupplementaryOut(UserOut):
    """补报 list row: the login of an applicant is the ID number, masked like every list."""

    username = fields.Function(lambda user: mask(user.username), metadata={"type": "string"})


class LoginOut(Schema):
    token = fields.String()
    must_change_password = fields.Boolean()
    user = fields.Nested(UserOut)


def _waiting(application) -> dict | None:
    """{org_code, org_name, task} of where the application waits, or None. A plain dict: a
    schema instantiated per row cost ~2 ms on a 100-row inbox page."""
    org, task = application.waiting_org, application.waiting_task
    if org is None and not task:
        return None
    return {
        "org_code": org.code if org else None,
        "org_name": org.name if org else None,
        "task": task,
    }


class UploadOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    original_name = fields.String()
    year = fields.Integer(allow_none=True)
    created_at = Timestamp()


class ApplicationSummaryOut(Schema):
    """List row: the ID number is masked."""

    id = fields.Integer()
    season_id = fields.Integer()
    year = fields.Integer()
    status = fields.String()
    name = fields.String()
    id_number = fields.Function(lambda a: mask(a.id_number))
    gender = fields.String(allow_none=True)
    unit = fields.Nested(OrgOut, attribute="org")
    declared_trade = fields.String(allow_none=True)
    declared_grade = fields.Integer(allow_none=True)
    waiting_at = fields.Function(_waiting)
    submitted_at = Timestamp(allow_none=True)


class ApplicationOut(ApplicationSummaryOut):
    """Detail: the whole form, full ID number, uploads and the last return reason."""

    id_number = fields.String()
    phone = fields.String(allow_none=True)
    birth_month = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    work_start = fields.String(allow_none=True)
    years_worked = fields.Integer(allow_none=True)
    current_grade = fields.Integer(allow_none=True)
    current_trade = fields.String(allow_none=True)
    current_grade_year = fields.Integer(allow_none=True)
    prohibited = fields.Boolean(allow_none=True)
    by_certificate = fields.Boolean()
    qualifying_conditions = fields.List(fields.String(), allow_none=True)
    appraisals = fields.List(fields.Dict(), allow_none=True)
    exceptional = fields.Boolean()
    exceptional_reason = fields.String(allow_none=True)
    declared_by_county = fields.Boolean()
    onsite_approved = fields.Boolean()
    exceptional_approved = fields.Boolean()
    deferred = fields.Boolean()
    deferred_remark = fields.String(allow_none=True)
    return_reason = fields.String(allow_none=True)
    uploads = fields.List(fields.Nested(UploadOut))


class PageOut(Schema):
    """What listing.Page carries besides its items; subclasses say what the items are."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ApplicationPageOut(PageOut):
    items = fields.List(fields.Nested(ApplicationSummaryOut))


class ApplicationSearchOut(ApplicationPageOut):
    """报名信息查询's page: the rows and, per row, 当前状态 for the caller's org."""

    review_states = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": "application id -> 已审核 (my org has acted on it) | 待审核 (waiting "
            "at my org, or still to come) | empty"
        },
    )


class HistoryOut(Schema):
    at = Timestamp()
    actor = fields.String(attribute="actor_name")
    org = fields.String(attribute="org_name", allow_none=True)
    action = fields.String()
    comment = fields.String(allow_none=True)
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)
    task = fields.Function(
        lambda e: {"name": e.task_name, "bpmn_id": e.task_spec_id} if e.task_name else None
    )
    definition = fields.Function(
        _definition,
        metadata={"description": "流程版本 that took the decision (null for other events)"},
    )
    details = fields.Dict(
        allow_none=True,
        metadata={
            "description": "submissions: the facts sent to the process; auto-review "
            "decisions: DMN file hashes (dmn), their results and the facts they saw"
        },
    )


class TrailEventOut(Schema):
    """One chained event with every hashed field as hashed (handlers/audit_chain.py)."""

    id = fields.Integer()
    chain = fields.String()
    seq = fields.Integer()
    prev_hash = fields.String()
    hash = fields.String()
    at = fields.String(metadata={"description": "ISO 8601, microseconds, UTC, as hashed"})
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    org_id = fields.Integer(allow_none=True)
    org_name = fields.String(allow_none=True)
    action = fields.String()
    action_label = fields.String()
    comment = fields.String(allow_none=True)
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    task_name = fields.String(allow_none=True)
    task_spec_id = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    details = fields.Dict(allow_none=True)
    definition_id = fields.Integer(allow_none=True)
    definition_label = fields.String(allow_none=True)
    application_id = fields.Integer(allow_none=True)


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


class DeferredCaseOut(Schema):
    application = fields.Nested(ApplicationSummaryOut)
    remark = fields.String(attribute="application.deferred_remark", allow_none=True)
    stage = fields.String()
    marked_by = fields.String(
        allow_none=True, metadata={"description": "the level that marked it and supplies it"}
    )
    steps = fields.List(fields.Nested(StepOut))


class DeferredPageOut(PageOut):
    items = fields.List(fields.Nested(DeferredCaseOut))


class RecheckRecordOut(Schema):
    application = fields.Nested(ApplicationSummaryOut)
    opinion = fields.Nested(StepOut)
    response = fields.Nested(StepOut, allow_none=True)


class RecheckStartedOut(Schema):
    started = fields.List(fields.Integer())
