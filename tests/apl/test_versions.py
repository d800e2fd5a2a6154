"""What pages keep between requests is kept under the version of the tables it reads:
every write to a record, by any code, changes that version; logs and queues do not."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from apl import versions
from apl.db import unwatch_statements, watched_tables
from apl.models import OutgoingEmail
from audit.models import AuditEvent
from catalogue.models import Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_record_table_of_every_app_carries_its_change_trigger():
    tables = versions.record_tables()
    # the project's records, their many-to-many links and the account tables
    assert {"enrollment_enrollment", "grading_grade", "accounts_user_groups"} <= tables
    assert {"auth_group_permissions", "mfa_authenticator"} <= tables
    # logs and queues that no page's content reads
    assert (
        not {"apl_auditevent", "apl_outgoingemail", "reporting_reportrun", "django_session"}
        & tables
    )
    assert {(table, versions.RECORDS) for table in tables} <= watched_tables()


def test_a_write_to_any_record_changes_its_version_and_a_log_does_not():
    before = versions.version(versions.RECORDS)
    OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    AuditEvent.objects.create(action="test.noted")
    assert versions.version(versions.RECORDS) == before
    User.objects.filter(pk=UserFactory().pk).update(first_name="Renamed")
    assert versions.version(versions.RECORDS) != before


def test_a_bulk_update_by_plain_sql_changes_the_version():
    before = versions.version(versions.RECORDS)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_programme SET name = name || ' (renamed)'")
    assert versions.version(versions.RECORDS) != before


def test_a_kept_value_is_served_until_its_topic_changes():
    calls = []

    def make():
        calls.append(1)
        return list(Programme.objects.values_list("name", flat=True))

    versions.forget_all()
    first = versions.remember("test:names", [versions.RECORDS], make)
    assert versions.remember("test:names", [versions.RECORDS], make) is first
    assert len(calls) == 1
    Programme.objects.filter(pk=Programme.objects.first().pk).update(name="Renamed program")
    fresh = versions.remember("test:names", [versions.RECORDS], make)
    assert len(calls) == 2
    assert "Renamed program" in fresh


def test_what_follows_from_the_clock_is_kept_only_so_long():
    calls = []
    versions.forget_all()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        versions.remember("test:clock", [versions.RECORDS], lambda: calls.append(1), for_seconds=60)
        clock.shift(59)
        versions.remember("test:clock", [versions.RECORDS], lambda: calls.append(1), for_seconds=60)
        assert len(calls) == 1
        clock.shift(2)
        versions.remember("test:clock", [versions.RECORDS], lambda: calls.append(1), for_seconds=60)
        assert len(calls) == 2


def test_in_a_request_the_versions_are_read_once():
    versions.request_started()
    try:
        with CaptureQueriesContext(connection) as queries:
            first = versions.versions()
            assert versions.versions() is first
        assert len(queries) == 1
    finally:
        versions.request_finished()
    with CaptureQueriesContext(connection) as queries:
        versions.versions()
        versions.versions()
    assert len(queries) == 2  # outside a request (a task, a command): read afresh each time


def test_a_lost_trigger_is_made_again_after_migrate():
    with connection.cursor() as cursor:
        for statement in unwatch_statements("grading_grade", versions.RECORDS):
            cursor.execute(statement)
    assert ("grading_grade", versions.RECORDS) not in watched_tables()
    versions.make_triggers()
    assert ("grading_grade", versions.RECORDS) in watched_tables()


def test_a_prune_forgets_only_changes_older_than_a_minute_and_keeps_each_topics_latest():
    from apl.models import DataChange

    user = UserFactory()
    DataChange.objects.all().delete()  # only this test's changes from here on
    User.objects.filter(pk=user.pk).update(first_name="A")
    Programme.objects.filter(pk=Programme.objects.first().pk).update(name="B")
    newest = DataChange.objects.order_by("-id").first().at
    kept = DataChange.objects.count()
    assert versions.prune(now=newest + dt.timedelta(seconds=50)) == 0
    assert DataChange.objects.count() == kept
    before = versions.version(versions.RECORDS)
    assert versions.prune(now=newest + dt.timedelta(seconds=70)) > 0
    topics = set(DataChange.objects.values_list("topic", flat=True))
    assert DataChange.objects.count() == len(topics)  # each topic's latest row
    assert versions.version(versions.RECORDS) != before
