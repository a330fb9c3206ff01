"""Response schemas of the clerk's season (issue 9): background jobs, the trade catalogue, import
reports, qualified records, history registrations, exam sessions and tickets, statistics."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.api.schemas import PageOut, Timestamp
from handlers.idcard import mask


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
        lambda job: (
            f"/api/jobs/{job.id}/download" if job.state == "done" and job.result_path else None
        ),
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


class SeasonOut(Schema):
    """A season (年度/批次): ``status`` open (进行中, at most one per product) or closed."""

    id = fields.Integer()
    product = fields.String(metadata={"description": "exam (工考报名) | title (职称申报)"})
    year = fields.Integer()
    name = fields.String()
    status = fields.String(metadata={"description": "open | closed"})
    status_label = fields.String()
    created_at = Timestamp()
    closed_at = Timestamp(allow_none=True)


class SeasonListOut(Schema):
    current_id = fields.Integer(
        allow_none=True, metadata={"description": "the season lists show by default"}
    )
    items = fields.List(fields.Nested(SeasonOut))


class HistoryRegistrationOut(Schema):
    source = fields.String(
        metadata={"description": "system: this system's finished season; imported: a sheet"}
    )
    source_label = fields.String(metadata={"description": "本系统 | 导入"})
    status_label = fields.String(
        allow_none=True, metadata={"description": "审核状态 of this system's rows"}
    )
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
    valid = fields.Boolean(
        metadata={"description": "false: 已作废 (the holder is no longer approved); never printed"}
    )
    voided_at = Timestamp(allow_none=True)
    void_reason = fields.String(allow_none=True, metadata={"description": "e.g. 报名状态变为“审核不通过”"})


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
    valid = fields.Boolean(attribute="ticket.valid", metadata={"description": "false: 已作废"})
    voided_at = Timestamp(attribute="ticket.voided_at", allow_none=True)
    void_reason = fields.String(attribute="ticket.void_reason", allow_none=True)
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
    """One trade: ``registered`` always; counties and above ``passed`` and ``failed``,
    supervising units and units ``approved`` and ``unregistered``."""

    name = fields.String(required=True)
    code = fields.String(allow_none=True)
    registered = fields.Nested(CountsOut, required=True)
    passed = fields.Nested(CountsOut, metadata={"description": "初审通过"})
    failed = fields.Nested(CountsOut, metadata={"description": "未通过"})
    approved = fields.Nested(CountsOut, metadata={"description": "审核通过 (by my org)"})
    unregistered = fields.Nested(CountsOut, metadata={"description": "未报名 (staff roster)"})


class TradeStatisticsOut(Schema):
    """按工种统计: every catalogue trade with registered (已报名), passed review (审核通过) and
    not registered (未报名: the staff roster's people of that trade who did not register)."""

    year = fields.Integer(required=True)
    season_id = fields.Integer(allow_none=True)
    season_name = fields.String(allow_none=True)
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
    season_id = fields.Integer(allow_none=True)
    season_name = fields.String(allow_none=True)
    rows = fields.List(fields.Nested(UnitRowOut), required=True)
    totals = fields.Nested(UnitRowOut, required=True)
