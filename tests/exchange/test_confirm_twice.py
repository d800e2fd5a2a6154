"""One import confirmed twice (a second click, another tab, two coordinators at once):
the rows are written once, and the second confirm is answered 409 with the reason."""

import threading

import pytest
from django.db import connections
from django.test import Client

from audit.models import AuditEvent
from enrollment.models import Enrollment
from exchange.importers import enrollments as enrollments_importer
from exchange.views import SESSION_KEY
from tests.exchange.test_views import CONFIRM, HEADER, _upload

ROW = "ana.baca@example.org,CE,Q3/24,passed,91,fac@example.org"


def _written_once():
    enrollment = Enrollment.objects.get()
    assert enrollment.history.count() == 1
    assert AuditEvent.objects.filter(action="import.enrollments").count() == 1


@pytest.mark.django_db
def test_a_second_confirm_of_the_same_preview_is_a_conflict(client, lac, teacher, scorer):
    client.force_login(lac)
    _upload(client, f"{HEADER}\n{ROW}\n")
    token = client.session[SESSION_KEY]["token"]
    assert client.post(CONFIRM, {"token": token}).status_code == 302
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 409
    assert "enrollments.csv was already confirmed" in again.content.decode()
    assert "This one wrote nothing" in again.content.decode()
    _written_once()


@pytest.mark.django_db
def test_records_changed_under_the_import_are_a_conflict_and_nothing_is_written(
    client, lac, teacher, scorer, monkeypatch
):
    """A unique key taken between validation and the write (another writer's enrolment)
    answers 409 naming the reason, and leaves no row of the file behind."""
    client.force_login(lac)
    _upload(client, f"{HEADER}\n{ROW}\n")
    token = client.session[SESSION_KEY]["token"]
    insert = enrollments_importer.insert_enrollments

    def insert_after_someone_else(rows, cohorts, **kwargs):
        row = rows[0]
        Enrollment.objects.create(
            educator_id=row.educator_id, cohort_id=cohorts[row.cohort_key], status="enrolled"
        )
        return insert(rows, cohorts, **kwargs)

    monkeypatch.setattr(enrollments_importer, "insert_enrollments", insert_after_someone_else)
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 409
    assert "the records changed while this file was imported" in response.content.decode()
    assert not Enrollment.objects.exists()


def _at_once(clients, token_for):
    """POST the confirm from each client at the same moment; their status codes."""
    barrier = threading.Barrier(len(clients), timeout=10)
    codes: list = []

    def confirm(client):
        try:
            barrier.wait()
            codes.append(client.post(CONFIRM, {"token": token_for(client)}).status_code)
        except Exception as exc:  # noqa: BLE001 - a failure is the test's answer
            codes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_one_preview_at_once_write_it_once(lac, teacher, scorer):
    first = Client()
    first.force_login(lac)
    _upload(first, f"{HEADER}\n{ROW}\n")
    token = first.session[SESSION_KEY]["token"]
    second = Client()
    second.cookies = first.cookies  # the same session: a double click, a second tab
    codes = _at_once([first, second], lambda client: token)
    assert sorted(codes) == [302, 409], codes
    _written_once()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_previews_of_one_file_confirmed_at_once_write_it_once(lac, teacher, scorer):
    """Two uploads of the same file (two tokens), confirmed at the same moment: the
    imports take turns, and the second finds every row already there."""
    clients = [Client(), Client()]
    tokens = {}
    for client in clients:
        client.force_login(lac)
        _upload(client, f"{HEADER}\n{ROW}\n")
        tokens[id(client)] = client.session[SESSION_KEY]["token"]
    codes = _at_once(clients, lambda client: tokens[id(client)])
    assert all(code in (302, 409) for code in codes), codes
    assert Enrollment.objects.count() == 1
    assert Enrollment.objects.get().history.count() == 1
    outcomes = AuditEvent.objects.filter(action="import.enrollments")
    assert sorted(e.detail["created"] for e in outcomes) == [0, 1]
