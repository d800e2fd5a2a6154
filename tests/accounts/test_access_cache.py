"""Roles, permissions and the TOTP state are read in one query per request, with the
same answers as Django's own look-ups, and a revoked role takes effect on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, load_access
from tests.conftest import staff
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "roles",
    [[], [Role.EDUCATOR], [Role.LAC], [Role.LIAISON], [Role.FACILITATOR, Role.LEAD_FACILITATOR]],
)
@pytest.mark.parametrize("with_totp", [False, True])
def test_one_query_gives_the_same_roles_permissions_and_mfa_as_django(db, roles, with_totp):
    user = staff(*roles) if with_totp else UserFactory(roles=roles)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    plain, primed = User.objects.get(pk=user.pk), User.objects.get(pk=user.pk)
    django_answers = (
        plain.role_names,
        plain.get_all_permissions(),
        plain.get_user_permissions(),
        plain.get_group_permissions(),
        plain.is_apl_staff,
        plain.is_read_only,
    )
    with CaptureQueriesContext(connection) as queries:
        load_access(primed)
        answers = (
            primed.role_names,
            primed.get_all_permissions(),
            primed.get_user_permissions(),
            primed.get_group_permissions(),
            primed.is_apl_staff,
            primed.is_read_only,
        )
        assert primed.has_perm("audit.view_auditevent")
    assert len(queries) == 1
    assert answers == django_answers
    assert answers[0] == {role.value for role in roles}
    from accounts.middleware import _user_has_mfa

    assert _user_has_mfa(primed) is with_totp
    assert _user_has_mfa(plain) is with_totp


def test_superuser_and_inactive_users_keep_djangos_answers(db):
    boss = UserFactory(is_superuser=True)
    gone = UserFactory(roles=[Role.LAC], is_active=False)
    for user in (boss, gone):
        plain, primed = User.objects.get(pk=user.pk), User.objects.get(pk=user.pk)
        load_access(primed)
        assert primed.get_all_permissions() == plain.get_all_permissions()
        assert primed.has_perm("reporting.view_report") == plain.has_perm("reporting.view_report")


def test_a_revoked_role_takes_effect_on_the_very_next_request(client, lac):
    client.force_login(lac)
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    lac.groups.remove(Group.objects.get(name=Role.LAC))
    assert client.get(reverse("reporting:dashboard")).status_code == 403
    lac.groups.add(Group.objects.get(name=Role.LAC))
    assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_a_permission_taken_from_the_role_takes_effect_on_the_next_request(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("reporting:publication-list")).status_code == 200
    group = Group.objects.get(name=Role.LIAISON)
    group.permissions.remove(Permission.objects.get(codename="view_report"))
    assert client.get(reverse("reporting:publication-list")).status_code == 403


def test_a_staff_request_reads_roles_and_permissions_once(client, lac):
    client.force_login(lac)
    client.get(reverse("reporting:publication-list"))  # the idle deadline's first write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reporting:publication-list")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("auth_group_permissions" in s for s in sql) == 1
    assert sum("mfa_authenticator" in s for s in sql) == 1
    assert not any(s.lstrip().startswith("UPDATE") for s in sql)
    assert len(sql) == 4  # session, user, access, the publications
