"""The printed 名册's layout (issue 9): the header row on every page, long names wrapped inside
their column and never cut, a row never split across pages. Through the API, on both
databases, reading the PDF back with pypdf.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.exams.services.exports import ROSTER_COLUMNS, SEQ_WIDTH, Roster
from app.exams.services.roster_pdf import MARGIN, PAD, RosterPdf
from app.extensions import db
from app.models import Org
from app.platform.services.pdf import CJK, add_cjk_font
from tests.integration.exporting import add_approved, pdf_pages
from tests.integration.helpers import COUNTY, UNIT

pytestmark = pytest.mark.usefixtures("app_context")
# 80 characters: seven lines in the 41 mm 单位 column
LONG_UNIT = "河南省郑州市巩义市北山口镇人民政府社会事务综合服务中心暨退役军人服务站便民服务大厅" * 2
LONG_UNIT = LONG_UNIT[:80]
HEADERS = ("序号", "姓名", "身份证号", "申报工种", "申报等级", "单位", "审核状态")


def export_pdf(api) -> bytes:
    response = api.get("/api/applications/export?roster=final&format=pdf", as_=COUNTY)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def rename_unit(name: str) -> None:
    with db.session.begin_nested():
        db.session.scalars(select(Org).where(Org.code == UNIT)).one().name = name
    db.session.commit()


def test_header_row_and_footer_on_every_page_of_a_long_roster(api):
    add_approved(120)
    pages = pdf_pages(export_pdf(api))
    assert len(pages) >= 3
    seen: list[int] = []
    for n, text in enumerate(pages, start=1):
        assert all(label in text for label in HEADERS), f"page {n} lacks the header row"
        assert "巩义市终审通过名册" in text and "共 120 人" in text
        assert f"第{n}页/共{len(pages)}页" in text
        on_page = [int(i) for i in re.findall(r"名册人员(\d+)", text)]
        assert on_page, f"page {n} holds no row"
        seen += on_page
    assert seen == list(range(120))  # every row once, in order, none lost at a page break


def test_a_long_unit_name_wraps_inside_its_column_and_rows_stay_whole(api):
    rename_unit(LONG_UNIT)
    add_approved(6)
    body = export_pdf(api)
    pages = [text.replace("\n", "") for text in pdf_pages(body)]
    # a 7-line row is 38.5 mm: four fit under the header, so six rows take two pages
    assert len(pages) == 2
    for text in pages:
        rows = len(re.findall(r"名册人员\d", text))
        assert rows and text.count(LONG_UNIT) == rows  # each row whole on its page, uncut
    assert sum(text.count(LONG_UNIT) for text in pages) == 6
    unit = [c.label for c in ROSTER_COLUMNS].index("单位")
    left = MARGIN + SEQ_WIDTH + sum(c.width for c in ROSTER_COLUMNS[:unit])
    lines = unit_lines(body, left, left + ROSTER_COLUMNS[unit].width)
    assert len(lines) == 6 * 7 and "".join(lines[:7]) == LONG_UNIT


def unit_lines(body: bytes, left: float, right: float) -> list[str]:
    """The text drawn starting inside the 单位 column (x in mm) that belongs to the long name:
    a line wider than its column would start left of it, being centred."""
    found: list[str] = []

    def visit(text, cm, tm, font, size):
        text = text.replace("\x00", "").strip()
        x = tm[4] * 25.4 / 72
        if len(text) > 1 and text in LONG_UNIT and left <= x < right:
            found.append(text)

    for page in PdfReader(io.BytesIO(body)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_wrapped_lines_fit_their_room_and_rejoin_to_the_text(app):
    pdf = RosterPdf(Roster("名册", "巩义市", date.today(), []), (SEQ_WIDTH,))
    add_cjk_font(pdf, app.config["PDF_FONT"], app.config["PDF_FONT_INDEX"])
    pdf.set_font(CJK, size=8)
    room = 41 - 2 * PAD
    mixed = LONG_UNIT + "（ABC-123 有限责任公司）" + "\n第二段"
    lines = list(pdf.measure.lines(mixed, room))
    assert "".join(line for line, _ in lines) == mixed.replace("\n", "")
    for line, width in lines:
        assert width <= room + 1e-9
        assert width == pytest.approx(pdf.get_string_width(line), abs=1e-6)
    assert list(pdf.measure.lines("", room)) == [("", 0.0)]
