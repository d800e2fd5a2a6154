"""Cohorts: opening a quarter, seats and window, the team, caseload balance, stale forms."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from apl.quarters import Quarter
from audit.models import AuditEvent
from enrollment.models import Cohort, EducatorProfile, Enrollment
from intake.services import cohort_version
from tests.factories import EnrollmentFactory, UserFactory, micro_credential
from tests.intake.conftest import Q4_24, cohort

pytestmark = pytest.mark.django_db


def _settings(target, **overrides):
    data = {
        "version": cohort_version(target),
        "capacity": target.capacity or "",
        "resubmission_window_days": target.resubmission_window_days or "",
        "lead_facilitator": target.lead_facilitator_id or "",
        "facilitators": [u.pk for u in target.facilitators.all()],
    }
    data.update(overrides)
    return data


def _save(client, target, data):
    return client.post(reverse("intake:cohort-update", args=[target.pk]), data)


def _people(role, n):
    return [UserFactory(roles=[role]) for _ in range(n)]


def test_opening_cohorts_for_a_quarter_creates_one_per_chosen_micro_credential(signed_in_lac, lac):
    response = signed_in_lac.post(
        reverse("intake:cohort-create"),
        {
            "quarter": "Q1/25",
            "micro_credentials": [micro_credential("CE").pk, micro_credential("TIC").pk],
            "capacity": "25",
            "resubmission_window_days": "3",
        },
    )
    assert response.status_code == 302
    created = Cohort.objects.filter(quarter=Quarter.parse("Q1/25"))
    assert {c.micro_credential.code for c in created} == {"CE", "TIC"}
    assert {(c.capacity, c.resubmission_window_days) for c in created} == {(25, 3)}
    assert AuditEvent.objects.filter(action="cohort.created", actor=lac).count() == 2


def test_only_micro_credentials_offered_in_the_quarter_are_offered(signed_in_lac):
    cohort("AL", Q4_24)
    response = signed_in_lac.get(reverse("intake:cohort-create"), {"quarter": "Q4/24"})
    offered = {label for _, label in response.context["form"].fields["micro_credentials"].choices}
    assert any("(CE)" in label for label in offered)
    assert not any("(TIC)" in label for label in offered)  # offered from 2024-07-08
    assert not any("(AL)" in label for label in offered)  # has its cohort already
    response = signed_in_lac.post(
        reverse("intake:cohort-create"),
        {"quarter": "Q4/24", "micro_credentials": [micro_credential("TIC").pk]},
    )
    assert response.status_code == 400
    assert not Cohort.objects.filter(micro_credential__code="TIC").exists()


def test_changing_the_quarter_with_htmx_returns_only_the_choices(signed_in_lac):
    response = signed_in_lac.get(
        reverse("intake:cohort-create"), {"quarter": "Q1/25"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="mc-choices"')
    assert "Trauma Informed Classroom" in response.text


def test_a_window_outside_three_to_five_days_is_refused(signed_in_lac):
    target = cohort("CE")
    response = _save(signed_in_lac, target, _settings(target, resubmission_window_days="6"))
    assert response.status_code == 400
    target.refresh_from_db()
    assert target.resubmission_window_days is None


def test_team_is_saved_and_audited(signed_in_lac, facilitator, other_facilitator, lac):
    target = cohort("CE")
    lead = UserFactory(roles=[Role.LEAD_FACILITATOR])
    data = _settings(
        target,
        capacity="20",
        resubmission_window_days="4",
        lead_facilitator=lead.pk,
        facilitators=[facilitator.pk, other_facilitator.pk],
    )
    assert _save(signed_in_lac, target, data).status_code == 302
    target.refresh_from_db()
    assert (target.capacity, target.resubmission_window_days, target.lead_facilitator) == (
        20,
        4,
        lead,
    )
    assert set(target.facilitators.all()) == {facilitator, other_facilitator}
    event = AuditEvent.objects.get(action="cohort.facilitators_changed")
    assert event.actor == lac
    assert event.detail["added"] == sorted([facilitator.pk, other_facilitator.pk])


def test_apl_ii_iii_cohorts_are_scored_by_reviewers_not_facilitators(signed_in_lac, facilitator):
    target = cohort("SEL")
    reviewer = UserFactory(roles=[Role.REVIEWER])
    response = _save(signed_in_lac, target, _settings(target, facilitators=[facilitator.pk]))
    assert response.status_code == 400
    assert _save(signed_in_lac, target, _settings(target, facilitators=[reviewer.pk])).status_code
    assert list(target.facilitators.all()) == [reviewer]


def test_a_lead_oversees_at_most_forty_facilitators_across_the_quarter(signed_in_lac):
    lead = UserFactory(roles=[Role.LEAD_FACILITATOR])
    first, second = cohort("CE"), cohort("AL")
    people = _people(Role.FACILITATOR, 45)
    ok = _settings(first, lead_facilitator=lead.pk, facilitators=[u.pk for u in people[:30]])
    assert _save(signed_in_lac, first, ok).status_code == 302
    too_many = _settings(second, lead_facilitator=lead.pk, facilitators=[u.pk for u in people[25:]])
    response = _save(signed_in_lac, second, too_many)
    assert response.status_code == 400
    assert "would oversee 45 facilitators" in response.text
    assert not second.facilitators.exists()
    response = _save(
        signed_in_lac, second, _settings(second, facilitators=[u.pk for u in people[:41]])
    )
    assert response.status_code == 400
    assert "at most 40" in response.text


def test_capacity_cannot_go_below_the_seats_taken(signed_in_lac):
    target = cohort("CE")
    EnrollmentFactory.create_batch(3, cohort=target)
    response = _save(signed_in_lac, target, _settings(target, capacity="2"))
    assert response.status_code == 400
    assert "3 educators hold seats" in response.text


def test_removing_a_facilitator_unassigns_their_educators_at_once(
    signed_in_lac, facilitator, other_facilitator
):
    target = cohort("CE")
    target.facilitators.add(facilitator, other_facilitator)
    mine = EnrollmentFactory(cohort=target, facilitator=facilitator)
    theirs = EnrollmentFactory(cohort=target, facilitator=other_facilitator)
    assert Enrollment.objects.visible_to(facilitator).filter(pk=mine.pk).exists()

    response = _save(signed_in_lac, target, _settings(target, facilitators=[other_facilitator.pk]))

    assert response.status_code == 302
    # The very next request of the removed facilitator is scoped by these querysets.
    assert not Enrollment.objects.visible_to(facilitator).exists()
    assert not EducatorProfile.objects.visible_to(facilitator).filter(pk=mine.educator_id).exists()
    assert not Cohort.objects.visible_to(facilitator).filter(pk=target.pk).exists()
    theirs.refresh_from_db()
    assert theirs.facilitator == other_facilitator
    event = AuditEvent.objects.get(action="cohort.facilitators_changed")
    assert event.detail["removed"] == [facilitator.pk]
    assert event.detail["unassigned_enrollments"] == 1


def test_saving_a_stale_form_answers_409_and_loses_nothing(signed_in_lac, client, lac):
    target = cohort("CE", capacity=10)
    stale = _settings(target, capacity="15", resubmission_window_days="3")
    assert _save(signed_in_lac, target, _settings(target, capacity="12")).status_code == 302

    response = _save(signed_in_lac, target, stale)

    assert response.status_code == 409
    target.refresh_from_db()
    assert target.capacity == 12  # the other person's change stands
    form = response.context["settings_form"]
    assert form["capacity"].value() == "15"  # what this person typed is still in the form
    assert form["resubmission_window_days"].value() == "3"
    assert form["version"].value() == cohort_version(target)
    assert "Someone else changed this cohort" in response.text
    assert "capacity 12" in response.text
    # Saving again, now on purpose, applies it.
    again = {**stale, "version": form["version"].value()}
    assert _save(signed_in_lac, target, again).status_code == 302
    target.refresh_from_db()
    assert target.capacity == 15


def test_balance_gives_each_unassigned_educator_to_the_least_loaded(signed_in_lac, lac):
    target = cohort("CE")
    a, b, c = _people(Role.FACILITATOR, 3)
    target.facilitators.add(a, b, c)
    EnrollmentFactory.create_batch(2, cohort=target, facilitator=a)
    EnrollmentFactory(cohort=target, facilitator=c)
    EnrollmentFactory.create_batch(4, cohort=target)
    EnrollmentFactory(cohort=target, status=Enrollment.Status.WITHDRAWN)

    response = signed_in_lac.post(reverse("intake:cohort-balance", args=[target.pk]))

    assert response.status_code == 302
    counted = target.enrollments.counted()
    assert not counted.filter(facilitator__isnull=True).exists()
    loads = sorted(counted.filter(facilitator=u).count() for u in (a, b, c))
    assert loads == [2, 2, 3]
    assert AuditEvent.objects.get(action="cohort.balanced").detail["assigned"] == 4
    page = signed_in_lac.get(reverse("intake:cohort-detail", args=[target.pk]))
    assert sorted(u.educators for u in page.context["team"]["loads"]) == [2, 2, 3]
    assert page.context["team"]["unassigned"] == 0


def test_balance_without_facilitators_says_so(signed_in_lac):
    target = cohort("CE")
    EnrollmentFactory(cohort=target)
    response = signed_in_lac.post(reverse("intake:cohort-balance", args=[target.pk]), follow=True)
    assert "Assign facilitators to this cohort first." in response.text


def test_reassigning_one_enrolment_is_audited_and_limited_to_the_team(
    signed_in_lac, facilitator, other_facilitator
):
    target = cohort("CE")
    target.facilitators.add(facilitator)
    enrollment = EnrollmentFactory(cohort=target)
    url = reverse("intake:enrollment-reassign", args=[enrollment.pk])

    signed_in_lac.post(url, {"facilitator": other_facilitator.pk})
    enrollment.refresh_from_db()
    assert enrollment.facilitator is None

    signed_in_lac.post(url, {"facilitator": facilitator.pk})
    enrollment.refresh_from_db()
    assert enrollment.facilitator == facilitator
    event = AuditEvent.objects.get(action="enrollment.facilitator_changed")
    assert event.detail == {"before": None, "after": facilitator.pk}


@pytest.mark.parametrize("rows", [5, 30])
def test_cohort_list_queries_do_not_grow_with_rows(
    signed_in_lac, django_assert_num_queries, rows, facilitator
):
    codes = ["CE", "AL", "MLSS", "CLRI", "FE", "SEL"]
    quarters = [Quarter.parse("Q1/24") + i for i in range(5)]
    for i in range(rows):
        target = cohort(codes[i % 6], quarters[i // 6])
        target.facilitators.add(facilitator)
        EnrollmentFactory(cohort=target, facilitator=facilitator)
    with django_assert_num_queries(9):
        response = signed_in_lac.get(reverse("intake:cohort-list"))
    assert len(response.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [5, 30])
def test_cohort_page_queries_do_not_grow_with_rows(
    signed_in_lac, django_assert_num_queries, rows, facilitator, other_facilitator
):
    target = cohort("CE")
    target.facilitators.add(facilitator, other_facilitator)
    for i in range(rows):
        EnrollmentFactory(cohort=target, facilitator=facilitator if i % 2 else None)
    with django_assert_num_queries(14):
        response = signed_in_lac.get(reverse("intake:cohort-detail", args=[target.pk]))
    assert len(response.context["page_obj"]) == min(rows, 25)


def test_a_removed_facilitators_very_next_request_for_the_educator_is_refused(
    client, lac, facilitator, other_facilitator
):
    from tests.factories.grading import submitted_attempt

    target = cohort("CE")
    target.facilitators.add(facilitator, other_facilitator)
    enrollment = EnrollmentFactory(cohort=target, facilitator=facilitator)
    attempt = submitted_attempt(enrollment)
    score_page = reverse("grading:attempt-score", args=[attempt.pk])
    client.force_login(facilitator)
    assert client.get(score_page).status_code == 200

    lac_client = type(client)()
    lac_client.force_login(lac)
    response = _save(lac_client, target, _settings(target, facilitators=[other_facilitator.pk]))
    assert response.status_code == 302

    assert client.get(score_page).status_code == 404
