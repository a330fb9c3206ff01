"""Spreadsheets in and out, one place for every import and export: the .csv or .xlsx people
upload read as plain text tables (Excel and CSV cells read the same way everywhere), and rows
written to an .xlsx with one sheet and a header row. The write-only workbook keeps memory flat
however long the list is (rows are streamed into the file as they come)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

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


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read: wrong type, broken or empty."""


def read_table(stream: IO[bytes], filename: str) -> list[list[str]]:
    """Every row of the first sheet as stripped strings, the header row first. Uploads are
    bounded by the request size limit (MAX_CONTENT_LENGTH); files on disk (CLI) are not."""
    data = stream.read()
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        table = _csv_table(data)
    elif suffix == "xlsx":
        table = _xlsx_table(data)
    else:
        raise SpreadsheetError("只支持 .csv 或 .xlsx 文件")
    if not table:
        raise SpreadsheetError("文件为空")
    return table


def _csv_table(data: bytes) -> list[list[str]]:
    # utf-8-sig reads files saved by Excel (with BOM) and by everything else alike; Excel in
    # a Chinese locale saves CSV as GB18030
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError("无法识别文件编码，请另存为 UTF-8 CSV")
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise SpreadsheetError("CSV 文件格式错误") from exc


def read_xlsx(data: bytes, max_rows: int) -> list[list[str]]:
    """An .xlsx's first sheet as text rows, header included and blank rows kept (index + 1 is
    the spreadsheet row number); a sheet longer than ``max_rows`` data rows is refused."""
    table = _xlsx_table(data)
    if len(table) > max_rows + 1:
        raise SpreadsheetError(f"文件超过{max_rows}行，请分批导入")
    return table


def _xlsx_table(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError("不是有效的 .xlsx 文件") from exc
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        return [[cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # a damaged sheet inside a valid zip: still the file's fault
        raise SpreadsheetError("不是有效的 .xlsx 文件") from exc
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
