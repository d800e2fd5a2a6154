"""Navigation, the coordinator's home section, CSRF on intake forms."""

import pytest
from django.test import Client
from django.urls import reverse

from enrollment.models import Intent
from tests.factories import IntentFactory

pytestmark = pytest.mark.django_db


def test_lac_and_liaison_see_the_intake_links(client, lac, liaison, facilitator):
    for user, shown in ((lac, True), (liaison, True), (facilitator, False)):
        client.force_login(user)
        text = client.get(reverse("home")).text
        for url in ("intent-list", "cohort-list", "payment-list"):
            assert (f'href="{reverse(f"intake:{url}")}"' in text) is shown, (user, url)


def test_lac_home_has_the_intake_section(signed_in_lac):
    IntentFactory.create_batch(2)
    response = signed_in_lac.get(reverse("home"))
    assert "Intake" in response.text
    assert "<strong>2</strong> awaiting review" in response.text


def test_a_decision_without_a_csrf_token_is_refused(lac):
    intent = IntentFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(lac)
    response = client.post(reverse("intake:intent-accept", args=[intent.pk]))
    assert response.status_code == 403
    intent.refresh_from_db()
    assert intent.status == Intent.Status.PENDING


def test_cohort_list_ignores_a_programme_filter_that_is_not_an_id(signed_in_lac):
    response = signed_in_lac.get(reverse("intake:cohort-list"), {"programme": "abc"})
    assert response.status_code == 200
