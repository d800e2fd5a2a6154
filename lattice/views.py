"""The educator's advanced roles page and one application's page, with the interview the
hiring district records and the state's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from districts.models import District
from lattice import services
from lattice.forms import ApplyForm, DecideForm, InterviewForm
from lattice.models import AdvancedRole, Application
from lattice.rules import RouteRules
from lattice.selectors import educator_lattice, hiring_districts

MANAGE = "lattice.manage_lattice"


def _own_profile(request):
    profile = getattr(request.user, "educator_profile", None)
    if profile is None:
        raise PermissionDenied("This page is for educators.")
    return profile


def _mine_page(request, profile, bound: dict | None = None, status: int = 200):
    views = educator_lattice(educator=profile, today=timezone.localdate())
    districts = hiring_districts()
    for view in views:
        form = (bound or {}).get(view.role.pk)
        if form is None and view.may_apply:
            form = ApplyForm(
                routes=view.satisfied_routes,
                districts=districts,
                prefix=f"r{view.role.pk}",
                initial={"district": profile.district_id},
            )
        view.form = form
    return render(request, "lattice/mine.html", {"views": views}, status=status)


@login_required
@require_safe
def mine(request):
    """Per role: what the educator has, what is missing, and the next step."""
    return _mine_page(request, _own_profile(request))


@login_required
@require_POST
def apply(request, pk: int):
    profile = _own_profile(request)
    role = get_object_or_404(AdvancedRole.objects.filter(active=True), pk=pk)
    view = next(
        (
            v
            for v in educator_lattice(educator=profile, today=timezone.localdate())
            if v.role == role
        ),
        None,
    )
    if view is None or not view.may_apply:
        messages.error(request, f"You cannot apply for {role.name} now; see what is missing.")
        return redirect("lattice:mine")
    form = ApplyForm(
        request.POST,
        routes=view.satisfied_routes,
        districts=hiring_districts(),
        prefix=f"r{role.pk}",
    )
    if form.is_valid():
        try:
            application = services.application_create(
                educator=profile,
                route=form.cleaned_data["route"],
                district=form.cleaned_data["district"],
                request=request,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Applied for {role.name}. {application.district.name} will hold the interview.",
            )
            return redirect("lattice:application", application.pk)
    return _mine_page(request, profile, bound={role.pk: form}, status=400)


def _visible_application(request, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related(
            "educator__user", "role", "route", "district"
        ),
        pk=pk,
    )


def _administers(user, application: Application) -> bool:
    return District.objects.editable_by(user).filter(pk=application.district_id).exists()


def _application_page(request, application, *, interview=None, decide=None, status=200):
    user = request.user
    if interview is None and application.status == Application.Status.APPLIED:
        interview = InterviewForm() if _administers(user, application) else None
    if decide is None and application.status == Application.Status.RECOMMENDED:
        decide = DecideForm() if user.has_perm(MANAGE) else None
    context = {
        "a": application,
        "rules": RouteRules.from_json(application.rules),
        "checks": application.standing.get("checks", []),
        "interview_form": interview,
        "decide_form": decide,
        "designation": getattr(application, "designation", None),
        "criteria": application.role.criteria.filter(district=application.district),
    }
    return render(request, "lattice/application.html", context, status=status)


@login_required
@require_safe
def application(request, pk: int):
    """One application: the rules as they stood on the day of applying, the interview and
    the state's decision."""
    return _application_page(request, _visible_application(request, pk))


@login_required
@require_POST
def interview(request, pk: int):
    """The hiring district's administrator records the behavioural interview."""
    application = _visible_application(request, pk)
    if not _administers(request.user, application):
        raise PermissionDenied("Only the hiring district's administrators record interviews.")
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_record(
                application=application, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Interview recorded.")
            return redirect("lattice:application", application.pk)
    return _application_page(request, application, interview=form, status=400)


@login_required
@require_POST
def decide(request, pk: int):
    """The state awards the designation (issuing its credential) or declines it."""
    application = _visible_application(request, pk)
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied("Only the Licensure Advancement Coordinator awards designations.")
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "award":
                services.application_award(
                    application=application, by=request.user, request=request
                )
                messages.success(request, "Designation awarded; its credential is issued.")
            else:
                services.application_decline(
                    application=application,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
                messages.success(request, "Designation declined; the educator sees the reason.")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("lattice:application", application.pk)
    return _application_page(request, application, decide=form, status=400)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
