"""The renewal pages: the plan workflow, the educator's panel, the district and state views."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from catalogue.models import MicroCredential
from districts.models import District
from renewal.models import RenewalListing, RenewalPlan
from tests.renewal.conftest import imported_pass, licensed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-11-30 12:00:00-07:00", tick=False):
        yield


def _ids(*codes):
    return list(MicroCredential.objects.filter(code__in=codes).values_list("pk", flat=True))


def test_district_admin_proposes_the_state_approves_and_option_2_applies_from_the_date(
    client, district_admin, lac, district
):
    client.force_login(district_admin)
    response = client.post(
        reverse("renewal:plan-edit", args=[district.pk]),
        {
            "protected_time": "Two protected hours a week; a coach per school.",
            "choice_set": _ids("CE", "SEL", "RP"),
            "resources_requested": "Substitute cover.",
        },
    )
    plan = RenewalPlan.objects.get()
    assert response.url == reverse("renewal:plan", args=[plan.pk])
    assert plan.status == "draft"
    client.post(reverse("renewal:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "proposed"
    client.force_login(lac)
    client.post(
        reverse("renewal:plan-decide", args=[plan.pk]),
        {"decision": "approve", "option_from": "2026-12-01"},
    )
    plan.refresh_from_db()
    district.refresh_from_db()
    assert plan.status == "approved"
    assert (district.renewal_option, district.option_from) == (2, dt.date(2026, 12, 1))


def test_the_state_returns_a_plan_with_comments_and_the_district_changes_it(
    client, district_admin, lac, district
):
    plan = RenewalPlan.objects.create(
        district=district, status="proposed", protected_time="x", created_by=district_admin
    )
    plan.choice_set.set(_ids("CE"))
    client.force_login(lac)
    refused = client.post(reverse("renewal:plan-decide", args=[plan.pk]), {"decision": "return"})
    assert refused.status_code == 400  # comments are required to return a plan
    client.post(
        reverse("renewal:plan-decide", args=[plan.pk]),
        {"decision": "return", "comments": "Say how many coaching hours."},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.comments) == ("returned", "Say how many coaching hours.")
    district.refresh_from_db()
    assert district.renewal_option == 1
    client.force_login(district_admin)
    page = client.get(reverse("renewal:plan-edit", args=[district.pk]))
    assert "Say how many coaching hours." in page.content.decode()


def test_a_plan_may_only_choose_micro_credentials_on_the_renewal_list(
    client, district_admin, district
):
    RenewalListing.objects.filter(micro_credential__code="RP").update(
        retired_on=dt.date(2026, 1, 1)
    )
    client.force_login(district_admin)
    response = client.post(
        reverse("renewal:plan-edit", args=[district.pk]),
        {"protected_time": "x", "choice_set": _ids("CE", "RP")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["choice_set"]
    assert not RenewalPlan.objects.exists()


def test_the_educator_sees_counted_of_required_and_the_cycle_end(client):
    start = dt.date(2022, 7, 1)
    district = District.objects.create(
        code="DA", name="Demo District A", renewal_option=2, option_from=start
    )
    profile = licensed(start=start, district=district)
    imported_pass(profile, "CE", "Q2/23")
    imported_pass(profile, "AL", "Q3/24")
    imported_pass(profile, "FE", "Q4/22")  # 2022-06-30: before the cycle
    client.force_login(profile.user)
    text = " ".join(client.get(reverse("renewal:mine")).content.decode().split())
    assert "2 of 3 micro-credentials counted</strong>, cycle ends 2027-06-30" in text
    assert "Earned outside this renewal cycle" in text
    home = " ".join(client.get(reverse("home")).content.decode().split())
    assert "Renewal: 2 of 3 micro-credentials counted, cycle ends 2027-06-30" in home
    for word in ("hour", "credit hour", "CEU"):
        assert word not in client.get(reverse("renewal:mine")).content.decode()


def test_renewal_statement_is_a_pdf(client):
    profile = licensed(start=dt.date(2022, 7, 1))
    client.force_login(profile.user)
    response = client.get(reverse("renewal:statement"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_district_view_lists_by_status_and_at_risk_in_few_queries(
    client, district_admin, district, django_assert_num_queries
):
    ending_soon = licensed("soon@example.org", start=dt.date(2022, 1, 1), district=district)
    licensed("later@example.org", start=dt.date(2025, 7, 1), district=district)
    for i in range(8):
        p = licensed(f"e{i}@example.org", start=dt.date(2023, 7, 1), district=district)
        imported_pass(p, "CE", "Q3/24")
    client.force_login(district_admin)
    with django_assert_num_queries(13):  # the same for 3 or 300 educators
        response = client.get(reverse("renewal:district", args=[district.pk]))
    at_risk = response.context["at_risk"]
    assert [r.educator for r in at_risk] == [ending_soon]


def test_state_view_and_exports_in_few_queries(client, lac, django_assert_num_queries):
    district = District.objects.create(
        code="DA",
        name="Demo District A",
        renewal_option=2,
        option_from=dt.date(2020, 1, 1),
        high_need=True,
    )
    for i in range(6):
        p = licensed(f"e{i}@example.org", start=dt.date(2021, 7, 1), district=district)
        for code, quarter in (("CE", "Q2/22"), ("AL", "Q3/22"), ("FE", "Q4/22")[: 2 + i % 2]):
            imported_pass(p, code, quarter)
    licensed("none@example.org", start=dt.date(2024, 7, 1))
    client.force_login(lac)
    with django_assert_num_queries(11):
        page = client.get(reverse("renewal:state"))
    assert page.status_code == 200
    with django_assert_num_queries(4):
        export = client.get(reverse("renewal:export"))
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert len(rows) == 7
    assert {r["status"] for r in rows if r["district"] == "DA"} == {"met"}
    study = list(
        csv.DictReader(io.StringIO(client.get(reverse("renewal:study-csv")).content.decode()))
    )
    assert study[0]["option"] == "1" and study[-1] == {
        "option": "2",
        "high_need": "yes",
        "cycle_year": "2021",
        "educators": "6",
        "met": "6",
        "open": "0",
        "not_met": "0",
        "percent_met": "100",
        "average_counted": "3.0",
    }
    header = export.content.decode().splitlines()[0].lower()
    assert "hour" not in header and "credit" not in header and "ceu" not in header


def test_lac_retires_a_micro_credential_from_the_list(client, lac):
    client.force_login(lac)
    listing = RenewalListing.objects.get(micro_credential__code="CE")
    client.post(reverse("renewal:listing-retire", args=[listing.pk]), {"on": "2027-01-01"})
    listing.refresh_from_db()
    assert listing.retired_on == dt.date(2027, 1, 1)
    # Retiring again is refused with a message, nothing changes.
    client.post(reverse("renewal:listing-retire", args=[listing.pk]), {"on": "2028-01-01"})
    listing.refresh_from_db()
    assert listing.retired_on == dt.date(2027, 1, 1)


def test_all_thirteen_micro_credentials_are_listed_from_first_offered():
    listings = {
        code: (listed_from, retired_on)
        for code, listed_from, retired_on in RenewalListing.objects.values_list(
            "micro_credential__code", "listed_from", "retired_on"
        )
    }
    assert len(listings) == 13
    for mc in MicroCredential.objects.all():
        assert listings[mc.code] == (mc.offered_from, None)
