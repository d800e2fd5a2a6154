"""The educator turns optional email notices off and on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_optional_notices_can_be_turned_off_and_on(client, educator):
    client.force_login(educator)
    url = reverse("accounts:notifications")
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 302
    educator.refresh_from_db()
    assert educator.email_optional_notices is False
    client.post(url, {"email_optional_notices": "on"})
    educator.refresh_from_db()
    assert educator.email_optional_notices is True


def test_only_the_notice_setting_changes(client, educator):
    client.force_login(educator)
    client.post(
        reverse("accounts:notifications"),
        {"email_optional_notices": "on", "email": "evil@example.org", "is_staff": "on"},
    )
    educator.refresh_from_db()
    assert educator.email == "educator@example.org"
    assert educator.is_staff is False
