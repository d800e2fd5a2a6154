"""The state's view: designations by role, district and high-need, and the pipeline; a
district administrator sees their district only; the CSV says the same."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.models import District
from lattice import services
from lattice.state import CSV_COLUMNS, lattice_state
from tests.lattice.conftest import licensed, role, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(hiring, hiring_admin, state_lac):
    """One educator at each stage: eligible, interview pending, recorded, awarded; one
    designation recorded from another avenue in another district."""
    r = route(role(), kind="nbct_only", min_license_level=2)
    other = District.objects.create(code="ELSE", name="Elsewhere")
    licensed("eligible@example.org", nbct=True, district=hiring)
    licensed("not-yet@example.org", nbct=False, district=hiring)
    services.application_create(
        educator=licensed("pending@example.org", nbct=True), route=r, district=hiring
    )
    recorded = services.application_create(
        educator=licensed("recorded@example.org", nbct=True), route=r, district=hiring
    )
    services.interview_record(
        application=recorded,
        by=hiring_admin,
        interview_on=timezone.localdate(),
        outcome="recommended",
        interviewer_name="D",
    )
    awarded = services.application_create(
        educator=licensed("awarded@example.org", nbct=True), route=r, district=hiring
    )
    services.interview_record(
        application=awarded,
        by=hiring_admin,
        interview_on=timezone.localdate(),
        outcome="recommended",
        interviewer_name="D",
    )
    services.application_award(application=awarded, by=state_lac)
    from lattice.importers import _other_route
    from lattice.models import Designation

    imported = licensed("imported@example.org", district=other)
    Designation.objects.create(
        educator=imported,
        role=r.role,
        route=_other_route(r.role),
        route_kind="other",
        awarded_on=dt.date(2019, 1, 1),
    )
    return r, other


def _stages(row):
    return dict(zip(CSV_COLUMNS[3:], [*row["stages"], row["designations"]], strict=True))


def test_the_state_counts_every_stage_by_role_and_district(pipeline, hiring):
    rows = lattice_state(today=timezone.localdate())["rows"]
    by_district = {row["district"]: row for row in rows}
    assert by_district["Hiring District"]["high_need"] is True
    assert _stages(by_district["Hiring District"]) == {
        "eligible": 1,
        "interview_pending": 1,
        "interview_recorded": 1,
        "not_recommended": 0,
        "declined": 0,
        "awarded": 1,
        "imported": 0,
        "designations": 1,
    }
    assert _stages(by_district["Elsewhere"])["imported"] == 1
    assert _stages(by_district["Elsewhere"])["designations"] == 1


def test_totals_by_high_need_flag(pipeline):
    totals = dict(lattice_state(today=timezone.localdate())["by_high_need"])
    assert totals[True][-1] == 1 and totals[False][-1] == 1


def test_a_district_administrator_sees_their_district_only(client, pipeline, hiring_admin):
    client.force_login(hiring_admin)
    response = client.get(reverse("lattice:state-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_COLUMNS
    assert [row[1] for row in rows[1:]] == ["Hiring District"]
    page = client.get(reverse("lattice:state")).content.decode()
    assert "Elsewhere" not in page


def test_the_lac_csv_has_every_district(client, pipeline, state_lac):
    client.force_login(state_lac)
    rows = list(csv.reader(io.StringIO(client.get(reverse("lattice:state-csv")).content.decode())))
    assert [row[:3] for row in rows[1:]] == [
        ["Mentor Teacher", "Elsewhere", "no"],
        ["Mentor Teacher", "Hiring District", "yes"],
    ]


def test_the_state_page_lists_the_recommended_awaiting_a_decision(client, pipeline, state_lac):
    client.force_login(state_lac)
    page = client.get(reverse("lattice:state")).content.decode()
    assert "Recommended, awaiting the state's decision (1)" in page
    assert page.count('href="/lattice/applications/') == 1


def test_the_state_page_queries_stay_few(client, pipeline, state_lac, django_assert_num_queries):
    for n in range(5):
        licensed(f"more{n}@example.org", nbct=True)
    client.force_login(state_lac)
    with django_assert_num_queries(22):
        assert client.get(reverse("lattice:state")).status_code == 200
