"""Fees: one state per enrolment, set singly or in bulk; unpaid totals per district."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from enrollment.models import Enrollment
from tests.factories import EducatorFactory, EnrollmentFactory
from tests.intake.conftest import Q3_24, Q4_24, cohort

pytestmark = pytest.mark.django_db


def _set(client, enrollments, state, **extra):
    return client.post(
        reverse("intake:payment-update"),
        {"enrollments": [e.pk for e in enrollments], "payment_state": state, **extra},
    )


def test_recording_a_fee_singly_and_in_bulk_is_audited(signed_in_lac, lac):
    rows = EnrollmentFactory.create_batch(3, cohort=cohort("CE"))
    assert _set(signed_in_lac, rows[:1], "waived").status_code == 302
    response = _set(signed_in_lac, rows, "district_paid", next="?payment_state=unpaid")
    assert response.status_code == 302
    assert response.url == reverse("intake:payment-list") + "?payment_state=unpaid"
    states = set(Enrollment.objects.values_list("payment_state", flat=True))
    assert states == {"district_paid"}
    events = AuditEvent.objects.filter(action="enrollment.payment_changed", actor=lac)
    assert events.count() == 4
    assert {"before": "waived", "after": "district_paid"} in [e.detail for e in events]


def test_an_unknown_fee_state_changes_nothing(signed_in_lac):
    row = EnrollmentFactory(cohort=cohort("CE"))
    _set(signed_in_lac, [row], "card")
    row.refresh_from_db()
    assert row.payment_state == "unpaid"
    assert not AuditEvent.objects.filter(action="enrollment.payment_changed").exists()


def test_the_return_address_is_only_ever_this_page(signed_in_lac):
    row = EnrollmentFactory(cohort=cohort("CE"))
    response = _set(signed_in_lac, [row], "paid", next="//evil.example/?x=1")
    assert response.url.startswith(reverse("intake:payment-list"))


def test_unpaid_totals_per_district(signed_in_lac):
    ce, al = cohort("CE", Q3_24), cohort("AL", Q4_24)
    abq = EducatorFactory.create_batch(2, district_as_written="Albuquerque Public Schools")
    gallup = EducatorFactory(district_as_written="Gallup-McKinley")
    EnrollmentFactory(educator=abq[0], cohort=ce)
    EnrollmentFactory(educator=abq[0], cohort=al)
    EnrollmentFactory(educator=abq[1], cohort=ce, payment_state="paid")
    EnrollmentFactory(educator=gallup, cohort=ce)
    EnrollmentFactory(educator=gallup, cohort=al, status=Enrollment.Status.WITHDRAWN)

    response = signed_in_lac.get(reverse("intake:payment-list"))

    totals = {row["educator__district_as_written"]: row for row in response.context["totals"]}
    assert totals["Albuquerque Public Schools"]["enrollments"] == 2
    assert totals["Albuquerque Public Schools"]["amount"] == Decimal("120.00")
    assert totals["Gallup-McKinley"]["amount"] == Decimal("60.00")
    assert response.context["grand_total"] == Decimal("180.00")
    assert "$180.00" in response.text
    by_quarter = signed_in_lac.get(reverse("intake:payment-list"), {"quarter": "Q4/24"})
    assert by_quarter.context["grand_total"] == Decimal("60.00")


def test_payment_list_filters_and_searches(signed_in_lac):
    ce = cohort("CE")
    wanted = EnrollmentFactory(cohort=ce, educator=EducatorFactory(user__last_name="Montoya"))
    EnrollmentFactory(cohort=ce, payment_state="paid")
    response = signed_in_lac.get(
        reverse("intake:payment-list"), {"q": "monto", "payment_state": "unpaid"}
    )
    assert list(response.context["page_obj"]) == [wanted]


@pytest.mark.parametrize("rows", [5, 30])
def test_payment_list_queries_do_not_grow_with_rows(signed_in_lac, django_assert_num_queries, rows):
    ce = cohort("CE")
    for i in range(rows):
        EnrollmentFactory(
            cohort=ce, educator=EducatorFactory(district_as_written=f"District {i % 4}")
        )
    with django_assert_num_queries(11):
        response = signed_in_lac.get(reverse("intake:payment-list"))
    assert len(response.context["page_obj"]) == min(rows, 25)
