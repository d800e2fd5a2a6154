"""The session store reads its row with plain SQL: the same answers as Django's."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.sessions import SessionStore
from apl import versions
from apl.models import DataChange
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_is_the_configured_engine():
    assert settings.SESSION_ENGINE == "accounts.sessions"


def test_a_saved_session_reads_back_as_django_reads_it():
    store = SessionStore()
    store["who"] = 7
    store.create()
    assert SessionStore(store.session_key)["who"] == 7
    assert DjangoStore(store.session_key)["who"] == 7


def test_an_expired_or_unknown_session_reads_empty_and_gets_a_new_key_on_save():
    store = SessionStore()
    store["who"] = 7
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    for key in (store.session_key, "nosuchsessionkey0000000000000000"):
        again = SessionStore(key)
        assert dict(again.items()) == {}
        assert again.session_key is None
        again["who"] = 8
        again.save()
        assert again.session_key not in (None, key)


def test_signing_in_and_out_works_through_it(client, django_user_model):
    user = django_user_model.objects.create_user(email="s@apl.example", password="x" * 14)
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(pk=key).exists()
    assert client.get("/").wsgi_request.user == user
    client.logout()
    assert not Session.objects.filter(pk=key).exists()


def test_the_session_row_brings_every_version_in_the_same_query():
    store = SessionStore()
    store["who"] = 7
    store.create()
    UserFactory()
    fresh = versions.versions()  # outside a request: read afresh
    assert "access" in fresh  # the account tables are watched
    versions.request_started()
    try:
        with CaptureQueriesContext(connection) as queries:
            assert SessionStore(store.session_key)["who"] == 7
            assert versions.versions() == fresh
        assert len(queries) == 1
    finally:
        versions.request_finished()


def test_with_no_change_noted_yet_the_session_still_reads():
    store = SessionStore()
    store["who"] = 7
    store.create()
    DataChange.objects.all().delete()
    versions.request_started()
    try:
        assert SessionStore(store.session_key)["who"] == 7
        assert versions.versions() == {}
    finally:
        versions.request_finished()
