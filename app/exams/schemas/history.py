"""Request and response schemas of 历史报名数据 (earlier seasons' registrations)."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.common import MAX_PAGE, PageOut
from app.platform.schemas.fields import (
    choice,
    integer,
    text,
    year,
)
from handlers.idcard import mask


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
