import pytest

from apl.quarters import Quarter
from enrollment.models import Cohort, EducatorProfile, Enrollment
from tests.exchange.conftest import csv_file, run_import
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

pytestmark = pytest.mark.django_db

HEADER = "email,micro_credential,quarter,status,score,facilitator_email"


@pytest.fixture
def people(teacher, scorer):
    EducatorFactory(user__email="ben.ortiz@example.org")
    return teacher, scorer


GOOD = "ben.ortiz@example.org,CE,Q3/24,passed,92,fac@example.org"

BAD_ROWS = [
    ("ana.baca@example.org,ZZ,Q3/24,enrolled,,", "micro_credential", "not a catalog code"),
    ("ana.baca@example.org,CE,Q3-24,enrolled,,", "quarter", "is not a quarter"),
    ("ana.baca@example.org,CE,Q5/24,enrolled,,", "quarter", "there is no quarter 5"),
    ("ana.baca@example.org,TIC,Q4/24,enrolled,,", "quarter", "before Trauma Informed"),
    ("ana.baca@example.org,CE,Q3/24,passed,80,", "score", "under 85"),
    ("ana.baca@example.org,CE,Q3/24,not_passed,85,", "score", "85 or more"),
    ("ana.baca@example.org,CE,Q3/24,not_passed,101,", "score", "outside 0–100"),
    ("ana.baca@example.org,CE,Q3/24,not_passed,-3,", "score", "outside 0–100"),
    ("ana.baca@example.org,CE,Q3/24,not_passed,abc,", "score", "not a number"),
    ("nobody@example.org,CE,Q3/24,enrolled,,", "email", "no educator has this email"),
    ("ana.baca@example.org,CE,Q3/24,enrolled,,ghost@example.org", "facilitator_email", "no such"),
    ("ana.baca@example.org,CE,Q3/24,finished,,", "status", "is not one of"),
    ("ana.baca@example.org,CE,Q2/25,passed,90,", "status", "has not started"),
    ("ana.baca@example.org,,Q3/24,enrolled,,", "micro_credential", "is required"),
]


@pytest.mark.parametrize(("line", "column", "reason"), BAD_ROWS)
def test_a_bad_row_rejects_the_whole_file(tmp_path, people, line, column, reason):
    path = csv_file(tmp_path, f"{HEADER}\n{GOOD}\n{line}\n", "enrollments.csv")
    run = run_import("enrollments", path)
    assert not run.ok
    assert len(run.error_lines) == 1, run.err
    assert run.error_lines[0].startswith(f"row 3: {column}: ")
    assert reason in run.error_lines[0]
    assert "nothing was written" in run.message
    assert not Enrollment.objects.exists()
    assert not Cohort.objects.exists()


def test_facilitator_without_a_scoring_role_is_an_error(tmp_path, people):
    EducatorFactory(user__email="colleague@example.org")
    path = csv_file(
        tmp_path, f"{HEADER}\nben.ortiz@example.org,CE,Q3/24,enrolled,,colleague@example.org\n"
    )
    run = run_import("enrollments", path)
    assert run.error_lines == [
        "row 2: facilitator_email: this user holds no Facilitator, Reviewer or Lead "
        "Facilitator role"
    ]


def test_every_bad_row_is_reported_in_row_order(tmp_path, people):
    body = "\n".join(line for line, _, _ in BAD_ROWS)
    path = csv_file(tmp_path, f"{HEADER}\n{GOOD}\n{body}\n")
    run = run_import("enrollments", path)
    rows = [int(line.split(":")[0].removeprefix("row ")) for line in run.error_lines]
    assert rows == list(range(3, 3 + len(BAD_ROWS)))
    assert f"in {len(BAD_ROWS)} of {len(BAD_ROWS) + 1} rows" in run.message


def test_the_same_key_twice_in_one_file(tmp_path, people):
    path = csv_file(
        tmp_path,
        f"{HEADER}\nben.ortiz@example.org,CE,Q3/24,enrolled,,\n"
        "BEN.ORTIZ@example.org,Classroom Environment,q3/24,withdrawn,,\n",
    )
    run = run_import("enrollments", path)
    assert run.error_lines == [
        "row 3: email: the same email + micro_credential + quarter is on row 2"
    ]


def test_missing_required_columns(tmp_path, people):
    path = csv_file(tmp_path, "email,micro_credential,score\nben.ortiz@example.org,CE,90\n")
    run = run_import("enrollments", path)
    assert run.error_lines == [
        "row 1: quarter: required column is missing from the header",
        "row 1: status: required column is missing from the header",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "row 1: -: the file is empty; row 1 must be the header"),
        (f"{HEADER}\n,,,,,\n", "row 2: -: the file has a header but no rows"),
    ],
)
def test_an_empty_file_is_refused(tmp_path, people, text, expected):
    path = tmp_path / "enrollments.csv"
    path.write_text(text)
    run = run_import("enrollments", str(path))
    assert run.error_lines == [expected]


def test_bom_crlf_any_column_order_and_email_case(tmp_path, people):
    text = (
        "Status,Quarter,facilitator_email,Email,micro_credential,score\n"
        "passed,Q3/24,FAC@example.org,Ana.Baca@Example.org,Classroom Environment,88.5\n"
        "enrolled,Q4/24,,BEN.ORTIZ@EXAMPLE.ORG,al,\n"
    )
    run = run_import("enrollments", csv_file(tmp_path, text, bom=True, crlf=True))
    assert run.ok, run.err
    assert run.out.strip() == "created 2, updated 0, unchanged 0"
    ana = Enrollment.objects.get(educator__user__email="ana.baca@example.org")
    assert (ana.cohort.micro_credential.code, str(ana.cohort.quarter)) == ("CE", "Q3/24")
    assert ana.status == "passed" and str(ana.score) == "88.50"
    assert ana.facilitator.email == "fac@example.org"
    assert list(ana.cohort.facilitators.values_list("email", flat=True)) == ["fac@example.org"]
    assert ana.history.get().history_change_reason.startswith("import ")


def test_reimporting_the_same_file_changes_nothing(tmp_path, people):
    path = csv_file(tmp_path, f"{HEADER}\n{GOOD}\nana.baca@example.org,AL,Q4/24,enrolled,,\n")
    assert run_import("enrollments", path).out.strip() == "created 2, updated 0, unchanged 0"
    second = run_import("enrollments", path)
    assert second.out.strip() == "created 0, updated 0, unchanged 2"
    assert Enrollment.history.count() == 2


def test_a_changed_row_updates_and_leaves_a_history_record(tmp_path, people):
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    enrollment = EnrollmentFactory(educator=people[0].educator_profile, cohort=cohort)
    path = csv_file(
        tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q3/24,not_passed,70,\n", "enrollments.csv"
    )
    run = run_import("enrollments", path)
    assert run.out.strip() == "created 0, updated 1, unchanged 0"
    enrollment.refresh_from_db()
    assert enrollment.status == "not_passed" and enrollment.score == 70
    latest = enrollment.history.first()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "import enrollments.csv"
    assert latest.status == "not_passed"


def test_dry_run_reports_and_writes_nothing(tmp_path, people):
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(educator=people[0].educator_profile, cohort=cohort)
    path = csv_file(
        tmp_path,
        f"{HEADER}\n{GOOD}\nana.baca@example.org,CE,Q3/24,withdrawn,,\n",
    )
    run = run_import("enrollments", path, "--dry-run")
    assert run.ok
    assert run.out.strip() == "dry run, nothing written: created 1, updated 1, unchanged 0"
    assert Enrollment.objects.count() == 1
    assert Enrollment.objects.get().status == "enrolled"


def test_a_new_elective_is_accepted_from_the_quarter_it_was_first_offered(tmp_path, people):
    EducatorFactory(user__email="lvl2@example.org", license_level=2)
    path = csv_file(tmp_path, f"{HEADER}\nlvl2@example.org,TIC,Q1/25,enrolled,,\n")
    with_quarter = run_import("enrollments", path, "--dry-run")
    assert with_quarter.ok, with_quarter.err


def test_an_update_without_score_column_keeps_the_stored_score_and_facilitator(tmp_path, people):
    teacher, scorer = people
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    enrollment = EnrollmentFactory(
        educator=teacher.educator_profile,
        cohort=cohort,
        status="not_passed",
        score=70,
        facilitator=scorer,
    )
    path = csv_file(
        tmp_path,
        "email,micro_credential,quarter,status,facilitator_email\n"
        "ana.baca@example.org,CE,Q3/24,withdrawn,\n",
        "enrollments.csv",
    )
    run = run_import("enrollments", path)
    assert run.out.strip() == "created 0, updated 1, unchanged 0", run.err
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.score) == ("withdrawn", 70)
    assert enrollment.facilitator == scorer
    latest = enrollment.history.first()
    assert (latest.history_type, latest.status, latest.score) == ("~", "withdrawn", 70)
    assert latest.facilitator_id == scorer.pk
    assert latest.history_change_reason == "import enrollments.csv"


def test_a_status_that_disagrees_with_the_stored_score_is_an_error(tmp_path, people):
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(
        educator=people[0].educator_profile, cohort=cohort, status="not_passed", score=70
    )
    path = csv_file(
        tmp_path, "email,micro_credential,quarter,status\nana.baca@example.org,CE,Q3/24,passed\n"
    )
    run = run_import("enrollments", path)
    assert run.error_lines == ["row 2: status: the stored score 70.00 does not agree with it"]
    assert Enrollment.objects.get().status == "not_passed"


def test_one_file_creates_updates_and_leaves_rows_alone(tmp_path, people):
    teacher, scorer = people
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    kept = EnrollmentFactory(educator=teacher.educator_profile, cohort=cohort, status="enrolled")
    changed = EnrollmentFactory(
        educator=EducatorFactory(user__email="cy@example.org"),
        cohort=cohort,
        status="enrolled",
    )
    path = csv_file(
        tmp_path,
        f"{HEADER}\nana.baca@example.org,CE,Q3/24,enrolled,,\n"
        "cy@example.org,CE,Q3/24,passed,91.5,fac@example.org\n"
        "ben.ortiz@example.org,AL,Q3/24,not_passed,40,fac@example.org\n",
    )
    run = run_import("enrollments", path)
    assert run.out.strip() == "created 1, updated 1, unchanged 1", run.err
    changed.refresh_from_db()
    assert (changed.status, str(changed.score), changed.facilitator) == ("passed", "91.50", scorer)
    assert kept.history.count() == 1 and changed.history.count() == 2
    created = Enrollment.objects.get(educator__user__email="ben.ortiz@example.org")
    assert (created.status, created.score, created.payment_state) == ("not_passed", 40, "unpaid")
    assert [h.history_type for h in created.history.all()] == ["+"]
    al = created.cohort
    assert list(al.facilitators.all()) == [scorer]
    assert set(cohort.facilitators.all()) == {scorer}


def test_an_enrolment_after_a_pass_on_record_is_refused(tmp_path, people):
    teacher, _ = people
    ce = micro_credential("CE")
    EnrollmentFactory(
        educator=EducatorProfile.objects.get(user=teacher),
        cohort=CohortFactory(micro_credential=ce, quarter=Quarter.parse("Q1/24")),
        status="passed",
        score=90,
    )
    line = f"{teacher.email},CE,Q4/24,enrolled,,"
    result = run_import("enrollments", csv_file(tmp_path, f"{HEADER}\n{GOOD}\n{line}\n"))
    assert not result.ok
    assert "row 3: quarter: this educator passed Classroom Environment in Q1/24" in result.err
    assert not Enrollment.objects.filter(cohort__quarter=Quarter.parse("Q4/24")).exists()


def test_a_pass_and_a_later_enrolment_in_one_file_are_refused_a_fail_is_not(tmp_path, people):
    lines = [
        "ben.ortiz@example.org,AL,Q1/24,passed,90,",
        "ben.ortiz@example.org,AL,Q3/24,enrolled,,",
        "ben.ortiz@example.org,CE,Q1/24,not_passed,70,",
        "ben.ortiz@example.org,CE,Q3/24,passed,90,",
    ]
    result = run_import("enrollments", csv_file(tmp_path, "\n".join([HEADER, *lines]) + "\n"))
    assert not result.ok
    assert "row 3: quarter: this educator passed Assessment Literacy in Q1/24" in result.err
    assert "row 5" not in result.err


def test_reimporting_a_pass_with_a_new_score_updates_the_score(tmp_path, people):
    teacher, scorer = people
    first = csv_file(tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q3/24,passed,90,\n", "a.csv")
    assert run_import("enrollments", first).out.strip() == "created 1, updated 0, unchanged 0"
    second = csv_file(tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q3/24,passed,95,\n", "b.csv")
    dry = run_import("enrollments", second, "--dry-run")
    assert dry.out.strip() == "dry run, nothing written: created 0, updated 1, unchanged 0"
    run = run_import("enrollments", second)
    assert run.out.strip() == "created 0, updated 1, unchanged 0", run.err
    enrollment = Enrollment.objects.get()
    assert (enrollment.status, str(enrollment.score)) == ("passed", "95.00")
    assert [h.score for h in enrollment.history.all()] == [95, 90]


@pytest.mark.parametrize(
    ("line", "status", "score"),
    [
        ("ana.baca@example.org,CE,Q3/24,passed,85,", "passed", "85.00"),  # exactly 85 passes
        ("ana.baca@example.org,CE,Q3/24,passed,85%,", "passed", "85.00"),
        ("ana.baca@example.org,CE,Q3/24,not_passed,84.99,", "not_passed", "84.99"),
        ("ana.baca@example.org,CE,Q3/24,passed,100,", "passed", "100.00"),
        ("ana.baca@example.org,CE,Q3/24,not_passed,0,", "not_passed", "0.00"),
    ],
)
def test_scores_at_the_edges_of_the_pass_rule_and_range_are_accepted(
    tmp_path, people, line, status, score
):
    run = run_import("enrollments", csv_file(tmp_path, f"{HEADER}\n{line}\n"))
    assert run.out.strip() == "created 1, updated 0, unchanged 0", run.err
    enrollment = Enrollment.objects.get()
    assert (enrollment.status, str(enrollment.score)) == (status, score)


def test_a_score_with_more_than_two_decimals_is_refused(tmp_path, people):
    path = csv_file(tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q3/24,passed,90.125,\n")
    run = run_import("enrollments", path)
    assert run.error_lines == ["row 2: score: 90.125 has more than two decimal places"]
    assert not Enrollment.objects.exists()


def _records(text: str, *, dry_run: bool = True):
    from exchange.services import records_import

    return records_import(
        kind="enrollments", data=text.encode(), filename="enrollments.csv", dry_run=dry_run
    )


def test_a_dry_run_names_what_each_updated_row_changes(people):
    teacher, scorer = people
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(educator=teacher.educator_profile, cohort=cohort, status="enrolled")
    ben = EnrollmentFactory(
        educator=EducatorFactory(user__email="cy@example.org"),
        cohort=cohort,
        status="not_passed",
        score=70,
    )
    result = _records(
        f"{HEADER}\nana.baca@example.org,CE,Q3/24,passed,92,fac@example.org\n"
        "cy@example.org,CE,Q3/24,withdrawn,,\n"
    )
    assert result.ok, result.errors
    assert result.updated_samples == [
        {
            "row": 2,
            "key": "ana.baca@example.org · CE · Q3/24",
            "changes": "status: enrolled → passed; score: — → 92; facilitator changed",
        },
        {
            "row": 3,
            "key": "cy@example.org · CE · Q3/24",
            "changes": "status: not_passed → withdrawn; score: 70.00 → —",
        },
    ]
    assert ben.score == 70


def test_samples_stop_at_ten_rows(people):
    lines = []
    for n in range(12):
        EducatorFactory(user__email=f"t{n}@example.org")
        lines.append(f"t{n}@example.org,CE,Q3/24,enrolled,,")
    first = _records(HEADER + "\n" + "\n".join(lines) + "\n", dry_run=False)
    assert first.created == 12
    assert [s["row"] for s in first.created_samples] == list(range(2, 12))
    again = _records(
        HEADER + "\n" + "\n".join(line.replace("enrolled", "withdrawn") for line in lines)
    )
    assert again.updated == 12
    assert [s["row"] for s in again.updated_samples] == list(range(2, 12))


def test_an_outcome_in_a_quarter_that_starts_today_is_accepted(people):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2024, 4, 1, 18, 0, tzinfo=dt.UTC), tick=False):
        result = _records(f"{HEADER}\nana.baca@example.org,CE,Q4/24,passed,90,\n")
    assert result.ok, result.errors
    assert result.created == 1


def test_a_pass_without_a_score_column_over_an_enrolment_without_score_updates(people):
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    enrollment = EnrollmentFactory(educator=people[0].educator_profile, cohort=cohort)
    result = _records(
        "email,micro_credential,quarter,status\nana.baca@example.org,CE,Q3/24,passed\n",
        dry_run=False,
    )
    assert (result.ok, result.updated) == (True, 1), result.errors
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.score) == ("passed", None)


def test_empty_and_bad_cells_are_each_named_once_word_for_word(tmp_path, people):
    path = csv_file(
        tmp_path,
        f"{HEADER}\n"
        "ana.baca@example.org,,Q3/24,enrolled,,\n"
        "ana.baca@example.org,CE,,enrolled,,\n"
        "ana.baca@example.org,CE,Q3/24,,,\n"
        "ana.baca@example.org,CE,Q3/24,done,,\n"
        "ana.baca@example.org,TIC,Q3-24,passed,90,\n",
    )
    assert run_import("enrollments", path).error_lines == [
        "row 2: micro_credential: is required",
        "row 3: quarter: is required",
        "row 4: status: is required",
        "row 5: status: 'done' is not one of enrolled, passed, not_passed, withdrawn",
        "row 6: quarter: 'Q3-24' is not a quarter; write it as Qn/yy, e.g. Q2/23",
    ]


def test_a_micro_credential_is_offered_through_the_quarter_holding_its_first_day(tmp_path, people):
    import datetime as dt

    from catalogue.models import MicroCredential

    MicroCredential.objects.filter(code="CE").update(offered_from=dt.date(2024, 6, 30))
    path = csv_file(tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q4/24,enrolled,,\n")
    assert run_import("enrollments", path).ok


def test_a_micro_credential_retired_on_a_quarters_first_day_is_not_offered_in_it(tmp_path, people):
    import datetime as dt

    from catalogue.models import MicroCredential

    MicroCredential.objects.filter(code="CE").update(retired_on=dt.date(2024, 4, 1))
    name = micro_credential("CE").name
    path = csv_file(
        tmp_path,
        f"{HEADER}\nana.baca@example.org,CE,Q4/24,enrolled,,\n"
        "ben.ortiz@example.org,CE,Q3/24,enrolled,,\n",
    )
    assert run_import("enrollments", path).error_lines == [
        f"row 2: quarter: {name} was retired on 2024-04-01, before Q4/24"
    ]


def test_a_quarter_number_past_four_is_refused_word_for_word(tmp_path, people):
    path = csv_file(tmp_path, f"{HEADER}\nana.baca@example.org,CE,Q5/24,enrolled,,\n")
    assert run_import("enrollments", path).error_lines == [
        "row 2: quarter: there is no quarter 5; quarters are Q1 (Jul–Sep) to Q4 (Apr–Jun)"
    ]


def test_samples_of_new_rows_beside_stored_ones_stop_at_ten(people):
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(educator=people[0].educator_profile, cohort=cohort)
    lines = ["ana.baca@example.org,CE,Q3/24,enrolled,,"]
    for n in range(12):
        EducatorFactory(user__email=f"n{n}@example.org")
        lines.append(f"n{n}@example.org,CE,Q3/24,enrolled,,")
    result = _records(HEADER + "\n" + "\n".join(lines) + "\n")
    assert (result.created, result.unchanged) == (12, 1)
    assert [s["row"] for s in result.created_samples] == list(range(3, 13))
    assert result.created_samples[0]["key"] == "n0@example.org · CE · Q3/24"
