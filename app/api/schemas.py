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
    field_messages = fields.Dict(
        keys=fields.String(), values=fields.String(), data_key="fields"
    )
    retry_after = fields.Integer(metadata={"description": "429: seconds to wait"})
    problems = fields.List(
        fields.Dict(),
        metadata={"description": "a refused deploy: {file, element_id, element_name, rule, message}"},
    )


class OrgOut(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String()
    parent_code = fields.Function(lambda o: o.parent.code if o.parent else None)


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


class WaitingAt(Schema):
    org_code = fields.String(attribute="waiting_org.code")
    org_name = fields.String(attribute="waiting_org.name")
    task = fields.String(attribute="waiting_task")


def _waiting(application) -> dict | None:
    return (
        WaitingAt().dump(application)
        if application.waiting_org
        else (
            {"org_code": None, "org_name": None, "task": application.waiting_task}
            if application.waiting_task
            else None
        )
    )


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


# Auditors' tools (app/services/instances.py): instance view, instance search, stuck tasks.


class ElementOut(Schema):
    state = fields.String(metadata={"enum": ["completed", "waiting", "cancelled"]})
    type = fields.String(metadata={"description": "BPMN element type, e.g. UserTask"})
    name = fields.String()
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    count = fields.Integer(metadata={"description": "how many times the instance reached it"})
    last_at = Timestamp(allow_none=True)


class DiagramOut(Schema):
    process_id = fields.String()
    file = fields.String(allow_none=True)
    xml = fields.String()
    elements = fields.Dict(keys=fields.String(), values=fields.Nested(ElementOut))
    flows = fields.List(fields.String(), metadata={"description": "sequence flows taken"})


class InstanceTaskOut(Schema):
    task_id = fields.Integer()
    spec_id = fields.String()
    process_id = fields.String(allow_none=True)
    name = fields.String()
    state = fields.String()
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    queue_label = fields.String()
    org_name = fields.String(allow_none=True)
    who = fields.String(allow_none=True)
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)
    duration_seconds = fields.Integer(metadata={"description": "open tasks: until now"})
    action = fields.String(allow_none=True)
    action_label = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)


class DataStepOut(Schema):
    process_id = fields.String()
    element_id = fields.String()
    name = fields.String()
    type = fields.String()
    at = Timestamp()
    data = fields.Dict(metadata={"description": "workflow data after the step; long values cut"})
    changed = fields.List(fields.String())


class VersionedOut(Schema):
    """Which process and which definition version an instance runs."""

    instance_id = fields.Integer()
    process_id = fields.String()
    process_name = fields.String()
    definition_id = fields.Integer()
    version = fields.String()
    number = fields.Integer(allow_none=True)
    version_label = fields.String()
    completed = fields.Boolean()
    started_at = Timestamp()


class InstanceOut(VersionedOut):
    main = fields.Boolean(metadata={"description": "the review process, not a side process"})
    updated_at = Timestamp()
    diagrams = fields.List(fields.Nested(DiagramOut))
    tasks = fields.List(fields.Nested(InstanceTaskOut))
    data_steps = fields.List(fields.Nested(DataStepOut))


class InstanceViewOut(Schema):
    application = fields.Nested(ApplicationSummaryOut)
    instances = fields.List(fields.Nested(InstanceOut))
    events = fields.List(fields.Nested(HistoryOut))


class WaitingTaskOut(Schema):
    task_id = fields.Integer()
    task = fields.String()
    spec_id = fields.String()
    lane = fields.String(allow_none=True)
    level_label = fields.String(allow_none=True)
    org_code = fields.String(allow_none=True)
    org_name = fields.String(allow_none=True)
    since = Timestamp()
    days = fields.Integer()


class InstanceRowOut(VersionedOut):
    application = fields.Nested(ApplicationSummaryOut)
    age_days = fields.Integer()
    waiting = fields.Nested(WaitingTaskOut, allow_none=True)


class InstancePageOut(PageOut):
    items = fields.List(fields.Nested(InstanceRowOut))


class StuckTaskOut(WaitingTaskOut):
    application = fields.Nested(ApplicationSummaryOut)
    instance_id = fields.Integer()


class OrgCountOut(Schema):
    org_code = fields.String()
    org_name = fields.String()
    level = fields.String()
    level_label = fields.String()
    count = fields.Integer()
    oldest = Timestamp()


class StuckOut(Schema):
    days = fields.Integer()
    orgs = fields.List(fields.Nested(OrgCountOut))
    total = fields.Integer(attribute="page.total")
    page = fields.Integer(attribute="page.page")
    per_page = fields.Integer(attribute="page.per_page")
    items = fields.List(fields.Nested(StuckTaskOut), attribute="page.items")


class JobOut(Schema):
    """A background job as its owner follows it: state, progress and, once done, where to
    download its file."""

    id = fields.Integer()
    kind = fields.String()
    state = fields.String(metadata={"description": "queued | running | done | failed"})
    state_label = fields.String()
    done = fields.Integer()
    total = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    result = fields.Dict(
        allow_none=True,
        metadata={
            "description": "an import job's report once done: created, updated, total and "
            "errors as [row, reason] pairs (row = spreadsheet row number)"
        },
    )
    created_at = Timestamp()
    finished_at = Timestamp(allow_none=True)
    download_url = fields.Function(  # an export's file; an import has none
        lambda job: f"/api/jobs/{job.id}/download" if job.state == "done" and job.result_path
        else None,
        allow_none=True,
    )


class TradeOut(Schema):
    code = fields.String()
    name = fields.String()
    category = fields.String()
    active = fields.Boolean()


class RowErrorOut(Schema):
    row = fields.Integer(metadata={"description": "spreadsheet row number (the header is 1)"})
    message = fields.String()


class ImportReportOut(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    errors = fields.Function(
        lambda r: [{"row": row, "message": message} for row, message in r.errors],
        metadata={"type": "array", "items": {"type": "object"}},
    )


class QualifiedRecordOut(Schema):
    id = fields.Function(lambda c: c.record.id)
    name = fields.Function(lambda c: c.record.name)
    trade = fields.Function(lambda c: c.record.trade)
    grade = fields.Function(lambda c: c.record.grade)
    cert_year = fields.Function(lambda c: c.record.cert_year)
    cert_no = fields.Function(lambda c: c.record.cert_no)
    exam_year = fields.Function(lambda c: c.record.exam_year)
    unit_name = fields.Function(lambda c: c.record.unit_name)
    backs = fields.Boolean(
        metadata={"description": "the record backs the applicant's stated current grade"}
    )
    differs = fields.List(fields.String(), metadata={"description": "fields that disagree"})


class QualifiedEvidenceOut(Schema):
    records = fields.List(fields.Nested(QualifiedRecordOut), attribute="checks")
    backing_record_id = fields.Function(lambda e: e.backing.record.id if e.backing else None)
    conditions = fields.Function(
        lambda e: {key: c.record.id if c else None for key, c in e.conditions.items()},
        metadata={
            "type": "object",
            "description": "auto-review condition -> id of the record it rests on (or null)",
        },
    )


class HistoryRegistrationOut(Schema):
    exam_year = fields.Integer()
    name = fields.String()
    id_number = fields.Function(lambda r: mask(r.id_number))
    gender = fields.String(allow_none=True)
    birth_month = fields.String(allow_none=True)
    work_start = fields.String(allow_none=True)
    unit_name = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    exam_category = fields.String(allow_none=True)
    trade = fields.String()
    station_code = fields.String(allow_none=True)
    cert_no = fields.String(allow_none=True)
    cert_date = fields.Date(allow_none=True)


class HistoryPageOut(PageOut):
    items = fields.List(fields.Nested(HistoryRegistrationOut))


class ExamSessionOut(Schema):
    id = fields.Integer()
    year = fields.Integer()
    trade = fields.String()
    grade = fields.Integer()
    exam_date = fields.Date()
    exam_time = fields.String()
    site = fields.String()
    address = fields.String(allow_none=True)
    rooms = fields.Integer()
    seats_per_room = fields.Integer()
    notes = fields.String(allow_none=True)
    print_opens_at = Timestamp(allow_none=True)
    print_closes_at = Timestamp(allow_none=True)
    revision = fields.Integer()
    org_code = fields.String(attribute="org.code")
    org_name = fields.String(attribute="org.name")


class TicketOut(Schema):
    """A ticket as its holder and the admins see it (the full ID number is on the PDF only)."""

    number = fields.String()
    application_id = fields.Integer()
    name = fields.String(attribute="application.name")
    id_number = fields.Function(
        lambda ticket: mask(ticket.application.id_number), metadata={"type": "string"}
    )
    room = fields.Integer()
    seat = fields.Integer()
    session = fields.Nested(ExamSessionOut)


class TicketRowOut(Schema):
    """One line of the seed's 准考证管理 list."""

    number = fields.String(attribute="ticket.number")
    application_id = fields.Integer(attribute="ticket.application_id")
    name = fields.String(attribute="ticket.application.name")
    gender = fields.String(attribute="ticket.application.gender", allow_none=True)
    id_number = fields.Function(
        lambda row: mask(row.ticket.application.id_number), metadata={"type": "string"}
    )
    region = fields.String()
    unit = fields.String()
    declared_trade = fields.String(attribute="ticket.session.trade")
    declared_grade = fields.Integer(attribute="ticket.session.grade")
    exam_date = fields.Date(attribute="ticket.session.exam_date")
    site = fields.String(attribute="ticket.session.site")
    room = fields.Integer(attribute="ticket.room")
    seat = fields.Integer(attribute="ticket.seat")
    printed = fields.Boolean()
    print_window = fields.String(attribute="window")
    upgraded = fields.String(
        metadata={
            "description": "是否升级打印: 是 (reprinted after the session was revised), "
            "待升级 (printed before the latest revision), 否"
        }
    )


class TicketPageOut(PageOut):
    items = fields.List(fields.Nested(TicketRowOut))


class TicketPrintOut(Schema):
    """打印历史: one print."""

    printed_at = Timestamp()
    user = fields.String(attribute="user.name")
    org = fields.String(attribute="user.org.name")


class CountsOut(Schema):
    """One column group of a statistics row: 合计 and the counts of 一级..五级 in order."""

    total = fields.Integer(required=True)
    grades = fields.List(fields.Integer(), required=True)


class TradeRowOut(Schema):
    name = fields.String(required=True)
    registered = fields.Nested(CountsOut, required=True)
    passed = fields.Nested(CountsOut, required=True)
    failed = fields.Nested(CountsOut, required=True)


class TradeStatisticsOut(Schema):
    """按工种统计: registered (已报名), passed first review (初审通过), not passed (未通过)."""

    year = fields.Integer(required=True)
    rows = fields.List(fields.Nested(TradeRowOut), required=True)
    totals = fields.Nested(TradeRowOut, required=True)


class UnitRowOut(Schema):
    name = fields.String(required=True)
    code = fields.String(allow_none=True)
    registered = fields.Nested(CountsOut, required=True)
    expected = fields.Nested(CountsOut, required=True)
    unregistered = fields.Nested(CountsOut, required=True)


class UnitStatisticsOut(Schema):
    """按单位统计: registered (已报名), on the staff roster (应考报名), not registered (未报名)."""

    year = fields.Integer(required=True)
    rows = fields.List(fields.Nested(UnitRowOut), required=True)
    totals = fields.Nested(UnitRowOut, required=True)


