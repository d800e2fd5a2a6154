"""An educator takes a credential from the pathway to a wallet (deep link, QR code,
LinkedIn, the signed file); an employer's verifier shows valid, revoked, expired, failed
and not-a-credential each in its own alert. Axe clean at 1280 px and 390 px."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from credentials.models import Credential
from credentials.services import credential_issue_for_achievement, credential_revoke
from tests.factories import EducatorFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (1280, 390)


def _sign_in(page, base_url, user):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base_url + "/")


def _axe_at_both_widths(page, check):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def rosa(settings, live_server):
    settings.SITE_URL = live_server.url
    return EducatorFactory(user__first_name="Rosa", user__last_name="Baca").user


def test_educator_goes_from_the_pathway_to_the_wallet_qr_linkedin_and_file(
    live_server, csp_page, rosa, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page
    credential = issued_credential(educator=rosa.educator_profile)
    _sign_in(page, live_server.url, rosa)
    page.goto(live_server.url + "/enrolment/pathway/")
    page.get_by_role("link", name="Add to wallet or LinkedIn").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Add your Classroom Environment credential to a wallet"
    )
    link = page.get_by_test_id("lcw-link")
    assert link.get_attribute("href").startswith("dccrequest://request?issuer=")
    qr = page.get_by_test_id("lcw-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("() => document.querySelector('[data-testid=lcw-qr]').naturalWidth") > 0
    linkedin = page.get_by_test_id("linkedin-link")
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")
    _axe_at_both_widths(page, assert_no_serious_axe_violations)
    assert_no_csp_violations(page)

    with page.expect_download() as download:
        page.get_by_test_id("download-json").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["id"] == credential.uuid.urn

    # The same from My credentials.
    page.goto(live_server.url + "/credentials/mine/")
    expect(
        page.get_by_role("link", name="Add to wallet or LinkedIn for Classroom Environment")
    ).to_be_visible()
    _axe_at_both_widths(page, assert_no_serious_axe_violations)


def _verify(page, base_url, text):
    page.goto(base_url + "/credentials/public/verify/")
    page.get_by_label("Paste the credential").fill(text)
    page.get_by_role("button", name="Verify").click()
    return page.get_by_test_id("result")


def test_the_verifier_shows_each_state_in_its_own_alert(
    live_server, page, rosa, assert_no_serious_axe_violations
):
    valid = issued_credential(educator=rosa.educator_profile)
    revoked = issued_credential(educator=rosa.educator_profile, code="AL")
    credential_revoke(credential=revoked, by=UserFactory(), reason="Issued in error")
    expired = credential_issue_for_achievement(
        educator=rosa.educator_profile,
        kind=Credential.Kind.ACHIEVEMENT,
        source="browser-test:expired",
        code="expired-test",
        name="A dated achievement",
        description="",
        criteria="Held for a year.",
        valid_until=timezone.now() - dt.timedelta(days=1),
    )
    head, payload, signature = valid.jws.split(".")
    tampered = f"{head}.{payload[:-4]}AAAA.{signature}"
    cases = [
        (valid.jws, "valid", "usa-alert--success", "Valid credential"),
        (revoked.jws, "revoked", "usa-alert--emergency", "Revoked credential"),
        (expired.jws, "expired", "usa-alert--warning", "Expired credential"),
        (tampered, "failed", "usa-alert--error", "This credential could not be verified"),
        ("hello", "not_a_credential", "usa-alert--info", "This is not a credential file"),
    ]
    icons = set()
    for text, state, variant, heading in cases:
        result = _verify(page, live_server.url, text)
        expect(result).to_have_attribute("data-state", state)
        assert variant in result.get_attribute("class")
        expect(result.get_by_role("heading", level=2)).to_have_text(heading)
        icons.add(result.locator("use").get_attribute("href").rsplit("#", 1)[1])
        if state != "valid":
            expect(result.locator(".apl-credential-ok")).to_have_count(0)
        _axe_at_both_widths(page, assert_no_serious_axe_violations)
    assert len(icons) == len(cases)  # a distinct icon each
