"""The enrolment import's row checks beside one another, and the history it leaves."""

import pytest

from apl.quarters import Quarter
from enrollment.models import EducatorProfile, Enrollment
from tests.exchange.conftest import TODAY, csv_file, run_import
from tests.exchange.test_import_enrollments import GOOD, HEADER
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(teacher, scorer):
    EducatorFactory(user__email="ben.ortiz@example.org")
    return teacher, scorer


def test_a_row_with_more_cells_than_the_header_is_refused_with_its_count(tmp_path, people):
    path = csv_file(tmp_path, f"{HEADER}\n{GOOD}\nana.baca@example.org,CE,Q3/24,enrolled,,,x\n")
    run = run_import("enrollments", path)
    assert run.error_lines == ["row 3: -: 7 cells, but the header has 6 columns"]
    assert not Enrollment.objects.exists()


def test_a_row_without_an_email_names_the_email_then_its_other_cells(tmp_path, people):
    path = csv_file(
        tmp_path,
        f"{HEADER}\n{GOOD}\n,CE,Q3/24,enrolled,,\n,CE,Q9/24,enrolled,,,extra\n",
    )
    run = run_import("enrollments", path)
    assert run.error_lines == [
        "row 3: email: is required",
        "row 4: -: 7 cells, but the header has 6 columns",
        "row 4: email: is required",
        "row 4: quarter: there is no quarter 9; quarters are Q1 (Jul–Sep) to Q4 (Apr–Jun)",
    ]
    assert not Enrollment.objects.exists()


def test_a_repeated_key_does_not_hide_the_errors_of_later_rows(tmp_path, people):
    lines = [GOOD, GOOD, "ana.baca@example.org,ZZ,Q3/24,enrolled,,"]
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert [line.split(":")[:2] for line in run.error_lines] == [
        ["row 3", " email"],
        ["row 4", " micro_credential"],
    ]


def test_distinct_good_rows_beside_a_bad_one_are_not_called_repeats(tmp_path, people):
    """With a bad row in the file each row is checked on its own: two good rows of
    different educators are two keys, and only the bad row is named."""
    lines = [
        "ana.baca@example.org,CE,Q3/24,enrolled,,",
        "ben.ortiz@example.org,AL,Q4/24,enrolled,,",
        "ana.baca@example.org,ZZ,Q3/24,enrolled,,",
    ]
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert [line.split(":")[:2] for line in run.error_lines] == [["row 4", " micro_credential"]]
    assert not Enrollment.objects.exists()


def test_rows_for_one_educator_in_two_quarters_and_two_educators_in_one_are_all_created(
    tmp_path, people
):
    lines = [
        "ana.baca@example.org,CE,Q3/24,passed,90,",
        "ana.baca@example.org,AL,Q3/24,enrolled,,",
        "ben.ortiz@example.org,CE,Q3/24,enrolled,,",
        "ben.ortiz@example.org,AL,Q4/24,enrolled,,",
    ]
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert run.ok, run.err
    assert run.out.strip() == "created 4, updated 0, unchanged 0"
    assert Enrollment.objects.count() == 4


def test_unknown_people_are_named_word_for_word(tmp_path, people):
    lines = [
        "nobody@example.org,CE,Q3/24,enrolled,,",
        "ana.baca@example.org,CE,Q3/24,enrolled,,ghost@example.org",
    ]
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert run.error_lines == [
        "row 2: email: no educator has this email; import educators.csv first",
        "row 3: facilitator_email: no such user",
    ]


def test_an_unknown_educator_and_a_retake_are_both_reported_in_row_order(tmp_path, people):
    teacher, _ = people
    EnrollmentFactory(
        educator=EducatorProfile.objects.get(user=teacher),
        cohort=CohortFactory(
            micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q1/24")
        ),
        status="passed",
        score=90,
    )
    lines = ["nobody@example.org,AL,Q3/24,enrolled,,", f"{teacher.email},CE,Q4/24,enrolled,,"]
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert [line.split(":")[:2] for line in run.error_lines] == [
        ["row 2", " email"],
        ["row 3", " quarter"],
    ]
    lines.reverse()
    run = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines])))
    assert [line.split(":")[:2] for line in run.error_lines] == [
        ["row 2", " quarter"],
        ["row 3", " email"],
    ]


def test_the_import_history_names_who_imported_which_file_and_when(tmp_path, people):
    from exchange.services import records_import
    from tests.factories import UserFactory

    lac = UserFactory(email="lac@example.org")
    data = f"{HEADER}\nben.ortiz@example.org,CE,Q3/24,enrolled,,\n".encode()
    result = records_import(kind="enrollments", data=data, filename="q3.csv", by=lac)
    assert result.ok
    enrolment = Enrollment.objects.get()
    created = enrolment.history.get()
    cohort = enrolment.cohort.history.get()
    for record in (created, cohort):
        assert record.history_user == lac
        assert record.history_change_reason == "import q3.csv"
        assert record.history_date == TODAY
    data = f"{HEADER}\nben.ortiz@example.org,CE,Q3/24,withdrawn,,\n".encode()
    other = UserFactory(email="other@example.org")
    assert records_import(kind="enrollments", data=data, filename="fix.csv", by=other).ok
    changed = enrolment.history.first()
    assert (changed.history_type, changed.history_user, changed.history_change_reason) == (
        "~",
        other,
        "import fix.csv",
    )
