import csv
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from apl.spreadsheet import read_cell, safe_cell
from audit.models import AuditEvent
from enrollment.models import EducatorProfile, Enrollment, Intent
from exchange.exporters import export_file
from tests.exchange.conftest import run_import
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    IntentFactory,
    micro_credential,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("3.5", "3.5"),
        (-5, -5),
        (Decimal("3.5"), Decimal("3.5")),
        ("Ana", "Ana"),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_read_cell_undoes_safe_cell():
    for text in ("=1+2", "-x", "@a", "plain", "'quoted"):
        assert read_cell(safe_cell(text)) == text


@pytest.fixture
def records(db, scorer):
    ana = EducatorFactory(
        user__email="ana@example.org",
        user__first_name='=HYPERLINK("http://evil")',
        user__last_name="Baca",
        school="@school",
        masters_degree=True,
    )
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(educator=ana, cohort=cohort, status="passed", score=Decimal("92.50"))
    EnrollmentFactory(
        educator=ana,
        cohort=CohortFactory(micro_credential=micro_credential("AL")),
        facilitator=scorer,
    )
    IntentFactory(educator=ana, status="declined")
    IntentFactory(educator=ana)
    return ana


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_formulas_are_neutralised_in_csv(records):
    content, count = export_file("educators", "csv")
    rows = _csv_rows(content)
    assert count == 1
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][6] == "'@school"
    assert rows[1][7] == "yes"


def test_formulas_are_neutralised_in_xlsx_and_numbers_stay_numbers(records):
    content, _ = export_file("educators", "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[1] == '\'=HYPERLINK("http://evil")'
    assert sheet.cell(2, 2).data_type == "s"
    assert row[4] == 1
    content, _ = export_file("enrollments", "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    scores = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert 92.5 in scores


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["educators", "intents", "enrollments"])
def test_an_export_reimports_to_no_change(tmp_path, records, kind):
    content, count = export_file(kind, "csv")
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(content)
    before = (EducatorProfile.history.count(), Intent.history.count(), Enrollment.history.count())
    run = run_import(kind, str(path))
    assert run.ok, run.err
    assert run.out.strip() == f"created 0, updated 0, unchanged {count}"
    after = (EducatorProfile.history.count(), Intent.history.count(), Enrollment.history.count())
    assert before == after


@pytest.mark.django_db
def test_export_command_writes_a_file_and_is_audited(tmp_path, records):
    out = StringIO()
    call_command("export_records", "enrollments", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "email,micro_credential,quarter,status,score,facilitator_email"
    )
    target = tmp_path / "e.xlsx"
    call_command("export_records", "educators", "--format", "xlsx", "--output", str(target))
    assert target.stat().st_size > 0
    events = AuditEvent.objects.filter(action__startswith="export.").order_by("id")
    assert [(e.action, e.detail["records"]) for e in events] == [
        ("export.enrollments", 2),
        ("export.educators", 1),
    ]
