"""The end-of-micro-credential survey: its questions and the educator's answers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apl.notify import email_on_commit
from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Enrollment, SurveyAnswer, SurveyQuestion, SurveyResponse


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def survey_questions_for(micro_credential: MicroCredential) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.filter(active=True).filter(
            Q(micro_credential__isnull=True) | Q(micro_credential=micro_credential)
        )
    )


@transaction.atomic
def survey_submit(
    *, enrollment: Enrollment, answers: dict[int, object], by, today: dt.date | None = None
) -> SurveyResponse:
    """Store the end-of-micro-credential survey; it opens the next enrolment."""
    from enrollment.pathway import educator_pathway

    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("educator__user", "cohort__micro_credential__programme")
        .get(pk=enrollment.pk)
    )
    if enrollment.educator.user_id != by.pk:
        raise ValidationError("Only the educator answers their survey.")
    if enrollment.status != Enrollment.Status.PASSED:
        raise ValidationError("The survey opens once you pass the micro-credential.")
    if SurveyResponse.objects.filter(enrollment=enrollment).exists():
        raise ValidationError("You have already sent this survey. Thank you!", code="duplicate")
    questions = survey_questions_for(enrollment.micro_credential)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(enrollment=enrollment)
    except IntegrityError as exc:
        raise ValidationError("You have already sent this survey.", code="duplicate") from exc
    rows = []
    for question in questions:
        value = answers.get(question.pk)
        if value in (None, ""):
            if question.required:
                raise ValidationError({f"q{question.pk}": "Answer this question."})
            continue
        answer = SurveyAnswer(response=response, question=question)
        if question.is_likert:
            answer.likert = int(value)
        else:
            answer.text = str(value).strip()
        answer.full_clean(exclude=["response"], validate_constraints=False)
        rows.append(answer)
    SurveyAnswer.objects.bulk_create(rows)
    programme = enrollment.micro_credential.programme
    pathway = educator_pathway(
        profile=enrollment.educator, programme=programme, today=_today(today)
    )
    if pathway is not None and pathway.candidates and pathway.can_enrol:
        current = Quarter.containing(_today(today))
        first = pathway.candidates[0]
        email_on_commit(
            user=enrollment.educator.user,
            subject="Your next micro-credential is open to you",
            template="email/enrollment/next_open.txt",
            context={
                "first_name": enrollment.educator.user.first_name,
                "passed": enrollment.micro_credential.name,
                "next": first.micro_credential.name,
                "when": first.when_text(current),
                "pathway_path": reverse("enrollment:pathway"),
            },
            optional=True,
        )
    return response
