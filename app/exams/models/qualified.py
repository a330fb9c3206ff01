"""往年合格库: people who passed an earlier exam, imported from the provincial result sheets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.base import utcnow


class QualifiedRecord(Model):
    """One certificate earned: the evidence auto-review compares an applicant's stated current
    grade with. Unique per person, trade, grade and year so a re-import updates in place.
    """

    __tablename__ = "qualified_records"
    __table_args__ = (UniqueConstraint("id_number", "trade", "grade", "cert_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    trade: Mapped[str] = mapped_column(String(64))
    grade: Mapped[int]
    cert_year: Mapped[int]
    cert_no: Mapped[str | None] = mapped_column(String(32))
    exam_year: Mapped[int | None]
    unit_name: Mapped[str | None] = mapped_column(String(128))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
