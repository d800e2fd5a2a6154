"""Reads that span models, for pages and the home screen."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from enrollment.models import (
    Cohort,
    Enrollment,
    Intent,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)


def educator_home_summary(*, user) -> dict:
    """The educator's section of the home page: their pathways, or the intent forms."""
    from enrollment.pathway import educator_pathways

    profile = getattr(user, "educator_profile", None)
    return {
        "profile": profile,
        "programmes": Programme.objects.all(),
        "pathways": (
            educator_pathways(profile=profile, today=timezone.localdate()) if profile else []
        ),
    }


def programme_home_summary() -> dict:
    quarter = Quarter.containing(timezone.localdate())
    pending = Intent.objects.filter(status=Intent.Status.PENDING).count()
    cohorts = (
        Cohort.objects.filter(quarter=quarter)
        .select_related("micro_credential")
        .annotate(
            seats=Count("enrollments", filter=~Q(enrollments__status=Enrollment.Status.WITHDRAWN))
        )
    )
    return {"quarter": quarter, "pending_intents": pending, "current_cohorts": list(cohorts)}


@dataclass
class QuestionResult:
    question: SurveyQuestion
    count: int = 0
    average: float | None = None
    distribution: list[tuple[str, int, int]] = field(default_factory=list)  # label, n, %
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyGroup:
    micro_credential: MicroCredential
    quarter: Quarter
    responses: int
    questions: list[QuestionResult]
    suppressed: bool = False  # under the minimum group size: no breakdown shown


def survey_min_group() -> int:
    return max(1, settings.APL_SURVEY_MIN_GROUP)


def survey_group_sizes(*, micro_credential=None, quarter: Quarter | None = None) -> dict:
    """Responses per (micro-credential id, quarter index), in one aggregate query."""
    responses = SurveyResponse.objects.all()
    if micro_credential is not None:
        responses = responses.filter(enrollment__cohort__micro_credential=micro_credential)
    if quarter is not None:
        responses = responses.filter(enrollment__cohort__quarter=quarter)
    rows = (
        responses.values_list(
            "enrollment__cohort__micro_credential_id", "enrollment__cohort__quarter"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(mc, q.index if isinstance(q, Quarter) else q): n for mc, q, n in rows}


def survey_answers(*, micro_credential=None, quarter: Quarter | None = None):
    """Every answer in scope, with its question, micro-credential and quarter loaded."""
    answers = SurveyAnswer.objects.select_related(
        "question", "response__enrollment__cohort__micro_credential"
    ).order_by(
        "response__enrollment__cohort__micro_credential__programme__position",
        "response__enrollment__cohort__micro_credential__position",
        "response__enrollment__cohort__quarter",
        "question__position",
        "question_id",
        "response__submitted_at",
    )
    if micro_credential is not None:
        answers = answers.filter(response__enrollment__cohort__micro_credential=micro_credential)
    if quarter is not None:
        answers = answers.filter(response__enrollment__cohort__quarter=quarter)
    return answers


def survey_results(*, micro_credential=None, quarter: Quarter | None = None) -> list[SurveyGroup]:
    """Likert averages and distributions and free-text answers per micro-credential and quarter.

    Two queries whatever the number of answers; no educator is named.
    """
    groups: dict[tuple[int, int], dict] = {}
    for answer in survey_answers(micro_credential=micro_credential, quarter=quarter):
        cohort = answer.response.enrollment.cohort
        key = (cohort.micro_credential_id, cohort.quarter.index)
        group = groups.setdefault(
            key,
            {
                "mc": cohort.micro_credential,
                "quarter": cohort.quarter,
                "responses": set(),
                "questions": {},
            },
        )
        group["responses"].add(answer.response_id)
        result = group["questions"].setdefault(answer.question_id, QuestionResult(answer.question))
        if answer.likert is not None:
            result.count += 1
            result.distribution.append(answer.likert)  # folded below
        elif answer.text:
            result.count += 1
            result.texts.append(answer.text)
    out = []
    for group in groups.values():
        questions = []
        for result in group["questions"].values():
            if result.question.is_likert:
                values = result.distribution
                result.average = round(sum(values) / len(values), 2) if values else None
                result.distribution = [
                    (label, values.count(n), round(100 * values.count(n) / len(values)))
                    for n, label in SurveyQuestion.LIKERT_CHOICES
                ]
            questions.append(result)
        size = len(group["responses"])
        if size < survey_min_group():
            out.append(SurveyGroup(group["mc"], group["quarter"], size, [], suppressed=True))
        else:
            out.append(SurveyGroup(group["mc"], group["quarter"], size, questions))
    return out


@dataclass(frozen=True)
class EarnedMicroCredential:
    """A micro-credential an educator passed, once, with the day it was earned."""

    micro_credential: MicroCredential
    earned_on: dt.date
    enrollment: Enrollment

    @property
    def code(self) -> str:
        return self.micro_credential.code


def earned_micro_credentials(*, educator) -> list[EarnedMicroCredential]:
    """Each micro-credential the educator passed, once, with its ``earned_on`` date.

    Earned on the day its passing grade was posted (Mountain Time); for an imported pass
    with no grade in the system, on the last day of its cohort's quarter. Passed twice:
    the earliest pass. Sorted by earned_on, then code. One query.
    """
    return earned_micro_credentials_by_educator(educator_ids=[educator.pk]).get(educator.pk, [])


def earned_micro_credentials_by_educator(*, educator_ids) -> dict[int, list[EarnedMicroCredential]]:
    """``earned_micro_credentials`` for many educators at once, by educator id (one query).

    ``educator_ids`` may be a list or a queryset of ids.
    """
    passing_posted = Q(
        mastery_submission__attempts__grades__kind="primary",
        mastery_submission__attempts__grades__status="posted",
        mastery_submission__attempts__grades__passed=True,
    )
    enrollments = (
        Enrollment.objects.filter(educator_id__in=educator_ids, status=Enrollment.Status.PASSED)
        .select_related("cohort__micro_credential")
        .annotate(
            graded_at=Min("mastery_submission__attempts__grades__posted_at", filter=passing_posted)
        )
        .order_by()
    )
    earliest: dict[tuple[int, int], EarnedMicroCredential] = {}
    for enrollment in enrollments:
        cohort = enrollment.cohort
        if enrollment.graded_at is not None:
            earned_on = timezone.localdate(enrollment.graded_at)
        else:
            earned_on = cohort.quarter.last_day
        key = (enrollment.educator_id, cohort.micro_credential_id)
        known = earliest.get(key)
        if known is None or earned_on < known.earned_on:
            earliest[key] = EarnedMicroCredential(cohort.micro_credential, earned_on, enrollment)
    found: dict[int, list[EarnedMicroCredential]] = {}
    for (educator_id, _), earned in earliest.items():
        found.setdefault(educator_id, []).append(earned)
    for items in found.values():
        items.sort(key=lambda e: (e.earned_on, e.code))
    return found
