"""districts.csv and licenses.csv: all or nothing, bad rows named, re-import changes nothing."""

import datetime as dt

import pytest

from districts.models import District
from enrollment.models import EducatorProfile
from renewal.models import License, PastLicense
from tests.exchange.conftest import csv_file, run_import
from tests.factories import EducatorFactory

pytestmark = pytest.mark.django_db

DISTRICTS = "code,name,renewal_option,option_from,high_need"
LICENSES = "email,license_number,license_level,cycle_start"


def test_districts_import_creates_and_reimport_changes_nothing(tmp_path):
    path = csv_file(
        tmp_path,
        f"{DISTRICTS}\nDA,Demo District A,2,2024-08-01,yes\nDB,Demo District B,1,,no\n",
    )
    run = run_import("districts", path)
    assert (run.ok, run.out.strip()) == (True, "created 2, updated 0, unchanged 0")
    a = District.objects.get(code="DA")
    assert (a.name, a.renewal_option, a.option_from, a.high_need) == (
        "Demo District A",
        2,
        dt.date(2024, 8, 1),
        True,
    )
    assert District.objects.get(code="DB").option_from is None
    assert run_import("districts", path).out.strip() == "created 0, updated 0, unchanged 2"


def test_district_columns_in_any_order_and_an_update_is_recorded(tmp_path):
    District.objects.create(code="DA", name="Demo District A")
    path = csv_file(
        tmp_path, "high_need,option_from,renewal_option,name,code\nYES,2025-01-02,2,Demo A,DA\n"
    )
    assert run_import("districts", path).out.strip() == "created 0, updated 1, unchanged 0"
    a = District.objects.get()
    assert (a.name, a.renewal_option, a.option_from, a.high_need) == (
        "Demo A",
        2,
        dt.date(2025, 1, 2),
        True,
    )


def test_bad_district_rows_are_all_named_and_nothing_is_written(tmp_path):
    path = csv_file(
        tmp_path,
        f"{DISTRICTS}\n"
        "DA,Demo District A,2,,yes\n"  # option 2 without a date
        "DB,Demo District B,1,2024-01-01,no\n"  # option 1 with a date
        "DC,Demo District C,3,,no\n"  # bad option
        "DD,Demo District D,2,2024-02-30,no\n"  # bad date
        "DE,Demo District E,1,,maybe\n"  # bad yes/no
        "DF,Demo District F,1,,no\n"  # fine
        "DF,Demo District G,1,,no\n"  # duplicate code
        ",Demo District H,1,,no\n",  # no code
    )
    run = run_import("districts", path)
    assert not run.ok
    assert run.error_lines == [
        "row 2: option_from: is required when renewal_option is 2",
        "row 3: option_from: must be empty when renewal_option is 1",
        "row 4: renewal_option: '3' is not 1 or 2",
        "row 5: option_from: '2024-02-30' is not a date; write YYYY-MM-DD",
        "row 6: high_need: 'maybe' is not yes or no",
        "row 8: code: the same code is on row 7",
        "row 9: code: is required",
    ]
    assert not District.objects.exists()


def test_district_dry_run_writes_nothing(tmp_path):
    path = csv_file(tmp_path, f"{DISTRICTS}\nDA,Demo District A,1,,no\n")
    run = run_import("districts", path, "--dry-run")
    assert run.out.strip() == "dry run, nothing written: created 1, updated 0, unchanged 0"
    assert not District.objects.exists()


def test_license_import_creates_replaces_keeps_history_and_reimport_changes_nothing(tmp_path):
    teacher = EducatorFactory(user__email="ana@example.org", license_level=1)
    first = csv_file(tmp_path, f"{LICENSES}\nAna@Example.org,NM-1,1,2021-07-01\n", "a.csv")
    assert run_import("licenses", first).out.strip() == "created 1, updated 0, unchanged 0"
    assert run_import("licenses", first).out.strip() == "created 0, updated 0, unchanged 1"
    renewed = csv_file(tmp_path, f"{LICENSES}\nana@example.org,NM-2,2,2024-07-01\n", "b.csv")
    assert run_import("licenses", renewed).out.strip() == "created 0, updated 1, unchanged 0"
    assert run_import("licenses", renewed).out.strip() == "created 0, updated 0, unchanged 1"
    license = License.objects.get()
    assert (license.number, license.level, license.cycle_start) == ("NM-2", 2, dt.date(2024, 7, 1))
    assert license.level_since == dt.date(2024, 7, 1)
    old = PastLicense.objects.get()
    assert (old.educator, old.number, old.level, old.cycle_start) == (
        teacher,
        "NM-1",
        1,
        dt.date(2021, 7, 1),
    )
    profile = EducatorProfile.objects.get(pk=teacher.pk)
    assert (profile.license_number, profile.license_level) == ("NM-2", 2)


def test_bad_license_rows_are_all_named_and_nothing_is_written(tmp_path):
    EducatorFactory(user__email="a@example.org")
    holder = EducatorFactory(user__email="b@example.org")
    License.objects.create(
        educator=holder,
        number="NM-9",
        level=2,
        cycle_start=dt.date(2020, 7, 1),
        level_since=dt.date(2020, 7, 1),
    )
    path = csv_file(
        tmp_path,
        f"{LICENSES}\n"
        "nobody@example.org,NM-1,1,2024-07-01\n"  # unknown educator
        "a@example.org,NM-2,4,2024-07-01\n"  # bad level
        "a@example.org,NM-3,1,2024-31-01\n"  # bad date
        "a@example.org,NM-9,1,2024-07-01\n"  # another educator's number
        "b@example.org,NM-5,2,2024-07-01\n"  # fine
        "c@example.org,NM-5,2,2024-07-01\n",  # same number twice
    )
    run = run_import("licenses", path)
    assert run.error_lines == [
        "row 2: email: no educator has this email; import educators.csv first",
        "row 3: license_level: '4' is not 1, 2 or 3",
        "row 4: cycle_start: '2024-31-01' is not a date; write YYYY-MM-DD",
        "row 5: license_number: is held by another educator",
        "row 7: license_number: the same license_number is on row 6",
    ]
    assert License.objects.count() == 1 and not PastLicense.objects.exists()


def test_two_licenses_for_one_educator_in_one_file_are_refused(tmp_path):
    EducatorFactory(user__email="a@example.org")
    path = csv_file(
        tmp_path, f"{LICENSES}\na@example.org,NM-1,1,2024-07-01\na@example.org,NM-2,1,2024-07-01\n"
    )
    run = run_import("licenses", path)
    assert run.error_lines == [
        "row 3: email: one license per educator; this email is on row 2",
    ]


def test_years_at_level_come_from_the_license_record(tmp_path):
    from enrollment.eligibility import years_at_current_level

    teacher = EducatorFactory(user__email="a@example.org", license_level=1)
    teacher.years_at_current_level = 9
    teacher.save()
    path = csv_file(tmp_path, f"{LICENSES}\na@example.org,NM-1,1,2021-08-15\n")
    run_import("licenses", path)
    teacher.refresh_from_db()
    # First full school year 2022-23; 2022-23, 2023-24 complete by 2024-06-30.
    assert years_at_current_level(teacher, today=dt.date(2024, 6, 29)) == 1
    assert years_at_current_level(teacher, today=dt.date(2024, 6, 30)) == 2
    # Renewed at the same level: the years keep counting from the first license.
    renewed = csv_file(tmp_path, f"{LICENSES}\na@example.org,NM-1,1,2026-07-01\n", "r.csv")
    run_import("licenses", renewed)
    teacher.refresh_from_db()
    assert years_at_current_level(teacher, today=dt.date(2026, 7, 1)) == 4
    without = EducatorFactory(user__email="b@example.org")
    without.years_at_current_level = 2
    assert years_at_current_level(without, today=dt.date(2026, 7, 1)) == 2


def test_the_lac_imports_districts_from_the_web_page_too(client, lac, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(lac)
    page = client.get(reverse("exchange:import-upload")).content.decode()
    assert "districts.csv" in page and "licenses.csv" in page
    upload = SimpleUploadedFile(
        "districts.csv", f"{DISTRICTS}\nDA,Demo District A,1,,no\n".encode(), "text/csv"
    )
    preview = client.post(reverse("exchange:import-upload"), {"kind": "districts", "file": upload})
    assert preview.context["result"].created == 1
    token = preview.context["confirm"].initial["token"]
    client.post(reverse("exchange:import-confirm"), {"token": token})
    assert District.objects.get().name == "Demo District A"
