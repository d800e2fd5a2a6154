"""Reads for the grading pages: an educator's submission, caseloads, quality and notes."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from enrollment.models import Cohort, Enrollment
from enrollment.progress import EnrollmentNote
from grading.agreement import Agreement
from grading.models import (
    Attempt,
    CohortScoringSettings,
    CriterionScore,
    EvidenceFile,
    Grade,
    Response,
    Rubric,
    Submission,
)


@dataclass(frozen=True)
class State:
    code: str  # not_started, draft, awaiting, passed, resubmission_open, resubmission_draft, closed
    label: str
    grade: Grade | None = None
    resubmit_until: dt.datetime | None = None


def _posted_primary(attempt: Attempt) -> Grade | None:
    for grade in attempt.grades.all():
        if grade.kind == Grade.Kind.PRIMARY and grade.status == Grade.Status.POSTED:
            return grade
    return None


def state_of(attempts: list[Attempt], now: dt.datetime | None = None) -> State:
    """Where a submission stands, from its attempts with grades prefetched."""
    now = now or timezone.now()
    if not attempts:
        return State("not_started", "Not started")
    last = attempts[-1]
    graded = [(a, g) for a in attempts if (g := _posted_primary(a)) is not None]
    latest_grade = graded[-1][1] if graded else None
    if last.is_draft:
        if last.number == 1:
            return State("draft", "Draft — not yet submitted")
        until = latest_grade.resubmit_until if latest_grade else None
        if until and now >= until:
            return State("closed", "Resubmission window closed", latest_grade, until)
        return State("resubmission_draft", "Resubmission in progress", latest_grade, until)
    if latest_grade is None or latest_grade.attempt_id != last.pk:
        return State("awaiting", "Submitted — awaiting grade", latest_grade)
    if latest_grade.passed:
        return State("passed", "Passed", latest_grade)
    if latest_grade.resubmit_until and now < latest_grade.resubmit_until:
        return State("resubmission_open", "Not passed — resubmission open", latest_grade,
                     latest_grade.resubmit_until)  # fmt: skip
    return State("closed", "Not passed — resubmission window closed", latest_grade,
                 latest_grade.resubmit_until)  # fmt: skip


def _grades_prefetch(visible_kinds=(Grade.Kind.PRIMARY,)):
    return Prefetch(
        "grades",
        queryset=Grade.objects.filter(kind__in=visible_kinds)
        .select_related("scorer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=CriterionScore.objects.select_related("criterion", "level"),
            )
        ),
    )


def attempts_with_work(submission: Submission) -> list[Attempt]:
    """Every attempt with its responses, files and primary grades, in a fixed number of queries."""
    return list(
        submission.attempts.order_by("number").prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("task").prefetch_related("files"),
            ),
            _grades_prefetch(),
        )
    )


def educator_mastery(*, enrollment: Enrollment) -> dict:
    submission = Submission.objects.filter(enrollment=enrollment).select_related("rubric").first()
    if submission is not None:
        rubric = submission.rubric
        attempts = attempts_with_work(submission)
    else:
        scoring = CohortScoringSettings.objects.filter(cohort_id=enrollment.cohort_id).first()
        rubric = scoring.rubric if scoring and scoring.rubric_id else None
        if rubric is None:
            from grading.models import Rubric

            rubric = (
                Rubric.objects.published()
                .filter(micro_credential_id=enrollment.cohort.micro_credential_id)
                .order_by("-version")
                .first()
            )
        attempts = []
    tasks = list(rubric.tasks.all()) if rubric else []
    criteria = list(rubric.criteria.prefetch_related("levels")) if rubric else []
    draft = attempts[-1] if attempts and attempts[-1].is_draft else None
    responses = {r.task_id: r for r in draft.responses.all()} if draft else {}
    state = state_of(attempts)
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        state = State("withdrawn", "Withdrawn — no submissions")
    can_edit = state.code in ("not_started", "draft", "resubmission_draft") and (
        enrollment.status in (Enrollment.Status.ENROLLED, Enrollment.Status.NOT_PASSED)
    )
    return {
        "submission": submission,
        "rubric": rubric,
        "tasks": [(task, responses.get(task.pk)) for task in tasks],
        "criteria": criteria,
        "attempts": attempts,
        "graded": [(a, g) for a in attempts if (g := _posted_primary(a))],
        "draft": draft,
        "state": state,
        "can_edit": can_edit,
    }


# --- caseload --------------------------------------------------------------------------


def _week_start(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time.min))


_later_submitted = Attempt.objects.filter(
    submission=OuterRef("attempt__submission"),
    number__gt=OuterRef("attempt__number"),
    submitted_at__isnull=False,
)


def caseload_for(*, user) -> dict:
    """Submitted attempts awaiting a grade, oldest first, with the caseload's counts."""
    now = timezone.now()
    if user.has_perm("grading.view_all_submissions"):
        submissions = Submission.objects.visible_to(user)
    else:
        # What they may see less their own work as an educator: what they may score. Put
        # so that PostgreSQL reads the two indexed ways in (assigned to them, in a cohort
        # they lead) instead of joining every enrolment to test the three-way OR.
        submissions = Submission.objects.filter(
            Q(enrollment__facilitator=user)
            | Q(enrollment__cohort__in=Cohort.objects.filter(lead_facilitator=user).values("pk"))
        ).exclude(enrollment__educator__user=user)
    submissions = submissions.exclude(enrollment__status=Enrollment.Status.WITHDRAWN)
    posted = Grade.objects.primary().posted()
    waiting = (
        Attempt.objects.submitted()
        .filter(submission__in=submissions)
        .exclude(grades__in=posted)
        .select_related(
            "submission__enrollment__educator__user",
            "submission__enrollment__cohort__micro_credential",
            "submission__enrollment__facilitator",
        )
        .order_by("submitted_at")
    )
    waiting = list(waiting)
    # Both counts in one pass over the caseload's posted grades.
    counts = posted.filter(attempt__submission__in=submissions).aggregate(
        in_resubmission=Count(
            "pk",
            filter=Q(passed=False, resubmit_until__gt=now) & ~Exists(_later_submitted),
        ),
        graded_this_week=Count("pk", filter=Q(posted_at__gte=_week_start(now))),
    )
    in_resubmission = counts["in_resubmission"]
    graded_this_week = counts["graded_this_week"]
    return {
        "waiting": waiting,
        "counts": {
            "waiting": len(waiting),
            "in_resubmission": in_resubmission,
            "graded_this_week": graded_this_week,
        },
    }


# --- pathway notes ---------------------------------------------------------------------


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%B %-d, %Y, %-I:%M %p} {local.tzname()}"


def pathway_notes(enrollments: list) -> dict[int, list[EnrollmentNote]]:
    """Next steps for an educator's pathway: two queries for any number of enrolments."""
    ids = [e.pk for e in enrollments]
    if not ids:
        return {}
    attempts = defaultdict(list)
    for attempt in (
        Attempt.objects.filter(submission__enrollment_id__in=ids)
        .select_related("submission")
        .prefetch_related(
            Prefetch("grades", queryset=Grade.objects.primary().filter(status="posted"))
        )
        .order_by("submission_id", "number")
    ):
        attempts[attempt.submission.enrollment_id].append(attempt)
    notes: dict[int, list[EnrollmentNote]] = {}
    for enrollment in enrollments:
        url = reverse("grading:mastery-detail", args=[enrollment.pk])
        state = state_of(attempts.get(enrollment.pk, []))
        if enrollment.status == Enrollment.Status.WITHDRAWN or state.code == "passed":
            continue
        if state.code in ("not_started", "draft") and enrollment.status == "enrolled":
            note = EnrollmentNote("Submit your mastery tasks", url, "Open your mastery tasks", True)
        elif state.code == "awaiting":
            # Nothing for the educator to do but wait: say so as the next step, so the
            # pathway does not still ask for the tasks that were sent.
            note = EnrollmentNote("Awaiting grade", url, "See your submission", True)
        elif state.code in ("resubmission_open", "resubmission_draft"):
            note = EnrollmentNote(
                f"Resubmit by {_when(state.resubmit_until)}", url, "Resubmit", True
            )
        elif state.code == "closed":
            note = EnrollmentNote(
                f"Resubmission window closed {_when(state.resubmit_until)}", url, "See feedback"
            )
        else:
            continue
        notes[enrollment.pk] = [note]
    return notes


# --- scoring quality -------------------------------------------------------------------


def _levels_in(pairs) -> int:
    """How many levels the kappa scale needs: the seeded four, or more if a rubric has them."""
    return max([4, *(max(pair) for pair in pairs)])


def cohorts_overseen(user):
    """Cohorts whose scoring the user oversees: led cohorts, or all with view-all rights."""
    cohorts = Cohort.objects.select_related("micro_credential", "lead_facilitator")
    if user.has_perm("grading.view_all_submissions"):
        return cohorts
    return cohorts.filter(lead_facilitator=user)


def agreement_report(*, cohorts) -> dict:
    """Agreement of blind second scores with the posted grades, per facilitator and criterion."""
    thresholds = {
        s.cohort_id: Fraction(str(s.agreement_threshold))
        for s in CohortScoringSettings.objects.filter(cohort__in=cohorts)
    }
    default = Fraction(str(CohortScoringSettings._meta.get_field("agreement_threshold").default))
    seconds = (
        Grade.objects.filter(kind=Grade.Kind.SECOND, status=Grade.Status.POSTED)
        .filter(attempt__submission__enrollment__cohort__in=cohorts)
        .select_related("attempt__submission__enrollment")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("level"))
        )
    )
    seconds = list(seconds)
    firsts = {
        g.attempt_id: g
        for g in Grade.objects.primary()
        .posted()
        .filter(attempt_id__in=[s.attempt_id for s in seconds])
        .select_related("scorer")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("level", "criterion"))
        )
    }
    by_scorer, by_criterion, threshold_of = defaultdict(list), defaultdict(list), {}
    for second in seconds:
        first = firsts.get(second.attempt_id)
        if first is None:
            continue
        levels = {s.criterion_id: s.level.rank for s in second.scores.all() if s.level}
        cohort_id = second.attempt.submission.enrollment.cohort_id
        threshold_of[first.scorer] = min(
            thresholds.get(cohort_id, default), threshold_of.get(first.scorer, Fraction(1))
        )
        for score in first.scores.all():
            if score.level and score.criterion_id in levels:
                pair = (score.level.rank, levels[score.criterion_id])
                by_scorer[first.scorer].append(pair)
                by_criterion[(score.criterion.rubric_id, score.criterion.position,
                              score.criterion.name)].append(pair)  # fmt: skip
    facilitators = [
        Agreement.of(str(scorer), pairs, _levels_in(pairs), threshold_of[scorer])
        for scorer, pairs in sorted(by_scorer.items(), key=lambda item: str(item[0]))
    ]
    criteria = [
        Agreement.of(name, pairs, _levels_in(pairs))
        for (_, _, name), pairs in sorted(by_criterion.items(), key=lambda item: item[0])
    ]
    return {"facilitators": facilitators, "criteria": criteria, "pairs": len(seconds)}


def turnaround_report(*, cohorts, now: dt.datetime | None = None) -> dict:
    """Time from submission to posted grade per facilitator, and submissions waiting long."""
    now = now or timezone.now()
    posted = (
        Grade.objects.primary()
        .posted()
        .filter(attempt__submission__enrollment__cohort__in=cohorts)
        .select_related("scorer", "attempt")
    )
    spans = defaultdict(list)
    for grade in posted:
        spans[grade.scorer].append(grade.posted_at - grade.attempt.submitted_at)
    rows = []
    for scorer, values in sorted(spans.items(), key=lambda item: str(item[0])):
        values.sort()
        rows.append(
            {
                "scorer": scorer,
                "count": len(values),
                "mean_days": sum(v.total_seconds() for v in values) / len(values) / 86400,
                "median_days": values[len(values) // 2].total_seconds() / 86400,
                "max_days": values[-1].total_seconds() / 86400,
            }
        )
    alert_days = {
        s.cohort_id: s.waiting_alert_days
        for s in CohortScoringSettings.objects.filter(cohort__in=cohorts)
    }
    waiting = (
        Attempt.objects.submitted()
        .filter(submission__enrollment__cohort__in=cohorts)
        .exclude(submission__enrollment__status=Enrollment.Status.WITHDRAWN)
        .exclude(grades__in=Grade.objects.primary().posted())
        .select_related(
            "submission__enrollment__educator__user",
            "submission__enrollment__facilitator",
            "submission__enrollment__cohort__micro_credential",
        )
        .order_by("submitted_at")
    )
    overdue = [
        a
        for a in waiting
        if now - a.submitted_at
        > dt.timedelta(days=alert_days.get(a.submission.enrollment.cohort_id, 7))
    ]
    return {"facilitators": rows, "overdue": overdue}


def second_scores_for(*, user):
    return (
        Grade.objects.filter(kind=Grade.Kind.SECOND, status=Grade.Status.DRAFT, scorer=user)
        .select_related("attempt__submission__enrollment__cohort__micro_credential")
        .order_by("created_at")
    )


def evidence_for_download(*, user, evidence_id: int) -> EvidenceFile:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(EvidenceFile.objects.visible_to(user), pk=evidence_id)


def rubrics_for_cohorts(cohorts) -> dict:
    """Cohort id → the rubric its enrolments were scored on, criteria and levels prefetched.

    The rubric pinned in the cohort's scoring settings, else the micro-credential's newest
    published version; None where there is neither. A fixed number of queries however
    many cohorts (credentials describe the rubric in each credential they issue).
    """
    cohorts = list(cohorts)
    if not cohorts:
        return {}
    pinned = dict(
        CohortScoringSettings.objects.filter(
            cohort_id__in=[c.pk for c in cohorts], rubric__isnull=False
        ).values_list("cohort_id", "rubric_id")
    )
    unpinned = {c.micro_credential_id for c in cohorts if c.pk not in pinned}
    newest = {}
    for rubric_id, mc_id in (
        Rubric.objects.filter(micro_credential_id__in=unpinned, published_at__isnull=False)
        .order_by("micro_credential_id", "-version")
        .values_list("pk", "micro_credential_id")
    ):
        newest.setdefault(mc_id, rubric_id)
    wanted = {c.pk: pinned.get(c.pk) or newest.get(c.micro_credential_id) for c in cohorts}
    rubrics = Rubric.objects.filter(pk__in={r for r in wanted.values() if r})
    by_id = {r.pk: r for r in rubrics.prefetch_related("criteria__levels")}
    return {cohort_id: by_id.get(rubric_id) for cohort_id, rubric_id in wanted.items()}


# --- results for credentials -----------------------------------------------------------


@dataclass(frozen=True)
class MasteryResult:
    """The posted grade that passed an enrolment, as a credential states it."""

    rubric_id: int
    rubric_version: int
    levels: dict[int, int]  # criterion position → achieved level rank
    percent: Fraction


def mastery_results_for_enrollments(enrollment_ids) -> dict[int, MasteryResult]:
    """Enrolment id → its passing posted grade's levels and percent (the latest, should a
    grade have been reopened and posted again); enrolments passed without a grade in the
    system (imported) are absent. Two queries however many enrolments."""
    ids = list(enrollment_ids)
    if not ids:
        return {}
    grades = (
        Grade.objects.primary()
        .posted()
        .filter(passed=True, attempt__submission__enrollment_id__in=ids)
        .select_related("attempt__submission", "rubric")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion", "level"))
        )
        .order_by("posted_at", "pk")
    )
    results = {}
    for grade in grades:
        results[grade.attempt.submission.enrollment_id] = MasteryResult(
            rubric_id=grade.rubric_id,
            rubric_version=grade.rubric.version,
            levels={s.criterion.position: s.level.rank for s in grade.scores.all() if s.level},
            percent=grade.percent_exact,
        )
    return results


def rubric_published_newest(*, micro_credential_id: int):
    """The micro-credential's newest published rubric with criteria and levels, or None."""
    return (
        Rubric.objects.published()
        .filter(micro_credential_id=micro_credential_id)
        .order_by("-version")
        .prefetch_related("criteria__levels")
        .first()
    )
