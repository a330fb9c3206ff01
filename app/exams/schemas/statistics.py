"""Request and response schemas of 信息统计 and the 应考人员名单 import."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.platform.schemas.fields import (
    REQUIRED,
    choice,
    season_filter,
    year,
)


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
