"""Who sees which submission, file and grade (ASVS 4.1.3, 4.2.1)."""

import pytest
from django.urls import reverse

from enrollment.services import enrollment_assign_facilitator
from grading.models import EvidenceFile, Submission
from tests.factories.grading import RANKS_80, pdf_upload, post_grade, submitted_attempt


@pytest.fixture
def graded(enrollment, facilitator):
    attempt = submitted_attempt(enrollment, uploads_for_first=[pdf_upload()])
    return post_grade(attempt, facilitator, RANKS_80)


def _urls(grade):
    evidence = EvidenceFile.objects.get()
    enrollment_id = grade.attempt.submission.enrollment_id
    return [
        ("get", reverse("grading:attempt-score", args=[grade.attempt_id])),
        ("post", reverse("grading:score-preview", args=[grade.attempt_id])),
        ("get", reverse("grading:evidence-download", args=[evidence.pk])),
        ("post", reverse("grading:grade-reopen", args=[grade.pk])),
        ("get", reverse("grading:mastery-detail", args=[enrollment_id])),
    ]


def test_facilitator_of_another_cohort_gets_404_everywhere(client, graded, other_facilitator):
    client.force_login(other_facilitator)
    for method, url in _urls(graded):
        assert getattr(client, method)(url).status_code == 404, url


def test_another_educator_gets_404_everywhere(client, graded, other_educator):
    client.force_login(other_educator)
    for method, url in _urls(graded):
        assert getattr(client, method)(url).status_code == 404, url


def test_visible_to_scopes(graded, educator, other_educator, facilitator, other_facilitator, lac,
                           liaison, cohort_lead):  # fmt: skip
    submission = graded.attempt.submission
    assert list(Submission.objects.visible_to(educator)) == [submission]
    assert list(Submission.objects.visible_to(facilitator)) == [submission]
    assert list(Submission.objects.visible_to(cohort_lead)) == [submission]
    assert list(Submission.objects.visible_to(lac)) == [submission]
    assert list(Submission.objects.visible_to(liaison)) == [submission]
    assert not Submission.objects.visible_to(other_educator).exists()
    assert not Submission.objects.visible_to(other_facilitator).exists()


def test_removing_the_assignment_blocks_the_very_next_request(
    client, enrollment, facilitator, world
):
    attempt = submitted_attempt(enrollment)
    client.force_login(facilitator)
    url = reverse("grading:attempt-score", args=[attempt.pk])
    assert client.get(url).status_code == 200
    enrollment_assign_facilitator(enrollment=enrollment, facilitator=None)
    assert client.get(url).status_code == 404


def test_the_cohorts_lead_may_score(client, enrollment, cohort_lead):
    attempt = submitted_attempt(enrollment)
    client.force_login(cohort_lead)
    assert client.get(reverse("grading:attempt-score", args=[attempt.pk])).status_code == 200
