"""The mastery journey in a real browser, axe clean on every page:

educator submits text and a PDF → facilitator scores criterion by criterion (number keys)
and posts 80% → educator reads the feedback and resubmits inside the window → facilitator
posts 90% → the enrolment is passed and the educator's home page says so.
"""

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
from apl.quarters import Quarter
from enrollment.models import Enrollment
from tests.browser.conftest import _CSP_RECORDER, check_no_csp_violations
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.grading import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, base_url, user, totp=False):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
        code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
        page.get_by_role("textbox", name="Code").fill(code)
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base_url + "/")


def _new_page(browser):
    """A page with the Content-Security-Policy enforced and its violations recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=False)
    context.add_init_script(_CSP_RECORDER)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit…?" / "Post this grade?"
    return page


def _score(page, base, ranks, axe):
    page.goto(base + "/grading/caseload/")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("Edwards|Teacher")).first.click()
    expect(page.get_by_role("heading", name="Rubric")).to_be_visible()
    axe(page)
    for index, rank in enumerate(ranks):
        group = page.locator(".apl-criterion").nth(index)
        group.locator("input[type=radio]").first.focus()
        page.keyboard.press(str(rank))  # number-key shortcut from score.js
        group.get_by_role("textbox").fill(f"Feedback on criterion {index + 1}.")
    return page


def _journey_world(base, tmp_path):
    """A facilitator and an educator enrolled in their cohort; a PDF to attach."""
    facilitator = with_totp(UserFactory(email="facilitator@example.org", roles=[Role.FACILITATOR]))
    educator = EducatorFactory(
        user__email="teacher@example.org", user__first_name="Tess", user__last_name="Teacher"
    ).user
    cohort = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q3/24"))
    cohort.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(
        educator=educator.educator_profile, cohort=cohort, facilitator=facilitator
    )
    mastery = f"{base}/grading/enrolments/{enrollment.pk}/mastery/"
    pdf = tmp_path / "lesson plan.pdf"
    pdf.write_bytes(PDF_BYTES)

    return facilitator, educator, enrollment, mastery, pdf


def _educator_submits(teacher, mastery, pdf, axe):
    """1. The educator drafts both tasks (text, and a PDF for task 1) and submits."""
    teacher.goto(mastery)
    axe(teacher)
    teacher.get_by_label("Your response to task 1").fill("My classroom routines are posted.")
    teacher.locator("input[type=file]").first.set_input_files(str(pdf))
    teacher.get_by_role("button", name="Save task 1 draft").click()
    expect(teacher.get_by_text("Task 1 saved as a draft.")).to_be_visible()
    expect(teacher.get_by_role("link", name="lesson plan.pdf")).to_be_visible()
    teacher.get_by_label("Your response to task 2").fill("Students lead the morning meeting.")
    teacher.get_by_role("button", name="Save task 2 draft").click()
    teacher.get_by_role("button", name="Submit all tasks").click()
    expect(teacher.get_by_text("Submitted — awaiting grade")).to_be_visible()
    axe(teacher)


def _facilitator_posts_80(scorer, base, axe):
    """2. The facilitator scores criterion by criterion and posts 80%."""
    _score(scorer, base, [4, 3, 3, 3, 3], axe)
    expect(scorer.locator("#score-totals")).to_contain_text("16 / 20 points · 80.0%")
    expect(scorer.locator("#score-totals")).to_contain_text("Not passing")
    axe(scorer)
    check_no_csp_violations(scorer)  # score.js and htmx run under the real policy
    scorer.get_by_role("button", name="Post grade").click()
    expect(scorer.get_by_text("Grade posted: 80.0% (not passed)")).to_be_visible()


def _educator_resubmits(teacher, base, mastery, axe):
    """3. The educator reads the feedback and resubmits inside the window."""
    teacher.goto(mastery)
    expect(teacher.get_by_text("80.0% — Not passed")).to_be_visible()
    expect(teacher.get_by_text("Feedback on criterion 2.")).to_be_visible()
    expect(
        teacher.get_by_role("heading", name=re.compile("You may resubmit until .* M[SD]T"))
    ).to_be_visible()
    axe(teacher)
    # The pathway names the window (Mountain Time) and links to the resubmission.
    teacher.goto(base + "/enrolment/pathway/")
    expect(teacher.get_by_text(re.compile(r"Resubmit by .* M[SD]T"))).to_be_visible()
    axe(teacher)
    teacher.get_by_role("link", name="Resubmit").click()
    teacher.wait_for_url(mastery)
    teacher.get_by_role("button", name="Resubmit").click()
    expect(teacher.get_by_text("Your resubmission is open:")).to_be_visible()
    teacher.get_by_label("Your response to task 1").fill("Routines, now with student roles.")
    teacher.get_by_role("button", name="Save task 1 draft").click()
    teacher.get_by_role("button", name="Submit all tasks").click()
    expect(teacher.get_by_text("Submitted — awaiting grade")).to_be_visible()
    axe(teacher)


def _facilitator_posts_90(scorer, base, axe):
    """4. The facilitator posts 90%."""
    _score(scorer, base, [4, 4, 4, 3, 3], axe)
    expect(scorer.locator("#score-totals")).to_contain_text("18 / 20 points · 90.0%")
    scorer.get_by_role("button", name="Post grade").click()
    expect(scorer.get_by_text("Grade posted: 90.0% (passed)")).to_be_visible()


def _educator_sees_the_pass(teacher, base, enrollment, mastery, axe):
    """5. Passed: the first attempt stays visible, and the home page shows the pass."""
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    teacher.goto(mastery)
    expect(teacher.get_by_text("90.0% — Passed")).to_be_visible()
    expect(teacher.get_by_text("80.0% — Not passed")).to_be_visible()
    axe(teacher)
    teacher.goto(base + "/")
    expect(teacher.get_by_text(re.compile(r"Passed( with |\s*\()90(\.0+)?%"))).to_be_visible()
    axe(teacher)
    check_no_csp_violations(teacher)


def test_mastery_journey(live_server, browser, assert_no_serious_axe_violations, tmp_path):
    base, axe = live_server.url, assert_no_serious_axe_violations
    facilitator, educator, enrollment, mastery, pdf = _journey_world(base, tmp_path)
    teacher = _new_page(browser)
    _sign_in(teacher, base, educator)
    _educator_submits(teacher, mastery, pdf, axe)
    scorer = _new_page(browser)
    _sign_in(scorer, base, facilitator, totp=True)
    _facilitator_posts_80(scorer, base, axe)
    _educator_resubmits(teacher, base, mastery, axe)
    _facilitator_posts_90(scorer, base, axe)
    _educator_sees_the_pass(teacher, base, enrollment, mastery, axe)


def test_scoring_quality_pages_are_accessible(
    live_server, browser, assert_no_serious_axe_violations
):
    from grading.models import CohortScoringSettings
    from grading.oversight import second_score_sample_draw
    from tests.factories.grading import RANKS_80, post_grade, submitted_attempt

    base = live_server.url
    lac = with_totp(UserFactory(email="coordinator@example.org", roles=[Role.LAC]))
    first = UserFactory(roles=[Role.FACILITATOR])
    second = with_totp(UserFactory(email="second@example.org", roles=[Role.FACILITATOR]))
    cohort = CohortFactory(micro_credential=micro_credential("SEL"), quarter=Quarter.parse("Q3/24"))
    cohort.facilitators.add(first, second)
    CohortScoringSettings.objects.create(cohort=cohort, second_score_percent=100)
    for _ in range(2):
        enrollment = EnrollmentFactory(cohort=cohort, facilitator=first)
        post_grade(submitted_attempt(enrollment), first, RANKS_80 + [3])
    (drawn, _) = second_score_sample_draw(cohort=cohort, by=lac)

    page = _new_page(browser)
    _sign_in(page, base, lac, totp=True)
    page.get_by_role("link", name="Scoring quality").click()
    expect(page.get_by_role("heading", name="Scoring quality")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name=f"Reassign submissions in {cohort}").click()
    expect(page.get_by_role("heading", name=re.compile("Reassign submissions"))).to_be_visible()
    assert_no_serious_axe_violations(page)
    check_no_csp_violations(page)

    scorer = _new_page(browser)
    _sign_in(scorer, base, second, totp=True)
    scorer.goto(base + f"/grading/second-scores/{drawn.pk}/")
    expect(scorer.get_by_role("heading", name=re.compile("Blind second score"))).to_be_visible()
    assert_no_serious_axe_violations(scorer)
    check_no_csp_violations(scorer)
