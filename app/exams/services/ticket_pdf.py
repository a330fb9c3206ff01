"""Printable admission tickets: A4 portrait, two tickets per page (one per half, cut along the
dashed line), each with the photo, name, ID number, ticket number, trade, grade, date and
time, site, room, seat and the session's notes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.exams.services.ticket_printing import PrintedTicket
from app.platform.services.pdf import CJK, add_cjk_font
from handlers.clock import format_date_cn
from handlers.exams.applicant import GRADE_LABELS

HALF = 148.5
MARGIN = 14.0
PHOTO_W, PHOTO_H = 30.0, 40.0
ROW = 8.0
LABEL_W = 26.0
GENDERS = {"male": "男", "female": "女"}
RULES = "请携带本准考证和身份证原件，于开考前30分钟到达考场；迟到30分钟不得入场。"


def render(
    printed: list[PrintedTicket],
    font: Path,
    font_index: int,
    rendered: Callable[[int], None] | None = None,
) -> bytes:
    """The tickets in the order given, two per page; ``rendered(n)`` is told after the n-th
    ticket (a background job's progress)."""
    pdf = FPDF(format="A4")
    add_cjk_font(pdf, font, font_index)
    pdf.set_auto_page_break(auto=False)
    pdf.set_title("准考证")
    for index, item in enumerate(printed):
        top = 0.0 if index % 2 == 0 else HALF
        if index % 2 == 0:
            pdf.add_page()
        else:
            _cut_line(pdf)
        _ticket(pdf, item, top)
        if rendered is not None:
            rendered(index + 1)
    return bytes(pdf.output())


def _cut_line(pdf: FPDF) -> None:
    pdf.set_draw_color(160, 160, 160)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.line(6, HALF, pdf.w - 6, HALF)
    pdf.set_dash_pattern()


def _ticket(pdf: FPDF, item: PrintedTicket, top: float) -> None:
    ticket, application, exam = item.ticket, item.ticket.application, item.ticket.session
    pdf.set_draw_color(0, 0, 0)
    pdf.rect(MARGIN - 4, top + 8, pdf.w - 2 * (MARGIN - 4), HALF - 16)
    pdf.set_xy(MARGIN, top + 12)
    pdf.set_font(CJK, size=16)
    pdf.cell(
        0,
        10,
        f"{exam.year}年职业技能等级认定 准考证",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    fields = [
        ("准考证号", ticket.number),
        ("姓名", application.name),
        ("性别", GENDERS.get(application.gender or "", "")),
        ("身份证号", application.id_number),
        ("报考工种", exam.trade),
        ("报考等级", GRADE_LABELS.get(exam.grade, str(exam.grade))),
        ("考试时间", f"{format_date_cn(exam.exam_date)} {exam.exam_time}"),
        ("考场", exam.site + (f"（{exam.address}）" if exam.address else "")),
        ("考场号 / 座位号", f"第{ticket.room}考场  {ticket.seat}号"),
    ]
    y = top + 26
    width = pdf.w - 2 * MARGIN - PHOTO_W - 6
    for label, value in fields:
        pdf.set_xy(MARGIN, y)
        pdf.set_font(CJK, size=10)
        pdf.cell(LABEL_W, ROW, label, border=1)
        pdf.set_font(CJK, size=11)
        pdf.cell(width - LABEL_W, ROW, value, border=1)
        y += ROW
    _photo(pdf, item.photo, pdf.w - MARGIN - PHOTO_W, top + 26)
    pdf.set_xy(MARGIN, y + 3)
    pdf.set_font(CJK, size=9)
    notes = "注意事项：" + RULES + (f"\n{exam.notes}" if exam.notes else "")
    pdf.multi_cell(pdf.w - 2 * MARGIN, 5, notes, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _photo(pdf: FPDF, photo: Path | None, x: float, y: float) -> None:
    """The applicant's photo, or a frame saying where to paste one."""
    if photo is not None:
        pdf.image(str(photo), x=x, y=y, w=PHOTO_W, h=PHOTO_H, keep_aspect_ratio=True)
    pdf.rect(x, y, PHOTO_W, PHOTO_H)
    if photo is None:
        pdf.set_xy(x, y + PHOTO_H / 2 - 3)
        pdf.set_font(CJK, size=9)
        pdf.cell(PHOTO_W, 6, "照片", align="C")
