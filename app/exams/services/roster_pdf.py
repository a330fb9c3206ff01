"""The printed 名册: A4 landscape, the org and roster in the title with the date, a table whose
header row repeats on every page, 第n页/共N页 in every footer.

A long cell (a unit's or a trade's name) wraps onto more lines inside its column, the row is
as tall as its tallest cell, and a row is never split across pages: one that does not fit
starts the next page, under the header.

The table is drawn directly (rules and ``text``) rather than with fpdf2's ``table()``: that
one shapes and line-breaks every cell twice through ``multi_cell`` (about 3 ms a row, 30 s or
more for the 10,000 rows a clerk may tick), while a roster's text needs no shaping. Widths are
sums of per-character widths measured once each, lines are filled greedily character by
character (how Chinese text breaks anyway), and a value's lines are kept for the next row
that repeats it (units, trades, grades and statuses repeat on almost every row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from fpdf import FPDF

from app.exams.services.exports import ROSTER_COLUMNS, SEQ_WIDTH, Roster
from app.platform.services.pdf import CJK, add_cjk_font
from handlers.clock import format_date

MARGIN = 10.0
BOTTOM = 14.0  # room for the footer below the last row
LINE = 5.5  # mm per text line in a cell
SIZE = 8  # pt, the table's font size
PAD = 1.0  # mm between a cell's border and its text, left and right
HEADING_FILL = (230, 236, 244)

Lines = tuple[tuple[str, float], ...]  # a cell's lines, each with its width


class Measure:
    """Text widths at the table's font size without fpdf2's per-call text handling: each
    character measured once through fpdf2 (which knows the font's metrics), then summed."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.chars: dict[str, float] = {}
        self.wrapped: dict[tuple[str, float], Lines] = {}

    def char(self, char: str) -> float:
        width = self.chars.get(char)
        if width is None:
            width = self.chars[char] = self.pdf.get_string_width(char)
        return width

    def lines(self, text: str, room: float) -> Lines:
        key = (text, room)
        lines = self.wrapped.get(key)
        if lines is None:
            lines = self.wrapped[key] = tuple(self.wrap(text, room))
        return lines

    def wrap(self, text: str, room: float) -> Iterable[tuple[str, float]]:
        """``text`` in lines no wider than ``room``, filled character by character; a line
        always takes at least one character, so nothing is ever dropped or cut."""
        for paragraph in text.split("\n"):
            start, used = 0, 0.0
            for i, char in enumerate(paragraph):
                width = self.char(char)
                if used + width > room and i > start:
                    yield paragraph[start:i], used
                    start, used = i, 0.0
                used += width
            yield paragraph[start:], used


class RosterPdf(FPDF):
    """The title block and the table's header row in every page's header, so each printed
    page says what it is and what each column holds."""

    def __init__(self, roster: Roster, widths: Sequence[float]) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.roster = roster
        self.widths = tuple(widths)
        self.measure = Measure(self)
        self.table_top = 0.0  # below the header row: where a page's first row starts

    def header(self) -> None:
        self.set_font(CJK, size=14)
        self.cell(0, 8, f"{self.roster.org_name}{self.roster.title}", align="C")
        self.ln(8)
        self.set_font(CJK, size=9)
        stamp = f"制表日期：{format_date(self.roster.day)}    共 {len(self.roster.applications)} 人"
        self.cell(0, 5, stamp, align="R")
        self.ln(7)
        self.set_font(CJK, size=SIZE)
        # only here: fpdf2 wraps every text in a colour change while fill and text colours differ
        self.set_fill_color(*HEADING_FILL)
        layout, x = self.layout(self.roster.headers), self.l_margin
        for width in self.widths:
            self.rect(x, self.y, width, self.height(layout), style="DF")
            x += width
        self.draw(layout)
        self.table_top = self.y

    def footer(self) -> None:
        self.draw_columns()
        self.set_y(-10)
        self.set_font(CJK, size=8)
        self.cell(0, 5, f"第{self.page_no()}页/共{{nb}}页", align="C")

    def add_row(self, cells: Iterable[object]) -> None:
        """One body row, on a new page when it would cross the bottom margin (unless the page
        holds no row yet: a row taller than a whole page is drawn rather than looped on)."""
        layout = self.layout(cells)
        height = self.height(layout)
        if self.y + height > self.h - BOTTOM and self.y > self.table_top:
            self.add_page()
        bottom = self.y + height  # its bottom rule; ``draw_columns`` draws the vertical ones
        self.line(self.l_margin, bottom, self.l_margin + sum(self.widths), bottom)
        self.draw(layout)

    def layout(self, cells: Iterable[object]) -> list[Lines]:
        return [
            self.measure.lines(str(value), width - 2 * PAD)
            for value, width in zip(cells, self.widths, strict=True)
        ]

    @staticmethod
    def height(layout: list[Lines]) -> float:
        return max(len(lines) for lines in layout) * LINE

    def draw(self, layout: list[Lines]) -> None:
        """A row's text at ``self.y``, each cell's lines centred both ways; then below it."""
        x, top, height = self.l_margin, self.y, self.height(layout)
        baseline = 0.5 * LINE + 0.3 * self.font_size
        for lines, width in zip(layout, self.widths, strict=True):
            y = top + (height - len(lines) * LINE) / 2 + baseline
            for line, used in lines:
                if line:
                    self.text(x + (width - used) / 2, y, line)
                y += LINE
            x += width
        self.set_xy(self.l_margin, top + height)

    def draw_columns(self) -> None:
        """The body's vertical rules, one line per column per page from the header row down
        to the last row, drawn as the page closes (when that is known)."""
        if self.y <= self.table_top:
            return
        x = self.l_margin
        for width in (0.0, *self.widths):
            x += width
            self.line(x, self.table_top, x, self.y)


def render(roster: Roster, font: Path, font_index: int) -> bytes:
    pdf = RosterPdf(roster, (SEQ_WIDTH, *(c.width for c in ROSTER_COLUMNS)))
    add_cjk_font(pdf, font, font_index)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False, margin=BOTTOM)
    pdf.set_title(f"{roster.org_name}{roster.title}")
    pdf.set_font(CJK, size=SIZE)
    pdf.add_page()
    for cells in roster.rows():
        pdf.add_row(cells)
    return bytes(pdf.output())
