"""Records for today's demo accounts, written through the same services the pages use.

The historical data (apl/demo/history.py) ends with PED's published quarters; these
records give each demo account something to do now: an educator with mastery tasks
to finish, another whose submission waits in the facilitator's caseload after passing
Classroom Environment last quarter (with its credential), and cohorts for this quarter.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from enrollment.models import Cohort, Enrollment, Intent
from enrollment.services import enrollment_create, enrollment_set_outcome


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _cohort(code: str, quarter: Quarter, *, scorer: User, lead: User) -> Cohort:
    # get_or_create is backed by the one-cohort-per-quarter unique constraint.
    cohort, _ = Cohort.objects.get_or_create(
        micro_credential=MicroCredential.objects.get(code=code), quarter=quarter
    )
    cohort.facilitators.add(scorer)
    if cohort.lead_facilitator_id is None:
        cohort.lead_facilitator = lead
        cohort.save(update_fields=["lead_facilitator"])
    return cohort


def _accepted_intent(user: User, programme: Programme, lac: User) -> None:
    profile = user.educator_profile
    if not Intent.objects.filter(educator=profile, programme=programme).exists():
        Intent.objects.create(
            educator=profile,
            programme=programme,
            submitted_on=timezone.localdate(),
            status=Intent.Status.ACCEPTED,
            decided_at=timezone.now(),
            decided_by=lac,
        )


def _enrol(user: User, cohort: Cohort, facilitator: User) -> Enrollment:
    existing = Enrollment.objects.filter(educator=user.educator_profile, cohort=cohort).first()
    return existing or enrollment_create(
        educator=user.educator_profile,
        cohort=cohort,
        facilitator=facilitator,
        payment_state=Enrollment.Payment.DISTRICT_PAID,
    )


def _submit_mastery_tasks(enrollment: Enrollment, educator: User) -> None:
    from grading.models import Submission
    from grading.services import attempt_submit, response_save, rubric_for_cohort

    if Submission.objects.filter(
        enrollment=enrollment, attempts__submitted_at__isnull=False
    ).exists():
        return
    for task in rubric_for_cohort(cohort=enrollment.cohort).tasks.all():
        response_save(
            enrollment=enrollment,
            task=task,
            text=f"<p>My response to “{task.title}”: what I planned, what happened with my "
            "students, the evidence I collected and what I would change next time.</p>",
            by=educator,
        )
    attempt_submit(enrollment=enrollment, by=educator)


def _answer_survey(enrollment: Enrollment, educator: User) -> None:
    from enrollment.models import SurveyResponse
    from enrollment.survey_services import survey_questions_for, survey_submit

    if SurveyResponse.objects.filter(enrollment=enrollment).exists():
        return
    answers = {
        q.pk: 4 if q.is_likert else "The classroom walk-throughs were the most useful part."
        for q in survey_questions_for(enrollment.micro_credential)
    }
    survey_submit(enrollment=enrollment, answers=answers, by=educator)


@transaction.atomic
def load_current(*, stdout) -> None:
    """Create today's records for the demo accounts (safe to run twice)."""
    now = Quarter.containing(timezone.localdate())
    lac, lead = _user("lac@apl.example"), _user("lead@apl.example")
    facilitator, reviewer = _user("facilitator@apl.example"), _user("reviewer@apl.example")
    educator, educator2 = _user("educator@apl.example"), _user("educator2@apl.example")
    apl_i_ii = Programme.objects.get(name="APL I-II")

    for user in (educator, educator2):
        _accepted_intent(user, apl_i_ii, lac)
    _cohort("SEL", now, scorer=reviewer, lead=lead)
    current_ce = _cohort("CE", now, scorer=facilitator, lead=lead)
    current_al = _cohort("AL", now, scorer=facilitator, lead=lead)
    last_ce = _cohort("CE", now.previous(), scorer=facilitator, lead=lead)

    _enrol(educator, current_ce, facilitator)

    passed = _enrol(educator2, last_ce, facilitator)
    if passed.status != Enrollment.Status.PASSED:
        enrollment_set_outcome(
            enrollment=passed,
            status=Enrollment.Status.PASSED,
            score=Decimal("92"),
            by=facilitator,
            reason="demo: passed last quarter",
        )
    _answer_survey(passed, educator2)
    _submit_mastery_tasks(_enrol(educator2, current_al, facilitator), educator2)
    stdout.write(f"Demo accounts have cohorts and work in {now} (this quarter).")
