import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_exactly_its_declared_permissions_from_every_app(role):
    group = Group.objects.get(name=role.value)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(ROLE_PERMISSIONS[role])


def test_the_liaison_reads_but_holds_no_change_permission():
    held = Group.objects.get(name=Role.LIAISON.value).permissions.values_list("codename", flat=True)
    assert not [c for c in held if c.startswith(("change_", "add_", "delete_"))]
