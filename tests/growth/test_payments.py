"""Stipends approved in bulk, exported for the payment office, paid from its return file."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from growth.models import Stipend
from growth.payments import payments_import, stipends_export
from growth.stipends import record_pass, stipends_approve
from tests.factories import EducatorFactory
from tests.factories.growth import enrolled, mc_goal, pass_, plan

pytestmark = pytest.mark.django_db


def _stipends(n=3, *, approve=True, district="Gallup-McKinley County Schools"):
    made = []
    for _ in range(n):
        educator = EducatorFactory(district_as_written=district)
        mc_goal(plan(educator, year=2025), "CE")
        record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q1/26")).pk)
        made.append(Stipend.objects.get(educator=educator))
    if approve:
        # approved some weeks before the payment office pays
        with time_machine.travel(dt.datetime(2025, 11, 1, 12), tick=False):
            stipends_approve(stipends=made, by=None)
    for stipend in made:
        stipend.refresh_from_db()
    return made


def _export(stipends=None) -> str:
    return stipends_export(stipends=stipends or Stipend.objects.all(), fmt="csv").decode(
        "utf-8-sig"
    )


def _filled(text: str, paid_on="2025-11-20", prefix="TR") -> bytes:
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for i, row in enumerate(rows):
        writer.writerow({**row, "paid_on": paid_on, "payment_reference": f"{prefix}{i}"})
    return out.getvalue().encode()


def test_approval_in_bulk_moves_only_due_stipends():
    due = _stipends(2, approve=False)
    assert stipends_approve(stipends=due, by=None) == 2
    assert stipends_approve(stipends=due, by=None) == 0
    assert set(Stipend.objects.values_list("status", flat=True)) == {"approved"}


@time_machine.travel(dt.datetime(2025, 12, 1, 12), tick=False)
def test_the_return_file_marks_stipends_paid_and_a_second_import_changes_nothing():
    stipends = _stipends(3)
    data = _filled(_export())
    result = payments_import(data=data, filename="return.csv")
    assert result.ok, result.errors
    assert (result.updated, result.unchanged) == (3, 0)
    paid = Stipend.objects.get(pk=stipends[0].pk)
    assert (paid.status, paid.paid_on, paid.payment_reference) == (
        "paid",
        dt.date(2025, 11, 20),
        "TR0",
    )
    again = payments_import(data=data, filename="return.csv")
    assert again.ok and (again.updated, again.unchanged) == (0, 3)


def test_the_export_itself_re_imports_to_no_change():
    _stipends(2)
    result = payments_import(data=_export().encode(), filename="stipends.csv")
    assert result.ok and (result.updated, result.unchanged) == (0, 2)
    assert not Stipend.objects.filter(status="paid").exists()


@time_machine.travel(dt.datetime(2025, 12, 1, 12), tick=False)
def test_a_return_file_with_bad_rows_is_rejected_whole_naming_every_bad_row():
    good, second, due = _stipends(3)
    Stipend.objects.filter(pk=due.pk).update(status="due")
    text = (
        "reference,email,amount,paid_on,payment_reference\r\n"
        f"{good.reference},{good.educator.user.email},50.00,2025-11-20,T1\r\n"
        f"PGP-999999,,50.00,2025-11-20,T2\r\n"
        f"{second.reference},someone@else.org,45.00,2025-11-20,T3\r\n"
        f"{due.reference},,50.00,2025-11-20,T4\r\n"
        f"{good.reference},,50.00,2025-11-20,T5\r\n"
        f"{second.reference.replace('PGP', 'X')},,50.00,2026-01-01,T6\r\n"
    )
    result = payments_import(data=text.encode(), filename="return.csv")
    messages = [str(e) for e in result.errors]
    assert not result.ok
    assert "row 3: reference: 'PGP-999999' is not the reference of a stipend" in messages
    assert any(m.startswith("row 4: email:") for m in messages)
    assert "row 4: amount: 45.00 does not match the stipend's 50.00" in messages
    assert f"row 5: paid_on: stipend {due.reference} is not approved yet" in messages
    assert "row 6: reference: the same reference is on row 2" in messages
    assert any(m.startswith("row 7: reference:") for m in messages)
    assert not Stipend.objects.filter(status="paid").exists()


def test_a_return_file_missing_a_required_column_is_rejected():
    _stipends(1)
    result = payments_import(data=b"reference,amount\r\nPGP-000001,50\r\n", filename="r.csv")
    assert [str(e) for e in result.errors] == [
        "row 1: paid_on: required column is missing from the header"
    ]


@time_machine.travel(dt.datetime(2025, 12, 1, 12), tick=False)
def test_a_paid_stipend_cannot_be_paid_again_on_another_day():
    stipends = _stipends(1)
    payments_import(data=_filled(_export()), filename="r.csv")
    result = payments_import(data=_filled(_export(), paid_on="2025-11-25"), filename="r.csv")
    assert [str(e) for e in result.errors] == [
        f"row 2: paid_on: stipend {stipends[0].reference} was recorded paid on 2025-11-20 (TR0)"
    ]


@time_machine.travel(dt.datetime(2025, 12, 1, 12), tick=False)
def test_the_command_rejects_a_bad_file_with_every_row_on_stderr(tmp_path, capsys):
    _stipends(1)
    path = tmp_path / "return.csv"
    path.write_text("reference,amount,paid_on\r\nPGP-000404,50,2025-11-20\r\nnope,x,y\r\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_stipend_payments", str(path))
    err = capsys.readouterr().err
    assert "row 2: reference: 'PGP-000404' is not the reference of a stipend" in err
    assert "row 3: reference: 'nope' is not the reference of a stipend" in err


@time_machine.travel(dt.datetime(2025, 12, 1, 12), tick=False)
def test_the_command_dry_run_writes_nothing(tmp_path, capsys):
    _stipends(2)
    path = tmp_path / "return.csv"
    path.write_bytes(_filled(_export()))
    call_command("import_stipend_payments", str(path), "--dry-run")
    assert not Stipend.objects.filter(status="paid").exists()
    call_command("import_stipend_payments", str(path))
    assert Stipend.objects.filter(status="paid").count() == 2


def test_export_cells_are_escaped_in_csv_and_xlsx_and_amounts_stay_numbers():
    (stipend,) = _stipends(1, district='=HYPERLINK("http://x")')
    user = stipend.educator.user
    user.first_name = "@SUM(A1)"
    user.save()
    text = _export()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["district"].startswith("'=")
    assert row["first_name"] == "'@SUM(A1)"
    assert row["amount"] == "50"
    book = load_workbook(io.BytesIO(stipends_export(stipends=Stipend.objects.all(), fmt="xlsx")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["district"].startswith("'=")
    assert Decimal(str(values["amount"])) == Decimal("50")
    # The escaped export still reconciles: the return file reads the quote back off.
    assert payments_import(data=text.encode(), filename="s.csv").ok
