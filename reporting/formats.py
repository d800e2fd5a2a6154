"""The quarterly report as CSV, JSON and XLSX (PDF is in ``reporting.render_pdf``).

CSV is PED's table to the character, then one empty line, then ``label,value`` lines.
JSON carries the same table and figures, typed. XLSX is a real workbook: numbers as
numbers, percentages as percentages. Text cells go through the project's one escaper
(``apl.spreadsheet.safe_cell``) so that a micro-credential named ``=HYPERLINK(...)``
cannot become a formula (security item 17).
"""

from __future__ import annotations

import csv
import io
import json

from apl.spreadsheet import safe_cell
from reporting.selectors import NOT_RECORDED, QuarterlyReport


def safe_text(value: str) -> str:
    """A text cell a spreadsheet will not read as a formula."""
    return safe_cell(str(value))


def to_csv(report: QuarterlyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    table = report.table()
    writer.writerow([safe_text(cell) for cell in table[0]])
    for row in table[1:]:
        writer.writerow([safe_text(row[0]), *row[1:]])
    out.write("\n")
    for label, value in report.summary.lines():
        writer.writerow([safe_text(label), value])
    return out.getvalue()


def to_data(report: QuarterlyReport) -> dict:
    """The report as plain typed values: ints, null for "N/A" or an open quarter's cells."""
    summary = report.summary

    def rate(closed):
        if closed is None:
            return None
        return {"quarter": closed.quarter.label, "percent_passing": closed.percent_passing}

    return {
        "programme": report.programme,
        "title": report.title,
        "as_of": report.as_of.isoformat(),
        "current_quarter": summary.current_quarter.label,
        "quarters": [
            {
                "quarter": c.quarter.label,
                "closed": c.closed,
                "recorded": c.recorded,
                "total_enrollment": c.total_enrollment,
                "total_completed": c.total_completed,
                "percent_passing": c.percent_passing,
            }
            for c in report.columns
        ],
        "rows": [
            {
                "code": row.code,
                "label": row.label,
                "elective": row.elective,
                "enrollment": list(row.cells),
            }
            for row in report.rows
        ],
        "summary": {
            "educators_enrolled_or_requested": summary.enrolled_or_requested,
            "educators_completed": summary.completed,
            "educators_projected_to_complete": summary.projected,
            "projected_quarter": summary.current_quarter.label,
            "first_closed_quarter": rate(summary.first_closed),
            "latest_closed_quarter": rate(summary.latest_closed),
        },
    }


def to_json(report: QuarterlyReport) -> str:
    return json.dumps(to_data(report), indent=2) + "\n"


def to_xlsx(report: QuarterlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = report.programme[:31]
    bold = Font(bold=True)
    sheet.append([safe_text(cell) for cell in report.header()])
    for cell in sheet[1]:
        cell.font = bold
    for row in report.rows:
        sheet.append([safe_text(row.label), *("N/A" if n is None else n for n in row.cells)])
    sheet.append(["Total Enrollment", *(c.total_enrollment for c in report.columns)])
    sheet.append(
        [
            "Total Completed",
            *(c.total_completed if c.recorded else NOT_RECORDED for c in report.columns),
        ]
    )
    sheet.append(["Percent Passing", *(_fraction(c.percent_passing, c) for c in report.columns)])
    for cell in sheet[sheet.max_row][1:]:
        if isinstance(cell.value, float):
            cell.number_format = "0%"
    sheet.append([])
    for label, value in _typed_summary(report):
        sheet.append([safe_text(label), value])
        if isinstance(value, float):
            sheet.cell(row=sheet.max_row, column=2).number_format = "0%"
    sheet.column_dimensions["A"].width = 58
    for column in sheet.iter_cols(min_col=2, max_col=sheet.max_column):
        for cell in column:
            cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fraction(percent: int | None, column) -> float | str | None:
    if not column.closed:
        return None
    if not column.recorded:
        return NOT_RECORDED
    return "N/A" if percent is None else percent / 100


def _typed_summary(report: QuarterlyReport) -> list[tuple[str, int | float | str]]:
    """The summary lines with numbers as numbers and percentages as fractions."""
    typed = []
    for label, value in report.summary.lines():
        if value.endswith("%"):
            typed.append((label, int(value[:-1]) / 100))
        elif value.isdigit():
            typed.append((label, int(value)))
        else:
            typed.append((label, value))
    return typed
