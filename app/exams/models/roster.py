"""应考人员名单: the staff of a unit eligible to sit the exam in a year, imported from Excel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.base import utcnow


class StaffRosterEntry(Model):
    """One person a unit expects to register (应考) for a grade in an exam year.

    The statistics compare it with the applications: 应考报名 counts these rows, 未报名 those
    whose ID number has no submitted application that year. Unique per unit, year and ID
    number, so a re-import updates in place.
    """

    __tablename__ = "staff_roster_entries"
    __table_args__ = (
        UniqueConstraint("org_id", "year", "id_number"),
        Index("ix_staff_roster_entries_year_id_number", "year", "id_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(18))
    trade: Mapped[str] = mapped_column(String(64))
    grade: Mapped[int]
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
