from tests.factories.grading import RANKS_80, post_grade, submitted_attempt


def test_post_80(enrollment, facilitator):
    attempt = submitted_attempt(enrollment)
    grade = post_grade(attempt, facilitator, RANKS_80)
    assert str(grade.percent_display) == "80.0"
    enrollment.refresh_from_db()
    assert enrollment.status == "not_passed"
