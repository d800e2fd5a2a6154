"""The APL Liaison reads everything and changes nothing: 403 on every POST."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.conftest import staff

pytestmark = pytest.mark.django_db


def test_a_view_that_asks_no_permission_still_refuses_the_liaison(client, liaison):
    """The public intent form would give the liaison an educator profile; it gets 403."""
    client.force_login(liaison)
    response = client.post(
        reverse("enrollment:intent", args=["apl-i-ii"]),
        {
            "license_number": "123456",
            "license_level": "1",
            "district": "Santa Fe",
            "school": "Capital High",
            "masters_degree": "False",
            "nbct": "False",
        },
    )
    assert response.status_code == 403
    liaison.refresh_from_db()
    assert not hasattr(liaison, "educator_profile")


def test_the_liaison_may_still_change_its_own_settings_and_sign_out(client, liaison):
    client.force_login(liaison)
    response = client.post(reverse("accounts:notifications"), {"email_optional_notices": ""})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.email_optional_notices is False
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_liaison_who_is_also_the_lac_is_not_read_only(client, db):
    both = staff(Role.LIAISON, Role.LAC)
    assert not both.is_read_only
    assert staff(Role.LIAISON).is_read_only
    client.force_login(both)
    response = client.post(reverse("reporting:run-create"), {"programme": "apl-i-ii"})
    assert response.status_code != 403
