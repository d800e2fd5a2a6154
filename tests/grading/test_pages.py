"""Caseload and scoring pages: content, live preview, query counts, pathway notes."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from enrollment.progress import notes_for
from tests.factories import CohortFactory, EnrollmentFactory, micro_credential
from tests.factories.grading import (
    RANKS_80,
    levels_for,
    pdf_upload,
    post_grade,
    submitted_attempt,
)

DENVER = ZoneInfo("America/Denver")


def _more_submissions(world, count):
    for _ in range(count):
        enrollment = EnrollmentFactory(cohort=world.cohort, facilitator=world.facilitator)
        submitted_attempt(enrollment, uploads_for_first=[pdf_upload()])


def test_caseload_lists_oldest_first_with_counts(client, world, facilitator):
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, tzinfo=DENVER), tick=False):
        late = EnrollmentFactory(cohort=world.cohort, facilitator=facilitator)
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=DENVER), tick=False):
        first = submitted_attempt(world.enrollment)
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, tzinfo=DENVER), tick=False):
        submitted_attempt(late)
        graded = EnrollmentFactory(cohort=world.cohort, facilitator=facilitator)
        post_grade(submitted_attempt(graded), facilitator, RANKS_80)
        client.force_login(facilitator)
        response = client.get(reverse("grading:caseload"))
    assert response.status_code == 200
    waiting = response.context["waiting"]
    assert [a.pk for a in waiting][0] == first.pk and len(waiting) == 2
    assert response.context["counts"] == {
        "waiting": 2,
        "in_resubmission": 1,
        "graded_this_week": 1,
    }


def test_caseload_query_count_does_not_grow(
    client, world, facilitator, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(facilitator)
    _more_submissions(world, 2)
    with django_assert_num_queries(9) as few:
        client.get(reverse("grading:caseload"))
    _more_submissions(world, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("grading:caseload"))
    assert len(response.context["waiting"]) == 10


def test_scoring_page_query_count_does_not_grow_with_files_or_attempts(
    client, enrollment, facilitator, django_assert_max_num_queries, django_assert_num_queries
):
    attempt = submitted_attempt(enrollment, uploads_for_first=[pdf_upload()])
    client.force_login(facilitator)
    url = reverse("grading:attempt-score", args=[attempt.pk])
    with django_assert_num_queries(15) as few:
        client.get(url)
    # More files, then a resubmission with its own: the page shows both attempts.
    from grading import services

    task = attempt.submission.rubric.tasks.first()
    post_grade(attempt, facilitator, RANKS_80)
    services.resubmission_start(enrollment=enrollment, by=enrollment.educator.user)
    for _ in range(4):
        services.response_save(
            enrollment=enrollment, task=task, text="more", uploads=[pdf_upload()],
            by=enrollment.educator.user,
        )  # fmt: skip
    second = services.attempt_submit(enrollment=enrollment, by=enrollment.educator.user)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        response = client.get(reverse("grading:attempt-score", args=[second.pk]))
    assert response.status_code == 200
    assert "Attempt 1 and its grade" in response.content.decode()


def test_scoring_page_has_the_rubric_and_live_total(client, enrollment, facilitator):
    attempt = submitted_attempt(enrollment)
    client.force_login(facilitator)
    page = client.get(reverse("grading:attempt-score", args=[attempt.pk])).content.decode()
    assert 'aria-live="polite"' in page and "grading/score.js" in page
    assert 'hx-post="/grading/attempts/' in page
    assert page.count('type="radio"') == 20


def test_preview_returns_the_total_partial(client, enrollment, facilitator):
    attempt = submitted_attempt(enrollment)
    client.force_login(facilitator)
    data = {f"score-level_{c}": lv for c, lv in levels_for(attempt, RANKS_80).items()}
    response = client.post(
        reverse("grading:score-preview", args=[attempt.pk]), data, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "16 / 20 points · 80.0%" in body and "Not passing" in body
    assert "<html" not in body
    partial = {k: v for k, v in list(data.items())[:4]}
    body = client.post(reverse("grading:score-preview", args=[attempt.pk]), partial)
    assert "1 criterion not yet scored" in body.content.decode()


def test_saving_a_draft_score_keeps_it_private(client, enrollment, facilitator, educator):
    attempt = submitted_attempt(enrollment)
    client.force_login(facilitator)
    data = {"action": "save", "score-overall_feedback": "Draft thoughts"}
    data |= {f"score-level_{c}": lv for c, lv in levels_for(attempt, 2).items()}
    client.post(reverse("grading:attempt-score", args=[attempt.pk]), data)
    page = client.get(reverse("grading:attempt-score", args=[attempt.pk])).content.decode()
    assert "Draft thoughts" in page and page.count(" checked") == 5
    client.force_login(educator)
    mine = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "Draft thoughts" not in mine and "awaiting grade" in mine


def test_pathway_notes_in_one_bulk_query(world, facilitator, django_assert_num_queries):
    enrollment = world.enrollment
    other_cohort = CohortFactory(micro_credential=micro_credential("FE"))
    resubmit = EnrollmentFactory(
        educator=enrollment.educator, cohort=other_cohort, facilitator=facilitator
    )
    third = EnrollmentFactory(
        educator=enrollment.educator,
        cohort=CohortFactory(micro_credential=micro_credential("AL")),
    )
    submitted_attempt(enrollment)
    with time_machine.travel(dt.datetime(2026, 11, 20, 14, 5, tzinfo=DENVER), tick=False):
        post_grade(submitted_attempt(resubmit), facilitator, [4, 3, 3, 2])
    enrollments = [enrollment, resubmit, third]
    friday = dt.datetime(2026, 11, 21, 9, tzinfo=DENVER)
    with time_machine.travel(friday, tick=False), django_assert_num_queries(2):
        notes = notes_for(enrollments)
    assert notes[enrollment.pk][0].text == "Awaiting grade"
    assert notes[enrollment.pk][0].is_next_step  # not "submit your tasks" again
    note = notes[resubmit.pk][0]
    assert note.text == "Resubmit by November 25, 2026, 2:05 PM MST"
    assert note.link_text == "Resubmit" and note.is_next_step
    assert notes[third.pk][0].text == "Submit your mastery tasks"
    assert notes[third.pk][0].url == reverse("grading:mastery-detail", args=[third.pk])


def test_scorers_home_shows_the_caseload_counts(client, enrollment, facilitator):
    submitted_attempt(enrollment)
    client.force_login(facilitator)
    page = client.get(reverse("home")).content.decode()
    assert "1 submission waiting for a grade" in page
    assert reverse("grading:caseload") in page
