"""Request and response schemas of exam sessions (考场设置) and admission tickets (编排,
打印, the 准考证 list and its export)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from app.platform.schemas.common import MAX_PAGE, PageOut, Timestamp
from app.platform.schemas.fields import (
    MAX_ID,
    REQUIRED,
    grade,
    integer,
    matching,
    record_id,
    season_filter,
    text,
)
from handlers.idcard import mask

EXAM_YEARS = r"^20[0-9]{2}-"
"""Dates a session may have (2000-2099), stated as a pattern so the document says it: keeps
time-zone arithmetic far from the calendar's ends and typos like 0202 out."""


def _in_exam_years(value: date | datetime) -> None:
    if not 2000 <= value.year <= 2099:
        raise ValidationError("日期应在2000年到2099年之间")


def _exam_date(**kwargs: Any) -> fields.Date:
    return fields.Date(
        validate=_in_exam_years,
        error_messages={**REQUIRED, "invalid": "日期格式应为YYYY-MM-DD"},
        metadata={"pattern": EXAM_YEARS},
        **kwargs,
    )


def _moment(**kwargs: Any) -> fields.DateTime:
    """A time of the printing window: with an offset, or without one meaning Beijing time
    (what the page's datetime-local inputs send)."""
    return fields.DateTime(
        validate=_in_exam_years,
        error_messages={**REQUIRED, "invalid": "时间格式应为YYYY-MM-DDTHH:MM"},
        metadata={"pattern": EXAM_YEARS},
        **kwargs,
    )


class ExamSessionSchema(Schema):
    """An exam session (考试场次) a province or city admin defines."""

    trade = text(64, required=True)
    grade = grade(required=True)
    exam_date = _exam_date(required=True)
    exam_time = matching(
        r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$",
        "考试时间格式应为09:00-11:00",
        load_default="09:00-11:00",
    )
    site = text(128, required=True)
    address = text(200, load_default=None)
    rooms = integer(1, 500, error="考场数应为{min}到{max}", strict=True, required=True)
    seats_per_room = integer(1, 200, error="座位数应为{min}到{max}", strict=True, required=True)
    notes = text(500, load_default=None)


class ExamSessionRevisionSchema(Schema):
    """修改考试场次: what a ticket prints of its session (any of them; ``address`` and
    ``notes`` may be cleared with null). Tickets printed before a change read 待升级."""

    exam_date = _exam_date()
    exam_time = matching(
        r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$",
        "考试时间格式应为09:00-11:00",
    )
    site = text(128)
    address = text(200, allow_none=True)
    notes = text(500, allow_none=True)


class PrintWindowSchema(Schema):
    """开放打印准考证: from ``opens_at`` until ``closes_at``."""

    opens_at = _moment(required=True)
    closes_at = _moment(required=True)


class TicketAssignSchema(Schema):
    """编排: these approved applications, or all approved ones of the session's trade and
    grade in the caller's subtree without a ticket (``application_ids`` left out)."""

    session_id = record_id(required=True)
    application_ids = fields.List(
        record_id(), load_default=None, validate=validate.Length(1, 1000, error="一次可选1到1000条")
    )


class TicketPrintSchema(Schema):
    """批量打印: the tickets of these applications, in this order."""

    application_ids = fields.List(
        record_id(),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 1000, error="一次可打印1到1000张"),
    )


class TicketQuerySchema(Schema):
    page = integer(1, MAX_PAGE, load_default=1)
    per_page = integer(1, 100, load_default=20)
    season = season_filter()
    session_id = integer(1, MAX_ID, error="编号无效", load_default=None)
    declared_trade = text(64, load_default=None)
    declared_grade = integer(1, 5, load_default=None)
    q = text(64, load_default=None)
    printed = fields.Boolean(load_default=None, allow_none=False)


class TicketExportSchema(TicketQuerySchema):
    """The 准考证 list's filters for its export: every row they select, no paging."""

    class Meta:
        exclude = ("page", "per_page")


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
    void_reason = fields.String(
        allow_none=True, metadata={"description": "e.g. 报名状态变为“审核不通过”"}
    )


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
