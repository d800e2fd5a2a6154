from django.urls import path

from grading import educator_views, rubric_views, views

app_name = "grading"

urlpatterns = [
    path(
        "enrolments/<int:enrollment_id>/mastery/",
        educator_views.mastery_detail,
        name="mastery-detail",
    ),
    path(
        "enrolments/<int:enrollment_id>/tasks/<int:task_id>/",
        educator_views.response_save,
        name="response-save",
    ),
    path(
        "enrolments/<int:enrollment_id>/autosave/",
        educator_views.responses_autosave,
        name="responses-autosave",
    ),
    path(
        "enrolments/<int:enrollment_id>/submit/",
        educator_views.attempt_submit,
        name="attempt-submit",
    ),
    path(
        "enrolments/<int:enrollment_id>/resubmit/",
        educator_views.resubmission_start,
        name="resubmission-start",
    ),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence-delete"),
    path("caseload/", views.caseload, name="caseload"),
    path("attempts/<int:attempt_id>/score/", views.attempt_score, name="attempt-score"),
    path("attempts/<int:attempt_id>/score/preview/", views.score_preview, name="score-preview"),
    path("grades/<int:grade_id>/reopen/", views.grade_reopen, name="grade-reopen"),
    path("second-scores/<int:grade_id>/", views.second_score, name="second-score"),
    path("quality/", views.quality, name="quality"),
    path("cohorts/<int:cohort_id>/sample/", views.sample_draw, name="sample-draw"),
    path("cohorts/<int:cohort_id>/reassign/", views.reassign, name="reassign"),
    path("rubrics/", rubric_views.rubric_bars, name="rubric-bars"),
    path(
        "rubrics/<int:rubric_id>/confirm/",
        rubric_views.mastery_bar_confirm,
        name="mastery-bar-confirm",
    ),
]
