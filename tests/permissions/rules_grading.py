"""The grading app's URLs × personas. Objects belong to the educator, in the facilitator's
cohort; "other_" personas are outsiders (404); the LAC and liaison see all (403 where they
may not change)."""

from accounts.roles import Role
from tests.factories.accounts import UserFactory
from tests.permissions.matrix import LOGIN, post_refused, rule


def _submitted(w):
    from tests.factories.grading import submitted_attempt

    return submitted_attempt(w.enrollment)


def _posted(w):
    from tests.factories.grading import RANKS_80, post_grade

    return post_grade(_submitted(w), w.facilitator, RANKS_80)


def _evidence(w):
    from grading import services
    from tests.factories.grading import pdf_upload

    task = services.rubric_for_cohort(cohort=w.cohort).tasks.get(position=1)
    response = services.response_save(
        enrollment=w.enrollment, task=task, text="x", uploads=[pdf_upload()], by=w.educator
    )
    return response.files.get()


def _second(w):
    """A posted grade by another scorer, drawn for the facilitator's blind second score."""
    from grading.models import Grade
    from tests.factories.grading import RANKS_80, post_grade

    first_scorer = UserFactory(roles=[Role.FACILITATOR])
    w.cohort.facilitators.add(first_scorer)
    grade = post_grade(_submitted(w), first_scorer, RANKS_80)
    return Grade.objects.create(
        attempt=grade.attempt, rubric=grade.rubric, kind="second", scorer=w.facilitator
    )


OWN = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=404,
    other_facilitator=404,
    district_admin=404,
    other_district_admin=404,
    pgp_reviewer=404,
)
EDUCATOR_WRITE = dict(
    anonymous=LOGIN,
    educator=302,
    other_educator=404,
    facilitator=403,
    other_facilitator=404,
    pgp_reviewer=404,
    district_admin=404,
    other_district_admin=404,
    lac=403,
    liaison=403,
)
SCORER_WRITE = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=404,
    facilitator=302,
    other_facilitator=404,
    pgp_reviewer=404,
    district_admin=404,
    other_district_admin=404,
    lac=403,
    liaison=403,
)
POST_ONLY = dict(anonymous=LOGIN, default=405)
# Scoring oversight: the cohort's lead facilitator and the LAC see and change it; the
# liaison, read-only, sees it and gets 403 on every change.
OVERSIGHT_PAGE = dict(anonymous=LOGIN, lead_facilitator=200, lac=200, liaison=200, default=403)
OVERSIGHT_WRITE = dict(anonymous=LOGIN, lead_facilitator=302, lac=302, liaison=403, default=403)


def _enrollment(w):
    return (w.enrollment.pk,)


def _task_args(w):
    from grading import services

    return (w.enrollment.pk, services.rubric_for_cohort(cohort=w.cohort).tasks.first().pk)


def _level_data(w, attempt):
    from tests.factories.grading import levels_for

    return {f"score-level_{c}": lv for c, lv in levels_for(attempt, 3).items()}


def _score_args(w):
    w.attempt = _submitted(w)
    return (w.attempt.pk,)


RULES = [
    rule(
        "grading:mastery-detail",
        args=_enrollment,
        **OWN,
        facilitator=403,
        lac=403,
        liaison=403,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "grading:response-save",
        args=_task_args,
        method="post",
        data=lambda w: {"text": "hello"},
        **EDUCATOR_WRITE,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("grading:response-save", args=_task_args, **POST_ONLY),
    rule(
        "grading:responses-autosave",
        args=_enrollment,
        method="post",
        data=lambda w: {"text": "hello"},
        **(EDUCATOR_WRITE | {"educator": 200}),
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("grading:responses-autosave", args=_enrollment, **POST_ONLY),
    rule(
        "grading:attempt-submit",
        args=_enrollment,
        method="post",
        **EDUCATOR_WRITE,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("grading:attempt-submit", args=_enrollment, **POST_ONLY),
    rule(
        "grading:resubmission-start",
        args=lambda w: (_posted(w).attempt.submission.enrollment_id,),
        method="post",
        **EDUCATOR_WRITE,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("grading:resubmission-start", args=_enrollment, **POST_ONLY),
    rule(
        "grading:evidence-download",
        args=lambda w: (_evidence(w).pk,),
        **OWN,
        facilitator=200,
        lac=200,
        liaison=200,
        reviewer=404,
        lead_facilitator=200,
    ),
    rule(
        "grading:evidence-delete",
        args=lambda w: (_evidence(w).pk,),
        method="post",
        **EDUCATOR_WRITE,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("grading:evidence-delete", args=lambda w: (_evidence(w).pk,), **POST_ONLY),
    rule(
        "grading:caseload",
        anonymous=LOGIN,
        educator=403,
        other_educator=403,
        pgp_reviewer=403,
        district_admin=403,
        other_district_admin=403,
        default=200,
    ),
    rule("grading:caseload", method="post", anonymous=LOGIN, default=405),
    rule(
        "grading:attempt-score",
        args=_score_args,
        anonymous=LOGIN,
        educator=403,
        other_educator=404,
        facilitator=200,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=200,
        liaison=200,
        reviewer=404,
        lead_facilitator=200,
    ),
    rule(
        "grading:attempt-score",
        args=_score_args,
        method="post",
        data=lambda w: {"action": "save", **_level_data(w, w.attempt)},
        **SCORER_WRITE,
        reviewer=404,
        lead_facilitator=302,
    ),
    rule(
        "grading:score-preview",
        args=_score_args,
        method="post",
        data=lambda w: _level_data(w, w.attempt),
        **(SCORER_WRITE | {"facilitator": 200}),
        reviewer=404,
        lead_facilitator=200,
    ),
    rule("grading:score-preview", args=_score_args, **POST_ONLY),
    rule(
        "grading:grade-reopen",
        args=lambda w: (_posted(w).pk,),
        method="post",
        data=lambda w: {"reason": "Wrong rubric row"},
        **(SCORER_WRITE | {"facilitator": 403, "lac": 302}),
        reviewer=404,
        lead_facilitator=302,
    ),
    rule("grading:grade-reopen", args=lambda w: (_posted(w).pk,), **POST_ONLY),
    rule(
        "grading:second-score",
        args=lambda w: (_second(w).pk,),
        anonymous=LOGIN,
        facilitator=200,
        default=404,
    ),
    rule(
        "grading:second-score",
        args=lambda w: (_second(w).pk,),
        method="post",
        anonymous=LOGIN,
        facilitator=200,  # the form comes back: no level was chosen
        default=404,
    ),
    rule("grading:quality", **OVERSIGHT_PAGE),
    rule("grading:quality", method="post", anonymous=LOGIN, default=405),
    rule(
        "grading:sample-draw",
        args=lambda w: (w.cohort.pk,),
        method="post",
        **OVERSIGHT_WRITE,
    ),
    rule("grading:sample-draw", args=lambda w: (w.cohort.pk,), **POST_ONLY),
    # The reassignment form is for those who may reassign: the read-only liaison gets 403.
    rule("grading:reassign", args=lambda w: (w.cohort.pk,), **(OVERSIGHT_PAGE | {"liaison": 403})),
    rule(
        "grading:reassign",
        args=lambda w: (w.cohort.pk,),
        method="post",
        data=lambda w: {"to": w.facilitator.pk, "enrollments": [w.enrollment.pk]},
        **OVERSIGHT_WRITE,
    ),
]


def _rubric(w):
    from grading.models import Rubric

    return (Rubric.objects.filter(micro_credential=w.cohort.micro_credential).first().pk,)


# The rubric page (mastery bars): the LAC confirms; the liaison reads (403 on POST).
RULES += [
    rule("grading:rubric-bars", anonymous=LOGIN, lac=200, liaison=200, default=403),
    rule(
        "grading:mastery-bar-confirm",
        args=_rubric,
        method="post",
        anonymous=LOGIN,
        lac=302,
        liaison=403,
        default=403,
    ),
    rule("grading:mastery-bar-confirm", args=_rubric, **POST_ONLY),
]

# Views that only read refuse POST.
RULES += post_refused(
    RULES,
    {"grading:evidence-download", "grading:mastery-detail", "grading:rubric-bars"},
    anonymous=LOGIN,
)
