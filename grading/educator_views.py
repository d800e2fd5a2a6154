"""The educator's mastery tasks: one form for every task, kept whole on every save and error.

Every task's text travels with every save (a button saves its task's files too), so saving
one task never drops what was typed in another; a refused file re-renders the page with
everything typed still in place; drafts are also saved in the background (htmx).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from enrollment.models import Enrollment
from enrollment.rules import PASSING_PERCENT, points_needed, points_pass
from grading import selectors, services
from grading.forms import ResponseForm


def _messages_from(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _own_enrollment(request, enrollment_id: int) -> Enrollment:
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(request.user).select_related(
            "educator__user", "cohort__micro_credential"
        ),
        pk=enrollment_id,
    )
    if enrollment.educator.user_id != request.user.pk:
        raise PermissionDenied("Only the educator works on their mastery tasks.")
    return enrollment


def _task_forms(data: dict, post=None, files=None) -> list:
    return [
        (
            task,
            response,
            ResponseForm(
                post,
                files,
                task=task,
                prefix=f"task{task.pk}",
                initial={"text": response.text if response else ""},
            ),
        )
        for task, response in data["tasks"]
    ]


def _scoring_terms(criteria: list) -> dict:
    """The rubric's points and what passing takes, as the educator reads them beforehand."""
    levels = [sorted(c.levels.all(), key=lambda lv: lv.rank) for c in criteria]
    possible = sum(max((lv.points for lv in own), default=0) for own in levels)
    terms = {
        "possible": possible,
        "needed": points_needed(possible),
        "pass_percent": int(PASSING_PERCENT),
    }
    if levels and all(len(own) >= 2 for own in levels):
        # The level just below the top on every criterion: does it pass on its own?
        points = sum(own[-2].points for own in levels)
        terms["second_level"] = {
            "label": levels[0][-2].label,
            "points": points,
            "percent": round(100 * points / possible) if possible else 0,
            "passes": points_pass(earned=points, possible=possible),
        }
    return terms


def _render(request, enrollment, data, forms, *, status=200, error_summary=()):
    return render(
        request,
        "grading/mastery_detail.html",
        {
            "enrollment": enrollment,
            "task_forms": forms,
            "max_bytes": settings.APL_EVIDENCE_MAX_BYTES,
            "autosave_seconds": settings.APL_AUTOSAVE_SECONDS,
            "terms": _scoring_terms(data["criteria"]),
            "due": enrollment.cohort.quarter.last_day,
            "error_summary": list(error_summary),
            **data,
        },
        status=status,
    )


@login_required
@require_safe
def mastery_detail(request, enrollment_id: int):
    """The educator's mastery tasks: drafts, rubric, submission state, grades and feedback."""
    enrollment = _own_enrollment(request, enrollment_id)
    data = selectors.educator_mastery(enrollment=enrollment)
    return _render(request, enrollment, data, _task_forms(data))


def _save_posted(request, enrollment, data) -> tuple[list, list]:
    """Save every task's posted text and files; on any error save nothing.

    Returns the bound forms and the errors as (anchor id, message) pairs.
    """
    forms = _task_forms(data, request.POST, request.FILES)
    errors = [
        (form[name].auto_id if name in form.fields else "work-form", error)
        for _, _, form in forms
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    if errors:
        return forms, errors
    entries = [
        (task, form.cleaned_data["text"] if form.add_prefix("text") in request.POST else None,
         form.cleaned_data.get("files") or [])
        for task, _, form in forms
    ]  # fmt: skip
    try:
        services.responses_save(enrollment=enrollment, entries=entries, by=request.user)
    except ValidationError as error:
        with_files = next((f for _, _, f in forms if f.cleaned_data.get("files")), None)
        for message in _messages_from(error):
            if with_files is not None:
                with_files.add_error("files", message)
            else:
                errors.append(("work-form", message))
        errors += (
            [(with_files["files"].auto_id, e) for e in with_files.errors.get("files", [])]
            if with_files
            else []
        )
    return forms, errors


@login_required
@require_POST
def response_save(request, enrollment_id: int, task_id: int):
    """Save the drafts (every task's text, every chosen file); the task names the button."""
    enrollment = _own_enrollment(request, enrollment_id)
    data = selectors.educator_mastery(enrollment=enrollment)
    task = next((t for t, _ in data["tasks"] if t.pk == task_id), None)
    if task is None:
        raise PermissionDenied("That task is not part of this micro-credential's rubric.")
    forms, errors = _save_posted(request, enrollment, data)
    if errors:
        return _render(request, enrollment, data, forms, status=400, error_summary=errors)
    messages.success(request, f"Task {task.position} saved as a draft.")
    url = reverse("grading:mastery-detail", args=[enrollment.pk])
    return redirect(url + f"#task-{task.pk}")


@login_required
@require_POST
def responses_autosave(request, enrollment_id: int):
    """Background save of every task's text (files wait for a button); answers a status line."""
    enrollment = _own_enrollment(request, enrollment_id)
    data = selectors.educator_mastery(enrollment=enrollment)
    entries = []
    for task, _ in data["tasks"]:
        name = f"task{task.pk}-text"
        if name in request.POST:
            entries.append((task, request.POST[name], []))
    message, saved_at = "", None
    try:
        if entries and data["can_edit"]:
            services.responses_save(enrollment=enrollment, entries=entries, by=request.user)
            saved_at = timezone.localtime()
        else:
            message = "Not saved automatically: this work can no longer be changed."
    except ValidationError as error:
        message = "Not saved automatically: " + " ".join(_messages_from(error))
    return render(
        request,
        "grading/_autosave_status.html",
        {"saved_at": saved_at, "message": message},
    )


@login_required
@require_POST
def attempt_submit(request, enrollment_id: int):
    """Save what is on the page, then submit every task."""
    enrollment = _own_enrollment(request, enrollment_id)
    data = selectors.educator_mastery(enrollment=enrollment)
    if any(k.startswith("task") for k in request.POST) and data["can_edit"]:
        forms, errors = _save_posted(request, enrollment, data)
        if errors:
            return _render(request, enrollment, data, forms, status=400, error_summary=errors)
    try:
        services.attempt_submit(enrollment=enrollment, by=request.user)
    except ValidationError as error:
        for message in _messages_from(error):
            messages.error(request, message)
    else:
        messages.success(request, "Your mastery tasks were submitted to your facilitator.")
    return redirect("grading:mastery-detail", enrollment.pk)


@login_required
@require_POST
def resubmission_start(request, enrollment_id: int):
    enrollment = _own_enrollment(request, enrollment_id)
    try:
        services.resubmission_start(enrollment=enrollment, by=request.user)
    except ValidationError as error:
        for message in _messages_from(error):
            messages.error(request, message)
    else:
        messages.success(
            request, "Your resubmission is open: revise your responses, then submit again."
        )
    return redirect("grading:mastery-detail", enrollment.pk)
