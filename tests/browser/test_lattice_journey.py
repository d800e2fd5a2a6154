"""The career lattice in a real browser, axe clean and within the CSP on every page: an
educator completes a stack and applies for Mentor Teacher, the hiring district records
the behavioural interview, the state awards the designation, and the educator downloads
its verifiable credential. The coordinator also adds a stack and a role with a route to it
from the state page."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from districts.models import District
from lattice.models import Application, Designation, Route
from tests.browser.test_lac_intake import _press, _sign_in_with_code
from tests.browser.test_renewal_journey import _sign_in
from tests.factories import UserFactory, with_totp
from tests.lattice.conftest import licensed, role, route, stack
from tests.renewal.conftest import imported_pass

pytestmark = pytest.mark.django_db(transaction=True)
APPLICATION_HEADING = "Mentor Teacher: application of Ana Aragon"


def _setting():
    """A stack route to Mentor Teacher; Ana has passed two of its three requirements."""
    district = District.objects.create(code="DEMO-A", name="Demo District A", high_need=True)
    admin = with_totp(UserFactory(email="dora@example.org", roles=[Role.DISTRICT_ADMIN]))
    district.administrators.add(admin)
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    route(role(), kind="stack", stack=stack(), min_license_level=2, min_years_at_level=1)
    ana = licensed(
        "ana@example.org",
        level_since=dt.date(2020, 7, 1),
        district=district,
        user__first_name="Ana",
        user__last_name="Aragon",
    )
    imported_pass(ana, "CE", "Q3/24")
    imported_pass(ana, "FE", "Q4/24")
    return ana, admin, lac


def _educator_completes_the_stack_and_applies(page, base_url, ana, check):
    _sign_in(page, base_url, ana.user)
    _press(page, page.get_by_role("link", name="Advanced roles", exact=True))
    check("Advanced teacher roles")
    expect(page.get_by_text("Missing: Choice: one of Assessment Literacy")).to_be_visible()
    expect(page.get_by_role("button", name="Apply for Mentor Teacher")).to_have_count(0)
    imported_pass(ana, "MLSS", "Q1/25")  # the last requirement of the stack is passed
    page.reload()
    check("Advanced teacher roles")
    expect(page.get_by_role("cell", name="Complete.")).to_be_visible()
    page.get_by_label("Hiring district").select_option(label="Demo District A")
    _press(page, page.get_by_role("button", name="Apply for Mentor Teacher"))
    expect(page.get_by_role("status").filter(has_text="Applied for Mentor Teacher")).to_be_visible()
    check(APPLICATION_HEADING)
    expect(page.get_by_text("Complete the stack Mentoring stack.")).to_be_visible()
    assert Application.objects.get().status == "applied"


def _district_records_the_interview(page, base_url, admin, check):
    _sign_in_with_code(page, base_url, admin)
    link = page.get_by_role("link", name="Demo District A: advanced role applications")
    _press(page, link)
    check("Demo District A: advanced role applications")
    pending = page.get_by_role("table", name=re.compile("awaiting the district"))
    _press(page, pending.get_by_role("link", name="Ana Aragon"))
    check(APPLICATION_HEADING)
    page.get_by_label("Date of the interview").fill(timezone.localdate().isoformat())
    _press(page, page.get_by_label("Recommended", exact=True), "Space")
    page.get_by_label("Interviewer").fill("Dora Quintana")
    _press(page, page.get_by_role("button", name="Record the interview"))
    expect(page.get_by_role("status").filter(has_text="Interview recorded")).to_be_visible()
    check(APPLICATION_HEADING)
    assert Application.objects.get().status == "recommended"


def _state_awards(page, base_url, lac, check):
    _sign_in_with_code(page, base_url, lac)
    _press(page, page.get_by_role("link", name="Advanced roles", exact=True))
    check("Advanced teacher roles across the state")
    awaiting = page.get_by_role("region", name=re.compile("awaiting the state"))
    _press(page, awaiting.get_by_role("link", name=re.compile("Ana Aragon")))
    check(APPLICATION_HEADING)
    _press(page, page.get_by_label("Award the designation"), "Space")
    _press(page, page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_role("status").filter(has_text="Designation awarded")).to_be_visible()
    check(APPLICATION_HEADING)
    assert Designation.objects.get().credential is not None


def _state_adds_a_stack_and_a_role(page, lac, check):
    """The LAC, from the state page: a stack (first refused on n, said next to it), then a
    role with a route asking for that stack; the keyboard only."""
    _press(page, page.get_by_role("link", name="Advanced roles", exact=True))
    _press(page, page.get_by_role("link", name="Add a stack"))
    check("Add a stack")
    page.get_by_label("Code").fill("LEAD")
    page.get_by_label(re.compile(r"^Name( \*)?$")).fill("Teacher Leadership")
    _press(page, page.get_by_label("n of them", exact=True), "Space")
    page.get_by_label(re.compile("^n \\(for")).fill("3")
    members = page.get_by_role("group", name="Members")
    for name in ("CE: Classroom Environment", "FE: Family Engagement"):
        _press(page, members.get_by_label(name), "Space")
    _press(page, page.get_by_role("button", name="Add the stack"))
    check("Add a stack")
    expect(
        page.get_by_role("link", name=re.compile("n is 3 but the stack has only 2"))
    ).to_be_visible()
    slot = page.get_by_role("group", name="Choice slot 1")
    slot.get_by_label("Name of the slot").fill("Choice")
    _press(page, slot.get_by_label("SEL: Social Emotional Learning"), "Space")
    _press(page, page.get_by_role("button", name="Add the stack"))
    check("Stack: Teacher Leadership")
    _press(page, page.get_by_role("link", name="Back to advanced teacher roles across the state"))
    _press(page, page.get_by_role("link", name="Add an advanced role"))
    check("Add an advanced role")
    page.get_by_label(re.compile(r"^Name( \*)?$")).fill("Instructional Coach")
    page.get_by_label("Code").fill("coach")
    page.get_by_label("Responsibilities").fill("Coaches colleagues in their classrooms.")
    _press(page, page.get_by_role("button", name="Add the role"))
    check("Advanced role: Instructional Coach")
    _press(page, page.get_by_role("link", name="Add a route to Instructional Coach"))
    check("Add a route to Instructional Coach")
    page.get_by_label("Stack", exact=True).select_option(label="Teacher Leadership")
    _press(page, page.get_by_role("button", name="Add the route"))
    check("Advanced role: Instructional Coach")
    expect(page.get_by_role("link", name="Teacher Leadership", exact=True)).to_be_visible()
    assert Route.objects.get(role__code="coach").stack.code == "LEAD"


def _educator_downloads_the_credential(page, base_url, ana, check):
    _sign_in(page, base_url, ana.user)
    _press(page, page.get_by_role("link", name="Advanced roles", exact=True))
    check("Advanced teacher roles")
    _press(page, page.get_by_role("link", name="Your Mentor Teacher designation credential"))
    check("Mentor Teacher designation credential")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Verifiable badge")).click()
    download = info.value
    assert download.suggested_filename.endswith(".jwt")
    token = Path(download.path()).read_text(encoding="ascii")
    assert token.count(".") == 2  # a compact JWS: header, payload, signature


def test_educator_completes_a_stack_and_is_awarded_a_verifiable_designation(
    live_server, csp_page, assert_no_serious_axe_violations, assert_no_csp_violations
):
    page = csp_page

    def check(heading):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_serious_axe_violations(page)
        assert_no_csp_violations(page)

    ana, admin, lac = _setting()
    _educator_completes_the_stack_and_applies(page, live_server.url, ana, check)
    page.context.clear_cookies()
    _district_records_the_interview(page, live_server.url, admin, check)
    page.context.clear_cookies()
    _state_awards(page, live_server.url, lac, check)
    _state_adds_a_stack_and_a_role(page, lac, check)
    page.context.clear_cookies()
    _educator_downloads_the_credential(page, live_server.url, ana, check)
