"""The educator's typed work in a real browser: background saves announced in an aria-live
line, a warning before leaving unsaved changes, and a refused file that keeps the text."""

import re

import pytest
from playwright.sync_api import expect

from apl.quarters import Quarter
from tests.browser.test_grading_journey import _new_page, _sign_in
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

pytestmark = pytest.mark.django_db(transaction=True)


def _setup(live_server):
    educator = EducatorFactory(user__email="worker@example.org").user
    cohort = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q3/24"))
    enrollment = EnrollmentFactory(educator=educator.educator_profile, cohort=cohort)
    return educator, f"{live_server.url}/grading/enrolments/{enrollment.pk}/mastery/"


def test_drafts_save_themselves_and_leaving_unsaved_work_warns(
    live_server, browser, settings, assert_no_serious_axe_violations
):
    from grading.models import Response

    settings.APL_AUTOSAVE_SECONDS = 1
    educator, mastery = _setup(live_server)
    page = _new_page(browser)
    _sign_in(page, live_server.url, educator)
    page.goto(mastery)
    expect(page.get_by_role("heading", name="How your work is scored")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_label("Your response to task 2").fill("Typed, never saved by a button.")
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d{1,2}:\d\d [AP]M$"), timeout=10_000)
    assert Response.objects.get(task__position=2).text == "Typed, never saved by a button."

    # A save of task 1 keeps task 2's newer text, and the page comes back with both.
    page.get_by_label("Your response to task 2").fill("Task two, edited again.")
    page.get_by_label("Your response to task 1").fill("Task one.")
    page.get_by_role("button", name="Save task 1 draft").click()
    expect(page.get_by_text("Task 1 saved as a draft.")).to_be_visible()
    expect(page.get_by_label("Your response to task 2")).to_have_value("Task two, edited again.")

    # Unsaved typing: closing the tab asks first.
    settings.APL_AUTOSAVE_SECONDS = 3600
    page.goto(mastery)
    page.get_by_label("Your response to task 1").fill("Unsaved words.")
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.type))
    page.close(run_before_unload=True)
    for _ in range(50):
        if dialogs:
            break
        page.context.new_page().close()  # lets Playwright deliver the dialog event
    assert dialogs == ["beforeunload"]


def test_a_refused_file_keeps_the_text_and_focuses_the_error_summary(
    live_server, browser, tmp_path, assert_no_serious_axe_violations
):
    educator, mastery = _setup(live_server)
    fake = tmp_path / "plan.pdf"
    fake.write_bytes(b"MZ\x90\0" * 40)
    page = _new_page(browser)
    _sign_in(page, live_server.url, educator)
    page.goto(mastery)
    page.get_by_label("Your response to task 1").fill("Kept after the refusal.")
    page.get_by_label("Your response to task 2").fill("Also kept.")
    page.locator("input[type=file]").first.set_input_files(str(fake))
    page.get_by_role("button", name="Save task 1 draft").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("not a PDF"))).to_be_visible()
    expect(page.get_by_label("Your response to task 1")).to_have_value("Kept after the refusal.")
    expect(page.get_by_label("Your response to task 2")).to_have_value("Also kept.")
    assert_no_serious_axe_violations(page)
