"""An employer opens a shared credential link without an account: it is valid, the page is
axe clean and keeps to the Content-Security-Policy; the verifier checks a pasted badge."""

import pytest

from tests.factories import EducatorFactory
from tests.factories.credentials import issued_credential

# The live server needs real transactions (tests/conftest.py puts the seed data back).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_credential(settings, live_server):
    settings.SITE_URL = live_server.url
    educator = EducatorFactory(user__first_name="Rosa", user__last_name="Baca").user
    return issued_credential(educator=educator.educator_profile)


def test_anonymous_visitor_sees_a_valid_shared_credential(
    live_server,
    csp_page,
    shared_credential,
    assert_no_serious_axe_violations,
    assert_no_csp_violations,
):
    page = csp_page
    page.goto(f"{live_server.url}/credentials/public/c/{shared_credential.public_id}/")
    assert page.get_by_role("heading", name="Valid credential").is_visible()
    assert page.get_by_test_id("signature").inner_text() == "signature verified"
    assert page.get_by_test_id("recipient").inner_text() == "Rosa Baca"
    assert page.get_by_test_id("achievement").inner_text() == "Classroom Environment"
    assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    assert_no_serious_axe_violations(page)
    assert_no_csp_violations(page)


def test_anonymous_visitor_verifies_a_pasted_badge(
    live_server, page, shared_credential, assert_no_serious_axe_violations
):
    page.goto(f"{live_server.url}/credentials/public/verify/")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Paste the credential").fill(shared_credential.jws)
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_role("heading", name="Valid credential").is_visible()
    assert_no_serious_axe_violations(page)
