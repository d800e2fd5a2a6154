"""The educator's journey built through enrollment's services, as the app builds it."""

import datetime as dt
from decimal import Decimal

import factory

from apl.quarters import Quarter
from enrollment import services, survey_services
from enrollment.models import Intent, SurveyQuestion
from tests.factories.enrollment import CohortFactory, EducatorFactory, micro_credential, programme


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    text = factory.Sequence(lambda n: f"Question {n}")
    kind = SurveyQuestion.Kind.LIKERT
    position = factory.Sequence(lambda n: 100 + n)


def accepted_intent(educator_profile, programme_name: str = "APL I-II") -> Intent:
    """An intent the LAC accepted (the intake app's decision, set directly here)."""
    intent = Intent.objects.create(
        educator=educator_profile,
        programme=programme(programme_name),
        submitted_on=dt.date(2024, 1, 2),
        status=Intent.Status.ACCEPTED,
    )
    return intent


def cohort(code: str, label: str, capacity=None):
    return CohortFactory(
        micro_credential=micro_credential(code), quarter=Quarter.parse(label), capacity=capacity
    )


def passed(enrollment, score: int = 92):
    return services.enrollment_set_outcome(
        enrollment=enrollment, status="passed", score=Decimal(score)
    )


def survey_done(enrollment):
    """Every active question answered: Likert 4, free text 'Fine.'"""
    questions = survey_services.survey_questions_for(enrollment.micro_credential)
    answers = {q.pk: (4 if q.is_likert else "Fine.") for q in questions}
    return survey_services.survey_submit(
        enrollment=enrollment, answers=answers, by=enrollment.educator.user
    )


def ready_educator(level: int = 1, programme_name: str = "APL I-II", **kwargs):
    """An educator with an accepted intent, ready to enrol."""
    profile = EducatorFactory(license_level=level, **kwargs)
    accepted_intent(profile, programme_name)
    return profile


def small_and_large_histories(small, large) -> None:
    """Two pathways for query-count tests: ``small`` passed CE and takes AL; ``large``
    passed CE, AL and MLSS, takes CLRI and withdrew from FE."""
    from tests.factories import EnrollmentFactory

    first = EnrollmentFactory(educator=small, cohort=cohort("CE", "Q3/24"))
    passed(first)
    survey_done(first)
    EnrollmentFactory(educator=small, cohort=cohort("AL", "Q4/24"))
    for code, label in (("CE", "Q1/24"), ("AL", "Q2/24"), ("MLSS", "Q3/24")):
        enrollment = EnrollmentFactory(educator=large, cohort=cohort(code, label))
        passed(enrollment)
        survey_done(enrollment)
    EnrollmentFactory(educator=large, cohort=cohort("CLRI", "Q4/24"))
    EnrollmentFactory(educator=large, cohort=cohort("FE", "Q2/24"), status="withdrawn")
