"""educators.csv and intents.csv."""

import datetime as dt

import pytest

from accounts.models import User
from accounts.roles import Role
from enrollment.models import EducatorProfile, Intent
from tests.exchange.conftest import csv_file, run_import
from tests.factories import IntentFactory, programme

pytestmark = pytest.mark.django_db

EDUCATORS = (
    "email,first_name,last_name,license_number,license_level,district,school,masters_degree,nbct"
)


def test_an_imported_educator_becomes_a_user_who_claims_the_account(tmp_path):
    path = csv_file(
        tmp_path,
        f"{EDUCATORS}\nRosa.Chavez@Example.ORG,Rosa,Chávez,NM-77,2,Gallup-McKinley,Tohatchi,yes,no\n",
    )
    run = run_import("educators", path)
    assert run.out.strip() == "created 1, updated 0, unchanged 0"
    user = User.objects.get()
    assert user.email == "rosa.chavez@example.org"
    assert not user.has_usable_password()
    assert user.has_role(Role.EDUCATOR)
    profile = user.educator_profile
    assert (profile.license_level, profile.masters_degree, profile.nbct) == (2, True, False)
    assert profile.history.get().history_change_reason == "import file.csv"


def test_optional_columns_may_be_left_out(tmp_path):
    path = csv_file(
        tmp_path, "last_name,email,license_number,first_name\nLee,a@example.org,N1,Al\n"
    )
    assert run_import("educators", path).ok
    assert EducatorProfile.objects.get().license_level == 1


def test_an_educator_reimport_is_idempotent_and_a_change_is_recorded(tmp_path, teacher):
    line = "ana.baca@example.org,Ana,Baca,NM-1,1,APS,School 1,no,no"
    path = csv_file(tmp_path, f"{EDUCATORS}\n{line}\n", "educators.csv")
    assert run_import("educators", path).out.strip() == "created 0, updated 1, unchanged 0"
    assert run_import("educators", path).out.strip() == "created 0, updated 0, unchanged 1"
    changed = csv_file(tmp_path, f"{EDUCATORS}\n{line.replace(',1,APS', ',2,APS')}\n")
    assert run_import("educators", changed).out.strip() == "created 0, updated 1, unchanged 0"
    profile = EducatorProfile.objects.get(user=teacher)
    assert profile.license_level == 2
    assert profile.history.first().history_change_reason == "import file.csv"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("not-an-email,A,B,N1,,,,,", "row 2: email: 'not-an-email' is not an email address"),
        ("a@example.org,,B,N1,,,,,", "row 2: first_name: is required"),
        ("a@example.org,A,B,N1,4,,,,", "row 2: license_level: '4' is not 1, 2 or 3"),
        ("a@example.org,A,B,N1,1,,,maybe,", "row 2: masters_degree: 'maybe' is not yes or no"),
        ("a@example.org,A,B,N1,1,,,,,extra", "row 2: -: 10 cells, but the header has 9 columns"),
    ],
)
def test_bad_educator_rows(tmp_path, line, expected):
    run = run_import("educators", csv_file(tmp_path, f"{EDUCATORS}\n{line}\n"))
    assert run.error_lines == [expected]
    assert not User.objects.exists()


def test_unknown_and_repeated_header_columns(tmp_path):
    path = csv_file(tmp_path, "email,first_name,last_name,license_number,email,colour\n")
    run = run_import("educators", path)
    assert run.error_lines[0] == "row 1: email: this column appears twice in the header"
    assert run.error_lines[1].startswith("row 1: colour: unknown column")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "educators.csv"
    path.write_bytes(f"{EDUCATORS}\na@example.org,José,B,N1\n".encode("latin-1"))
    run = run_import("educators", str(path))
    assert run.error_lines == ["row 2: -: the file is not UTF-8 text; save it as 'CSV UTF-8'"]


INTENTS = "email,program,submitted_on"


def test_intents_are_created_once(tmp_path, teacher):
    path = csv_file(tmp_path, f"{INTENTS}\nANA.BACA@example.org,APL I-II,2024-02-01\n")
    assert run_import("intents", path).out.strip() == "created 1, updated 0, unchanged 0"
    assert run_import("intents", path).out.strip() == "created 0, updated 0, unchanged 1"
    intent = Intent.objects.get()
    assert intent.status == "pending" and intent.submitted_on == dt.date(2024, 2, 1)


def test_an_intent_row_matches_the_open_intent(tmp_path, teacher):
    intent = IntentFactory(
        educator=teacher.educator_profile, programme=programme(), submitted_on=dt.date(2024, 1, 5)
    )
    path = csv_file(tmp_path, f"{INTENTS}\nana.baca@example.org,APL I-II,2024-01-09\n")
    assert run_import("intents", path).out.strip() == "created 0, updated 1, unchanged 0"
    intent.refresh_from_db()
    assert intent.submitted_on == dt.date(2024, 1, 9)
    assert intent.history.first().history_change_reason == "import file.csv"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("nobody@example.org,APL I-II,2024-01-01", "row 2: email: no educator has this email"),
        ("ana.baca@example.org,APL III-IV,2024-01-01", "row 2: program: 'APL III-IV' is not"),
        ("ana.baca@example.org,APL I-II,01/02/2024", "row 2: submitted_on: '01/02/2024' is not"),
        ("ana.baca@example.org,APL I-II,2024-02-30", "row 2: submitted_on: '2024-02-30' is not"),
        ("ana.baca@example.org,APL I-II,2024-06-01", "row 2: submitted_on: 2024-06-01 is in"),
    ],
)
def test_bad_intent_rows(tmp_path, teacher, line, expected):
    run = run_import("intents", csv_file(tmp_path, f"{INTENTS}\n{line}\n"))
    assert len(run.error_lines) == 1 and run.error_lines[0].startswith(expected), run.err
    assert not Intent.objects.exists()


def test_educator_district_is_matched_by_code_or_exact_name_else_kept_with_a_warning(tmp_path):
    from districts.models import District

    abq = District.objects.create(code="ABQ", name="Albuquerque Public Schools")
    gallup = District.objects.create(code="GMCS", name="Gallup-McKinley County Schools")
    path = csv_file(
        tmp_path,
        f"{EDUCATORS}\n"
        "a@example.org,A,A,N1,1,abq,,,\n"
        "b@example.org,B,B,N2,1,Gallup-McKinley County Schools,,,\n"
        "c@example.org,C,C,N3,1,Gallup McKinley,,,\n",
    )
    run = run_import("educators", path)
    assert run.ok
    assert run.out.strip() == "created 3, updated 0, unchanged 0"
    assert run.err.strip().splitlines() == [
        "warning: row 4: district: 'Gallup McKinley' matches no district code or name; "
        "kept as written, the educator has no district until it is matched"
    ]
    found = {
        p.user.email: (p.district, p.district_as_written) for p in EducatorProfile.objects.all()
    }
    assert found == {
        "a@example.org": (abq, "abq"),
        "b@example.org": (gallup, "Gallup-McKinley County Schools"),
        "c@example.org": (None, "Gallup McKinley"),
    }
    again = run_import("educators", path)
    assert again.out.strip() == "created 0, updated 0, unchanged 3"


def test_educator_moved_to_an_unknown_district_is_left_without_one(tmp_path, teacher):
    from districts.models import District

    District.objects.create(code="ABQ", name="Albuquerque Public Schools")
    first = csv_file(tmp_path, f"{EDUCATORS}\nana.baca@example.org,Ana,Baca,NM-1,1,ABQ,,,\n")
    assert run_import("educators", first).ok
    assert EducatorProfile.objects.get(user=teacher).district.code == "ABQ"
    moved = csv_file(tmp_path, f"{EDUCATORS}\nana.baca@example.org,Ana,Baca,NM-1,1,Nowhere,,,\n")
    run = run_import("educators", moved)
    assert run.ok and "row 2: district" in run.err
    profile = EducatorProfile.objects.get(user=teacher)
    assert (profile.district, profile.district_as_written) == (None, "Nowhere")


def test_a_cell_over_128_kib_is_refused_with_its_row_number(tmp_path):
    """csv's field limit raised _csv.Error (a 500 on upload); now a row error."""
    huge = "x" * (128 * 1024 + 1)
    path = csv_file(
        tmp_path,
        f"{EDUCATORS}\na@example.org,Al,Lee,N1,1,,,no,no\nb@example.org,Bo,{huge},N2,1,,,no,no\n",
    )
    run = run_import("educators", path)
    assert not run.ok
    assert run.error_lines == ["row 3: -: a cell is longer than 131,072 characters"]
    assert not User.objects.exists()


def test_an_import_and_its_audit_record_commit_together(tmp_path, monkeypatch):
    """An import killed before its audit record was written must not keep its rows."""
    from exchange import services

    def killed(**kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(services, "audit_log", killed)
    path = csv_file(tmp_path, f"{EDUCATORS}\na@example.org,Al,Lee,N1,1,,,no,no\n")
    with open(path, "rb") as handle, pytest.raises(RuntimeError):
        services.records_import(kind="educators", data=handle.read(), filename="file.csv")
    assert not User.objects.exists()
