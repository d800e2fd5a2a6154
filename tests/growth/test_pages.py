"""Growth pages: the reviewer's scope, list query counts, reports as pages and CSV."""

import csv
import io

import pytest
from django.urls import reverse

from growth import services
from growth.models import Goal, GrowthPlan, ReviewerAssignment, RubricLevel
from growth.stipends import record_pass
from tests.factories import EducatorFactory
from tests.factories.growth import enrolled, mc_goal, pass_, pgp_reviewer, plan

pytestmark = pytest.mark.django_db


def test_a_reviewer_sees_only_the_plans_of_educators_assigned_to_them(client):
    reviewer = pgp_reviewer()
    mine, theirs = EducatorFactory(), EducatorFactory()
    ReviewerAssignment.objects.create(reviewer=reviewer, educator=mine)
    assigned, other = plan(mine, submitted=True), plan(theirs, submitted=True)
    client.force_login(reviewer)
    page = client.get(reverse("growth:plan-list")).content.decode()
    assert str(mine) in page and str(theirs) not in page
    assert client.get(reverse("growth:plan-detail", args=[other.pk])).status_code == 404
    goal = other.goals.get()
    assert client.get(reverse("growth:goal-assess", args=[goal.pk])).status_code == 404
    assert client.get(reverse("growth:plan-detail", args=[assigned.pk])).status_code == 200


def test_removing_the_assignment_blocks_the_reviewers_next_request(client, lac):
    reviewer = pgp_reviewer()
    educator = EducatorFactory()
    assignment = ReviewerAssignment.objects.create(reviewer=reviewer, educator=educator)
    goal = plan(educator, submitted=True).goals.get()
    url = reverse("growth:goal-assess", args=[goal.pk])
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    services.reviewer_unassign(assignment=assignment, by=lac)
    assert client.get(url).status_code == 404


def test_the_reviewer_assesses_a_goal_and_the_plan_completes(client):
    reviewer = pgp_reviewer()
    educator = EducatorFactory()
    ReviewerAssignment.objects.create(reviewer=reviewer, educator=educator)
    made = plan(educator, submitted=True)
    goal = made.goals.get()
    client.force_login(reviewer)
    level = RubricLevel.objects.get(name="Partially met")
    response = client.post(
        reverse("growth:goal-assess", args=[goal.pk]),
        {"outcome": level.pk, "assessment": "Circles began in March."},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    made.refresh_from_db()
    assert (goal.outcome, goal.assessed_by, goal.is_met) == (level, reviewer, False)
    assert made.status == GrowthPlan.Status.COMPLETED


def test_the_educator_adds_a_micro_credential_goal_in_the_browser_form(client, educator):
    profile = educator.educator_profile
    made = plan(profile)
    client.force_login(educator)
    from tests.factories import micro_credential

    response = client.post(
        reverse("growth:goal-add", args=[made.pk]),
        {"statement": "Assessment literacy.", "route": "micro_credential", "micro_credential": ""},
    )
    assert response.status_code == 400
    assert "Choose the micro-credential." in response.content.decode()
    response = client.post(
        reverse("growth:goal-add", args=[made.pk]),
        {
            "statement": "Assessment literacy.",
            "route": "micro_credential",
            "micro_credential": micro_credential("AL").pk,
        },
    )
    assert response.status_code == 302
    assert made.goals.get().micro_credential.code == "AL"


def test_plan_and_stipend_lists_read_in_a_fixed_number_of_queries(
    client, lac, django_assert_num_queries
):
    for _ in range(8):
        educator = EducatorFactory()
        mc_goal(plan(educator, year=2025), "CE")
        record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q1/26")).pk)
    client.force_login(lac)
    with django_assert_num_queries(9):
        assert client.get(reverse("growth:plan-list")).status_code == 200
    with django_assert_num_queries(7):
        page = client.get(reverse("growth:stipend-list")).content.decode()
    assert page.count('data-label="Reference">PGP-') == 8


def test_the_goals_report_counts_micro_credential_and_reviewer_met_goals(client, lac):
    educator = EducatorFactory()
    made = plan(educator, year=2025)
    mc_goal(made, "CE")
    other = services.goal_add(plan=made, statement="Family night.", route=Goal.Route.OTHER)
    services.goal_add(plan=made, statement="Still open.", route=Goal.Route.OTHER)
    services.plan_submit(plan=made, by=educator.user)
    record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q1/26")).pk)
    met = RubricLevel.objects.get(name="Met")
    services.goal_assess(goal=other, outcome=met, assessment="Held.", by=None)
    client.force_login(lac)
    response = client.get(reverse("growth:report", args=["goals"]) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "school_year",
            "met_by_micro_credential",
            "met_by_other_activities",
            "not_met",
            "open",
            "total",
        ],
        ["2025-26", "1", "1", "0", "1", "3"],
    ]
    page = client.get(reverse("growth:report", args=["goals"])).content.decode()
    assert "2025-26" in page


@pytest.mark.parametrize("slug", ["plans", "stipends", "proposals"])
def test_every_report_is_a_page_and_a_csv(client, lac, slug):
    from districts.models import District

    zuni = District.objects.create(code="ZUNI", name="Zuni Public Schools")
    educator = EducatorFactory(district=zuni, district_as_written="Zuni")
    mc_goal(plan(educator, year=2025, submitted=True), "CE")
    record_pass(enrollment_id=pass_(enrolled(educator, quarter="Q1/26")).pk)
    client.force_login(lac)
    url = reverse("growth:report", args=[slug])
    assert client.get(url).status_code == 200
    text = client.get(url + "?format=csv").content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] == "school_year"
    if slug != "proposals":
        assert rows and rows[0][0] == "2025-26"
    if slug == "stipends":
        assert rows == [["2025-26", "Zuni Public Schools", "1", "0", "0", "50", "0"]]
