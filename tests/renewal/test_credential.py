"""The "License renewal requirement met" credential, issued through the credentials app."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from credentials.models import Credential
from districts.models import District
from tests.renewal.conftest import imported_pass, licensed, status_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-11-30 12:00:00-07:00", tick=False):
        yield


def _met_educator():
    start = dt.date(2024, 7, 1)
    district = District.objects.create(
        code="DA", name="Demo A", renewal_option=2, option_from=start
    )
    profile = licensed(start=start, district=district)
    for code in ("CE", "AL", "FE"):
        imported_pass(profile, code, "Q3/25")
    return profile


def test_met_educator_gets_the_renewal_credential_once(client):
    profile = _met_educator()
    client.force_login(profile.user)
    page = client.get(reverse("renewal:mine")).content.decode()
    assert "License renewal requirement met" in page
    response = client.post(reverse("renewal:credential"))
    credential = Credential.objects.get()
    assert response.url == reverse("credentials:credential-detail", args=[credential.pk])
    assert credential.kind == "renewal"
    assert credential.educator == profile
    assert credential.achievement_name == (
        "License renewal requirement met, cycle 2024-07-01 to 2029-06-30"
    )
    client.post(reverse("renewal:credential"))
    assert Credential.objects.count() == 1
    assert (
        'Your "License renewal requirement met" credential'
        in client.get(reverse("renewal:mine")).content.decode()
    )


def test_no_credential_before_the_requirement_is_met(client):
    profile = licensed(start=dt.date(2024, 7, 1))
    imported_pass(profile, "CE", "Q3/25")
    client.force_login(profile.user)
    response = client.post(reverse("renewal:credential"))
    assert response.url == reverse("renewal:mine")
    assert not Credential.objects.exists()


def test_a_graded_pass_moves_the_status(facilitator):
    """Before and after one pass graded in the system: counted, remaining and status."""
    from apl.quarters import Quarter
    from tests.factories import CohortFactory, EnrollmentFactory, micro_credential
    from tests.factories.grading import RANKS_90, post_grade, submitted_attempt

    start = dt.date(2024, 7, 1)
    district = District.objects.create(
        code="DA", name="Demo A", renewal_option=2, option_from=start
    )
    profile = licensed(start=start, district=district)
    imported_pass(profile, "FE", "Q2/25")
    imported_pass(profile, "AL", "Q3/25")
    before = status_json(profile.user.email, "2026-11-30")
    assert (len(before["counted"]), before["remaining"], before["status"]) == (2, 1, "open")
    cohort = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q2/27"))
    cohort.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(educator=profile, cohort=cohort, facilitator=facilitator)
    post_grade(submitted_attempt(enrollment), facilitator, RANKS_90)
    after = status_json(profile.user.email, "2026-11-30")
    assert after["counted"][-1] == {"code": "CE", "earned_on": "2026-11-30"}
    assert (after["remaining"], after["status"]) == (0, "met")
