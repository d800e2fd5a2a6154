"""The intents queue: filters, history at a glance, accept, decline, bulk enrolment."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from apl.quarters import Quarter
from audit.models import AuditEvent
from enrollment.models import Enrollment, Intent
from tests.factories import EducatorFactory, EnrollmentFactory, IntentFactory, programme
from tests.intake.conftest import Q4_24, cohort, passed

pytestmark = pytest.mark.django_db


def _accept(client, intent, **data):
    return client.post(reverse("intake:intent-accept", args=[intent.pk]), data)


def _decline(client, intent, **data):
    return client.post(reverse("intake:intent-decline", args=[intent.pk]), data)


def _bulk(client, intents, quarter=Q4_24):
    """Accept and enroll, past the check page (its own tests are in test_bulk.py)."""
    return client.post(
        reverse("intake:intent-bulk-accept"),
        {"intents": [i.pk for i in intents], "quarter": quarter.label, "confirmed": "on"},
    )


def test_accepting_an_intent_records_who_and_emails_the_educator(
    signed_in_lac, lac, django_capture_on_commit_callbacks
):
    intent = IntentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(signed_in_lac, intent, reason="Welcome aboard.")
    assert response.status_code == 302
    intent.refresh_from_db()
    assert intent.status == Intent.Status.ACCEPTED
    assert intent.decided_by == lac
    assert intent.decided_at is not None
    assert [m.to for m in mail.outbox] == [[intent.educator.user.email]]
    assert "accepted" in mail.outbox[0].subject
    assert "Welcome aboard." in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action="intent.accepted", actor=lac, target_id=str(intent.pk)
    ).exists()


def test_declining_without_a_reason_is_refused(signed_in_lac):
    intent = IntentFactory()
    response = _decline(signed_in_lac, intent, reason="   ")
    assert response.status_code == 400
    assert "This field is required" in response.text
    intent.refresh_from_db()
    assert intent.status == Intent.Status.PENDING


def test_declining_tells_the_educator_the_reason(
    signed_in_lac, lac, django_capture_on_commit_callbacks
):
    intent = IntentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _decline(signed_in_lac, intent, reason="You hold a Level 3 license already.")
    assert response.status_code == 302
    intent.refresh_from_db()
    assert intent.status == Intent.Status.DECLINED
    assert intent.decision_reason == "You hold a Level 3 license already."
    assert "You hold a Level 3 license already." in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="intent.declined", target_id=str(intent.pk)).exists()


def test_a_decided_intent_cannot_be_decided_again(signed_in_lac):
    intent = IntentFactory(status=Intent.Status.DECLINED, decision_reason="No.")
    response = _accept(signed_in_lac, intent)
    assert response.status_code == 400
    assert "already declined" in response.text
    intent.refresh_from_db()
    assert intent.status == Intent.Status.DECLINED


def test_extra_fields_on_a_decision_are_ignored(signed_in_lac, other_educator):
    intent = IntentFactory()
    _accept(
        signed_in_lac,
        intent,
        status="declined",
        educator=other_educator.educator_profile.pk,
        decided_by=other_educator.pk,
    )
    intent.refresh_from_db()
    assert intent.status == Intent.Status.ACCEPTED
    assert intent.educator.user != other_educator
    assert intent.decided_by != other_educator


def test_bulk_accept_enrols_each_in_their_first_micro_credential_not_passed(
    signed_in_lac, django_capture_on_commit_callbacks
):
    fresh = IntentFactory()
    returning = IntentFactory()
    passed(returning.educator, "CE")
    ce, al = cohort("CE"), cohort("AL")
    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(signed_in_lac, [fresh, returning])
    assert response.status_code == 200
    assert Enrollment.objects.get(educator=fresh.educator, cohort__quarter=Q4_24).cohort == ce
    assert Enrollment.objects.get(educator=returning.educator, cohort__quarter=Q4_24).cohort == al
    for intent in (fresh, returning):
        intent.refresh_from_db()
        assert intent.status == Intent.Status.ACCEPTED
    assert "2 educators enrolled" in response.text
    assert len(mail.outbox) == 2
    assert any("Assessment Literacy (Q4/24)" in m.subject for m in mail.outbox)
    event = AuditEvent.objects.get(action="intent.bulk_accepted")
    assert sorted(event.detail["accepted"]) == sorted([fresh.pk, returning.pk])


def test_bulk_accept_reports_a_full_cohort_and_leaves_that_educator_untouched(signed_in_lac):
    full = cohort("CE", capacity=1)
    EnrollmentFactory(cohort=full)
    refused = IntentFactory()
    other = IntentFactory()
    passed(other.educator, "CE")
    cohort("AL")
    response = _bulk(signed_in_lac, [refused, other])
    assert response.status_code == 200
    assert "is full" in response.text
    assert "1 could not be enrolled" in response.text
    refused.refresh_from_db()
    assert refused.status == Intent.Status.PENDING
    assert not Enrollment.objects.filter(educator=refused.educator).exists()
    assert Enrollment.objects.filter(educator=other.educator, cohort__quarter=Q4_24).exists()


def test_bulk_accept_reports_a_missing_cohort(signed_in_lac):
    intent = IntentFactory()
    response = _bulk(signed_in_lac, [intent])
    assert "There is no Classroom Environment cohort in Q4/24." in response.text
    intent.refresh_from_db()
    assert intent.status == Intent.Status.PENDING


def test_bulk_accept_refuses_an_educator_still_taking_a_micro_credential(signed_in_lac):
    intent = IntentFactory()
    EnrollmentFactory(educator=intent.educator, cohort=cohort("CE"))
    cohort("AL")
    response = _bulk(signed_in_lac, [intent])
    assert "Still taking Classroom Environment Q4/24." in response.text


def test_bulk_accept_into_a_quarter_out_of_range_is_refused(signed_in_lac):
    intent = IntentFactory()
    response = signed_in_lac.post(
        reverse("intake:intent-bulk-accept"), {"intents": [intent.pk], "quarter": "Q1/30"}
    )
    assert response.status_code == 302
    intent.refresh_from_db()
    assert intent.status == Intent.Status.PENDING


def test_queue_filters_by_programme_district_level_date_and_name(signed_in_lac):
    match = IntentFactory(
        educator=EducatorFactory(
            district_as_written="Gallup-McKinley", license_level=2, user__last_name="Yazzie"
        ),
        programme=programme("APL II-III"),
        submitted_on=dt.date(2023, 12, 1),
    )
    IntentFactory(submitted_on=dt.date(2023, 12, 1))
    IntentFactory(
        educator=EducatorFactory(district_as_written="Gallup-McKinley", license_level=2),
        programme=programme("APL II-III"),
        submitted_on=dt.date(2023, 6, 1),
    )
    response = signed_in_lac.get(
        reverse("intake:intent-list"),
        {
            "programme": programme("APL II-III").pk,
            "district": "Gallup-McKinley",
            "level": 2,
            "submitted_from": "2023-11-01",
            "q": "yazz",
        },
    )
    assert list(response.context["page_obj"]) == [match]


def test_queue_shows_pending_by_default_with_each_educators_history(signed_in_lac):
    intent = IntentFactory()
    passed(intent.educator, "CE")
    IntentFactory(status=Intent.Status.DECLINED, decision_reason="no")
    response = signed_in_lac.get(reverse("intake:intent-list"))
    assert list(response.context["page_obj"]) == [intent]
    assert "CE Q3/24: Passed (90%)" in response.text


def test_queue_sorts_by_a_whitelisted_column_only(signed_in_lac):
    a = IntentFactory(educator=EducatorFactory(user__last_name="Aragon"))
    b = IntentFactory(educator=EducatorFactory(user__last_name="Baca"))
    url = reverse("intake:intent-list")
    assert list(signed_in_lac.get(url, {"sort": "-name"}).context["page_obj"]) == [b, a]
    assert list(signed_in_lac.get(url, {"sort": "name"}).context["page_obj"]) == [a, b]
    response = signed_in_lac.get(url, {"sort": "educator__user__password"})
    assert response.status_code == 200
    assert response.context["sort"] == "submitted"


@pytest.mark.parametrize("rows", [5, 30])
def test_queue_queries_do_not_grow_with_rows(signed_in_lac, django_assert_num_queries, rows):
    for _ in range(rows):
        intent = IntentFactory()
        passed(intent.educator, "CE")
    # Session with every version; user, access; the districts and programmes of the
    # filters; the count, the page, and the page's educators' intents and enrolments (plain
    # values, two queries); and this first visit's write of the session's idle deadline
    # (three statements).
    with django_assert_num_queries(12):
        response = signed_in_lac.get(reverse("intake:intent-list"))
    assert response.text.count('data-label="History"') == min(rows, 25)


def test_liaison_reads_the_queue_without_decision_buttons(client, liaison):
    IntentFactory()
    client.force_login(liaison)
    response = client.get(reverse("intake:intent-list"))
    assert response.status_code == 200
    assert "Accept selected" not in response.text
    assert 'name="intents"' not in response.text


def test_quarter_choices_follow_the_calendar_not_the_server_start():
    import time_machine
    from django.contrib.auth.models import AnonymousUser

    from intake.forms import BulkAcceptForm

    form = BulkAcceptForm(user=AnonymousUser())  # built before the date moves on
    with time_machine.travel(dt.date(2025, 8, 1)):
        choices = [value for value, _ in form.fields["quarter"].choices]
    assert choices[:3] == ["Q4/25", "Q1/26", "Q2/26"]


def test_after_the_required_ones_the_chosen_elective_is_next(signed_in_lac):
    from enrollment.models import ElectiveChoice
    from tests.factories import micro_credential

    intent = IntentFactory(
        educator=EducatorFactory(license_level=2), programme=programme("APL II-III")
    )
    passed(intent.educator, "SEL")
    passed(intent.educator, "NMEA")
    cohort("TIC", Quarter.parse("Q2/25"))
    response = _bulk(signed_in_lac, [intent], Quarter.parse("Q2/25"))
    assert "no elective chosen" in response.text
    ElectiveChoice.objects.create(
        educator=intent.educator,
        programme=programme("APL II-III"),
        micro_credential=micro_credential("TIC"),
        slot=1,
    )
    response = _bulk(signed_in_lac, [intent], Quarter.parse("Q2/25"))
    assert "Enrolled in Trauma Informed Classroom Q2/25." in response.text
