"""A curated micro-credential's pass meets its goal and earns one stipend; nothing else does."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from growth import services
from growth.models import Goal, GrowthPlan, RubricLevel, Stipend
from growth.stipends import passes_sweep, record_pass
from tests.factories import EducatorFactory
from tests.factories.growth import enrolled, mc_goal, pass_, plan

pytestmark = pytest.mark.django_db


def test_a_graded_pass_meets_the_goal_and_makes_one_stipend_due(
    django_capture_on_commit_callbacks, mailoutbox
):
    educator = EducatorFactory()
    goal = mc_goal(plan(educator, year=2025), "CE")
    with django_capture_on_commit_callbacks(execute=True):
        pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    goal.refresh_from_db()
    assert goal.met_by_micro_credential and goal.outcome is None
    stipend = Stipend.objects.get()
    assert (stipend.educator, stipend.micro_credential.code) == (educator, "CE")
    assert stipend.status == Stipend.Status.DUE
    assert stipend.amount == Decimal("50.00")
    assert stipend.school_year == 2025
    assert any("Growth goal met" in m.subject for m in mailoutbox)


def test_the_stipend_amount_is_a_setting(settings, django_capture_on_commit_callbacks):
    settings.APL_PGP_STIPEND_AMOUNT = "75.00"
    educator = EducatorFactory()
    mc_goal(plan(educator, year=2025), "CE")
    with django_capture_on_commit_callbacks(execute=True):
        pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    assert Stipend.objects.get().amount == Decimal("75.00")


def test_a_second_pass_of_the_same_micro_credential_makes_no_second_stipend():
    educator = EducatorFactory()
    mc_goal(plan(educator, year=2025), "CE")
    first = pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    record_pass(enrollment_id=first.pk)
    # Next year the educator repeats CE against a new goal: the goal is met, no stipend.
    goal = mc_goal(plan(educator, year=2026), "CE")
    second = pass_(enrolled(educator, code="CE", quarter="Q1/27"))
    record_pass(enrollment_id=second.pk)
    record_pass(enrollment_id=second.pk)
    goal.refresh_from_db()
    assert goal.met_by_enrollment == second
    assert Stipend.objects.count() == 1


def test_the_database_holds_one_stipend_per_micro_credential_per_educator():
    educator = EducatorFactory()
    mc_goal(plan(educator, year=2025), "CE")
    record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q1/26")).pk)
    stipend = Stipend.objects.get()
    stipend.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        stipend.save(force_insert=True)


def test_a_pass_without_a_goal_for_it_earns_nothing():
    educator = EducatorFactory()
    plan(educator, year=2025, submitted=True)
    record_pass(enrollment_id=pass_(enrolled(educator, code="AL", quarter="Q1/26")).pk)
    assert not Stipend.objects.exists()


def test_a_pass_outside_the_plans_school_year_does_not_meet_its_goal():
    educator = EducatorFactory()
    goal = mc_goal(plan(educator, year=2025), "CE")
    # Q4/25 ends 30 June 2025: the 2024-25 school year, not the plan's 2025-26.
    record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q4/25")).pk)
    goal.refresh_from_db()
    assert not goal.is_settled
    assert not Stipend.objects.exists()


def test_an_outside_micro_credential_earns_no_stipend_even_when_its_goal_is_met():
    educator = EducatorFactory()
    made = plan(educator, year=2025)
    goal = services.goal_add(
        plan=made,
        statement="Earn a coaching badge from a university.",
        route=Goal.Route.OUTSIDE,
        outside_name="Instructional Coaching (State University)",
    )
    services.plan_submit(plan=made, by=educator.user)
    services.goal_assess(
        goal=goal, outcome=RubricLevel.objects.get(name="Met"), assessment="Badge seen.", by=None
    )
    assert passes_sweep() == 0
    goal.refresh_from_db()
    assert goal.is_met and not goal.met_by_micro_credential
    assert not Stipend.objects.exists()
    made.refresh_from_db()
    assert made.status == GrowthPlan.Status.COMPLETED


def test_an_imported_pass_is_found_by_the_sweep_once():
    educator = EducatorFactory()
    goal = mc_goal(plan(educator, year=2025), "FE")
    enrollment = enrolled(educator, code="FE", quarter="Q2/26")
    # What the enrolment import writes: a passed row, no signal.
    type(enrollment).objects.filter(pk=enrollment.pk).update(status="passed", score=90)
    assert passes_sweep() == 1
    assert passes_sweep() == 0
    goal.refresh_from_db()
    assert goal.met_on.isoformat() == "2025-12-31"
    assert Stipend.objects.get().earned_on.isoformat() == "2025-12-31"


def test_a_goal_added_after_the_pass_in_the_same_year_is_met_at_once(
    django_capture_on_commit_callbacks,
):
    educator = EducatorFactory()
    made = plan(educator, year=2025)
    pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    with django_capture_on_commit_callbacks(execute=True):
        goal = mc_goal(made, "CE")
    goal.refresh_from_db()
    assert goal.met_by_micro_credential
    assert Stipend.objects.count() == 1
