"""The dashboard's report is cached until an enrolment, intent, cohort, the catalogue or a
stack changes, whoever writes it: a service, an import's SQL, a bulk update."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apl.db import watched_tables
from apl.models import DataChange
from apl.versions import prune
from catalogue.models import Stack, StackSlot
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from exchange.services import records_import
from reporting.cache import TABLES, TOPIC, data_version
from tests.factories import EducatorFactory, micro_credential
from tests.reporting.conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _figures(client) -> tuple[str, int]:
    """The page, and how many queries grouped the enrolments by educator (the report)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("reporting:dashboard"), {"programme": "apl-i-ii", "as_of": "2024-05-15"}
        )
    assert response.status_code == 200
    computed = sum("GROUP BY educator_id" in q["sql"] for q in queries.captured_queries)
    return response.content.decode(), computed


def _total_completed(page: str) -> str:
    row = page.split("Total Completed", 1)[1].split("</tr>", 1)[0]
    return " ".join(cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:])


def test_second_visit_is_served_from_the_cache(client, lac, small_history):
    client.force_login(lac)
    first, computed = _figures(client)
    again, computed_again = _figures(client)
    assert (computed, computed_again) == (1, 0)
    assert _total_completed(first) == _total_completed(again)


def test_a_grade_posted_through_the_service_shows_at_once(client, lac, small_history):
    client.force_login(lac)
    before, _ = _figures(client)
    failed = Enrollment.objects.filter(status="not_passed", cohort__quarter="Q1/24").first()
    enrollment_set_outcome(enrollment=failed, status="passed", score=95)
    after, computed = _figures(client)
    assert computed == 1
    assert _total_completed(before) != _total_completed(after)


def test_a_bulk_update_by_sql_invalidates_too(client, lac, small_history):
    client.force_login(lac)
    _figures(client)
    Enrollment.objects.filter(status="not_passed").update(status="passed", score=90)
    _page, computed = _figures(client)
    assert computed == 1


def test_an_import_invalidates_the_cached_report(client, lac, small_history):
    client.force_login(lac)
    before, _ = _figures(client)
    educator = EducatorFactory()
    data = (
        f"email,micro_credential,quarter,status,score\n{educator.user.email},CE,Q2/24,passed,92\n"
    ).encode()
    result = records_import(kind="enrollments", data=data, filename="e.csv", by=lac)
    assert result.errors == [] and result.created == 1
    after, computed = _figures(client)
    assert computed == 1
    assert _total_completed(before) != _total_completed(after)


def test_pruning_keeps_each_topics_latest_change_and_changes_the_version(small_history):
    enrol(EducatorFactory(), "CE", "Q1/24", "passed")
    before = data_version()
    latest = {
        topic: DataChange.objects.filter(topic=topic).order_by("-id").first().id
        for topic in DataChange.objects.values_list("topic", flat=True).distinct()
    }
    assert TOPIC in latest and len(latest) > 1
    pruned = prune(now=DataChange.objects.order_by("-id").first().at + dt.timedelta(minutes=2))
    assert pruned > 0
    assert set(DataChange.objects.values_list("id", flat=True)) == set(latest.values())
    assert data_version() != before


def test_a_change_to_the_programme_stack_invalidates_the_cached_report(client, lac, small_history):
    """Completion applies the programme's stack: removing a member recomputes the report."""
    client.force_login(lac)
    _figures(client)
    stack = Stack.objects.get(programme__slug="apl-i-ii")
    stack.members.remove(micro_credential("CE"))
    _page, computed = _figures(client)
    assert computed == 1
    stack.members.add(micro_credential("CE"))
    _page, computed = _figures(client)
    assert computed == 1


@pytest.mark.parametrize("change", ["stack", "slot", "slot option"])
def test_every_write_to_the_stack_tables_changes_the_version(db, change):
    stack = Stack.objects.get(programme__slug="apl-i-ii")
    slot = StackSlot.objects.create(stack=stack, label="Choice", position=9)
    before = data_version()
    if change == "stack":
        Stack.objects.filter(pk=stack.pk).update(name="APL I-II renamed")
    elif change == "slot":
        slot.delete()
    else:
        slot.options.add(micro_credential("AL"))
    assert data_version() != before


def test_every_input_table_carries_its_report_trigger():
    """Made after every migrate: a table that SQLite rebuilds loses its triggers."""
    assert {(table, TOPIC) for table in TABLES} <= watched_tables()


def test_the_kept_page_follows_who_may_publish_and_each_visitor_sees_their_own_runs(
    client, lac, liaison, small_history
):
    """The report and its choice are kept for everyone; the Publish offer only for those
    who may publish, and the runs and the Build button are the visitor's own."""
    client.force_login(lac)
    page, _ = _figures(client)
    assert "has not been published" in page and "Build the files" in page
    client.force_login(liaison)
    page, computed = _figures(client)
    assert computed == 0  # the same report, kept
    assert "has not been published" not in page and "Build the files" not in page
    client.force_login(lac)
    page, _ = _figures(client)
    assert "has not been published" in page and "Build the files" in page
