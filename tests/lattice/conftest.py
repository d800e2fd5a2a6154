"""Roles, routes and licensed educators for the lattice tests."""

import datetime as dt

import pytest

from accounts.roles import Role
from districts.models import District
from lattice.models import AdvancedRole, Route
from renewal.models import License
from tests.factories import EducatorFactory, UserFactory, with_totp


def role(code="mentor", name="Mentor Teacher", **kwargs) -> AdvancedRole:
    return AdvancedRole.objects.create(
        code=code,
        name=name,
        responsibilities=kwargs.pop("responsibilities", "Mentors early-career teachers."),
        compensation_note=kwargs.pop("compensation_note", "A stipend of $5,000 a year."),
        **kwargs,
    )


def route(the_role, kind="nbct_only", **rules) -> Route:
    return Route.objects.create(role=the_role, kind=kind, **rules)


def licensed(email, *, level=2, level_since=dt.date(2020, 7, 1), district=None, **profile):
    educator = EducatorFactory(user__email=email, license_level=level, district=district, **profile)
    License.objects.create(
        educator=educator,
        number=f"L-{email}",
        level=level,
        cycle_start=max(level_since, dt.date(2022, 7, 1)),
        level_since=level_since,
    )
    return educator


@pytest.fixture
def hiring(db):
    return District.objects.create(code="HIRE", name="Hiring District", high_need=True)


@pytest.fixture
def hiring_admin(hiring):
    user = with_totp(UserFactory(email="admin@hiring.example", roles=[Role.DISTRICT_ADMIN]))
    hiring.administrators.add(user)
    return user


@pytest.fixture
def state_lac(db):
    return with_totp(UserFactory(email="lac@state.example", roles=[Role.LAC]))


def stack(code="MENTORING", members=("CE", "FE"), slot_options=("AL", "MLSS"), **kwargs):
    """A stack of two members and one choice slot, from the APL micro-credentials."""
    from catalogue.models import MicroCredential, Stack, StackSlot

    made = Stack.objects.create(code=code, name=f"{code.title()} stack", **kwargs)
    made.members.set(MicroCredential.objects.filter(code__in=members))
    if slot_options:
        slot = StackSlot.objects.create(stack=made, label="Choice", position=1)
        slot.options.set(MicroCredential.objects.filter(code__in=slot_options))
    return made
