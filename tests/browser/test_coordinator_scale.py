"""The coordinator at the scale of thousands, in a real browser, axe clean at 1280 px and
390 px and within the Content-Security-Policy: find an educator in the directory, read
and edit their record, and record a fee for every enrollment a filter matches."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from enrollment.models import EducatorProfile, Enrollment
from intake.selectors import today_quarter
from tests.browser.test_lac_intake import _press, _sign_in_with_code
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)


def _check_both_widths(page, axe, csp):
    """axe and the CSP at a desktop and a phone width; back to desktop after."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        axe(page)
        csp(page)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def _people():
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    ce = CohortFactory(micro_credential=micro_credential("CE"), quarter=today_quarter())
    ana = EducatorFactory(
        user__first_name="Ana",
        user__last_name="Aragon",
        license_number="NM-424242",
        district_as_written="Taos Municipal",
    )
    EnrollmentFactory(cohort=ce, educator=ana, status=Enrollment.Status.PASSED, score=93)
    for _ in range(29):
        EnrollmentFactory(cohort=ce, educator=EducatorFactory(district_as_written="Taos Municipal"))
    for _ in range(3):
        EnrollmentFactory(cohort=ce, educator=EducatorFactory(district_as_written="Gallup"))
    return lac, ana


def test_coordinator_finds_an_educator_and_records_their_advancement(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page
    lac, ana = _people()
    _sign_in_with_code(page, live_server.url, lac)

    _press(page, page.get_by_role("link", name="Educators", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Educators")
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)
    page.get_by_label("Name, email or license number").fill("424242")
    _press(page, page.get_by_role("button", name="Search", exact=True))
    expect(page.locator("#educators-count")).to_have_text("Showing 1–1 of 1 educators.")
    _press(page, page.get_by_role("link", name="Ana Aragon"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Aragon")
    for title in ("Enrollments and grades", "Fees", "Credentials", "License renewal", "History"):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.get_by_role("cell", name="93%")).to_be_visible()
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)

    page.get_by_label("Full school years at the current level").fill("3")
    _press(page, page.get_by_label(re.compile("^Every evaluation")), "Space")
    _press(page, page.get_by_role("button", name="Save advancement facts"))
    expect(page.get_by_role("status").filter(has_text="advancement facts")).to_be_visible()
    ana.refresh_from_db()
    assert (ana.years_at_current_level, ana.evaluations_successful) == (3, True)
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)


def test_coordinator_records_a_fee_for_every_matching_enrollment(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page
    lac, _ = _people()
    _sign_in_with_code(page, live_server.url, lac)
    page.goto(live_server.url + "/intake/payments/?district=Taos+Municipal&sort=name")
    expect(page.locator("#enrollments-count")).to_have_text("Showing 1–25 of 30 enrollments.")
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)

    # Sorting is a keyboard-operable link in the header, and the filter stays.
    _press(page, page.locator('th[aria-sort="ascending"] a.apl-sort'))
    expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)
    assert "district=Taos+Municipal" in page.url

    _press(page, page.get_by_role("button", name="Select all on this page"))
    offer = page.get_by_role("button", name="Select all 30 matching")
    expect(offer).to_be_visible()
    page.get_by_label("Set fee state to").select_option(label="District paid")
    _press(page, offer)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record “District paid” for 30 enrollments?"
    )
    expect(page.get_by_text("District: Taos Municipal")).to_be_visible()
    _check_both_widths(page, assert_no_serious_axe_violations, assert_no_csp_violations)
    assert not Enrollment.objects.filter(payment_state="district_paid").exists()

    _press(page, page.get_by_role("button", name="Record “District paid” for 30 enrollments"))
    expect(page.get_by_role("status").filter(has_text="for 30 enrollments")).to_be_visible()
    paid = Enrollment.objects.filter(payment_state="district_paid")
    assert paid.count() == 30
    assert not paid.filter(educator__district_as_written="Gallup").exists()
    assert EducatorProfile.objects.count() == 33
