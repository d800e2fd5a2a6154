"""Reading an XLSX workbook as the rows of a CSV, for the same validation as a CSV file.

The first worksheet is read in openpyxl's read-only (streaming) mode, cell values as
stored: a formula is refused rather than guessed at (its cached result may be stale or
absent), and a workbook too large to be an import (rows, columns, or the size it
unpacks to) is refused before its rows are read. Values become the text a spreadsheet
shows for them: whole numbers without ``.0``, dates as YYYY-MM-DD, TRUE/FALSE as yes/no.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from exchange.importers.base import FileRejected, RowError

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 250_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 400 * 1024 * 1024


def is_xlsx(data: bytes) -> bool:
    """An XLSX workbook is a zip archive; a CSV text file never starts like one."""
    return data[:4] == XLSX_MAGIC


def _reject(reason: str, row: int = 1, column: str = "-") -> FileRejected:
    return FileRejected([RowError(row, column, reason)])


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _reject("the file is not a readable XLSX workbook; save it again as .xlsx") from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise _reject(
            f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; "
            "split it into smaller files"
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_records(data: bytes) -> list[list[str]]:
    """The first worksheet's rows as lists of text cells; FileRejected for a bad workbook."""
    from openpyxl import load_workbook

    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign archive
        raise _reject("the file is not a readable XLSX workbook; save it again as .xlsx") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise _reject("the workbook has no worksheet")
        return _sheet_records(sheet)
    finally:
        workbook.close()


def _sheet_records(sheet) -> list[list[str]]:
    records = []
    formulas = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_ROWS:
            raise _reject(f"the worksheet has more than {MAX_ROWS:,} rows; split the file", number)
        if len(row) > MAX_COLUMNS:
            raise _reject(f"the worksheet has more than {MAX_COLUMNS} columns", number)
        cells = []
        for j, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formulas.append((number, j))
                cells.append("")
                continue
            cells.append(_text(getattr(cell, "value", None)))
        records.append(cells)
    if formulas:
        header = records[0] if records else []
        raise FileRejected(
            [
                RowError(number, _column_name(header, j), FORMULA_REASON)
                for number, j in formulas[:500]
            ]
        )
    return records


FORMULA_REASON = "the cell holds a formula; paste the values instead of formulas"


def _column_name(header: list[str], j: int) -> str:
    """The header's name for column j, else its spreadsheet letter."""
    name = header[j].strip().lower() if j < len(header) else ""
    return name or _column_letter(j)
