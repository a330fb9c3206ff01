"""历史报名数据: registrations of earlier years, imported from the old system's sheets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.exams.models.applications import name_sort_default
from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from handlers.names import sort_key


class HistoryRegistration(Model):
    """One earlier year's registration, with the seed's columns. The names (单位, 报考工种)
    are kept as the old sheets wrote them, not matched to today's orgs or catalogue; ``org``
    is the org it is filed under (the importer's org or a unit of it named by 单位编码), which
    is what scoping reads. Unique per person, year and trade so a re-import updates in place.
    """

    __tablename__ = "history_registrations"
    __table_args__ = (UniqueConstraint("id_number", "exam_year", "trade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    exam_year: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(64))
    name_sort: Mapped[str] = mapped_column(
        String(255), default=name_sort_default, server_default=""
    )
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    gender: Mapped[str | None] = mapped_column(String(4))
    birth_month: Mapped[str | None] = mapped_column(String(7))
    work_start: Mapped[str | None] = mapped_column(String(7))
    unit_name: Mapped[str | None] = mapped_column(String(128))
    education: Mapped[str | None] = mapped_column(String(32))
    exam_category: Mapped[str | None] = mapped_column(String(32))
    trade: Mapped[str] = mapped_column(String(64))
    station_code: Mapped[str | None] = mapped_column(String(32))
    cert_no: Mapped[str | None] = mapped_column(String(32))
    cert_date: Mapped[date | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    org: Mapped[Org] = relationship()

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name
