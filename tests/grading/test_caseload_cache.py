"""The caseload's content is kept between visits under the records' version: any write
shows on the next visit, each scorer sees their own, the clock's counts lag at most 60 s,
and who may see the page is checked on every visit."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from grading import oversight
from tests.conftest import staff
from tests.factories import EnrollmentFactory
from tests.factories.grading import RANKS_80, pdf_upload, post_grade, submitted_attempt

DENVER = ZoneInfo("America/Denver")
URL = reverse("grading:caseload")

# A repeat visit reads the session with every version (the user, their roles and
# permissions are kept too): none of the caseload's own queries. A miss adds the content's
# three, however long the list: the waiting list, its counts, the second scores; here the
# new educators are new users, so the signed-in user and their access are read again (two).
HIT_QUERIES = 1
MISS_QUERIES = HIT_QUERIES + 2 + 3


def _waiting(world, count):
    for _ in range(count):
        enrollment = EnrollmentFactory(cohort=world.cohort, facilitator=world.facilitator)
        submitted_attempt(enrollment, uploads_for_first=[pdf_upload()])


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _counts(response):
    return response.context["counts"]


@pytest.mark.parametrize("waiting", [3, 30])
def test_a_repeat_visit_runs_no_query_of_the_content(
    client, world, facilitator, waiting, django_assert_num_queries
):
    client.force_login(facilitator)
    client.get(URL)  # the first visit after signing in also saves the session
    _waiting(world, waiting)
    with django_assert_num_queries(MISS_QUERIES):
        first = client.get(URL)
    with django_assert_num_queries(HIT_QUERIES):
        again = client.get(URL)
    assert _counts(first)["waiting"] == _counts(again)["waiting"] == waiting
    assert _main(again) == _main(first)


def test_a_posted_grade_a_submission_and_a_reassignment_show_on_the_next_visit(
    client, world, facilitator, lac
):
    _waiting(world, 2)
    client.force_login(facilitator)
    assert _counts(client.get(URL)) == {"waiting": 2, "in_resubmission": 0, "graded_this_week": 0}

    submitted_attempt(world.enrollment)
    assert _counts(client.get(URL))["waiting"] == 3

    attempt = submitted_attempt(EnrollmentFactory(cohort=world.cohort, facilitator=facilitator))
    assert _counts(client.get(URL))["waiting"] == 4
    post_grade(attempt, facilitator, RANKS_80)
    response = client.get(URL)
    assert _counts(response) == {"waiting": 3, "in_resubmission": 1, "graded_this_week": 1}
    assert reverse("grading:attempt-score", args=[attempt.pk]) not in response.content.decode()

    moved = staff(Role.FACILITATOR)
    world.cohort.facilitators.add(moved)
    oversight.caseload_reassign(enrollments=[world.enrollment], to=moved, by=lac)
    assert _counts(client.get(URL))["waiting"] == 2


def test_each_scorer_sees_their_own_caseload(client, world, facilitator, other_facilitator):
    _waiting(world, 2)
    theirs_only = reverse(
        "grading:attempt-score", args=[submitted_attempt(world.other_enrollment).pk]
    )
    mine, theirs = client, type(client)()
    mine.force_login(facilitator)
    theirs.force_login(other_facilitator)
    for _ in range(2):  # alternating visits, the second round from what is kept
        mine_page = mine.get(URL)
        theirs_page = theirs.get(URL)
        assert _counts(mine_page)["waiting"] == 2
        assert _counts(theirs_page)["waiting"] == 1
        assert theirs_only in theirs_page.content.decode()
        assert theirs_only not in mine_page.content.decode()


def test_a_count_that_changes_only_with_the_clock_is_right_within_a_minute(
    client, world, facilitator
):
    # Sunday evening in Denver: the grade was posted this week; Monday starts a new one.
    with time_machine.travel(
        dt.datetime(2026, 11, 15, 23, 59, 30, tzinfo=DENVER), tick=False
    ) as clock:
        post_grade(submitted_attempt(world.enrollment), facilitator, RANKS_80)
        client.force_login(facilitator)
        assert _counts(client.get(URL))["graded_this_week"] == 1
        clock.shift(31)  # Monday: no write says so, the kept count may lag up to 60 s
        assert _counts(client.get(URL))["graded_this_week"] == 1
        clock.shift(30)  # 61 s after it was read
        assert _counts(client.get(URL))["graded_this_week"] == 0


def test_a_scorer_who_loses_the_role_is_refused_on_the_next_visit(client, world, facilitator):
    _waiting(world, 1)
    client.force_login(facilitator)
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200  # kept
    facilitator.groups.remove(Group.objects.get(name=Role.FACILITATOR))
    assert client.get(URL).status_code == 403
