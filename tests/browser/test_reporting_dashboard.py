"""The coordinator's quarterly report in a real browser: choose the date, read the table,
summary and chart, build the files and download one; axe clean and within the CSP."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import EducatorFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.reporting.conftest import enrol

# The live server needs real transactions (tests/conftest.py puts the seed data back).
pytestmark = pytest.mark.django_db(transaction=True)


def test_lac_reads_the_quarterly_report_and_downloads_a_file(
    live_server, settings, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    settings.APL_REQUIRE_STAFF_MFA = False  # sign in with a password only in this test
    page = csp_page
    lac = UserFactory(email="coordinator@example.org", roles=[Role.LAC])
    for status in ("passed", "passed", "not_passed"):
        enrol(EducatorFactory(), "CE", "Q1/24", status)
    enrol(EducatorFactory(), "CE", "Q4/24")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(lac.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")

    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly reports")
    as_of = page.get_by_label("As of", exact=False).and_(page.locator("input"))
    as_of.fill("2024-05-15")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("as of May 15, 2024")
    expect(page.get_by_role("table").first).to_contain_text("Classroom Environment")
    expect(page.get_by_role("img", name="APL I-II: enrollment and percent passing by quarter"))
    expect(page.get_by_text("Educators projected to complete in Q4/24")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_csp_violations(page)

    page.get_by_role("button", name="Build the files for APL I-II as of 2024-05-15").click()
    link = page.get_by_role("link", name="Download CSV of the APL I-II report as of 2024-05-15")
    expect(link).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_csp_violations(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "apl-i-ii-quarterly-report-2024-05-15.csv"
