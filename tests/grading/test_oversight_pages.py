"""Scoring quality: a draw that finds nothing says why and what would help; the cohorts are
paginated; empty statistics say why they are empty. The LAC's rubric page: each rubric's
mastery bar, its confirmation (recorded and audited) and the rubrics still unconfirmed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apl.quarters import Quarter
from audit.models import AuditEvent
from catalogue.models import MicroCredential
from grading.models import Grade, Level, MasteryBarConfirmation, Rubric
from tests.factories.enrollment import CohortFactory
from tests.factories.grading import RANKS_80, post_grade, submitted_attempt


def _draw(client, user, cohort) -> list[str]:
    client.force_login(user)
    response = client.post(reverse("grading:sample-draw", args=[cohort.pk]))
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_draw_with_no_second_facilitator_says_why_and_what_would_help(client, world, cohort_lead):
    post_grade(submitted_attempt(world.enrollment), world.facilitator, RANKS_80)
    [message] = _draw(client, cohort_lead, world.cohort)
    assert "Nothing was drawn" in message
    assert "no second facilitator" in message
    assert str(world.facilitator) in message
    assert "Add a second facilitator to the cohort's team, then draw again." in message
    assert not Grade.objects.filter(kind=Grade.Kind.SECOND).exists()


def test_a_draw_before_any_posted_grade_says_so(client, world, cohort_lead):
    [message] = _draw(client, cohort_lead, world.cohort)
    assert "has no posted grades yet" in message


def test_a_draw_with_a_second_facilitator_draws_and_says_where_they_went(
    client, world, cohort_lead, other_facilitator
):
    world.cohort.facilitators.add(other_facilitator)
    post_grade(submitted_attempt(world.enrollment), world.facilitator, RANKS_80)
    [message] = _draw(client, cohort_lead, world.cohort)
    assert message.startswith("1 posted grade of ")
    assert "second scorers' caseloads" in message


def test_scoring_quality_paginates_its_cohorts(client, lac):
    start = Quarter.parse("Q1/20")
    quarter = start
    for _ in range(25):
        CohortFactory(micro_credential=MicroCredential.objects.get(code="CE"), quarter=quarter)
        quarter = quarter.next()
    client.force_login(lac)
    first = client.get(reverse("grading:quality")).content.decode()
    assert "25 cohorts, newest quarter first" in first
    assert first.count('data-label="Cohort"') == 20
    assert 'aria-label="Pages of cohorts"' in first and "page 1 of 2" in first
    second = client.get(reverse("grading:quality") + "?page=2").content.decode()
    assert second.count('data-label="Cohort"') == 5


def test_empty_statistics_say_why(client, world, cohort_lead):
    client.force_login(cohort_lead)
    page = client.get(reverse("grading:quality")).content.decode()
    assert 'data-empty="agreement"' in page
    assert "No blind second score has been posted for these cohorts yet" in page
    assert 'data-empty="turnaround"' in page


@pytest.fixture
def ce_rubric(db):
    return Rubric.objects.filter(micro_credential__code="CE").order_by("-version").first()


def test_the_rubric_page_shows_the_bar_and_which_combinations_fail(client, lac, ce_rubric):
    client.force_login(lac)
    page = client.get(reverse("grading:rubric-bars")).content.decode()
    section = page.split(f'id="rubric-{ce_rubric.pk}"', 1)[1].split("</section>", 1)[0]
    assert "at least <strong>17 of 20 points</strong> (85%)" in section
    assert "Proficient on every criterion</th><td>15 of 20</td><td>75%</td>" in section
    assert "<strong>Fails</strong>" in section
    assert "Exemplary on 2 of 5 criteria, Proficient on the rest</th><td>17 of 20" in section
    assert 'data-bar-status="unconfirmed"' in section
    assert "Confirm mastery bar" in section


def test_confirming_a_bar_is_recorded_audited_and_shown(client, lac, ce_rubric):
    client.force_login(lac)
    url = reverse("grading:mastery-bar-confirm", args=[ce_rubric.pk])
    assert client.post(url).status_code == 302
    confirmation = MasteryBarConfirmation.objects.get(rubric=ce_rubric)
    assert confirmation.confirmed_by == lac
    event = AuditEvent.objects.get(action="rubric.mastery_bar_confirmed")
    assert event.target_id == str(ce_rubric.pk) and event.actor == lac
    page = client.get(reverse("grading:rubric-bars")).content.decode()
    section = page.split(f'id="rubric-{ce_rubric.pk}"', 1)[1].split("</section>", 1)[0]
    assert 'data-bar-status="confirmed"' in section
    assert "Confirm mastery bar" not in section


def test_a_change_of_points_unconfirms_the_bar(client, lac, ce_rubric):
    client.force_login(lac)
    client.post(reverse("grading:mastery-bar-confirm", args=[ce_rubric.pk]))
    Level.objects.filter(criterion__rubric=ce_rubric, rank=3).update(points=4)
    page = client.get(reverse("grading:rubric-bars")).content.decode()
    section = page.split(f'id="rubric-{ce_rubric.pk}"', 1)[1].split("</section>", 1)[0]
    assert 'data-bar-status="changed"' in section


def test_the_liaison_reads_the_bars_but_may_not_confirm(client, liaison, ce_rubric):
    client.force_login(liaison)
    assert client.get(reverse("grading:rubric-bars")).status_code == 200
    url = reverse("grading:mastery-bar-confirm", args=[ce_rubric.pk])
    assert client.post(url).status_code == 403
    assert not MasteryBarConfirmation.objects.exists()


def test_the_quality_page_leads_the_lac_to_the_rubric_page(client, lac, cohort_lead):
    client.force_login(lac)
    page = client.get(reverse("grading:quality")).content.decode()
    assert f'href="{reverse("grading:rubric-bars")}"' in page
    client.force_login(cohort_lead)
    page = client.get(reverse("grading:quality")).content.decode()
    assert reverse("grading:rubric-bars") not in page
