"""earned_micro_credentials: each pass once, earned on the day its passing grade was posted."""

import datetime as dt

import time_machine

from apl.quarters import Quarter
from enrollment.models import Enrollment
from enrollment.selectors import earned_micro_credentials
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential
from tests.factories.grading import RANKS_80, RANKS_90, post_grade, submitted_attempt


def _cohort(code, quarter):
    return CohortFactory(micro_credential=micro_credential(code), quarter=Quarter.parse(quarter))


def _graded_pass(educator, facilitator, code, quarter, when):
    cohort = _cohort(code, quarter)
    cohort.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(educator=educator, cohort=cohort, facilitator=facilitator)
    with time_machine.travel(when, tick=False):
        post_grade(submitted_attempt(enrollment), facilitator, RANKS_90)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    return enrollment


def test_graded_pass_is_earned_on_the_mountain_day_its_grade_was_posted(db, facilitator):
    educator = EducatorFactory()
    # 23:30 in Albuquerque is already the next day in UTC.
    _graded_pass(educator, facilitator, "CE", "Q3/24", "2024-02-10 23:30:00-07:00")
    [earned] = earned_micro_credentials(educator=educator)
    assert (earned.code, earned.earned_on) == ("CE", dt.date(2024, 2, 10))


def test_imported_pass_without_grade_is_earned_on_last_day_of_its_quarter(db):
    educator = EducatorFactory()
    EnrollmentFactory(educator=educator, cohort=_cohort("AL", "Q2/24"), status="passed", score=91)
    [earned] = earned_micro_credentials(educator=educator)
    assert (earned.code, earned.earned_on) == ("AL", dt.date(2023, 12, 31))


def test_micro_credential_passed_twice_counts_once_at_the_earliest_pass(db):
    educator = EducatorFactory()
    EnrollmentFactory(educator=educator, cohort=_cohort("CE", "Q4/24"), status="passed")
    EnrollmentFactory(educator=educator, cohort=_cohort("CE", "Q2/23"), status="passed")
    earned = earned_micro_credentials(educator=educator)
    assert [(e.code, e.earned_on) for e in earned] == [("CE", dt.date(2022, 12, 31))]


def test_only_passes_count_and_only_the_educators_own(db):
    educator, other = EducatorFactory(), EducatorFactory()
    for status, code in (("enrolled", "CE"), ("not_passed", "AL"), ("withdrawn", "FE")):
        EnrollmentFactory(educator=educator, cohort=_cohort(code, "Q3/24"), status=status)
    EnrollmentFactory(educator=other, cohort=_cohort("MLSS", "Q3/24"), status="passed")
    assert earned_micro_credentials(educator=educator) == []


def test_failed_first_attempt_counts_from_the_passing_resubmission(db, facilitator):
    from grading import services

    educator = EducatorFactory()
    cohort = _cohort("CE", "Q3/24")
    cohort.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(educator=educator, cohort=cohort, facilitator=facilitator)
    with time_machine.travel("2024-02-01 10:00:00-07:00", tick=False):
        post_grade(submitted_attempt(enrollment), facilitator, RANKS_80)
    assert earned_micro_credentials(educator=educator) == []
    with time_machine.travel("2024-02-03 10:00:00-07:00", tick=False):
        services.resubmission_start(enrollment=enrollment, by=educator.user)
        attempt = services.attempt_submit(enrollment=enrollment, by=educator.user)
        post_grade(attempt, facilitator, RANKS_90)
    [earned] = earned_micro_credentials(educator=educator)
    assert earned.earned_on == dt.date(2024, 2, 3)


def test_sorted_by_earned_on_then_code_in_one_query(db, django_assert_num_queries):
    educator = EducatorFactory()
    for code in ("FE", "AL", "CE"):
        EnrollmentFactory(educator=educator, cohort=_cohort(code, "Q3/24"), status="passed")
    EnrollmentFactory(educator=educator, cohort=_cohort("MLSS", "Q2/24"), status="passed")
    with django_assert_num_queries(1):
        earned = earned_micro_credentials(educator=educator)
    assert [e.code for e in earned] == ["MLSS", "AL", "CE", "FE"]
