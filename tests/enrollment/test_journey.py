"""Enrolment in the next micro-credential, the survey that opens it, withdrawal, skipping."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrollment import services
from enrollment.models import Enrollment, Intent, SurveyAnswer, SurveyResponse
from tests.factories import EducatorFactory, EnrollmentFactory, micro_credential
from tests.factories.journey import (
    cohort,
    passed,
    ready_educator,
    small_and_large_histories,
    survey_done,
)

pytestmark = pytest.mark.django_db

ENROL = "/enrolment/apl-i-ii/enrol/"


def at(day: dt.date):
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_default_timezone())
    return time_machine.travel(moment, tick=False)


def test_no_enrolment_before_the_intent_is_accepted(client, in_q3_24):
    profile = EducatorFactory()
    Intent.objects.create(
        educator=profile, programme=micro_credential("CE").programme, submitted_on=dt.date.today()
    )
    cohort("CE", "Q3/24")
    client.force_login(profile.user)
    response = client.post(ENROL, {"micro_credential": micro_credential("CE").pk})
    assert response.status_code == 200
    assert "waiting for the Licensure Advancement Coordinator" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_enrolment_takes_a_seat_in_this_quarters_cohort_and_emails_the_dates(
    client, in_q3_24, commit
):
    profile = ready_educator()
    ce = cohort("CE", "Q3/24", capacity=30)
    client.force_login(profile.user)
    page = client.get(ENROL)
    assert page.context["form"].initial["micro_credential"] == ce.micro_credential.pk
    with commit(execute=True):
        response = client.post(ENROL, {"micro_credential": ce.micro_credential.pk})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(educator=profile)
    assert enrollment.cohort == ce
    assert enrollment.status == "enrolled"
    [message] = [m for m in mail.outbox if "enrolled" in m.subject]
    assert "January 1, 2024 to March 31, 2024" in message.body


def test_double_submission_creates_one_enrolment(client, in_q3_24):
    profile = ready_educator()
    ce = cohort("CE", "Q3/24")
    client.force_login(profile.user)
    client.post(ENROL, {"micro_credential": ce.micro_credential.pk})
    second = client.post(ENROL, {"micro_credential": ce.micro_credential.pk})
    assert second.status_code == 200
    assert Enrollment.objects.filter(educator=profile).count() == 1


def test_enrolment_ignores_extra_fields(client, in_q3_24, other_educator):
    profile = ready_educator()
    ce = cohort("CE", "Q3/24")
    client.force_login(profile.user)
    client.post(
        ENROL,
        {
            "micro_credential": ce.micro_credential.pk,
            "status": "passed",
            "score": "100",
            "educator": other_educator.educator_profile.pk,
            "payment_state": "waived",
        },
    )
    enrollment = Enrollment.objects.get()
    assert (enrollment.educator, enrollment.status, enrollment.score) == (profile, "enrolled", None)
    assert enrollment.payment_state == "unpaid"


def test_a_full_cohort_says_when_the_next_one_opens(client, in_q3_24):
    profile = ready_educator()
    full = cohort("CE", "Q3/24", capacity=1)
    EnrollmentFactory(cohort=full)
    cohort("CE", "Q4/24")
    with pytest.raises(ValidationError) as refused:
        services.enrollment_enrol_next(educator=profile, micro_credential=micro_credential("CE"))
    assert "The next cohort opens in Q4/24, on April 1, 2024." in refused.value.messages[0]
    client.force_login(profile.user)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "The next cohort opens in Q4/24, on April 1, 2024." in page
    assert "skip a quarter" in page


def test_passing_and_the_survey_open_the_next_micro_credential(client, in_q3_24, commit):
    profile = ready_educator()
    ce = EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24"))
    cohort("AL", "Q3/24")
    client.force_login(profile.user)
    passed(ce, 92)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "Passed with 92%" in page
    assert reverse("enrollment:survey", args=[ce.pk]) in page
    assert f"{ENROL}?micro_credential=" not in page  # no enrolment link before the survey
    with pytest.raises(ValidationError):
        services.enrollment_enrol_next(educator=profile, micro_credential=micro_credential("AL"))
    form = client.get(reverse("enrollment:survey", args=[ce.pk])).context["form"]
    data = {name: "4" for name, field in form.fields.items() if hasattr(field, "coerce")}
    data.update({name: "More examples." for name in form.fields if name not in data})
    with commit(execute=True):
        response = client.post(reverse("enrollment:survey", args=[ce.pk]), data)
    assert response.status_code == 302
    assert SurveyAnswer.objects.filter(response__enrollment=ce).count() == len(form.fields)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert f"{ENROL}?micro_credential={micro_credential('AL').pk}" in page
    assert any("next micro-credential is open" in m.subject for m in mail.outbox)


def test_the_survey_is_sent_once(in_q3_24):
    profile = ready_educator()
    ce = passed(EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24")))
    survey_done(ce)
    with pytest.raises(ValidationError):
        survey_done(ce)
    assert SurveyResponse.objects.filter(enrollment=ce).count() == 1


def test_optional_notice_is_not_sent_when_turned_off(in_q3_24, commit):
    profile = ready_educator()
    profile.user.email_optional_notices = False
    profile.user.save()
    ce = passed(EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24")))
    with commit(execute=True):
        survey_done(ce)
    assert not any("next micro-credential" in m.subject for m in mail.outbox)


def test_survey_answers_need_a_passed_micro_credential(client, in_q3_24):
    profile = ready_educator()
    ce = EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24"))
    client.force_login(profile.user)
    response = client.post(reverse("enrollment:survey", args=[ce.pk]), {})
    assert "opens once you pass" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_withdrawal_asks_first_then_allows_a_later_cohort(client, commit):
    profile = ready_educator()
    with at(dt.date(2024, 2, 1)):
        ce = EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24"))
        client.force_login(profile.user)
        url = reverse("enrollment:withdraw", args=[ce.pk])
        assert "Withdraw from Classroom Environment?" in client.get(url).content.decode()
        assert client.post(url).status_code == 302
        ce.refresh_from_db()
        assert ce.status == "withdrawn"
        with pytest.raises(ValidationError):  # not the same cohort again
            services.enrollment_enrol_next(
                educator=profile, micro_credential=micro_credential("CE")
            )
    cohort("CE", "Q4/24")
    with at(dt.date(2024, 4, 10)):
        again = services.enrollment_enrol_next(
            educator=profile, micro_credential=micro_credential("CE")
        )
    assert again.cohort.quarter.label == "Q4/24"


def test_skipping_quarters_loses_nothing(client):
    profile = ready_educator()
    with at(dt.date(2023, 8, 1)):
        ce = EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q1/24"))
        passed(ce)
        survey_done(ce)
    # Q2/24 and Q3/24 skipped; resumes in Q4/24 with Assessment Literacy.
    cohort("AL", "Q4/24")
    with at(dt.date(2024, 4, 2)):
        nxt = services.enrollment_enrol_next(
            educator=profile, micro_credential=micro_credential("AL")
        )
        client.force_login(profile.user)
        page = client.get(reverse("enrollment:pathway")).content.decode()
    assert nxt.cohort.quarter.label == "Q4/24"
    assert "Passed with 92%" in page
    assert "Enrolled in Q4/24" in page


def test_electives_list_only_those_offered_by_then(client):
    profile = ready_educator(level=2, programme_name="APL II-III")
    client.force_login(profile.user)
    url = reverse("enrollment:electives", args=["apl-ii-iii"])
    with at(dt.date(2024, 7, 1)):
        names = {
            mc.code for mc in client.get(url).context["form"].fields["micro_credentials"].queryset
        }
    assert names == {"RP", "VDC", "ESL", "MCT"}
    with at(dt.date(2024, 7, 8)):
        names = {
            mc.code for mc in client.get(url).context["form"].fields["micro_credentials"].queryset
        }
    assert names == {"RP", "VDC", "ESL", "MCT", "TIC"}
    with at(dt.date(2024, 10, 1)):
        names = {
            mc.code for mc in client.get(url).context["form"].fields["micro_credentials"].queryset
        }
    assert "BSCIT" in names


def test_at_most_two_electives_and_they_show_on_the_pathway(client):
    profile = ready_educator(level=2, programme_name="APL II-III")
    client.force_login(profile.user)
    url = reverse("enrollment:electives", args=["apl-ii-iii"])
    pks = [micro_credential(c).pk for c in ("RP", "VDC", "ESL")]
    with at(dt.date(2024, 3, 1)):
        response = client.post(url, {"micro_credentials": pks, "seen": ""})
        assert response.status_code == 200
        assert "at most 2" in response.context["form"].errors["micro_credentials"][0]
        response = client.post(url, {"micro_credentials": pks[:2], "seen": ""})
        assert response.status_code == 302
        page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "Restorative Practices (Elective)" in page
    assert "Vocabulary Development through Cognates (Elective)" in page
    assert "Engaging Students" not in page


def test_a_stale_electives_form_answers_409_and_keeps_the_current_choice(client):
    profile = ready_educator(level=2, programme_name="APL II-III")
    client.force_login(profile.user)
    url = reverse("enrollment:electives", args=["apl-ii-iii"])
    rp, vdc, esl, mct = (micro_credential(c).pk for c in ("RP", "VDC", "ESL", "MCT"))
    with at(dt.date(2024, 3, 1)):
        client.post(url, {"micro_credentials": [rp, vdc], "seen": ""})
        stale = client.post(url, {"micro_credentials": [esl, mct], "seen": ""})
    assert stale.status_code == 409
    chosen = set(profile.elective_choices.values_list("micro_credential_id", flat=True))
    assert chosen == {rp, vdc}


def test_an_elective_already_taken_cannot_be_dropped():
    profile = ready_educator(level=2, programme_name="APL II-III")
    rp, vdc, esl = (micro_credential(c) for c in ("RP", "VDC", "ESL"))
    with at(dt.date(2024, 3, 1)):
        services.elective_choices_set(
            educator=profile, programme=rp.programme, micro_credentials=[rp, vdc]
        )
        EnrollmentFactory(educator=profile, cohort=cohort("RP", "Q3/24"))
        with pytest.raises(ValidationError):
            services.elective_choices_set(
                educator=profile, programme=rp.programme, micro_credentials=[vdc, esl]
            )


def test_pathway_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    small = ready_educator()
    large = ready_educator()
    with at(dt.date(2024, 5, 1)):
        small_and_large_histories(small, large)
        counts = []
        for profile in (small, large):
            client.force_login(profile.user)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("enrollment:pathway")).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1], counts
        with django_assert_max_num_queries(counts[1]):
            client.get(reverse("enrollment:pathway"))


def test_home_page_shows_the_pathway_summary_and_next_step(client, in_q3_24):
    profile = ready_educator()
    cohort("CE", "Q3/24")
    client.force_login(profile.user)
    page = client.get("/").content.decode()
    assert "Your next step" in page
    assert "Enroll in your next micro-credential for Q3/24." in page
    assert "Classroom Environment: Not started" in page


def test_apl_ii_iii_goes_through_the_required_ones_then_the_chosen_electives(in_q3_24):
    profile = ready_educator(level=2, programme_name="APL II-III")
    rp, vdc = micro_credential("RP"), micro_credential("VDC")
    for code in ("SEL", "NMEA", "RP", "VDC", "ESL"):
        cohort(code, "Q3/24")
    with pytest.raises(ValidationError):  # an elective not chosen is not next
        services.enrollment_enrol_next(educator=profile, micro_credential=rp)
    sel = services.enrollment_enrol_next(educator=profile, micro_credential=micro_credential("SEL"))
    passed(sel)
    survey_done(sel)
    services.elective_choices_set(
        educator=profile, programme=rp.programme, micro_credentials=[rp, vdc]
    )
    with pytest.raises(ValidationError):
        services.enrollment_enrol_next(educator=profile, micro_credential=micro_credential("ESL"))
    enrolled = services.enrollment_enrol_next(educator=profile, micro_credential=vdc)
    assert enrolled.cohort.micro_credential == vdc


def test_the_apl_ii_iii_pathway_lists_electives_still_to_choose(client, in_q3_24):
    profile = ready_educator(level=2, programme_name="APL II-III")
    client.force_login(profile.user)
    page = client.get(reverse("enrollment:pathway")).content.decode()
    assert "Social Emotional Learning" in page and "New Mexico Education Acts" in page
    assert page.count("(not chosen yet)") == 2
    assert reverse("enrollment:electives", args=["apl-ii-iii"]) in page


def test_withdrawal_is_audited_and_refuses_a_post_without_csrf_token(in_q3_24):
    from django.test import Client

    from audit.models import AuditEvent

    profile = ready_educator()
    ce = EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(profile.user)
    url = reverse("enrollment:withdraw", args=[ce.pk])
    assert strict.post(url).status_code == 403
    ce.refresh_from_db()
    assert ce.status == "enrolled"
    services.enrollment_withdraw_own(enrollment=ce, by=profile.user)
    assert (
        AuditEvent.objects.filter(action="enrollment.withdrawn", target_id=str(ce.pk)).count() == 1
    )


def test_another_educators_survey_is_not_found(client, in_q3_24, other_educator):
    profile = ready_educator()
    ce = passed(EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q3/24")))
    survey_done(ce)
    client.force_login(other_educator)
    assert client.get(reverse("enrollment:survey", args=[ce.pk])).status_code == 404
