"""Results inside the credential: the Achievement describes each rubric criterion with its
levels and the overall percent (85 required); the subject's results give the level the
educator reached on each criterion and their percent. Wrong levels or a wrong percent fail."""

from decimal import Decimal
from fractions import Fraction

import pytest

from credentials import ob3
from credentials.services import credential_issue_for_enrollment
from credentials.verification import verify_stored
from grading.selectors import MasteryResult
from tests.factories.credentials import issued_credential
from tests.factories.grading import RANKS_90, post_grade, submitted_attempt

pytestmark = pytest.mark.django_db

# RANKS_90 on the seeded CE rubric (5 criteria, 4 levels of 1-4 points): 4+4+4+3+3 = 18/20.


@pytest.fixture
def graded_credential(world):
    attempt = submitted_attempt(world.enrollment)
    post_grade(attempt, world.facilitator, RANKS_90)
    world.enrollment.refresh_from_db()
    credential = credential_issue_for_enrollment(enrollment_id=world.enrollment.pk)
    return credential, attempt.submission.rubric


def _claims(credential) -> dict:
    result = verify_stored(credential)
    assert result.signature_valid, result.problems
    return result.claims


def test_achievement_describes_every_criterion_with_its_levels_and_the_percent(
    graded_credential,
):
    credential, rubric = graded_credential
    achievement = _claims(credential)["credentialSubject"]["achievement"]
    descriptions = achievement["resultDescription"]
    criteria = list(rubric.criteria.prefetch_related("levels"))
    assert [d["name"] for d in descriptions[:-1]] == [c.name for c in criteria]
    for description, criterion in zip(descriptions, criteria, strict=False):
        assert description["resultType"] == "RubricCriterionLevel"
        assert description["id"] == (
            f"{achievement['id']}#rubric-v{rubric.version}-criterion-{criterion.position}"
        )
        levels = description["rubricCriterionLevel"]
        assert [lv["name"] for lv in levels] == [lv.label for lv in criterion.levels.all()]
        assert [lv["points"] for lv in levels] == [str(lv.points) for lv in criterion.levels.all()]
        assert levels[0]["id"] == f"{description['id']}-level-1"
    percent = descriptions[-1]
    assert percent["resultType"] == "Percent"
    assert percent["requiredValue"] == "85"
    assert percent["id"] == f"{achievement['id']}#result-percent"


def test_subject_results_carry_the_achieved_level_per_criterion_and_the_percent(
    graded_credential,
):
    credential, rubric = graded_credential
    subject = _claims(credential)["credentialSubject"]
    achievement = subject["achievement"]
    by_description = {r["resultDescription"]: r for r in subject["result"]}
    for position, rank in enumerate(RANKS_90, start=1):
        criterion_id = f"{achievement['id']}#rubric-v{rubric.version}-criterion-{position}"
        assert by_description[criterion_id]["achievedLevel"] == f"{criterion_id}-level-{rank}"
    assert by_description[f"{achievement['id']}#result-percent"]["value"] == "90"
    assert len(subject["result"]) == len(RANKS_90) + 1


def test_every_achieved_level_names_a_level_the_achievement_describes(graded_credential):
    credential, _ = graded_credential
    subject = _claims(credential)["credentialSubject"]
    level_ids = {
        level["id"]
        for d in subject["achievement"]["resultDescription"]
        for level in d.get("rubricCriterionLevel", [])
    }
    described = {d["id"] for d in subject["achievement"]["resultDescription"]}
    for result in subject["result"]:
        assert result["resultDescription"] in described
        if "achievedLevel" in result:
            assert result["achievedLevel"] in level_ids


def test_the_graded_credential_is_valid_against_the_open_badges_schema(graded_credential):
    credential, _ = graded_credential
    claims = _claims(credential)
    assert ob3.schema_errors(claims) == []
    # The schema would catch a result that is not an object list: the check has teeth.
    broken = {**claims, "credentialSubject": {**claims["credentialSubject"], "result": "90"}}
    assert ob3.schema_errors(broken)


def test_an_imported_pass_carries_its_percent_only(educator):
    credential = issued_credential(educator=educator.educator_profile, score="92.5")
    subject = _claims(credential)["credentialSubject"]
    assert subject["result"] == [
        {
            "type": ["Result"],
            "resultDescription": f"{subject['achievement']['id']}#result-percent",
            "value": "92.5",
            "status": "Completed",
        }
    ]


def test_an_imported_pass_without_a_score_carries_no_result(educator):
    from enrollment.models import Enrollment
    from tests.factories.credentials import passed_enrollment

    enrollment = passed_enrollment(educator=educator.educator_profile)
    Enrollment.objects.filter(pk=enrollment.pk).update(score=None)
    credential = credential_issue_for_enrollment(enrollment_id=enrollment.pk)
    subject = _claims(credential)["credentialSubject"]
    assert "result" not in subject
    assert subject["achievement"]["resultDescription"][-1]["requiredValue"] == "85"


def test_results_builder_skips_levels_of_another_rubric_version():
    achievement = {
        "id": "https://apl.example/a/CE/",
        "resultDescription": [
            {"id": "https://apl.example/a/CE/#rubric-v2-criterion-1"},
            {"id": "https://apl.example/a/CE/#result-percent"},
        ],
    }
    mastery = MasteryResult(rubric_id=1, rubric_version=1, levels={1: 3}, percent=Fraction(90))
    found = ob3.results(achievement=achievement, mastery=mastery, score=Decimal("90.00"))
    assert found == [
        {
            "type": ["Result"],
            "resultDescription": "https://apl.example/a/CE/#result-percent",
            "value": "90",
            "status": "Completed",
        }
    ]


def test_the_rubric_schema_check_rejects_a_level_without_a_name(graded_credential):
    credential, _ = graded_credential
    claims = _claims(credential)
    achievement = claims["credentialSubject"]["achievement"]
    del achievement["resultDescription"][0]["rubricCriterionLevel"][0]["name"]
    assert any("name" in e for e in ob3.schema_errors(claims))
