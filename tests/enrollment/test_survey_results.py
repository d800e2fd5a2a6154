"""Survey results per micro-credential and quarter, and their CSV, for the LAC and liaison."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from enrollment import survey_services
from enrollment.models import SurveyQuestion
from tests.factories import EnrollmentFactory
from tests.factories.journey import cohort, passed, ready_educator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_minimum(settings):
    """These tests read small groups' answers; the minimum group size has tests of its own."""
    settings.APL_SURVEY_MIN_GROUP = 1


def answer(code: str, quarter: str, likert: int, text: str):
    enrollment = passed(EnrollmentFactory(educator=ready_educator(), cohort=cohort(code, quarter)))
    questions = survey_services.survey_questions_for(enrollment.micro_credential)
    survey_services.survey_submit(
        enrollment=enrollment,
        answers={q.pk: likert if q.is_likert else text for q in questions},
        by=enrollment.educator.user,
    )


def test_results_show_likert_averages_and_distribution_per_mc_and_quarter(
    client, lac, django_assert_num_queries
):
    answer("CE", "Q3/24", 5, "Loved it.")
    answer("CE", "Q3/24", 3, "Too long.")
    answer("AL", "Q3/24", 4, "Fine.")
    client.force_login(lac)
    with django_assert_num_queries(8):
        response = client.get(reverse("enrollment:survey-results"))
    groups = {(g.micro_credential.code, g.quarter.label): g for g in response.context["groups"]}
    ce = groups[("CE", "Q3/24")]
    assert ce.responses == 2
    first = ce.questions[0]
    assert first.average == 4.0
    assert dict((label, n) for label, n, _ in first.distribution)["Strongly agree"] == 1
    texts = next(q for q in ce.questions if not q.question.is_likert).texts
    assert sorted(texts) == ["Loved it.", "Too long."]
    page = response.content.decode()
    assert "Loved it." in page


def test_results_filter_by_quarter(client, liaison):
    answer("CE", "Q3/24", 5, "a")
    answer("CE", "Q4/24", 2, "b")
    client.force_login(liaison)
    response = client.get(reverse("enrollment:survey-results"), {"quarter": "Q4/24"})
    assert [g.quarter.label for g in response.context["groups"]] == ["Q4/24"]


def test_csv_neutralises_formulas_and_is_audited(client, lac):
    answer("CE", "Q3/24", 4, '=HYPERLINK("http://evil")')
    client.force_login(lac)
    response = client.get(reverse("enrollment:survey-results-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["micro_credential", "quarter", "question", "kind", "answer", "submitted_on"]
    texts = [r[4] for r in rows[1:] if r[3] == SurveyQuestion.Kind.TEXT]
    assert texts == ['\'=HYPERLINK("http://evil")']
    assert [r[4] for r in rows[1:] if r[3] == "likert"][0] == "4"
    assert AuditEvent.objects.filter(action="survey.exported", actor=lac).count() == 1


def test_answers_name_no_educator(client, lac):
    answer("CE", "Q3/24", 4, "ok")
    client.force_login(lac)
    body = client.get(reverse("enrollment:survey-results-csv")).content.decode()
    assert "@example.org" not in body


def test_a_bad_filter_shows_its_error_and_exports_nothing(client, lac):
    answer("CE", "Q3/24", 5, "a")
    client.force_login(lac)
    page = client.get(reverse("enrollment:survey-results"), {"quarter": "Q9/24"})
    assert page.status_code == 200
    assert page.context["groups"] == []
    assert page.context["form"].errors
    export = client.get(reverse("enrollment:survey-results-csv"), {"quarter": "Q9/24"})
    assert export.status_code == 400
    assert not AuditEvent.objects.filter(action="survey.exported").exists()


def _groups_of(client, lac):
    client.force_login(lac)
    response = client.get(reverse("enrollment:survey-results"))
    return response, {
        (g.micro_credential.code, g.quarter.label): g for g in response.context["groups"]
    }


def test_a_group_of_four_is_not_broken_down_nor_dated(client, lac, settings):
    settings.APL_SURVEY_MIN_GROUP = 5
    for n in range(4):
        answer("CE", "Q3/24", 5, f"Only four of us, answer {n}.")
    response, groups = _groups_of(client, lac)
    ce = groups[("CE", "Q3/24")]
    assert ce.suppressed and ce.questions == []
    page = response.content.decode()
    assert "Only four of us" not in page
    assert "Fewer than 5 responses" in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("enrollment:survey-results-csv")).content.decode())
        )
    )
    assert rows == [["micro_credential", "quarter", "question", "kind", "answer", "submitted_on"]]


def test_a_group_of_five_is_shown(client, lac, settings):
    settings.APL_SURVEY_MIN_GROUP = 5
    for n in range(5):
        answer("CE", "Q3/24", 4, f"Five of us, answer {n}.")
    response, groups = _groups_of(client, lac)
    ce = groups[("CE", "Q3/24")]
    assert not ce.suppressed and ce.responses == 5
    assert "Five of us, answer 0." in response.content.decode()
    body = client.get(reverse("enrollment:survey-results-csv")).content.decode()
    assert "Five of us, answer 4." in body


def test_the_minimum_group_size_defaults_to_five():
    from apl import settings as apl_settings

    assert apl_settings.APL_SURVEY_MIN_GROUP == 5
