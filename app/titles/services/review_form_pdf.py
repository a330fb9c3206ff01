"""The printed 专业技术职务任职资格评审表 of one title declaration: A4 portrait, the header
block (who, where, what is declared), each section the reader may see as a table, the review
record of every org on the chain, the committee and the interview notice.

A form has a few dozen rows, so fpdf2's ``table()`` (which wraps long cells) is fast enough
here, unlike for the 名册 (roster_pdf.py). CJK text uses the font of app/platform/services/pdf.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from app.platform.services.pdf import CJK, add_cjk_font

LINE = 6.0
HEADINGS = FontFace(emphasis="", fill_color=(235, 235, 235))
"""Header rows shaded, not bold: the CJK font has one (regular) face."""


class ReviewFormPdf(FPDF):
    """A4 portrait, 第 n / N 页 in every footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(CJK, size=8)
        self.cell(0, 6, f"第 {self.page_no()} / {{nb}} 页", align="C")


def render(document: dict[str, Any], font: Path, font_index: int) -> bytes:
    """The PDF of ``review_form.document``'s output."""
    pdf = ReviewFormPdf(format="A4")
    add_cjk_font(pdf, font, font_index)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(f"专业技术职务任职资格评审表 {document['name']}")
    pdf.add_page()
    pdf.set_font(CJK, size=16)
    pdf.cell(0, 10, "专业技术职务任职资格评审表", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
    pdf.ln(2)
    _pairs(pdf, document["header"])
    for block in document["sections"]:
        _heading(pdf, block["label"])
        if block["rows"]:
            _table(pdf, block["columns"], block["rows"])
        else:
            _note(pdf, "（未填写）")
    if document["hidden"]:
        _note(pdf, "未显示的内容板块（无查看权限）：" + "、".join(document["hidden"]))
    _heading(pdf, "审查推荐记录")
    if document["record"]:
        _table(pdf, ("单位", "环节", "操作", "意见", "日期"), document["record"])
    else:
        _note(pdf, "（尚无审查记录）")
    _heading(pdf, "评委会与面试")
    _pairs(pdf, document["committee"])
    pdf.ln(2)
    _note(pdf, f"打印时间（北京时间）：{document['printed_at']}  打印人：{document['printed_by']}")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(CJK, size=12)
    pdf.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font(CJK, size=9)
    pdf.multi_cell(0, LINE - 1, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pairs(pdf: FPDF, pairs: Sequence[tuple[str, str]]) -> None:
    """Label / value pairs, two to a row, as the paper form's header block."""
    rows = [
        [cell for label, value in pairs[i : i + 2] for cell in (label, value)]
        for i in range(0, len(pairs), 2)
    ]
    if rows and len(rows[-1]) < 4:
        rows[-1] += ["", ""]
    _table(pdf, None, rows, widths=(18, 32, 18, 32))


def _table(
    pdf: FPDF,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    widths: Sequence[int] | None = None,
) -> None:
    pdf.set_font(CJK, size=9)
    with pdf.table(
        col_widths=tuple(widths) if widths else None,
        first_row_as_headings=header is not None,
        headings_style=HEADINGS,
        line_height=LINE - 1,
        text_align="LEFT",
    ) as table:
        if header is not None:
            table.row(list(header))
        for row in rows:
            table.row([str(cell) for cell in row])
