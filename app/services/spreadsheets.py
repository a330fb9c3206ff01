"""Rows to an .xlsx file: one sheet, a header row, nothing else. A write-only workbook keeps
memory flat however long the list is (rows are streamed into the file as they come)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The workbook's bytes; ``title`` names the sheet (Excel allows 31 characters)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, title, headers, rows)
    return buffer.getvalue()


def write_xlsx(
    out: IO[bytes], title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """The workbook into ``out`` (a file for background exports)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    heading = []
    for label in headers:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append(list(row))
    workbook.save(out)
