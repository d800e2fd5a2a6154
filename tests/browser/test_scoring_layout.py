"""The reviewer's caseload and the scoring page's layout in a real browser, axe clean at
1280 px and 390 px: the evidence column stays beside the rubric (sticky) on a wide screen
and stacks on a phone, PDFs open in a sandboxed frame and images inline, the total and Post
stay in reach, and "Posting is final" is asked only once every criterion is scored."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from apl.quarters import Quarter
from tests.browser.test_grading_journey import _sign_in
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)
from tests.factories.grading import pdf_upload, submitted_attempt, upload

pytestmark = pytest.mark.django_db(transaction=True)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _reviewer_with_work():
    reviewer = with_totp(UserFactory(email="reviewer@example.org", roles=[Role.REVIEWER]))
    cohort = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q3/24"))
    cohort.facilitators.add(reviewer)
    educator = EducatorFactory(user__first_name="Ana", user__last_name="Lucero")
    enrollment = EnrollmentFactory(educator=educator, cohort=cohort, facilitator=reviewer)
    attempt = submitted_attempt(
        enrollment,
        uploads_for_first=[pdf_upload("plan.pdf"), upload("chart.png", PNG, "image/png")],
    )
    return reviewer, attempt


def _context(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _position(page, selector) -> str:
    return page.locator(selector).evaluate("node => getComputedStyle(node).position")


def _check_wide_layout(page, axe):
    expect(page.get_by_role("heading", name="Responses and evidence")).to_be_visible()
    assert _position(page, ".apl-scoring__evidence") == "sticky"
    assert page.get_by_role("button", name="Post grade").get_attribute("data-confirm") is None
    expect(page.get_by_text(re.compile("Score every criterion to post"))).to_be_visible()
    page.get_by_text("View plan.pdf here").click()
    frame = page.locator("iframe.apl-viewer__frame")
    expect(frame).to_be_visible()
    assert frame.get_attribute("sandbox") == ""
    assert frame.get_attribute("src").endswith("?inline=1")
    page.get_by_text("View chart.png here").click()
    expect(page.locator("img.apl-viewer__image")).to_be_visible()
    axe(page)


def _score_every_criterion(page):
    criteria = page.locator(".apl-criterion")
    for index in range(criteria.count()):
        criteria.nth(index).locator("input[type=radio]").first.focus()
        page.keyboard.press("4")
    expect(page.get_by_role("button", name="Post grade")).to_have_attribute(
        "data-confirm", re.compile("Posting is final")
    )
    criteria.nth(2).scroll_into_view_if_needed()
    bar = page.locator(".apl-score-bar").bounding_box()
    assert bar is not None and bar["y"] + bar["height"] <= 900 + 1


def test_reviewer_scores_beside_the_evidence(
    live_server, browser, assert_no_serious_axe_violations
):
    reviewer, attempt = _reviewer_with_work()
    base = live_server.url
    page = _context(browser, 1280)
    _sign_in(page, base, reviewer, totp=True)
    page.goto(base + "/grading/caseload/")
    expect(page.get_by_role("link", name=re.compile("Ana Lucero"))).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name=re.compile("Ana Lucero")).click()
    _check_wide_layout(page, assert_no_serious_axe_violations)
    _score_every_criterion(page)
    assert_no_serious_axe_violations(page)

    phone = _context(browser, 390)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(base + "/grading/caseload/")
    assert_no_serious_axe_violations(phone)
    phone.goto(f"{base}/grading/attempts/{attempt.pk}/score/")
    assert _position(phone, ".apl-scoring__evidence") != "sticky"  # stacked, scrolls along
    assert_no_serious_axe_violations(phone)

    page.get_by_role("button", name="Post grade").click()
    page.wait_for_url("**/grading/caseload/")
    expect(page.get_by_text(re.compile("Grade posted: 100"))).to_be_visible()
