"""Every write of the grading app: submissions, evidence, grades, reopenings, second scores.

One module per topic; the public names are re-exported here so that
``from grading.services import grade_post`` keeps working.
"""

from grading.services.grades import GradeConflict, grade_post, grade_save_draft
from grading.services.reopening import grade_reopen, may_reopen
from grading.services.rubrics import rubric_for_cohort, rubric_new_version
from grading.services.submissions import (
    attempt_submit,
    evidence_check,
    evidence_delete,
    response_save,
    responses_save,
    resubmission_start,
)
from grading.services.text import response_text
from grading.services.windows import window_end

__all__ = [
    "GradeConflict",
    "attempt_submit",
    "evidence_check",
    "evidence_delete",
    "grade_post",
    "grade_reopen",
    "grade_save_draft",
    "may_reopen",
    "resubmission_start",
    "response_save",
    "response_text",
    "responses_save",
    "rubric_for_cohort",
    "rubric_new_version",
    "window_end",
]
