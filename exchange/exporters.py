"""Exports of the three import formats, so that an export re-imports to no change.

Every cell goes through ``apl.spreadsheet.safe_cell``: text a spreadsheet would run as
a formula is neutralised, numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from apl.spreadsheet import safe_cell
from enrollment.models import PROFILE_WRITTEN_FIELDS, EducatorProfile, Enrollment, Intent
from exchange.importers import IMPORTERS

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def educator_rows() -> Iterator[tuple]:
    fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        *PROFILE_WRITTEN_FIELDS,
    )
    for row in EducatorProfile.objects.order_by("user__email").values_list(*fields).iterator(2000):
        yield (*row[:7], _yes_no(row[7]), _yes_no(row[8]))


def intent_rows() -> Iterator[tuple]:
    """One row per educator and programme (the import's key): the open intent, else the
    latest one."""
    best: dict[tuple[str, str], tuple[bool, int, object]] = {}
    for email, programme, status, submitted_on, pk in Intent.objects.values_list(
        "educator__user__email", "programme__name", "status", "submitted_on", "id"
    ).iterator(2000):
        candidate = (status in Intent.OPEN_STATUSES, pk, submitted_on)
        if candidate[:2] > best.get((email, programme), (False, 0, None))[:2]:
            best[(email, programme)] = candidate
    for (email, programme), (_, _, submitted_on) in sorted(best.items()):
        yield (email, programme, submitted_on.isoformat())


def enrollment_rows() -> Iterator[tuple]:
    fields = (
        "educator__user__email",
        "cohort__micro_credential__code",
        "cohort__quarter",
        "status",
        "score",
        "facilitator__email",
    )
    enrollments = Enrollment.objects.order_by("cohort__quarter", "educator__user__email", "id")
    for email, code, quarter, status, score, facilitator in enrollments.values_list(
        *fields
    ).iterator(2000):
        yield (email, code, quarter.label, status, score, facilitator or "")


ROWS = {"educators": educator_rows, "intents": intent_rows, "enrollments": enrollment_rows}


def export_rows(kind: str) -> tuple[tuple[str, ...], Iterator[tuple]]:
    return IMPORTERS[kind].columns, ROWS[kind]()


def write_csv(header, rows) -> tuple[bytes, int]:
    """UTF-8 with a byte-order mark (so that Excel reads it as UTF-8), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def _csv_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "normalize") and value == value.to_integral_value():
        return str(value.quantize(1))  # 92.00 → 92
    return str(value)


def write_xlsx(header, rows, *, title: str) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(safe_cell(value)) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _xlsx_value(value):
    # openpyxl would store text beginning with "=" as a formula; safe_cell has prefixed it.
    return "" if value is None else value


def export_file(kind: str, fmt: str) -> tuple[bytes, int]:
    """The file's bytes and how many records it holds."""
    header, rows = export_rows(kind)
    if fmt == "csv":
        return write_csv(header, rows)
    return write_xlsx(header, rows, title=kind)
