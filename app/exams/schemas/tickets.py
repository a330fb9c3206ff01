"""Request schemas of the clerk's season (issue 9): the trade catalogue, spreadsheet imports,
history registrations, exam sessions and admission tickets, statistics and the staff roster.
The account, application and review schemas, and the shared field helpers, are in app/schemas.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate

from app.fields import (
    MAX_ID,
    REQUIRED,
    choice,
    grade,
    integer,
    matching,
    record_id,
    season_filter,
    text,
    year,
)
from app.models.seasons import SEASON_PRODUCTS
from app.schemas import MAX_PAGE


class TradeQuerySchema(Schema):
    q = text(64, load_default=None)
    # a query string carries text: "true"/"false" as the document's boolean is written there
    include_inactive = fields.Boolean(
        load_default=False,
        truthy={"true"},
        falsy={"false"},
        error_messages={"invalid": "应为true或false"},
    )


class SpreadsheetUploadSchema(Schema):
    """One .csv or .xlsx file to import (multipart)."""

    file = Upload(required=True, error_messages=REQUIRED)


class SeasonSchema(Schema):
    """开启年度: a product's new season (its name defaults to 2026年度)."""

    product = choice(SEASON_PRODUCTS, "应为exam或title", load_default="exam")
    year = year(required=True)
    name = text(32, load_default=None)


class SeasonQuerySchema(Schema):
    product = choice(SEASON_PRODUCTS, "应为exam或title", load_default="exam")


class HistoryQuerySchema(Schema):
    """历史报名数据查询's filters (also the export's, without the paging)."""

    page = integer(1, MAX_PAGE, load_default=1)
    per_page = integer(1, 100, load_default=20)
    source = choice(
        ("system", "imported"),
        "应为system或imported",
        load_default=None,
        metadata={"description": "system: 本系统已结束年度的报名; imported: 导入的历史数据"},
    )
    exam_year = year(strict=False, load_default=None)
    q = text(64, load_default=None)
    trade = text(64, load_default=None)
    unit_name = text(128, load_default=None)
    cert_no = text(32, load_default=None)


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


class StatisticsQuerySchema(Schema):
    """信息统计: the season (default: the current one; ``year`` picks the latest season of
    that year) and the answer's form."""

    season = season_filter()
    year = year(strict=False, load_default=None)
    format = choice(("json", "xlsx"), "应为json或xlsx", load_default="json")


class RosterImportFormSchema(Schema):
    """The year a staff roster upload is for (default: the current season's); multipart
    strings."""

    year = year(strict=False, load_default=None)


class RosterImportSchema(RosterImportFormSchema):
    """A staff roster import through the API: the year and the .xlsx file, one body."""

    file = Upload(required=True, error_messages=REQUIRED)
