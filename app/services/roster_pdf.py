"""The printed 名册: A4 landscape, the org and roster in the title with the date, a table whose
header row repeats on every page, 第n页/共N页 in every footer.

fpdf2's table wraps a long cell (a unit's name) onto more lines inside its cell and never
splits a row across pages: a row that does not fit starts the next page, under the header.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF, FontFace

from app.services.exports import ROSTER_COLUMNS, SEQ_WIDTH, Roster
from app.services.pdf import CJK, add_cjk_font

MARGIN = 10.0
LINE = 5.5


class RosterPdf(FPDF):
    """The title block in every page's header, so each printed page says what it is."""

    def __init__(self, roster: Roster) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.roster = roster

    def header(self) -> None:
        self.set_font(CJK, size=14)
        self.cell(0, 8, f"{self.roster.org_name}{self.roster.title}", align="C")
        self.ln(8)
        self.set_font(CJK, size=9)
        stamp = f"制表日期：{self.roster.day.isoformat()}    共 {len(self.roster.applications)} 人"
        self.cell(0, 5, stamp, align="R")
        self.ln(7)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(CJK, size=8)
        self.cell(0, 5, f"第{self.page_no()}页/共{{nb}}页", align="C")


def render(roster: Roster, font: Path, font_index: int) -> bytes:
    pdf = RosterPdf(roster)
    add_cjk_font(pdf, font, font_index)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_title(f"{roster.org_name}{roster.title}")
    pdf.add_page()
    pdf.set_font(CJK, size=8)
    widths = (SEQ_WIDTH, *(c.width for c in ROSTER_COLUMNS))
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        line_height=LINE,
        text_align="CENTER",
        headings_style=FontFace(emphasis=None, fill_color=(230, 236, 244)),
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for label in roster.headers:
            heading.cell(label)
        for cells in roster.rows():
            row = table.row()
            for value in cells:
                row.cell(str(value))
    return bytes(pdf.output())
