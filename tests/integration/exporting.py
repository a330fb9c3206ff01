"""Rows for the export and job tests: approved applications written straight to the
database, and readers of the files the exports produce."""

from __future__ import annotations

import io
import itertools

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Org, User
from app.platform.services import seasons
from tests.integration.helpers import UNIT

SERIAL = itertools.count()


def add_approved(count: int, org_code: str = UNIT, *, trade: str = "护理员", grade: int = 4,
                 name: str = "名册人员", **flags) -> list[int]:
    """``count`` approved applications written straight to the database: the review paths
    that approve one are tested elsewhere; a roster only reads what they leave."""
    org = db.session.scalars(select(Org).where(Org.code == org_code)).one()
    season = seasons.for_registration(db.session, seasons.EXAM, 2026)
    ids = []
    for i in range(count):
        n = next(SERIAL)
        number = f"{org_code[:6]}1990{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}X"
        user = User(username=f"roster-{n}", name=f"{name}{i}", id_number=number,
                    role="applicant", org_id=org.id, password_hash="x")
        db.session.add(user)
        db.session.flush()
        application = Application(
            applicant_id=user.id, org_id=org.id, season_id=season.id, year=season.year,
            status="approved", name=f"{name}{i}",
            id_number=number, gender="male", education="大专", work_start="2012-07",
            current_trade=trade, current_grade=grade + 1, current_grade_year=2019,
            declared_trade=trade, declared_grade=grade, **flags,
        )
        db.session.add(application)
        db.session.flush()
        ids.append(application.id)
    db.session.commit()
    return ids


def pdf_pages(body: bytes) -> list[str]:
    # pypdf reads fpdf2's Identity CMap one byte at a time: drop the NULs between glyphs
    return [page.extract_text().replace("\x00", "") for page in PdfReader(io.BytesIO(body)).pages]


def xlsx_rows(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return list(sheet.iter_rows(values_only=True))
