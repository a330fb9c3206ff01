"""Excel in and out: rows to an .xlsx file with a header row, and an uploaded .xlsx back to
text rows. One place, so every export looks alike and every import reads cells alike.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(ValueError):
    """The upload is not a readable .xlsx workbook."""


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A one-sheet workbook: the header row, then ``rows``. write_only keeps memory flat
    however many rows come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes, max_rows: int) -> list[list[str]]:
    """The first sheet's rows as the text a person sees, header included; blank rows kept so
    index + 1 is the spreadsheet row number. Refuses what is not an .xlsx workbook and sheets
    longer than ``max_rows``."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError("文件不是有效的 Excel（.xlsx）工作簿") from error
    try:
        rows: list[list[str]] = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if len(rows) > max_rows:
                raise SpreadsheetError(f"文件超过{max_rows}行，请分批导入")
            rows.append([cell_text(cell) for cell in row])
        return rows
    except SpreadsheetError:
        raise
    except Exception as error:  # a damaged sheet inside a valid zip: still the file's fault
        raise SpreadsheetError("文件不是有效的 Excel（.xlsx）工作簿") from error
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """Cells as the text a person sees: dates as 2023-09-30, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
