"""python manage.py quarterly_report: formats, and refusals with a reason and a non-zero exit."""

import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reporting.render_pdf import local_files_only


def _run(*args):
    return call_command("quarterly_report", *args, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["APL IV", "--as-of", "2024-05-15"], "Unknown program 'APL IV'"),
        (["APL I-II", "--as-of", "2024-02-30"], "not a date"),
        (["APL I-II", "--as-of", "yesterday"], "not a date"),
        (["APL I-II", "--as-of", "2023-06-30"], "before the program began"),
        (["APL I-II", "--as-of", "1900-01-01"], "outside 2000–2099"),
    ],
)
def test_bad_input_is_refused_with_the_reason(small_history, args, reason):
    with pytest.raises(CommandError, match=reason):
        _run(*args)


def test_bad_input_exits_non_zero_with_the_reason_on_stderr(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "apl.settings_test",
        "APL_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "quarterly_report", "APL I-II", "--as-of", "15/05/2024"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "not a date" in result.stderr
    assert result.stdout == ""


def test_json_carries_the_table_typed(small_history, tmp_path):
    target = tmp_path / "r.json"
    _run("APL I-II", "--as-of", "2024-05-15", "--format", "json", "--output", str(target))
    data = json.loads(target.read_text())
    assert data["rows"][0] == {
        "code": "CE",
        "label": "Classroom Environment",
        "elective": False,
        "enrollment": [3, 0, None, 2],
    }
    assert data["quarters"][0] == {
        "quarter": "Q1/24",
        "closed": True,
        "recorded": True,
        "total_enrollment": 3,
        "total_completed": 2,
        "percent_passing": 67,
    }
    assert data["quarters"][-1]["closed"] is False
    assert data["quarters"][-1]["total_completed"] is None
    assert data["summary"]["educators_enrolled_or_requested"] == 8
    assert data["summary"]["first_closed_quarter"] == {"quarter": "Q1/24", "percent_passing": 67}


def test_xlsx_is_a_workbook_with_numbers_and_percentages(small_history, tmp_path):
    target = tmp_path / "r.xlsx"
    _run("APL I-II", "--as-of", "2024-05-15", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("APL I-II Micro-Credentials", "Q1/24", "Q2/24", "Q3/24", "Q4/24")
    assert rows[1] == ("Classroom Environment", 3, 0, "N/A", 2)
    assert rows[4] == ("Total Completed", 2, 1, 0, None)
    assert rows[5] == ("Percent Passing", 0.67, 0.33, "N/A", None)
    assert sheet.cell(row=6, column=2).number_format == "0%"
    assert sheet.cell(row=1, column=1).font.bold
    summary = {row[0]: row[1] for row in rows[7:]}
    assert summary["Educators enrolled or requested"] == 8
    assert summary["Percent passing first closed quarter (Q1/24)"] == 0.67


def test_pdf_is_one_page_with_the_table_and_chart(small_history, tmp_path):
    from reporting.render_pdf import render_document
    from reporting.selectors import parse_as_of, quarterly_report
    from tests.factories import programme

    report = quarterly_report(programme=programme("APL I-II"), as_of=parse_as_of("2024-05-15"))
    assert len(render_document(report).pages) == 1
    target = tmp_path / "r.pdf"
    _run("APL I-II", "--as-of", "2024-05-15", "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_pdf_fetcher_refuses_network_and_files_outside_static():
    fetcher = local_files_only()
    with pytest.raises(ValueError, match="only local files"):
        fetcher.fetch("https://fonts.example.com/font.ttf")
    with pytest.raises(ValueError, match="outside the static folder"):
        fetcher.fetch("file:///etc/passwd")
    font = settings.BASE_DIR / "static" / "fonts" / "PublicSans-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response is not None


def test_csv_cells_that_look_like_formulas_are_neutralised(small_history):
    from catalogue.models import MicroCredential

    MicroCredential.objects.filter(code="AL").update(name='=HYPERLINK("http://x")')
    out = io.StringIO()
    call_command("quarterly_report", "APL I-II", "--as-of", "2024-05-15", stdout=out)
    assert '\n"\'=HYPERLINK(""http://x"")",N/A,3,N/A,N/A\n' in out.getvalue()
