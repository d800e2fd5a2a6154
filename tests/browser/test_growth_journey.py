"""Growth plans, stipends and proposals in a real browser, axe clean and within the
Content-Security-Policy on every page:

an educator writes this year's plan with a micro-credential goal and submits it; the
facilitator posts a passing grade; the educator sees the goal met (no reviewer needed)
and the stipend due; the LAC approves it and exports the payment office's file. Then
an educator proposes an outside micro-credential, the state declines it with a reason,
and the educator reads the reason on the proposal's page.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from growth.models import Stipend
from intake.selectors import today_quarter
from proposals.models import Proposal
from tests.browser.conftest import check_no_csp_violations
from tests.browser.test_grading_journey import _new_page, _sign_in
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)
from tests.factories.grading import RANKS_90, post_grade, submitted_attempt

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, axe, heading):
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    axe(page)
    check_no_csp_violations(page)


def _write_plan(page, axe):
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="Growth plans", exact=True).click()
    _check(page, axe, heading="Professional growth plans")
    page.get_by_role("button", name=re.compile("Start your .* plan")).click()
    _check(page, axe, heading="Growth plan")
    page.get_by_role("textbox", name="Growth goal").fill(
        "Build a classroom culture where every student speaks."
    )
    # USWDS draws the radio on its label; a keyboard user focuses it and presses Space.
    page.get_by_label("A micro-credential from the state's catalog").focus()
    page.keyboard.press("Space")
    page.get_by_label("Micro-credential from the state's catalog", exact=True).select_option(
        label="Classroom Environment"
    )
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    consultation = page.get_by_role("form", name="Record a consultation")
    consultation.get_by_role("textbox", name="Name").fill("Ana Ruiz")
    consultation.get_by_role("combobox", name="Role").select_option(label="Coach")
    consultation.get_by_role("button", name="Record", exact=True).click()
    page.get_by_role("button", name="Submit the plan to your PGP reviewer").click()
    expect(page.get_by_role("status").filter(has_text="sent to your PGP reviewer")).to_be_visible()
    _check(page, axe, heading="Growth plan")


def test_a_micro_credential_goal_is_met_by_its_pass_and_its_stipend_approved_and_exported(
    live_server, browser, assert_no_serious_axe_violations
):
    base = live_server.url
    profile = EducatorFactory(user__first_name="Elena", user__last_name="Martinez")
    facilitator = UserFactory(roles=[Role.FACILITATOR])
    cohort = CohortFactory(micro_credential=micro_credential("CE"), quarter=today_quarter())
    cohort.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(educator=profile, cohort=cohort, facilitator=facilitator)
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))

    page = _new_page(browser)
    _sign_in(page, base, profile.user)
    _write_plan(page, assert_no_serious_axe_violations)
    expect(page.locator("[data-goal-status]")).to_have_attribute("data-goal-status", "open")

    # The facilitator posts a passing grade (the grading pages' own service).
    post_grade(submitted_attempt(enrollment), facilitator, RANKS_90)

    page.reload()
    met = page.locator("[data-goal-status]")
    expect(met).to_have_attribute("data-goal-status", "met")
    expect(met).to_contain_text("no reviewer assessment is needed")
    expect(page.get_by_text("Stipend $50.00: due.")).to_be_visible()
    _check(page, assert_no_serious_axe_violations, "Growth plan")
    page.context.close()

    page = _new_page(browser)
    _sign_in(page, base, lac, totp=True)
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="Stipends", exact=True).click()
    _check(page, assert_no_serious_axe_violations, "Growth-plan stipends")
    stipend = Stipend.objects.get()
    page.get_by_label(f"Approve {stipend.reference}").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Approve the selected stipends").click()
    expect(page.get_by_role("status").filter(has_text="Approved 1 stipend.")).to_be_visible()
    _check(page, assert_no_serious_axe_violations, "Growth-plan stipends")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export for the payment office (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["reference"], row["status"], row["amount"]) == (stipend.reference, "approved", "50")
    growth_nav = page.get_by_role("navigation", name="Growth pages")
    growth_nav.get_by_role("link", name="Reports", exact=True).click()
    _check(page, assert_no_serious_axe_violations, "Growth plans by status")
    page.context.close()


def test_an_outside_micro_credential_is_proposed_and_declined_with_a_reason(
    live_server, browser, assert_no_serious_axe_violations
):
    base = live_server.url
    profile = EducatorFactory(user__first_name="Daniel", user__last_name="Begay")
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))

    page = _new_page(browser)
    _sign_in(page, base, profile.user)
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="MC proposals", exact=True).click()
    _check(page, assert_no_serious_axe_violations, "Outside micro-credential proposals")
    page.get_by_role("link", name="Propose an outside micro-credential").click()
    _check(page, assert_no_serious_axe_violations, "Propose an outside micro-credential")
    page.get_by_role("textbox", name="Name of the micro-credential").fill("Google Classroom Basics")
    page.get_by_role("textbox", name="Provider").fill("EdTech Badges")
    page.get_by_role("textbox", name="Link").fill("https://example.org/gc-basics")
    page.get_by_role("textbox", name="Competency it verifies").fill(
        "Posting assignments in Google Classroom."
    )
    page.get_by_role("textbox", name="How it is assessed").fill("A quiz on the menus.")
    page.get_by_role("textbox", name="Why it serves your growth plan").fill(
        "My goal is organised feedback."
    )
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator("[data-proposal-status]")).to_have_text("Submitted")
    _check(page, assert_no_serious_axe_violations, "Google Classroom Basics")
    page.context.close()

    proposal = Proposal.objects.get()
    page = _new_page(browser)
    _sign_in(page, base, lac, totp=True)
    page.goto(f"{base}/proposals/{proposal.pk}/")
    _check(page, assert_no_serious_axe_violations, "Google Classroom Basics")
    reason = "Using a learning management system is a basic software skill, never an MC."
    page.get_by_label("Reason (the educator reads it)").fill(reason)
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(page.locator("[data-proposal-status]")).to_have_text("Declined")
    page.context.close()

    page = _new_page(browser)
    _sign_in(page, base, profile.user)
    page.goto(f"{base}/proposals/{proposal.pk}/")
    expect(page.locator("[data-decline-reason]")).to_have_text(reason)
    _check(page, assert_no_serious_axe_violations, "Google Classroom Basics")
    page.context.close()
