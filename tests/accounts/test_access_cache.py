"""Roles, permissions and the TOTP state are read in one query, with the same answers as
Django's own look-ups; a returning user's are kept by the worker, and any change to the
account (a revoked role, a deactivation, a new password or authenticator) takes effect on
the next request."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, load_access
from apl import versions
from tests.conftest import staff
from tests.factories import UserFactory, with_totp


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


def _sql(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_a_staff_request_reads_roles_and_permissions_once(client, lac):
    """With nothing kept (a worker's first request for this user), the user and their
    access cost one query each, after the session's."""
    client.force_login(lac)
    client.get(reverse("reporting:publication-list"))  # the idle deadline's first write
    versions.forget_all()
    response, sql = _sql(client, reverse("reporting:publication-list"))
    assert response.status_code == 200
    assert sum("auth_group_permissions" in s for s in sql) == 1
    assert sum("mfa_authenticator" in s for s in sql) == 1
    assert not any(s.lstrip().startswith("UPDATE") for s in sql)
    assert len(sql) == 4  # session with the versions, user, access, the publications


def test_a_returning_user_costs_the_session_query_and_what_the_page_needs(client, lac):
    client.force_login(lac)
    client.get(reverse("reporting:publication-list"))
    response, sql = _sql(client, reverse("reporting:publication-list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == lac
    assert response.wsgi_request.user.has_perm("reporting.view_report")
    assert "apl_datachange" in sql[0] and "django_session" in sql[0]
    assert not any("accounts_user" in s or "mfa_authenticator" in s for s in sql)
    assert len(sql) == 2  # the session with the versions, the publications


def test_each_request_gets_its_own_copy_of_the_user(client, lac):
    client.force_login(lac)
    first = client.get(reverse("reporting:publication-list")).wsgi_request.user
    first.note_for_this_request = "set by a view"
    first.role_names.add("Not a role")
    second = client.get(reverse("reporting:publication-list")).wsgi_request.user
    assert second._wrapped is not first._wrapped
    assert not hasattr(second, "note_for_this_request")
    assert second.role_names == {Role.LAC.value}


def test_two_users_never_share_what_is_kept(client, lac, liaison, educator):
    others = [Client(), Client(), Client()]
    for other, user in zip(others, (lac, liaison, educator), strict=True):
        other.force_login(user)
    for _ in range(2):
        for other, user, role, dashboard in zip(
            others,
            (lac, liaison, educator),
            (Role.LAC, Role.LIAISON, Role.EDUCATOR),
            (200, 200, 403),
            strict=True,
        ):
            response = other.get(reverse("reporting:dashboard"))
            assert response.wsgi_request.user.pk == user.pk
            assert response.wsgi_request.user.role_names == {role.value}
            assert response.status_code == dashboard


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, lac):
    client.force_login(lac)
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    User.objects.filter(pk=lac.pk).update(is_active=False)  # no signal: the trigger tells
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    User.objects.filter(pk=lac.pk).update(is_active=True)
    assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_a_password_changed_elsewhere_ends_this_session(client, lac):
    client.force_login(lac)
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    lac.set_password("a new long password 42")
    lac.save()
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert SESSION_KEY not in client.session  # flushed, as Django does


def test_a_permission_given_to_the_user_takes_effect_on_the_next_request(client, educator):
    client.force_login(educator)
    assert client.get(reverse("reporting:publication-list")).status_code == 403
    educator.user_permissions.add(Permission.objects.get(codename="view_report"))
    assert client.get(reverse("reporting:publication-list")).status_code == 200


def test_a_superuser_flag_takes_effect_on_the_next_request(client, educator, settings):
    settings.APL_REQUIRE_STAFF_MFA = False
    client.force_login(educator)
    assert client.get(reverse("reporting:publication-list")).status_code == 403
    User.objects.filter(pk=educator.pk).update(is_superuser=True)
    response = client.get(reverse("reporting:publication-list"))
    assert response.status_code == 200
    assert response.wsgi_request.user.is_superuser


def test_a_new_authenticator_takes_effect_on_the_next_request(db, client, settings):
    settings.APL_REQUIRE_STAFF_MFA = True
    user = UserFactory(roles=[Role.LAC])
    client.force_login(user)
    assert client.get(reverse("reporting:dashboard")).url == reverse("mfa_activate_totp")
    with_totp(user)
    assert client.get(reverse("reporting:dashboard")).status_code == 200
