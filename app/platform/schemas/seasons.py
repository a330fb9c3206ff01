"""Request and response schemas of 年度管理 (the products' seasons)."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.models.seasons import SEASON_PRODUCTS
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    choice,
    text,
    year,
)


class SeasonSchema(Schema):
    """开启年度: a product's new season (its name defaults to 2026年度)."""

    product = choice(SEASON_PRODUCTS, "应为exam或title", load_default="exam")
    year = year(required=True)
    name = text(32, load_default=None)


class SeasonQuerySchema(Schema):
    product = choice(SEASON_PRODUCTS, "应为exam或title", load_default="exam")


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
