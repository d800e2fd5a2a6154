"""The one educator-scope filter (enrollment.scopes) behind a license's and a
designation's visibility: the educator, their district's administrators, the state."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from lattice.models import Designation
from renewal.models import License
from tests.conftest import staff
from tests.lattice.conftest import role, route

pytestmark = pytest.mark.django_db


def _records(user, mentor, other_route) -> dict:
    profile = user.educator_profile
    return {
        License: License.objects.create(
            educator=profile,
            number=f"L-{user.email}",
            level=2,
            cycle_start=dt.date(2022, 7, 1),
            level_since=dt.date(2020, 7, 1),
        ),
        Designation: Designation.objects.create(
            educator=profile,
            role=mentor,
            route=other_route,
            route_kind="other",
            awarded_on=dt.date(2024, 1, 1),
        ),
    }


@pytest.mark.parametrize("model", [License, Designation], ids=["license", "designation"])
def test_each_sees_what_the_educator_scope_allows(
    model, educator, other_educator, district, district_admin, other_district_admin, lac
):
    mentor = role()
    other_route = route(mentor, kind="other")
    own = _records(educator, mentor, other_route)[model]
    other = _records(other_educator, mentor, other_route)[model]
    district.administrators.add(staff(Role.DISTRICT_ADMIN))  # a second: still one row each

    def seen(user):
        return list(model.objects.visible_to(user))

    assert seen(educator) == [own]
    assert seen(other_educator) == [other]
    assert seen(district_admin) == [own]
    assert seen(other_district_admin) == [other]
    assert sorted(seen(lac), key=lambda r: r.pk) == [own, other]
    assert seen(AnonymousUser()) == []
    assert seen(staff(Role.FACILITATOR)) == []
