"""Accept and enroll a batch in a real browser: the check names the missing cohort before
anyone is enrolled, opens it with one link, and only then enrolls (axe clean at 1280 and
390 px, within the Content-Security-Policy)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from enrollment.models import Enrollment, Intent
from intake.selectors import today_quarter
from tests.browser.test_coordinator_scale import _check_both_widths
from tests.browser.test_lac_intake import _press, _sign_in_with_code
from tests.factories import EducatorFactory, IntentFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db(transaction=True)


def _select_page_and_enrol(page, quarter):
    _press(page, page.get_by_role("link", name="Intents", exact=True))
    _press(page, page.get_by_role("button", name="Select all on this page"))
    page.get_by_label("Enroll into the cohorts of").select_option(quarter.label)
    _press(page, page.get_by_role("button", name="Accept selected and enroll"))


def test_the_batch_is_checked_and_the_missing_cohort_opened_first(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    for first in ("Ana", "Ben"):
        IntentFactory(educator=EducatorFactory(user__first_name=first))
    quarter = today_quarter() + 1
    _sign_in_with_code(page, live_server.url, lac)

    _select_page_and_enrol(page, quarter)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Check before enrolling into {quarter}"
    )
    expect(page.get_by_role("heading", name=f"Cohorts missing in {quarter}")).to_be_visible()
    expect(page.get_by_text("Nobody in this batch can be enrolled")).to_be_visible()
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)
    assert not Enrollment.objects.exists()

    _press(page, page.get_by_role("link", name=f"Open these 1 cohort in {quarter}"))
    expect(page.get_by_label(re.compile(r"Classroom Environment \(CE\)"))).to_be_checked()
    _press(page, page.get_by_role("button", name="Open cohorts"))
    expect(
        page.get_by_role("status").filter(has_text=f"Opened 1 cohort in {quarter}")
    ).to_be_visible()

    _select_page_and_enrol(page, quarter)
    _press(page, page.get_by_role("button", name="Enroll the 2 who can be"))
    expect(page.get_by_text("2 educators enrolled")).to_be_visible()
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)
    assert Enrollment.objects.filter(cohort__quarter=quarter).count() == 2
    assert set(Intent.objects.values_list("status", flat=True)) == {Intent.Status.ACCEPTED}
