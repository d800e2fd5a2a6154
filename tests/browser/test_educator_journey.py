"""A new teacher's journey from the public intent link to the eligibility page, axe clean.

Sign-up on the intent form → confirm the email (link from the outbox) → sign in → the
LAC accepts the intent (set directly: the intake screens are tested on their own) →
enrol → a passing grade (enrollment_set_outcome) → the survey → the next
micro-credential's enrolment link → the eligibility page lists what is still missing.
"""

import re
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from apl.quarters import Quarter
from enrollment.models import Enrollment, Intent
from enrollment.services import enrollment_set_outcome
from tests.factories.journey import cohort

EMAIL = "rosa.chavez@example.org"
PASSWORD = "a long enough passphrase 42"


def _sign_up(page, base):
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Chavez")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("New Mexico license number").fill("NM-123456")
    page.get_by_label("License level").select_option("1")
    page.get_by_label("District or charter").fill("Las Cruces Public Schools")
    page.get_by_role("textbox", name=re.compile(r"^School")).fill("Tombaugh Elementary")
    page.get_by_role("group", name="Do you hold a master's degree?").get_by_label("No").check()
    page.get_by_role("group", name="Are you National Board certified (NBCT)?").get_by_label(
        "No"
    ).check()
    page.get_by_role("textbox", name=re.compile(r"^Password(?! again)")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account and submit my intent").click()


def _confirmation_link() -> str:
    for message in mail.outbox:
        found = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
        if found:
            return found.group(0)
    raise AssertionError(f"no confirmation link in {[m.subject for m in mail.outbox]}")


def _intent_link_sign_up(page, base, axe):
    """The link PED hands out: sign up and state intent on one form."""
    page.goto(base + "/enrolment/intent/apl-i-ii/")
    assert page.get_by_role("heading", name="Intent to enroll: APL I-II").is_visible()
    axe(page)
    _sign_up(page, base)
    page.wait_for_url("**/accounts/confirm-email/")
    axe(page)


def _confirm_and_sign_in(page, base, axe):
    """Confirm the address through allauth's link, then sign in."""
    page.goto(_confirmation_link())
    axe(page)
    page.get_by_role("button", name="Confirm").click()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("is waiting for the Licensure Advancement Coordinator").is_visible()
    axe(page)


def _enrol_once_accepted(page, quarter, ce, axe):
    """The LAC accepts the intent (the intake app's decision); the educator enrols."""
    intent = Intent.objects.get(educator__user__email=EMAIL)
    intent.status = Intent.Status.ACCEPTED
    intent.save()

    page.get_by_role("link", name="My pathway").click()
    page.wait_for_url("**/enrolment/pathway/")
    assert page.get_by_role("cell", name="Not started").first.is_visible()
    axe(page)
    page.get_by_role("link", name="Choose and enroll").click()
    page.wait_for_url("**/enrolment/apl-i-ii/enrol/")
    axe(page)
    page.get_by_role("button", name="Enroll").click()
    page.wait_for_url("**/enrolment/pathway/")
    assert page.get_by_text(f"Enrolled in {quarter}").is_visible()
    axe(page)
    enrollment = Enrollment.objects.get(educator__user__email=EMAIL)
    assert enrollment.cohort == ce
    assert any("You are enrolled in Classroom Environment" in m.subject for m in mail.outbox)
    return enrollment


def _pass_and_answer_the_survey(page, enrollment, axe):
    """A passing grade arrives from grading; the survey unlocks the next enrolment."""
    enrollment_set_outcome(enrollment=enrollment, status="passed", score=Decimal("92"))
    page.reload()
    assert page.get_by_text("Passed with 92%").is_visible()
    assert page.get_by_role("link", name="Enroll in Assessment Literacy").count() == 0
    page.get_by_role("link", name="Fill in the survey").first.click()
    page.wait_for_url("**/survey/")
    axe(page)
    for group in page.get_by_role("group").all():
        # USWDS draws its own radio; the label is what a person clicks.
        group.locator("label", has_text=re.compile(r"^Agree$")).click()
    page.get_by_role("textbox").first.fill("More classroom examples, please.")
    page.get_by_role("button", name="Send the survey").click()
    page.wait_for_url("**/enrolment/pathway/")

    # Only now does the next micro-credential's enrolment link appear.
    assert page.get_by_role("link", name="Enroll in Assessment Literacy").is_visible()
    axe(page)


def _read_eligibility(page, base, axe):
    page.get_by_role("link", name="Eligibility", exact=True).click()
    page.wait_for_url("**/enrolment/eligibility/")
    assert page.get_by_text("not yet eligible").is_visible()
    assert page.get_by_text(
        "Still to pass: Assessment Literacy; Multi-Layered Systems of Support; "
        "Culturally Linguistically Responsive Instruction; Family Engagement."
    ).is_visible()
    assert page.get_by_text("A completed mentorship").is_visible()
    axe(page)

    page.goto(base + "/account/notifications/")
    axe(page)


def test_new_teacher_from_intent_link_to_eligibility(
    live_server, page, assert_no_serious_axe_violations
):
    base, axe = live_server.url, assert_no_serious_axe_violations
    quarter = Quarter.containing(timezone.localdate())
    ce = cohort("CE", quarter.label, capacity=25)
    cohort("AL", quarter.label, capacity=25)
    _intent_link_sign_up(page, base, axe)
    _confirm_and_sign_in(page, base, axe)
    enrollment = _enrol_once_accepted(page, quarter, ce, axe)
    _pass_and_answer_the_survey(page, enrollment, axe)
    _read_eligibility(page, base, axe)


def test_journey_pages_keep_the_content_security_policy(
    live_server, csp_page, assert_no_csp_violations
):
    from tests.factories import EducatorFactory
    from tests.factories.accounts import TEST_PASSWORD

    educator = EducatorFactory(user__email="csp.teacher@example.org").user
    base = live_server.url
    csp_page.goto(base + "/enrolment/intent/apl-i-ii/")
    assert_no_csp_violations(csp_page)
    csp_page.goto(base + "/accounts/login/")
    csp_page.get_by_label("Email").fill(educator.email)
    csp_page.get_by_label("Password").fill(TEST_PASSWORD)
    csp_page.get_by_role("button", name="Sign In").click()
    csp_page.wait_for_url(base + "/")
    for path in (
        "/enrolment/pathway/",
        "/enrolment/intent/apl-i-ii/",
        "/enrolment/apl-i-ii/enrol/",
        "/enrolment/eligibility/",
        "/account/notifications/",
    ):
        csp_page.goto(base + path)
        assert_no_csp_violations(csp_page)
