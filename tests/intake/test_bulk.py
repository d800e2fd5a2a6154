"""Bulk actions over every row a filter matches (sent as the filter, confirmed with its
count), and the check before "Accept selected and enroll" that names missing cohorts."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from enrollment.models import Enrollment, Intent
from tests.factories import EducatorFactory, EnrollmentFactory, IntentFactory, UserFactory
from tests.intake.conftest import Q4_24, cohort, passed

pytestmark = pytest.mark.django_db

PAYMENTS = reverse("intake:payment-list")
UPDATE = reverse("intake:payment-update")
BULK = reverse("intake:intent-bulk-accept")


def _taos_and_gallup(n_taos=30, n_gallup=3):
    ce = cohort("CE")
    for n, district in ((n_taos, "Taos"), (n_gallup, "Gallup")):
        for _ in range(n):
            EnrollmentFactory(cohort=ce, educator=EducatorFactory(district_as_written=district))


def test_the_fees_list_offers_every_matching_row_with_its_count(signed_in_lac):
    _taos_and_gallup()
    page = signed_in_lac.get(PAYMENTS, {"district": "Taos"}).text
    assert "Select all 30 matching" in page
    assert 'name="filter" value="district=Taos"' in page


def test_all_matching_goes_to_a_confirmation_stating_count_and_action(signed_in_lac):
    _taos_and_gallup()
    response = signed_in_lac.post(
        UPDATE,
        {"scope": "matching", "filter": "district=Taos", "payment_state": "district_paid"},
    )
    assert response.status_code == 200
    page = response.text
    assert "Record “District paid” for 30 enrollments?" in page
    assert "District: Taos" in page
    assert 'name="expected" value="30"' in page
    assert not Enrollment.objects.filter(payment_state="district_paid").exists()


def test_confirming_applies_to_the_filter_re_evaluated_in_one_audited_batch(signed_in_lac, lac):
    _taos_and_gallup()
    response = signed_in_lac.post(
        UPDATE,
        {
            "scope": "matching",
            "filter": "district=Taos",
            "payment_state": "district_paid",
            "expected": "30",
            "confirmed": "on",
            "next": "?district=Taos",
        },
    )
    assert response.status_code == 302 and response.url.endswith("?district=Taos")
    paid = Enrollment.objects.filter(payment_state="district_paid")
    assert paid.count() == 30
    assert set(paid.values_list("educator__district_as_written", flat=True)) == {"Taos"}
    event = AuditEvent.objects.get(action="enrollment.payment_bulk")
    assert event.actor == lac and event.detail["changed"] == 30
    assert event.detail["matching"] == "district=Taos"


def test_a_count_that_changed_since_confirmation_is_shown_again_not_applied(signed_in_lac):
    _taos_and_gallup()
    response = signed_in_lac.post(
        UPDATE,
        {
            "scope": "matching",
            "filter": "district=Taos",
            "payment_state": "waived",
            "expected": "29",
            "confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert "29 then, 30 now" in response.text
    assert not Enrollment.objects.filter(payment_state="waived").exists()


def test_the_liaison_cannot_apply_a_batch(client, liaison):
    _taos_and_gallup()
    client.force_login(liaison)
    response = client.post(
        UPDATE,
        {"scope": "matching", "filter": "", "payment_state": "paid", "confirmed": "on"},
    )
    assert response.status_code == 403
    assert not Enrollment.objects.filter(payment_state="paid").exists()


def test_the_check_lists_missing_cohorts_and_enrolls_nobody(signed_in_lac):
    fresh = IntentFactory()
    returning = IntentFactory()
    passed(returning.educator, "CE")
    response = signed_in_lac.post(
        BULK, {"intents": [fresh.pk, returning.pk], "quarter": Q4_24.label}
    )
    assert response.status_code == 200
    page = response.text
    assert "Cohorts missing in Q4/24" in page
    assert "Classroom Environment (CE)" in page and "Assessment Literacy (AL)" in page
    assert "Open these 2 cohorts in Q4/24" in page
    assert "Nobody in this batch can be enrolled" in page
    assert not Enrollment.objects.filter(cohort__quarter=Q4_24).exists()
    fresh.refresh_from_db()
    assert fresh.status == Intent.Status.PENDING
    check = response.context["check"]
    link = reverse("intake:cohort-create") + f"?quarter={Q4_24}"
    assert link in page
    for mc in check.missing:
        assert f"micro_credentials={mc.micro_credential.pk}" in page


def test_opening_the_missing_cohorts_arrives_with_them_ticked(signed_in_lac):
    from tests.factories import micro_credential

    ce, al = micro_credential("CE"), micro_credential("AL")
    response = signed_in_lac.get(
        reverse("intake:cohort-create"),
        {"quarter": Q4_24.label, "micro_credentials": [ce.pk, al.pk]},
    )
    assert set(response.context["form"]["micro_credentials"].value()) == {ce.pk, al.pk}
    assert 'data-select-all="micro_credentials"' in response.text


def test_the_check_counts_full_cohorts_and_those_ready(signed_in_lac):
    cohort("CE", capacity=1)
    intents = [IntentFactory() for _ in range(3)]
    response = signed_in_lac.post(BULK, {"intents": [i.pk for i in intents], "quarter": "Q4/24"})
    check = response.context["check"]
    assert (check.total, check.ready, check.full_educators) == (3, 1, 2)
    assert "Enroll the 1 who can be; leave the other 2 as they are" in response.text


def test_every_matching_intent_is_checked_then_enrolled_once_confirmed(signed_in_lac, lac):
    cohort("CE")
    taos = [IntentFactory(educator=EducatorFactory(district_as_written="Taos")) for _ in range(4)]
    IntentFactory(educator=EducatorFactory(district_as_written="Gallup"))
    first = signed_in_lac.post(
        BULK, {"scope": "matching", "filter": "district=Taos", "quarter": "Q4/24"}
    )
    assert first.context["check"].total == 4
    assert 'name="expected" value="4"' in first.text
    assert not Enrollment.objects.exists()
    done = signed_in_lac.post(
        BULK,
        {
            "scope": "matching",
            "filter": "district=Taos",
            "quarter": "Q4/24",
            "expected": "4",
            "confirmed": "on",
        },
    )
    assert "4 educators enrolled" in done.text
    assert {e.educator_id for e in Enrollment.objects.all()} == {i.educator_id for i in taos}
    event = AuditEvent.objects.get(action="intent.bulk_accepted")
    assert event.actor == lac and event.detail["matching"] == "district=Taos"


def test_the_intents_queue_offers_every_matching_intent(signed_in_lac):
    for _ in range(30):
        IntentFactory()
    page = signed_in_lac.get(reverse("intake:intent-list")).text
    assert "Select all 30 matching" in page


def test_the_team_picker_shows_each_facilitators_caseload_and_a_search(signed_in_lac):
    from accounts.roles import Role

    ce = cohort("CE")
    busy = UserFactory(first_name="Busy", last_name="Scorer", roles=[Role.FACILITATOR])
    UserFactory(first_name="Idle", last_name="Scorer", roles=[Role.FACILITATOR])
    EnrollmentFactory.create_batch(3, cohort=ce, facilitator=busy)
    page = signed_in_lac.get(reverse("intake:cohort-detail", args=[ce.pk])).text
    assert "caseload 3 educators now" in page
    assert "caseload 0 educators now" in page
    assert 'id="team-search"' in page


# A NUL byte is refused by the shared filter form with 400 (apl.forms); a value that does
# not validate goes back to the list with its message.
@pytest.mark.parametrize(
    ("bad", "status"), [("q=%00", 400), ("quarter=Q9/24", 302), ("district=Nowhere", 302)]
)
def test_a_filter_that_does_not_validate_is_refused_not_widened(signed_in_lac, bad, status):
    _taos_and_gallup()
    response = signed_in_lac.post(
        UPDATE,
        {
            "scope": "matching",
            "filter": bad,
            "payment_state": "waived",
            "expected": "33",
            "confirmed": "on",
        },
    )
    assert response.status_code == status
    assert not Enrollment.objects.filter(payment_state="waived").exists()


@pytest.mark.parametrize(
    ("bad", "status"), [("q=%00", 400), ("level=7", 302), ("district=Nowhere", 302)]
)
def test_an_intent_filter_that_does_not_validate_is_refused(signed_in_lac, bad, status):
    IntentFactory()
    response = signed_in_lac.post(BULK, {"scope": "matching", "filter": bad, "quarter": "Q4/24"})
    assert response.status_code == status
