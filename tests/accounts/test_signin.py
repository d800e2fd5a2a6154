"""Sign-in behaviours a state system must withstand (security checks 7–12)."""

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory, with_totp
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _login(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def _current_code(user) -> str:
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize("path", ["/", "/admin/", "/reports/", "/accounts/email/", "/healthz"])
def test_staff_without_mfa_are_sent_to_set_it_up_from_every_url(client, path):
    lac = UserFactory(roles=[Role.LAC])
    client.force_login(lac)
    response = client.get(path)
    if path == "/healthz":
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_mfa_reach_their_home(client, lac):
    client.force_login(lac)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Running the program" in response.content
    assert b"Quarterly reports" in response.content


def test_educators_are_not_forced_into_mfa(client, educator):
    client.force_login(educator)
    assert client.get("/").status_code == 200


def test_demo_setting_turns_mfa_off_and_shows_a_banner_on_every_page(client, settings):
    settings.APL_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(roles=[Role.FACILITATOR]))
    response = client.get("/")
    assert response.status_code == 200
    assert b"Demonstration system" in response.content
    assert b"Demonstration system" in client.__class__().get(LOGIN).content


def test_no_demo_banner_when_mfa_is_required(client):
    assert b"Demonstration system" not in client.get(LOGIN).content


def test_staff_sign_in_asks_for_a_code_and_refuses_a_reused_one(client):
    lac = with_totp(UserFactory(roles=[Role.LAC]))
    response = _login(client, lac.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    code = _current_code(lac)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(lac.pk)

    other = client.__class__()
    _login(other, lac.email)
    response = other.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert SESSION_KEY not in other.session


def test_a_recovery_code_works_once(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    lac = with_totp(UserFactory(roles=[Role.LAC]))
    code = RecoveryCodes.activate(lac).get_unused_codes()[0]
    _login(client, lac.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session[SESSION_KEY] == str(lac.pk)

    again = client.__class__()
    _login(again, lac.email)
    again.post(reverse("mfa_authenticate"), {"code": code})
    assert SESSION_KEY not in again.session


def test_sixth_failed_login_is_refused_even_from_a_new_address(client):
    user = UserFactory(roles=[Role.EDUCATOR])
    for attempt in range(5):
        _login(client, user.email, "wrong password", REMOTE_ADDR=f"10.0.0.{attempt}")
    response = _login(
        client.__class__(),
        user.email,
        TEST_PASSWORD,
        REMOTE_ADDR="192.0.2.77",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code in (200, 429)
    assert SESSION_KEY not in client.session
    assert b"Too many failed login attempts" in response.content or response.status_code == 429


def test_failed_sign_ins_are_audited_without_the_password(client):
    user = UserFactory()
    _login(client, user.email, "hunter2-wrong")
    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor_label == user.email
    assert "hunter2" not in str(event.detail)


def test_a_line_break_in_the_login_cannot_forge_an_audit_line(client):
    _login(client, "x@example.org\naudit action=login.succeeded", "nope")
    for event in AuditEvent.objects.filter(action="login.failed"):
        assert "\n" not in event.actor_label


def test_session_id_changes_at_login_and_the_old_cookie_fails_after_logout(client):
    user = UserFactory(roles=[Role.EDUCATOR])
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _login(client, user.email)
    after = client.session.session_key
    assert after and after != before
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    replay = client.__class__()
    replay.cookies["sessionid"] = old_cookie
    response = replay.get(reverse("account_email"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_deactivating_a_user_ends_their_sessions(client, educator):
    client.force_login(educator)
    assert client.get(reverse("account_email")).status_code == 200
    educator.is_active = False
    educator.save()
    response = client.get(reverse("account_email"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_staff_sessions_end_after_thirty_idle_minutes(client, lac):
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(lac)
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the idle timer
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("account_email"))
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def _session_writes(client, path="/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)


def test_staff_idle_deadline_is_written_only_now_and_then(client, lac):
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(lac)
        assert _session_writes(client) == 1
        clock.shift(dt.timedelta(seconds=30))
        assert _session_writes(client) == 0
        clock.shift(dt.timedelta(seconds=31))
        assert _session_writes(client) == 1


def test_staff_session_survives_activity_that_was_not_written(client, lac):
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(lac)
        assert _session_writes(client) == 1
        clock.shift(dt.timedelta(seconds=59))
        assert _session_writes(client) == 0
        clock.shift(dt.timedelta(minutes=28, seconds=59))  # 29:58 after the last write
        assert client.get(reverse("account_email")).status_code == 200


def test_idle_session_ends_within_thirty_minutes_of_the_last_request(client, lac):
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(lac)
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(seconds=59))
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=30, seconds=1))
        response = client.get(reverse("account_email"))
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_changing_email_needs_a_recent_reauthentication(client, educator):
    client.force_login(educator)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new.address@example.org"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not educator.emailaddress_set.filter(email="new.address@example.org").exists()


def test_sign_in_answers_the_same_for_known_and_unknown_emails(client):
    user = UserFactory()
    known = _login(client.__class__(), user.email, "wrong password")
    unknown = _login(client.__class__(), "nobody@example.org", "wrong password")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    user = UserFactory()
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [m.to for m in mail.outbox] == [[user.email], ["nobody@example.org"]]
    assert "reset" in mail.outbox[0].body.lower()
    assert "reset" not in mail.outbox[1].body.lower() or "no account" in mail.outbox[1].body.lower()


def test_email_login_is_case_insensitive(client):
    user = UserFactory(email="mixed.case@example.org", roles=[Role.EDUCATOR])
    _login(client, "Mixed.Case@Example.org")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_open_sign_up_is_closed_and_the_login_page_points_to_the_intent_forms(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "walk.in@example.org", "password1": "x" * 14, "password2": "x" * 14},
    )
    from accounts.models import User

    assert not User.objects.filter(email="walk.in@example.org").exists()
    assert response.status_code == 200
    page = client.get(LOGIN).content.decode()
    assert reverse("enrollment:intent", args=["apl-i-ii"]) in page
    assert reverse("enrollment:intent", args=["apl-ii-iii"]) in page


def test_the_code_that_activated_mfa_is_not_accepted_again_at_sign_in(client):
    """Activation spends its code: the same code at sign-in, still inside its window, fails."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    lac = UserFactory(roles=[Role.LAC])
    moment = dt.datetime(2026, 11, 30, 15, 0, 5, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        _login(client, lac.email)
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
        secret = client.session[SECRET_SESSION_KEY]
        counter = next(iter(yield_hotp_counters_from_time()))
        code = format_hotp_value(hotp_value(secret, counter))
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=lac, type="totp").exists()

    with time_machine.travel(moment + dt.timedelta(seconds=20), tick=False):
        again = client.__class__()
        assert _login(again, lac.email).url == reverse("mfa_authenticate")
        assert _current_code(lac) == code  # the same 30-second window
        response = again.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 200  # the form again, with an error
        assert SESSION_KEY not in again.session
