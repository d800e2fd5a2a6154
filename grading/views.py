"""Mastery tasks for educators; caseloads, scoring and scoring quality for staff.

Every object is looked up through a ``visible_to`` scope (outsiders get 404); someone who
may see but not change gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import SCORER_ROLES
from apl import versions
from apl.forms import filter_form
from audit.services import audit_log
from enrollment.models import Enrollment
from grading import oversight, selectors, services
from grading.forms import ReassignForm, ReopenForm, ScoreForm
from grading.models import Attempt, EvidenceFile, Grade, Submission

# Kinds a browser shows safely inside the scoring page: PDF (sandboxed frame) and images.
INLINE_KINDS = ("pdf", "image")


def _messages_from(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- educators -------------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def evidence_download(request, evidence_id: int):
    """Evidence goes out as an attachment, with nosniff, after the scope check.

    ``?inline=1`` shows a PDF or an image inside the scoring page's own frame (same-origin
    framing for this response only; the page's iframe is sandboxed); every other kind,
    whatever is asked, stays an attachment. HTML and SVG are never stored (grading.files).
    """
    evidence = selectors.evidence_for_download(user=request.user, evidence_id=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    inline = filter_form(request).data.get("inline") == "1" and evidence.kind in INLINE_KINDS
    audit_log(action="evidence.downloaded", request=request, target=evidence, inline=inline)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_replace = {"frame-ancestors": ["'self'"]}
    return response


@login_required
@require_POST
def evidence_delete(request, evidence_id: int):
    evidence = get_object_or_404(
        EvidenceFile.objects.visible_to(request.user).select_related(
            "response__attempt__submission__enrollment__educator"
        ),
        pk=evidence_id,
    )
    enrollment = evidence.response.attempt.submission.enrollment
    if enrollment.educator.user_id != request.user.pk:
        raise PermissionDenied("Only the educator removes their files.")
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as error:
        for message in _messages_from(error):
            messages.error(request, message)
    else:
        messages.success(request, f"Removed {evidence.original_name}.")
    return redirect("grading:mastery-detail", enrollment.pk)


# --- scorers ---------------------------------------------------------------------------


def _require_scorer_page(user) -> None:
    if not (
        user.is_superuser
        or user.has_role(*SCORER_ROLES)
        or user.has_perm("grading.view_all_submissions")
    ):
        raise PermissionDenied("The caseload is for facilitators and reviewers.")


@login_required
@require_safe
def caseload(request):
    """Submissions of the educators assigned to me, oldest waiting first.

    The content (the counts, the waiting list, the second scores assigned to me) is read
    and rendered once, then kept in this worker under my user and the version of the
    records (``apl.versions``): any write to any record (a grade posted, a submission, a
    reassignment, a change to my roles) shows on the very next visit. What follows from
    the clock alone and no write announces (the "N days ago", "graded this week", a
    resubmission window closing) may lag by up to 60 seconds. Who may see the page is
    checked on every request, before anything kept is served; the layout and messages are
    rendered per request.
    """
    user = request.user
    _require_scorer_page(user)
    content = versions.remember(
        f"grading:caseload:{user.pk}",
        [versions.RECORDS],
        lambda: _caseload_content(user),
        for_seconds=60,
    )
    return render(request, "grading/caseload.html", dict(content))


def _caseload_content(user) -> dict:
    """What the caseload reads from records, with its HTML. Shared between requests: read
    it, never change it."""
    data = selectors.caseload_for(user=user)
    data["second_scores"] = list(selectors.second_scores_for(user=user))
    data["content_html"] = render_to_string("grading/caseload.html#content", data)
    return data


def _attempt_for_scoring(request, attempt_id: int, *, write: bool) -> Attempt:
    attempt = get_object_or_404(
        Attempt.objects.visible_to(request.user)
        .submitted()
        .select_related(
            "submission__rubric",
            "submission__enrollment__educator__user",
            "submission__enrollment__cohort__micro_credential",
        ),
        pk=attempt_id,
    )
    may_score = Submission.objects.scorable_by(request.user).filter(pk=attempt.submission_id)
    may_score = may_score.exists()
    if write and not may_score:
        raise PermissionDenied("Only the assigned facilitator or the lead facilitator scores this.")
    if not (may_score or request.user.has_perm("grading.view_all_submissions")):
        raise PermissionDenied("Scoring pages are for the assigned facilitator.")
    attempt.may_score = may_score
    return attempt


def _criteria(attempt: Attempt) -> list:
    return list(
        attempt.submission.rubric.criteria.select_related("domain").prefetch_related("levels")
    )


def _scoring_context(request, attempt: Attempt, form: ScoreForm | None = None) -> dict:
    attempts = selectors.attempts_with_work(attempt.submission)
    current = next(a for a in attempts if a.pk == attempt.pk)
    grades = list(current.grades.all())
    posted = next((g for g in grades if g.status == Grade.Status.POSTED), None)
    draft = next(
        (g for g in grades if g.status == Grade.Status.DRAFT and g.scorer_id == request.user.pk),
        None,
    )
    criteria = _criteria(attempt)
    if form is None:
        form = ScoreForm(criteria=criteria, initial=ScoreForm.initial_from(draft), prefix="score")
    earlier = [a for a in attempts if a.number < attempt.number]
    may_reopen = posted is not None and services.may_reopen(user=request.user, grade=posted)
    totals = _totals(criteria, form)
    return {
        "attempt": current,
        "enrollment": attempt.submission.enrollment,
        "earlier": earlier,
        "posted": posted,
        "reopened": [g for g in grades if g.status == Grade.Status.REOPENED],
        "form": form,
        "totals": totals,
        "post_block": _post_block(attempt.submission.enrollment, totals),
        "may_score": attempt.may_score and posted is None,
        "may_reopen": may_reopen,
        "reopen_form": ReopenForm() if may_reopen else None,
    }


def _post_block(enrollment, totals: dict) -> str:
    """Why posting would be refused now, or "" when it can succeed (the confirmation that
    posting is final is offered only then)."""
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        return "The educator has withdrawn; this attempt cannot be graded."
    if totals["unscored"]:
        count = totals["unscored"]
        return f"Score every criterion to post: {count} not yet scored."
    return ""


def _totals(criteria, form: ScoreForm) -> dict:
    if form.is_bound:
        chosen = form.levels() if form.is_valid() else {}
    else:
        chosen = {c.pk: form.initial.get(f"level_{c.pk}") for c in criteria}
    earned = possible = unscored = 0
    for criterion in criteria:
        levels = {lv.pk: lv for lv in criterion.levels.all()}
        possible += max((lv.points for lv in levels.values()), default=0)
        level = levels.get(chosen.get(criterion.pk))
        if level is None:
            unscored += 1
        else:
            earned += level.points
    grade = Grade(points_earned=earned, points_possible=possible)
    return {
        "earned": earned,
        "possible": possible,
        "percent": grade.percent_display,
        "passed": earned * 100 >= 85 * possible if possible else False,
        "unscored": unscored,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_score(request, attempt_id: int):
    """Responses and files beside the rubric; save a draft score or post the grade."""
    attempt = _attempt_for_scoring(request, attempt_id, write=request.method == "POST")
    if request.method != "POST":
        return render(request, "grading/score.html", _scoring_context(request, attempt))
    form = ScoreForm(request.POST, criteria=_criteria(attempt), prefix="score")
    if form.is_valid():
        kwargs = {
            "attempt": attempt,
            "by": request.user,
            "levels": form.levels(),
            "feedback": form.feedback(),
            "overall": form.cleaned_data["overall_feedback"],
        }
        try:
            if request.POST.get("action") == "post":
                grade = services.grade_post(**kwargs, request=request)
                messages.success(
                    request,
                    f"Grade posted: {grade.percent_display}% "
                    f"({'passed' if grade.passed else 'not passed'}). The educator was emailed.",
                )
                return redirect("grading:caseload")
            services.grade_save_draft(**kwargs)
            messages.success(request, "Draft score saved.")
            return redirect("grading:attempt-score", attempt.pk)
        except services.GradeConflict as conflict:
            return _conflict(request, attempt, conflict, form)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "grading/score.html", _scoring_context(request, attempt, form))


def _conflict(request, attempt, conflict, form=None):
    """409 with the grade that stands, and the scorer's own input given back unchanged."""
    yours = []
    if form is not None and form.is_valid():
        levels, feedback = form.levels(), form.feedback()
        for criterion in form.criteria:
            level = next(
                (lv for lv in criterion.levels.all() if lv.pk == levels[criterion.pk]), None
            )
            yours.append((criterion, level, feedback[criterion.pk]))
    return render(
        request,
        "grading/conflict.html",
        {
            "attempt": attempt,
            "grade": conflict.grade,
            "yours": yours,
            "your_overall": form.cleaned_data.get("overall_feedback") if yours else "",
        },
        status=409,
    )


@login_required
@require_POST
def score_preview(request, attempt_id: int):
    """The live total for the scoring form (htmx); saves nothing."""
    attempt = _attempt_for_scoring(request, attempt_id, write=True)
    criteria = _criteria(attempt)
    form = ScoreForm(request.POST, criteria=criteria, prefix="score")
    totals = _totals(criteria, form)
    return render(
        request,
        "grading/score.html#preview",
        {
            "totals": totals,
            "post_block": _post_block(attempt.submission.enrollment, totals),
            "live": True,
        },
    )


@login_required
@require_POST
def grade_reopen(request, grade_id: int):
    grade = get_object_or_404(
        Grade.objects.primary()
        .filter(attempt__in=Attempt.objects.visible_to(request.user))
        .select_related("attempt__submission__enrollment__cohort"),
        pk=grade_id,
    )
    if not services.may_reopen(user=request.user, grade=grade):
        raise PermissionDenied("Only the cohort's lead facilitator or the LAC reopens a grade.")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        for message in form.errors["reason"]:
            messages.error(request, f"Reason for reopening: {message}")
    else:
        try:
            services.grade_reopen(
                grade=grade, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            for message in _messages_from(error):
                messages.error(request, message)
        else:
            messages.success(request, "The grade was reopened; the attempt can be scored again.")
    return redirect("grading:attempt-score", grade.attempt_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def second_score(request, grade_id: int):
    """A blind second score: the first grade is not shown."""
    grade = get_object_or_404(
        selectors.second_scores_for(user=request.user).select_related(
            "attempt__submission__rubric"
        ),
        pk=grade_id,
    )
    attempt = grade.attempt
    criteria = _criteria(attempt)
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria, prefix="score")
        if form.is_valid():
            try:
                oversight.second_score_post(
                    grade=grade,
                    by=request.user,
                    levels=form.levels(),
                    feedback=form.feedback(),
                    overall=form.cleaned_data["overall_feedback"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except services.GradeConflict as conflict:
                return _conflict(request, attempt, conflict, form)
            else:
                messages.success(request, "Second score recorded.")
                return redirect("grading:caseload")
    else:
        form = ScoreForm(criteria=criteria, prefix="score")
    attempts = selectors.attempts_with_work(attempt.submission)
    return render(
        request,
        "grading/second_score.html",
        {
            "grade": grade,
            "attempt": next(a for a in attempts if a.pk == attempt.pk),
            "form": form,
            "totals": _totals(criteria, form),
        },
    )


# --- lead facilitators, liaison, LAC ---------------------------------------------------


def _require_perm(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_safe
def quality(request):
    """Second-scoring agreement, turnaround and long waits for the cohorts I oversee."""
    _require_perm(request.user, "grading.view_scoring_quality")
    cohorts = selectors.cohorts_overseen(request.user).select_related("scoring")
    cohorts = cohorts.order_by("-quarter", "micro_credential__position", "pk")
    page = Paginator(cohorts, QUALITY_PAGE_SIZE).get_page(filter_form(request).data.get("page"))
    cohorts = list(page.object_list)
    return render(
        request,
        "grading/quality.html",
        {
            "page_obj": page,
            "cohorts": cohorts,
            "agreement": selectors.agreement_report(cohorts=cohorts),
            "turnaround": selectors.turnaround_report(cohorts=cohorts),
            "may_manage": request.user.has_perm("grading.manage_scoring"),
        },
    )


QUALITY_PAGE_SIZE = 20


def _managed_cohort(request, cohort_id: int):
    _require_perm(request.user, "grading.manage_scoring")
    return get_object_or_404(selectors.cohorts_overseen(request.user), pk=cohort_id)


@login_required
@require_POST
def sample_draw(request, cohort_id: int):
    cohort = _managed_cohort(request, cohort_id)
    drawn = oversight.second_score_sample_draw(cohort=cohort, by=request.user, request=request)
    if drawn:
        messages.success(
            request,
            f"{len(drawn)} posted grade{'s' if len(drawn) != 1 else ''} of {cohort} drawn for "
            "a blind second score; they are in the second scorers' caseloads.",
        )
    else:
        messages.warning(request, oversight.sample_shortfall(cohort=cohort))
    page = request.POST.get("page", "")
    if page.isdigit():
        return redirect(f"{reverse('grading:quality')}?page={page}")
    return redirect("grading:quality")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reassign(request, cohort_id: int):
    """Move single submissions or a whole caseload to another facilitator of the cohort."""
    cohort = _managed_cohort(request, cohort_id)
    form = ReassignForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            moved = oversight.caseload_reassign(
                enrollments=form.selected(),
                to=form.cleaned_data["to"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{moved} submission(s) moved to {form.cleaned_data['to']}.")
            return redirect("grading:reassign", cohort.pk)
    return render(request, "grading/reassign.html", {"cohort": cohort, "form": form})
