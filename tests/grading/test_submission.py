"""Educators save drafts, submit when every task has a response, and see the state."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enrollment.models import Enrollment
from enrollment.services import enrollment_withdraw
from grading import services
from grading.models import Attempt, Response
from tests.factories.grading import draft_responses, submitted_attempt


def _tasks(enrollment):
    return list(services.rubric_for_cohort(cohort=enrollment.cohort).tasks.all())


def test_draft_text_is_stored_as_typed_and_shown_escaped(client, enrollment, educator):
    task = _tasks(enrollment)[0]
    typed = 'Hi <script>alert(1)</script> <a href="javascript:x">link</a>\r\n\r\nTwo < three'
    services.response_save(enrollment=enrollment, task=task, text=typed, by=educator)
    stored = Response.objects.get().text
    assert stored == typed.replace("\r\n", "\n")  # one form: what the textarea edits
    client.force_login(educator)
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "&lt;p&gt;" not in page


def test_resubmission_starts_from_the_text_as_typed(client, enrollment, educator, facilitator):
    from tests.factories.grading import RANKS_80, post_grade

    post_grade(submitted_attempt(enrollment, text="First line\n\nSecond"), facilitator, RANKS_80)
    services.resubmission_start(enrollment=enrollment, by=educator)
    client.force_login(educator)
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "First line\n\nSecond</textarea>" in page
    assert "&lt;p&gt;" not in page and "<p>First line</p>" in page  # the graded attempt, shown


def test_legacy_html_responses_become_plain_text():
    from grading.services.text import text_from_html

    legacy = "<p>One &amp; two</p><p>Line<br>break</p><ul><li>a</li><li>b</li></ul>"
    assert text_from_html(legacy) == "One & two\n\nLine\nbreak\n\n- a\n\n- b"


def test_submit_needs_a_response_to_every_task(enrollment, educator):
    first = _tasks(enrollment)[0]
    services.response_save(enrollment=enrollment, task=first, text="Only one", by=educator)
    with pytest.raises(ValidationError, match="Respond to every task"):
        services.attempt_submit(enrollment=enrollment, by=educator)
    assert Attempt.objects.get().is_draft


def test_submitted_work_cannot_be_edited(enrollment, educator):
    submitted_attempt(enrollment)
    with pytest.raises(ValidationError, match="submitted already"):
        services.response_save(
            enrollment=enrollment, task=_tasks(enrollment)[0], text="late edit", by=educator
        )


def test_withdrawn_enrolment_cannot_submit(client, enrollment, educator):
    draft_responses(enrollment)
    enrollment_withdraw(enrollment=enrollment)
    client.force_login(educator)
    response = client.post(reverse("grading:attempt-submit", args=[enrollment.pk]), follow=True)
    assert Attempt.objects.get().is_draft
    assert "withdrawn" in response.content.decode()
    with pytest.raises(ValidationError, match="withdrawn"):
        services.response_save(
            enrollment=enrollment, task=_tasks(enrollment)[0], text="x", by=educator
        )


def test_extra_post_fields_are_ignored(client, enrollment, educator, other_educator):
    client.force_login(educator)
    task = _tasks(enrollment)[0]
    client.post(
        reverse("grading:response-save", args=[enrollment.pk, task.pk]),
        {
            f"task{task.pk}-text": "Mine",
            "status": "passed",
            "score": "100",
            "educator": other_educator.educator_profile.pk,
            "attempt": 99,
        },
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED and enrollment.score is None
    assert Response.objects.get().attempt.submission.enrollment == enrollment


def test_educator_page_shows_the_state(client, enrollment, educator):
    client.force_login(educator)
    url = reverse("grading:mastery-detail", args=[enrollment.pk])
    assert "Not started" in client.get(url).content.decode()
    submitted_attempt(enrollment)
    page = client.get(url).content.decode()
    assert "Submitted — awaiting grade" in page
    assert "Submit all tasks" not in page


def test_full_flow_through_views(client, enrollment, educator):
    client.force_login(educator)
    for task in _tasks(enrollment):
        client.post(
            reverse("grading:response-save", args=[enrollment.pk, task.pk]),
            {f"task{task.pk}-text": f"Answer {task.position}"},
        )
    response = client.post(reverse("grading:attempt-submit", args=[enrollment.pk]), follow=True)
    assert "were submitted" in response.content.decode()
    assert Attempt.objects.get().submitted_at is not None
