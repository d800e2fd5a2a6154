"""The intent form's error summary and the page after signing up."""

import pytest
from django.urls import reverse

from tests.enrollment.test_intent import URL, sign_up_data
from tests.factories import EducatorFactory

pytestmark = pytest.mark.django_db


def test_server_errors_come_with_a_focusable_summary_linking_to_each_field(client):
    response = client.post(URL, sign_up_data(email="nope", password2="different", school=""))
    html = response.content.decode()
    assert "data-error-summary" in html and 'tabindex="-1"' in html
    for field in ("email", "password2", "school"):
        assert f'href="#id_{field}"' in html
    assert "There are 3 problems" in html
    # Passwords are never echoed back; the page says so instead of silently clearing them.
    assert "a long enough passphrase 42" not in html
    assert "enter it again in both password fields" in html


@pytest.mark.parametrize("taken", [False, True])
def test_the_page_after_signing_up_names_the_intent_just_submitted(client, taken):
    if taken:
        EducatorFactory(user__email="rosa.chavez@example.org")
    response = client.post(URL, sign_up_data(), follow=True)
    assert response.request["PATH_INFO"] == reverse("account_email_verification_sent")
    page = response.content.decode()
    assert "Your intent to enroll in APL I-II was received." in page
