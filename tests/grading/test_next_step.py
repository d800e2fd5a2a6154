"""The educator's next step while a resubmission window is open."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from tests.factories.grading import RANKS_80, post_grade, submitted_attempt
from tests.factories.journey import cohort

DENVER = ZoneInfo("America/Denver")


def test_failed_grade_inside_the_window_says_resubmit_by_not_enrol(client, world, facilitator):
    enrollment = world.enrollment
    world.intent.status = "accepted"
    world.intent.save()
    world.cohort.resubmission_window_days = 3
    world.cohort.save()
    cohort("AL", "Q3/24")  # a seat elsewhere this quarter, which used to take over
    with time_machine.travel(dt.datetime(2024, 2, 5, 10, 42, tzinfo=DENVER), tick=False):
        post_grade(submitted_attempt(enrollment), facilitator, RANKS_80)
    client.force_login(world.educator)
    with time_machine.travel(dt.datetime(2024, 2, 6, 9, tzinfo=DENVER), tick=False):
        home = client.get(reverse("home")).content.decode()
        pathway = client.get(reverse("enrollment:pathway")).content.decode()
    for page in (home, pathway):
        assert "Resubmit by February 8, 2024, 10:42 AM MST" in page
        assert "Enroll in your next micro-credential" not in page
    with time_machine.travel(dt.datetime(2024, 2, 9, 9, tzinfo=DENVER), tick=False):
        later = client.get(reverse("home")).content.decode()
    assert "Resubmit by" not in later
