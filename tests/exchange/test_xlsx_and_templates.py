"""The import page takes the XLSX it exports, through the same validator as CSV, and offers
a CSV template per format whose header is exactly the importer's columns."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from enrollment.models import Enrollment
from exchange.importers import IMPORTERS
from exchange.importers.xlsx import MAX_COLUMNS
from exchange.views import SESSION_KEY

UPLOAD = reverse("exchange:import-upload")
CONFIRM = reverse("exchange:import-confirm")
HEADER = ["email", "micro_credential", "quarter", "status", "score", "facilitator_email"]


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes, kind="enrollments", name="enrollments.xlsx"):
    return client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_an_xlsx_file_previews_and_imports_like_its_csv(client, lac, teacher, scorer):
    client.force_login(lac)
    data = _xlsx(
        [HEADER, ["ana.baca@example.org", "CE", "Q3/24", "passed", 91.0, "fac@example.org"]]
    )
    page = _upload(client, data).content.decode()
    assert "Importing will create <strong>1</strong>" in page, page
    token = client.session[SESSION_KEY]["token"]
    client.post(CONFIRM, {"token": token})
    enrollment = Enrollment.objects.get()
    assert enrollment.score == 91 and enrollment.facilitator == scorer


def test_xlsx_cells_are_read_as_a_spreadsheet_shows_them(client, lac, teacher):
    client.force_login(lac)
    intents = _xlsx(
        [
            ["email", "program", "submitted_on"],
            ["ana.baca@example.org", "APL I-II", dt.datetime(2024, 3, 1)],
        ]
    )
    page = _upload(client, intents, kind="intents", name="intents.xlsx").content.decode()
    assert "Importing will create <strong>1</strong>" in page, page


def test_an_xlsx_file_with_bad_rows_names_each_row(client, lac, teacher):
    client.force_login(lac)
    data = _xlsx([HEADER, ["ana.baca@example.org", "CE", "Q3/24", "passed", 70, None]])
    page = _upload(client, data).content.decode()
    assert "cannot be imported" in page
    assert '<th scope="row">2</th><td>score</td><td>70 is under 85' in page
    assert not Enrollment.objects.exists()


def test_a_formula_is_refused_with_its_row_and_column(client, lac, teacher):
    client.force_login(lac)
    data = _xlsx([HEADER, ["ana.baca@example.org", "CE", "Q3/24", "passed", "=80+11", None]])
    page = _upload(client, data).content.decode()
    assert "cannot be imported" in page
    assert '<th scope="row">2</th><td>score</td><td>the cell holds a formula' in page
    assert SESSION_KEY not in client.session


def test_a_sheet_too_wide_is_refused_with_a_clear_message(client, lac):
    client.force_login(lac)
    data = _xlsx([[f"c{n}" for n in range(MAX_COLUMNS + 1)]])
    page = _upload(client, data).content.decode()
    assert f"more than {MAX_COLUMNS} columns" in page


def test_a_damaged_workbook_is_refused(client, lac):
    client.force_login(lac)
    page = _upload(client, b"PK\x03\x04not really a zip").content.decode()
    assert "not a readable XLSX workbook" in page


def test_each_format_has_a_template_whose_header_is_the_importers_columns(client, lac):
    client.force_login(lac)
    page = client.get(UPLOAD).content.decode()
    for kind, importer in IMPORTERS.items():
        url = reverse("exchange:import-template", args=[kind])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == [list(importer.columns)]


def test_the_contract_headers_are_the_templates(client, lac):
    """product.md's contracts, column for column."""
    client.force_login(lac)

    def header(kind):
        body = client.get(reverse("exchange:import-template", args=[kind])).content.decode()
        return body.strip().split(",")

    assert header("educators") == [
        "email", "first_name", "last_name", "license_number", "license_level",
        "district", "school", "masters_degree", "nbct",
    ]  # fmt: skip
    assert header("intents") == ["email", "program", "submitted_on"]
    assert header("enrollments") == HEADER
    assert client.get(reverse("exchange:import-template", args=["nope"])).status_code == 404
