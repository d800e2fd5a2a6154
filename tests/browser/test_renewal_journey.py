"""License renewal in a real browser, axe clean on every page: a district administrator
proposes an option-2 plan, the state approves it, an educator sees their progress."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from districts.models import District
from renewal.models import RenewalPlan
from tests.browser.test_lac_intake import _press, _sign_in_with_code
from tests.factories import UserFactory, with_totp
from tests.factories.accounts import TEST_PASSWORD
from tests.renewal.conftest import imported_pass, licensed

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, base_url, user):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base_url + "/")


def _district_proposes(page, base_url, admin, check):
    """The district administrator writes the plan and sends it."""
    _sign_in_with_code(page, base_url, admin)
    _press(page, page.get_by_role("link", name=re.compile("Demo District A: educators")))
    check("Demo District A: license renewal")
    _press(page, page.get_by_role("link", name="Write or change the option-2 plan"))
    check("Option-2 plan: Demo District A")
    page.get_by_label("Protected time and support for teachers").fill(
        "Two protected hours a week and an instructional coach per school."
    )
    for code in ("CE", "SEL", "RP"):
        _press(page, page.get_by_label(re.compile(rf"\({code}\)$")), "Space")
    page.get_by_label("Resources asked of the state").fill("Substitute cover for PLC days.")
    _press(page, page.get_by_role("button", name="Save the plan"))
    check("Option-2 plan: Demo District A")
    _press(page, page.get_by_role("button", name="Send the plan to the state"))
    expect(page.get_by_role("status").filter(has_text="Plan sent")).to_be_visible()
    check("Option-2 plan: Demo District A")


def test_district_plan_is_proposed_approved_and_the_educator_sees_progress(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page

    def check(heading):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_serious_axe_violations(page)
        assert_no_csp_violations(page)

    district = District.objects.create(code="DEMO-A", name="Demo District A", high_need=True)
    admin = with_totp(UserFactory(email="dora@example.org", roles=[Role.DISTRICT_ADMIN]))
    district.administrators.add(admin)
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    teacher = licensed("ana@example.org", start=dt.date(2025, 7, 1), district=district)
    imported_pass(teacher, "CE", "Q3/26")
    imported_pass(teacher, "SEL", "Q2/26")

    _district_proposes(page, live_server.url, admin, check)
    page.context.clear_cookies()

    # The state approves it from a date.
    _sign_in_with_code(page, live_server.url, lac)
    _press(page, page.get_by_role("link", name="Renewal", exact=True))
    check("License renewal across the state")
    awaiting = page.get_by_role("region", name="Plans awaiting a decision")
    _press(page, awaiting.get_by_role("link", name="Demo District A"))
    check("Option-2 plan: Demo District A")
    _press(page, page.get_by_label("Approve the plan"), "Space")
    page.get_by_label("Option 2 applies from").fill("2025-07-01")
    _press(page, page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_role("status").filter(has_text="follows option 2")).to_be_visible()
    check("Option-2 plan: Demo District A")
    district.refresh_from_db()
    assert RenewalPlan.objects.get().status == "approved"
    assert (district.renewal_option, district.option_from) == (2, dt.date(2025, 7, 1))
    page.context.clear_cookies()

    # The educator sees two of three counted.
    _sign_in(page, live_server.url, teacher.user)
    expect(page.get_by_text("Renewal: 2 of 3 micro-credentials counted")).to_be_visible()
    _press(page, page.get_by_role("link", name="License renewal"))
    check("Your license renewal")
    expect(page.get_by_text("2 of 3 micro-credentials counted")).to_be_visible()
    expect(
        page.get_by_role("rowheader", name=re.compile("Social Emotional Learning"))
    ).to_be_visible()
