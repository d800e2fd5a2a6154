"""A stack route: the stack's progress beside the prerequisites; applying once complete."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lattice import services
from lattice.selectors import educator_lattice
from tests.lattice.conftest import licensed, role, route, stack
from tests.renewal.conftest import imported_pass

pytestmark = pytest.mark.django_db


@pytest.fixture
def stack_route(db):
    return route(role(), kind="stack", stack=stack(), min_license_level=2)


def _standing(educator):
    (view,) = educator_lattice(educator=educator, today=timezone.localdate())
    ((_, standing),) = view.routes
    return view, standing


def test_the_educator_sees_what_the_stack_still_needs_and_cannot_apply(stack_route, hiring):
    educator = licensed("t@example.org")
    imported_pass(educator, "CE", "Q3/24")
    view, standing = _standing(educator)
    assert not standing.satisfied and not view.may_apply
    assert standing.stack.missing == (
        "Family Engagement",
        "Choice: one of Assessment Literacy or Multi-Layered Systems of Support",
    )
    assert standing.next_step == "Pass next: Family Engagement."
    with pytest.raises(ValidationError, match="Pass next: Family Engagement"):
        services.application_create(educator=educator, route=stack_route, district=hiring)


def test_a_complete_stack_and_met_prerequisites_open_the_application(stack_route, hiring, client):
    educator = licensed("t@example.org")
    for code, quarter in (("CE", "Q3/24"), ("FE", "Q4/24"), ("MLSS", "Q1/25")):
        imported_pass(educator, code, quarter)
    view, standing = _standing(educator)
    assert standing.satisfied and view.may_apply
    application = services.application_create(educator=educator, route=stack_route, district=hiring)
    assert application.rules["stack_code"] == "MENTORING"
    assert application.standing["stack_counted"] == ["CE", "FE", "MLSS"]
    client.force_login(educator.user)
    page = client.get(reverse("lattice:application", args=[application.pk])).content.decode()
    assert "Complete the stack Mentoring stack." in page


def test_a_complete_stack_does_not_lift_an_unmet_prerequisite(stack_route):
    educator = licensed("t@example.org", level=1)
    for code, quarter in (("CE", "Q3/24"), ("FE", "Q4/24"), ("AL", "Q1/25")):
        imported_pass(educator, code, quarter)
    view, standing = _standing(educator)
    assert standing.stack.complete and not standing.satisfied
    assert standing.next_step == "Your license is Level 1; this route needs Level 2."


def test_a_stack_route_without_a_stack_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        route(role(), kind="stack")
