"""Sign-in → home for an educator and for the LAC (with the TOTP step), axe clean."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt

from accounts.roles import Role
from tests.factories import EducatorFactory, UserFactory, with_totp
from tests.factories.accounts import TEST_PASSWORD


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_educator_signs_in_and_sees_their_next_step(
    live_server, page, assert_no_serious_axe_violations
):
    educator = EducatorFactory(user__email="teacher@example.org").user
    page.goto(live_server.url + "/accounts/login/")
    assert_no_serious_axe_violations(page)
    _sign_in(page, live_server.url, educator.email)
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Your micro-credentials").is_visible()
    assert_no_serious_axe_violations(page)


def test_lac_signs_in_with_a_code_and_sees_the_programme(
    live_server, page, assert_no_serious_axe_violations
):
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    _sign_in(page, live_server.url, lac.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_no_serious_axe_violations(page)
    secret = decrypt(Authenticator.objects.get(user=lac, type="totp").data["secret"])
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Running the program").is_visible()
    assert_no_serious_axe_violations(page)
