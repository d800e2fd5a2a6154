"""The coordinator's intake in a real browser, keyboard-driven where it matters, axe clean
and within the Content-Security-Policy on every page: accept one intent, decline another
with a reason, open a quarter's cohorts, give one a team and balance its caseloads."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from playwright.sync_api import expect

from accounts.roles import Role
from enrollment.models import Cohort, Enrollment, Intent
from intake.selectors import today_quarter
from tests.factories import (
    EducatorFactory,
    EnrollmentFactory,
    IntentFactory,
    UserFactory,
    with_totp,
)
from tests.factories.accounts import TEST_PASSWORD

# The live server needs real transactions (tests/conftest.py puts the seed data back).
pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in_with_code(page, base_url, user):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base_url + "/")


def _press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def _checker(page, axe, csp):
    def check(heading):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe(page)
        csp(page)

    return check


def _decide_intents(page, check, ana, ben):
    """The intents queue: accept Ana with one keyboard press; decline Ben with a reason."""
    _press(page, page.get_by_role("link", name="Intents", exact=True))
    check("Intents to enroll")
    _press(page, page.get_by_role("button", name="Accept Ana Aragon"))
    expect(page.get_by_role("status").filter(has_text="Accepted Ana Aragon")).to_be_visible()
    check("Intents to enroll")

    # Decline Ben with a reason, on his intent's page.
    _press(page, page.get_by_role("link", name="Review or decline Ben Baca"))
    check("Intent of Ben Baca")
    page.get_by_label("Reason for declining").fill("Your license is Level 3 already.")
    _press(page, page.get_by_role("button", name="Decline intent"))
    expect(page.get_by_role("status").filter(has_text="Declined Ben Baca")).to_be_visible()
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert (ana.status, ben.status) == (Intent.Status.ACCEPTED, Intent.Status.DECLINED)
    assert ben.decision_reason == "Your license is Level 3 already."


def _open_cohorts(page, check, quarter):
    """Open next quarter's Classroom Environment and Assessment Literacy cohorts."""
    _press(page, page.get_by_role("link", name="Cohorts", exact=True))
    check("Cohorts")
    _press(page, page.get_by_role("link", name="Open cohorts for a quarter"))
    check("Open cohorts for a quarter")
    # Choosing the quarter reloads the offered micro-credentials in place (htmx).
    with page.expect_response(re.compile(r"/intake/cohorts/new/\?quarter=")):
        page.get_by_label("Quarter", exact=True).select_option(quarter.label)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    expect(page.get_by_label(re.compile(r"Classroom Environment \(CE\)"))).to_be_attached()
    for code in ("CE", "AL"):
        _press(page, page.get_by_label(re.compile(rf"\({code}\)$")), "Space")
    page.get_by_label("Capacity").fill("20")
    _press(page, page.get_by_role("button", name="Open cohorts"))
    expect(
        page.get_by_role("status").filter(has_text=f"Opened 2 cohorts in {quarter}")
    ).to_be_visible()
    check("Cohorts")
    ce = Cohort.objects.get(micro_credential__code="CE", quarter=quarter)
    assert ce.capacity == 20
    return ce


def _set_up_the_team(page, check, quarter, ce, scorers, lead):
    """Give the CE cohort its team and balance the caseloads."""
    for _ in range(3):
        EnrollmentFactory(cohort=ce)
    _press(page, page.get_by_role("link", name="Classroom Environment"))
    check(f"Classroom Environment, {quarter}")
    for scorer in scorers:
        _press(page, page.get_by_label(re.compile(rf"^{scorer.first_name} Scorer")), "Space")
    page.get_by_label("Lead facilitator").select_option(label=f"Lea Lead ({lead.email})")
    _press(page, page.get_by_role("button", name="Save settings"))
    expect(page.get_by_role("status").filter(has_text="Saved the settings")).to_be_visible()
    check(f"Classroom Environment, {quarter}")
    expect(page.get_by_text("oversees 2 of at most 40 facilitators")).to_be_visible()

    _press(page, page.get_by_role("button", name=re.compile("^Balance")))
    expect(page.get_by_role("status").filter(has_text="Assigned 3 educators")).to_be_visible()
    check(f"Classroom Environment, {quarter}")
    loads = page.get_by_role("table", name=re.compile("Educators per facilitator"))
    expect(loads.get_by_role("row", name=re.compile("Unassigned 0"))).to_be_visible()
    counts = sorted(Enrollment.objects.filter(cohort=ce, facilitator=s).count() for s in scorers)
    assert counts == [1, 2]


def test_lac_reviews_intents_and_sets_up_cohorts(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page
    check = _checker(page, assert_no_serious_axe_violations, assert_no_csp_violations)
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    ana = IntentFactory(educator=EducatorFactory(user__first_name="Ana", user__last_name="Aragon"))
    ben = IntentFactory(educator=EducatorFactory(user__first_name="Ben", user__last_name="Baca"))
    scorers = [
        UserFactory(first_name=name, last_name="Scorer", roles=[Role.FACILITATOR])
        for name in ("Fay", "Gil")
    ]
    lead = UserFactory(first_name="Lea", last_name="Lead", roles=[Role.LEAD_FACILITATOR])
    quarter = today_quarter() + 2  # not the form's default, so that the list reloads

    _sign_in_with_code(page, live_server.url, lac)
    expect(page.get_by_role("heading", name="Intake")).to_be_visible()
    _decide_intents(page, check, ana, ben)
    ce = _open_cohorts(page, check, quarter)
    _set_up_the_team(page, check, quarter, ce, scorers, lead)


def test_lac_records_fees_for_a_whole_page_by_keyboard(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    from tests.factories import CohortFactory, micro_credential

    page = csp_page
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    ce = CohortFactory(micro_credential=micro_credential("CE"), quarter=today_quarter())
    for district in ("Gallup-McKinley", "Gallup-McKinley", "Taos Municipal"):
        EnrollmentFactory(cohort=ce, educator=EducatorFactory(district_as_written=district))

    _sign_in_with_code(page, live_server.url, lac)
    _press(page, page.get_by_role("link", name="Payments", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments")
    totals = page.get_by_role("table", name=re.compile("Unpaid fees per district"))
    expect(
        totals.get_by_role("row", name=re.compile("Gallup-McKinley 2 \\$120.00"))
    ).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_csp_violations(page)

    _press(page, page.get_by_role("button", name="Select all on this page"))
    expect(page.get_by_role("button", name="Clear selection")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_label("Set fee state to").select_option(label="District paid")
    _press(page, page.get_by_role("button", name="Record fee state"))
    expect(page.get_by_role("status").filter(has_text="for 3 enrollments")).to_be_visible()
    expect(totals.get_by_text("Nothing unpaid.")).to_be_visible()
    assert set(Enrollment.objects.values_list("payment_state", flat=True)) == {"district_paid"}
    assert_no_serious_axe_violations(page)
    assert_no_csp_violations(page)
