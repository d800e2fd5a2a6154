"""The enrolment invariants hold in the database, whatever writes to it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apl.quarters import Quarter
from enrollment.models import Cohort, Enrollment, Intent
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

pytestmark = pytest.mark.django_db


def test_one_enrolment_per_educator_per_cohort():
    enrollment = EnrollmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(educator=enrollment.educator, cohort=enrollment.cohort)


@pytest.mark.parametrize("score", [Decimal("-0.01"), Decimal("100.01")])
def test_score_outside_0_to_100_is_refused(score):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(score=score)


def test_passed_needs_85_or_more():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(status="passed", score=Decimal("84.99"))
    assert EnrollmentFactory(status="passed", score=Decimal("85")).status == "passed"
    assert EnrollmentFactory(status="passed", score=None).score is None


def test_not_passed_cannot_carry_a_passing_score():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(status="not_passed", score=Decimal("85"))


def test_unknown_status_or_payment_state_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(status="graduated")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(payment_state="card")


def test_full_clean_explains_a_bad_score_next_to_the_field():
    enrollment = EnrollmentFactory.build(
        educator=EducatorFactory(), cohort=CohortFactory(), score=Decimal("101")
    )
    with pytest.raises(ValidationError) as caught:
        enrollment.full_clean()
    assert "score" in caught.value.message_dict
    assert "less than or equal to 100" in caught.value.message_dict["score"][0]


def test_one_cohort_per_micro_credential_per_quarter():
    CohortFactory(micro_credential=micro_credential("AL"), quarter=Quarter.parse("Q2/24"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.create(
            micro_credential=micro_credential("AL"), quarter=Quarter.parse("Q2/24")
        )


def test_resubmission_window_is_3_to_5_days():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(resubmission_window_days=6)
    cohort = CohortFactory(micro_credential=micro_credential("FE"), resubmission_window_days=None)
    assert cohort.window_days == micro_credential("FE").resubmission_window_days


def test_cohort_quarter_is_stored_and_read_as_a_quarter():
    CohortFactory(micro_credential=micro_credential("MLSS"), quarter=Quarter.parse("Q2/23"))
    cohort = Cohort.objects.get(micro_credential__code="MLSS")
    assert cohort.quarter == Quarter.parse("Q2/23")
    assert Cohort.objects.filter(quarter__lt=Quarter.parse("Q3/23")).count() == 1


def test_only_one_open_intent_per_programme_but_a_declined_one_may_be_followed():
    educator = EducatorFactory()
    from tests.factories import IntentFactory

    first = IntentFactory(educator=educator)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntentFactory(educator=educator)
    first.status = Intent.Status.DECLINED
    first.save()
    assert IntentFactory(educator=educator).status == Intent.Status.PENDING


def test_enrolment_changes_are_kept_in_the_history():
    enrollment = EnrollmentFactory()
    enrollment.status = "passed"
    enrollment.score = Decimal("91")
    enrollment.save()
    enrollment.payment_state = "waived"
    enrollment.save()
    history = list(enrollment.history.order_by("history_date"))
    assert [h.status for h in history] == ["enrolled", "passed", "passed"]
    assert history[-1].payment_state == "waived"
    delta = history[-1].diff_against(history[-2])
    assert [change.field for change in delta.changes] == ["payment_state"]


def test_a_cohort_with_a_quarter_passes_full_clean():
    cohort = CohortFactory.build(
        micro_credential=micro_credential("CLRI"), quarter=Quarter.parse("Q1/24")
    )
    cohort.full_clean()
    assert cohort.quarter.label == "Q1/24"
