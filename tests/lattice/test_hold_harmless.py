"""A change to a role's rules applies to new applications only; designations held, awarded
or recorded from another avenue, are never taken away."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lattice import services
from lattice.models import Designation
from tests.lattice.conftest import licensed, role, route

pytestmark = pytest.mark.django_db


def _recommended(educator, r, district, admin):
    application = services.application_create(educator=educator, route=r, district=district)
    return services.interview_record(
        application=application,
        by=admin,
        interview_on=timezone.localdate(),
        outcome="recommended",
        interviewer_name="Dana Principal",
    )


def test_a_rule_change_applies_to_new_applications_only(hiring, hiring_admin, state_lac):
    r = route(role(), kind="nbct_only", min_license_level=2)
    early = licensed("early@example.org", nbct=True)
    late = licensed("late@example.org", nbct=True)
    applied_before = _recommended(early, r, hiring, hiring_admin)

    services.route_update(route=r, by=state_lac, min_license_level=3, masters_required=True)
    r.refresh_from_db()
    assert r.version == 2

    # The application made before keeps the rules of its day and is awarded on them.
    applied_before.refresh_from_db()
    assert applied_before.rules["min_license_level"] == 2
    assert applied_before.rules["masters_required"] is False
    assert applied_before.rules["version"] == 1
    designation = services.application_award(application=applied_before, by=state_lac)
    assert designation.credential is not None
    # A new application is judged on the new rules.
    with pytest.raises(ValidationError, match="needs Level 3"):
        services.application_create(educator=late, route=r, district=hiring)


def test_designations_stay_after_the_rules_tighten(hiring, hiring_admin, state_lac, client):
    r = route(role(), kind="nbct_only", min_license_level=2)
    educator = licensed("held@example.org", nbct=True)
    services.application_award(
        application=_recommended(educator, r, hiring, hiring_admin), by=state_lac
    )
    services.route_update(route=r, by=state_lac, min_license_level=3, min_years_at_level=10)
    services.route_update(route=r, by=state_lac, active=False)
    assert Designation.objects.filter(educator=educator).count() == 1
    client.force_login(educator.user)
    assert b"You hold the Mentor Teacher designation" in client.get(reverse("lattice:mine")).content


def test_the_application_page_shows_the_rules_of_the_day_of_applying(
    hiring, hiring_admin, state_lac, client
):
    r = route(role(), kind="nbct_only", min_license_level=2)
    application = _recommended(licensed("t@example.org", nbct=True), r, hiring, hiring_admin)
    services.route_update(route=r, by=state_lac, min_license_level=3)
    client.force_login(state_lac)
    page = client.get(reverse("lattice:application", args=[application.pk])).content.decode()
    assert "rules version 1" in page
    assert "Hold a Level 2 license or higher" in page


def test_a_change_without_a_new_rule_keeps_the_version(state_lac):
    r = route(role(), kind="nbct_only", min_license_level=2)
    services.route_update(route=r, by=state_lac, min_license_level=2)
    r.refresh_from_db()
    assert r.version == 1


def test_the_lac_changes_the_rules_from_the_route_page(client, state_lac):
    r = route(role(), kind="nbct_only", min_license_level=2)
    client.force_login(state_lac)
    bad = client.post(reverse("lattice:route-edit", args=[r.pk]), {"min_license_level": "7"})
    assert bad.status_code == 400
    r.refresh_from_db()
    assert (r.min_license_level, r.version) == (2, 1)
    client.post(
        reverse("lattice:route-edit", args=[r.pk]),
        {"min_license_level": "3", "min_years_at_level": "2", "nbct_required": "on"},
    )
    r.refresh_from_db()
    assert (r.min_license_level, r.min_years_at_level, r.version) == (3, 2, 2)
