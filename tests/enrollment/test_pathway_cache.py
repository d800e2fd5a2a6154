"""The pathway page's content is rendered once and kept until a record changes: every write
shows on the very next visit, each educator sees only their own, and what follows from the
clock alone shows within a minute."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apl import versions
from credentials.services import credential_issue_for_enrollment
from credentials.services.revocation import credential_revoke
from enrollment.models import EducatorProfile
from tests.factories import EducatorFactory, EnrollmentFactory, UserFactory, micro_credential
from tests.factories.credentials import passed_enrollment
from tests.factories.grading import RANKS_80, post_grade, submitted_attempt
from tests.factories.journey import (
    cohort,
    ready_educator,
    small_and_large_histories,
)

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
PATHWAY = "/enrolment/pathway/"


def visit(client) -> str:
    response = client.get(reverse("enrollment:pathway"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2024, 2, 5, 10, 0, tzinfo=DENVER), tick=False) as moment:
        yield moment


def test_a_repeat_visit_reads_only_the_session_with_the_versions(
    client, world, clock, django_assert_num_queries
):
    client.force_login(world.educator)
    first = visit(client)
    # The session with every version (the user, their roles and permissions are kept):
    # nothing of the pathway, not even the educator's profile (whether there is one is
    # kept too).
    with django_assert_num_queries(1) as captured:
        again = visit(client)
    assert not any("enrollment_" in q["sql"] for q in captured.captured_queries)
    assert again == first.replace(_csrf(first), _csrf(again))


def _csrf(page: str) -> str:
    start = page.index('"X-CSRFToken": "') + len('"X-CSRFToken": "')
    return page[start : page.index('"', start)]


def test_a_miss_reads_the_same_number_of_queries_whatever_the_number_of_enrolments(client):
    small = ready_educator()
    large = ready_educator()
    with time_machine.travel(dt.datetime(2024, 5, 1, 10, tzinfo=DENVER), tick=False):
        small_and_large_histories(small, large)
        counts = []
        for profile in (small, large):
            client.force_login(profile.user)
            versions.forget_all()  # nothing kept: the catalogue is read too
            with CaptureQueriesContext(connection) as captured:
                visit(client)
            counts.append(len(captured))
        assert counts[0] == counts[1], counts


def test_a_grade_posted_shows_on_the_very_next_visit(client, world, facilitator, clock):
    world.intent.status = "accepted"
    world.intent.save()
    world.cohort.resubmission_window_days = 3
    world.cohort.save()
    attempt = submitted_attempt(world.enrollment)
    client.force_login(world.educator)
    assert "Awaiting grade" in visit(client)
    assert "Awaiting grade" in visit(client)  # kept
    post_grade(attempt, facilitator, RANKS_80)
    page = visit(client)
    assert "Awaiting grade" not in page
    assert "Resubmit by February 8, 2024, 10:00 AM MST" in page


def test_an_enrolment_added_shows_on_the_very_next_visit(client, clock):
    profile = ready_educator()
    EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24"))
    al = micro_credential("AL")
    client.force_login(profile.user)
    assert f"Withdraw from {al.name}" not in visit(client)
    visit(client)
    EnrollmentFactory(educator=profile, cohort=cohort("AL", "Q3/24"))
    assert f"Withdraw from {al.name}" in visit(client)


def test_a_credential_issued_and_revoked_shows_on_the_very_next_visit(client, educator, lac):
    enrollment = passed_enrollment(educator=educator.educator_profile)
    client.force_login(educator)
    assert "Credential issued" not in visit(client)
    visit(client)
    credential = credential_issue_for_enrollment(enrollment_id=enrollment.pk)
    page = visit(client)
    assert "Credential issued" in page and "Add to wallet or LinkedIn" in page
    credential_revoke(credential=credential, by=lac, reason="Issued in error.")
    page = visit(client)
    assert "Credential revoked on" in page and "Add to wallet or LinkedIn" not in page


def test_a_write_by_plain_sql_shows_on_the_very_next_visit(client, world, clock):
    client.force_login(world.educator)
    assert "not paid yet" in visit(client)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE enrollment_enrollment SET payment_state = 'district_paid'")
    page = visit(client)
    assert "not paid yet" not in page and "District paid" in page


def test_one_educator_never_sees_anothers_kept_pathway(client, world, clock):
    al = micro_credential("AL")
    ce = world.enrollment.cohort.micro_credential
    for _ in range(2):  # alternating, each visit after the first a kept page
        client.force_login(world.educator)
        mine = visit(client)
        client.force_login(world.other_educator)
        theirs = visit(client)
        assert f"Withdraw from {ce.name}" in mine and f"Withdraw from {al.name}" not in mine
        assert f"Withdraw from {al.name}" in theirs and f"Withdraw from {ce.name}" not in theirs


def test_alternating_without_a_write_in_between_each_gets_their_own(world, clock):
    from django.test import Client

    mine, theirs = Client(), Client()
    mine.force_login(world.educator)
    theirs.force_login(world.other_educator)
    al, ce = micro_credential("AL"), world.enrollment.cohort.micro_credential
    for _ in range(3):  # no sign-in between these visits: the same version, both kept
        assert f"Withdraw from {ce.name}" in visit(mine)
        page = visit(theirs)
        assert f"Withdraw from {al.name}" in page and f"Withdraw from {ce.name}" not in page


def test_a_window_closing_shows_within_a_minute(client, world, facilitator):
    world.intent.status = "accepted"
    world.intent.save()
    world.cohort.resubmission_window_days = 3
    world.cohort.save()
    with time_machine.travel(dt.datetime(2024, 2, 5, 10, 42, tzinfo=DENVER), tick=False) as clock:
        post_grade(submitted_attempt(world.enrollment), facilitator, RANKS_80)
        clock.move_to(dt.datetime(2024, 2, 8, 10, 41, 30, tzinfo=DENVER))
        client.force_login(world.educator)
        assert "Resubmit by February 8, 2024, 10:42 AM MST" in visit(client)
        clock.shift(45)  # closed at 10:42; the kept page may say so up to a minute late
        assert "Resubmit by" in visit(client)
        clock.shift(16)  # 61 s after the page was kept
        page = visit(client)
    assert "Resubmit by" not in page
    assert "Resubmission window closed February 8, 2024, 10:42 AM MST" in page


def test_a_new_day_gives_a_new_page(client, world):
    client.force_login(world.educator)
    late = dt.datetime(2024, 3, 31, 23, 59, 50, tzinfo=DENVER)
    with time_machine.travel(late, tick=False) as clock:
        assert "This quarter is Q3/24" in visit(client)
        clock.shift(20)  # April 1, well inside the minute the page is kept for
        page = visit(client)
    assert "This quarter is Q4/24" in page and "This quarter is Q3/24" not in page


def test_other_fee_instructions_give_a_new_page(client, world, settings, clock):
    client.force_login(world.educator)
    settings.APL_FEE_INSTRUCTIONS = "Pay at the district office, window 3."
    assert "window 3" in visit(client)
    settings.APL_FEE_INSTRUCTIONS = "Pay online."
    page = visit(client)
    assert "Pay online." in page and "window 3" not in page


def test_messages_still_show_on_a_kept_page(client, world, clock):
    other = passed_enrollment(educator=world.educator.educator_profile, code="AL")
    client.force_login(world.educator)
    visit(client)
    response = client.get(reverse("enrollment:withdraw", args=[other.pk]))  # writes nothing
    assert response.url == reverse("enrollment:pathway")
    with CaptureQueriesContext(connection) as captured:
        page = visit(client)
    assert not any("enrollment_" in q["sql"] for q in captured.captured_queries)  # kept
    assert "That micro-credential is not running" in page and "Your next step" in page
    assert "That micro-credential is not running" not in visit(client)


def test_someone_without_a_profile_is_refused_until_they_have_one(client, clock):
    user = UserFactory()
    client.force_login(user)
    assert client.get(PATHWAY).status_code == 403
    assert client.get(PATHWAY).status_code == 403  # the refusal is kept too
    EducatorProfile.objects.create(user=user, license_number="NM-1", license_level=1)
    assert "My pathway" in visit(client)


def test_a_profile_removed_refuses_on_the_very_next_visit(client, clock):
    profile = EducatorFactory()
    client.force_login(profile.user)
    visit(client)
    profile.delete()
    assert client.get(PATHWAY).status_code == 403
