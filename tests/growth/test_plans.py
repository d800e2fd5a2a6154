"""Growth plans: one a school year (July to June), from the template, carried forward."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from growth import services
from growth.models import Goal, GrowthPlan, PlanTemplate, RubricLevel
from growth.years import SchoolYear
from tests.factories import EducatorFactory
from tests.factories.growth import mc_goal, plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2025, 6, 30), "2024-25"),
        (dt.date(2025, 7, 1), "2025-26"),
        (dt.date(2025, 1, 1), "2024-25"),
        (dt.date(2024, 12, 31), "2024-25"),
    ],
)
def test_the_school_year_turns_between_30_june_and_1_july(day, label):
    assert SchoolYear.of(day).label == label
    assert day in SchoolYear.of(day)


@pytest.mark.parametrize(
    ("now", "label"), [("2025-06-30 22:00", "2024-25"), ("2025-07-01 08:00", "2025-26")]
)
def test_the_plan_page_starts_the_plan_of_the_school_year_of_today(client, educator, now, label):
    from django.urls import reverse

    client.force_login(educator)
    with time_machine.travel(dt.datetime.fromisoformat(now + "-06:00"), tick=False):
        response = client.post(reverse("growth:plan-start"), {"carry_forward": ""})
    made = GrowthPlan.objects.get(educator=educator.educator_profile)
    assert response.status_code == 302
    assert made.year.label == label


def test_school_year_labels_are_read_back():
    assert SchoolYear.parse("2024-25") == SchoolYear(2024)
    with pytest.raises(ValueError):
        SchoolYear.parse("2024-26")


def test_one_plan_per_educator_per_school_year():
    educator = EducatorFactory()
    plan(educator, year=2024)
    with pytest.raises(ValidationError):
        services.plan_start(educator=educator, year=SchoolYear(2024))
    template = PlanTemplate.objects.get(active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrowthPlan.objects.create(educator=educator, school_year=2024, template=template)
    assert services.plan_start(educator=educator, year=SchoolYear(2025)).school_year == 2025


def test_a_plan_starts_from_the_states_active_template():
    made = plan(EducatorFactory())
    assert made.template == PlanTemplate.objects.get(active=True)
    assert made.status == GrowthPlan.Status.DRAFT


def test_submitting_needs_a_goal_and_a_consultation():
    educator = EducatorFactory()
    made = services.plan_start(educator=educator, year=SchoolYear(2024))
    with pytest.raises(ValidationError, match="goal"):
        services.plan_submit(plan=made, by=educator.user)
    services.goal_add(plan=made, statement="Lead one family night.", route="other")
    with pytest.raises(ValidationError, match="peer, coach or supervisor"):
        services.plan_submit(plan=made, by=educator.user)
    services.consultation_add(plan=made, name="Dee Chavez", role="supervisor")
    assert services.plan_submit(plan=made, by=educator.user).status == "submitted"


def test_carrying_forward_copies_unmet_goals_and_consultations_not_met_ones():
    educator = EducatorFactory()
    last = plan(educator, year=2024, submitted=True)
    met = services.goal_add(plan=last, statement="Already done.", route="other")
    level_met = RubricLevel.objects.get(name="Met")
    services.goal_assess(goal=met, outcome=level_met, assessment="Seen twice.", by=None)
    services.activity_add(plan=last, description="Observe a peer.", goal=last.goals.first())
    this = services.plan_start(educator=educator, year=SchoolYear(2025), carry_forward=True)
    assert this.carried_from == last
    assert list(this.goals.values_list("statement", flat=True)) == [
        "Use restorative circles weekly."
    ]
    assert list(this.consultations.values_list("name", "role")) == [("Ana Ruiz", "coach")]
    assert this.activities.get().goal == this.goals.get()


def test_nothing_to_carry_forward_is_a_clear_error():
    with pytest.raises(ValidationError, match="no plan for 2023-24"):
        services.plan_start(educator=EducatorFactory(), year=SchoolYear(2024), carry_forward=True)


def test_a_micro_credential_goal_must_name_its_micro_credential():
    made = plan(EducatorFactory())
    with pytest.raises(ValidationError):
        services.goal_add(plan=made, statement="x", route=Goal.Route.MICRO_CREDENTIAL)
    goal = mc_goal(made, "AL")
    assert goal.micro_credential.code == "AL"


def test_the_reviewer_cannot_assess_a_goal_met_by_its_micro_credential(
    django_capture_on_commit_callbacks,
):
    from tests.factories.growth import enrolled, pass_

    educator = EducatorFactory()
    made = plan(educator, year=2025)
    goal = mc_goal(made, "CE")
    services.plan_submit(plan=made, by=educator.user)
    with django_capture_on_commit_callbacks(execute=True):
        pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    goal.refresh_from_db()
    assert goal.met_by_micro_credential
    with pytest.raises(ValidationError, match="no assessment is needed"):
        services.goal_assess(
            goal=goal, outcome=RubricLevel.objects.get(name="Met"), assessment="", by=None
        )
    made.refresh_from_db()
    assert made.status == GrowthPlan.Status.COMPLETED
