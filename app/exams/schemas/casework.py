"""Request and response schemas of 容缺后补 and 复核 (the county's remarks, the city's and the
province's re-reviews)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.exams.schemas.applications import ApplicationSummaryOut
from app.exams.schemas.review import StepOut
from app.platform.schemas.common import PageOut
from app.platform.schemas.fields import (
    choice,
    integer,
    record_id,
    text,
)


class RemarkSchema(Schema):
    remark = text(500, required=True)


class RecheckStartSchema(Schema):
    application_ids = fields.List(
        record_id(), load_default=None, validate=validate.Length(1, 1000, error="一次可选1到1000条")
    )
    sample_percent = integer(1, 100, error="抽查比例应为1到100", strict=True, load_default=None)


class RecheckQuerySchema(Schema):
    by = choice(("city", "province"), "应为city或province", load_default="city")


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
