"""An unpaid fee comes with how and where to pay."""

import pytest
from django.urls import reverse

from enrollment.models import Enrollment

pytestmark = pytest.mark.django_db


def test_an_unpaid_fee_says_how_to_pay(client, world, settings):
    settings.APL_FEE_INSTRUCTIONS = "Pay at the district office, window 3."
    client.force_login(world.educator)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "not paid yet" in page and 'href="#pay-apl-i-ii">How to pay' in page
    assert 'id="pay-apl-i-ii"' in page and "Pay at the district office, window 3." in page


def test_no_instructions_once_the_district_paid(client, world, settings):
    settings.APL_FEE_INSTRUCTIONS = "Pay at the district office, window 3."
    Enrollment.objects.filter(pk=world.enrollment.pk).update(
        payment_state=Enrollment.Payment.DISTRICT_PAID
    )
    client.force_login(world.educator)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "District paid" in page and "window 3" not in page
