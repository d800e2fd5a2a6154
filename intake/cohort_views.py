"""Cohorts: the list, opening a quarter's cohorts, a cohort's settings, team and caseloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apl.forms import filter_form
from apl.lists import listing
from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Cohort, Enrollment
from intake import selectors, services
from intake.forms import CohortCreateForm, CohortSettingsForm, ReassignForm
from intake.views import MANAGE, READ, _require, apply_form_errors, staff_page


@require_GET
@staff_page(READ)
def cohort_list(request):
    quarter = None
    label = request.GET.get("quarter", "").strip()
    if label:
        try:
            quarter = Quarter.parse(label)
        except ValueError:
            messages.error(request, f"{label!r} is not a quarter; write it as Qn/yy.")
    programme_id = request.GET.get("programme", "")
    programme = (
        Programme.objects.filter(pk=int(programme_id)).first() if programme_id.isdigit() else None
    )
    q = request.GET.get("q", "").strip()
    scope = {"user": request.user, "quarter": quarter, "programme": programme, "q": q}
    rows = listing(
        request,
        selectors.cohort_list(**scope),
        sorts=selectors.COHORT_SORTS,
        default="-quarter",
        label="cohorts",
        count_queryset=selectors.cohort_filter(**scope),
    )
    return render(
        request,
        "intake/cohort_list.html",
        {
            "listing": rows,
            "page_obj": rows.page,
            "sort": rows.sort,
            "q": q,
            "quarter": quarter,
            "programmes": Programme.objects.all(),
            "programme": programme,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_page(MANAGE)
def cohort_create(request):
    if request.method == "POST" and "refresh" not in request.POST:
        form = CohortCreateForm(request.POST)
        if form.is_valid():
            try:
                created = services.cohorts_create(
                    quarter=form.cleaned_data["quarter"],
                    micro_credentials=form.cleaned_data["micro_credentials"],
                    capacity=form.cleaned_data["capacity"],
                    resubmission_window_days=form.cleaned_data["resubmission_window_days"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Opened {len(created)} cohort{'s' if len(created) != 1 else ''} in "
                    f"{form.cleaned_data['quarter']}.",
                )
                return redirect(
                    reverse("intake:cohort-list") + f"?quarter={form.cleaned_data['quarter']}"
                )
        status = 400
    else:
        source = request.POST if request.method == "POST" else filter_form(request).data
        initial = {"quarter": source.get("quarter")} if source.get("quarter") else {}
        # "Open these cohorts" from an enrolment check arrives with them ticked.
        chosen = [v for v in source.getlist("micro_credentials") if v.isdigit()]
        if chosen:
            initial["micro_credentials"] = [int(v) for v in chosen]
        form = CohortCreateForm(initial=initial)
        status = 200
    template = "intake/cohort_create.html"
    if request.htmx and request.method == "GET":
        template += "#choices"
    return render(request, template, {"form": form}, status=status)


def _cohort_or_404(request, pk):
    queryset = Cohort.objects.visible_to(request.user).select_related(
        "micro_credential__programme", "lead_facilitator"
    )
    return get_object_or_404(queryset.prefetch_related("facilitators"), pk=pk)


def _cohort_page(request, cohort, *, settings_form=None, stale=False, status=200):
    if settings_form is None:
        settings_form = CohortSettingsForm(
            cohort=cohort,
            initial={
                "capacity": cohort.capacity,
                "resubmission_window_days": cohort.resubmission_window_days,
                "lead_facilitator": cohort.lead_facilitator,
                "facilitators": list(cohort.facilitators.all()),
                "version": services.cohort_version(cohort),
            },
        )
    q = request.GET.get("q", "").strip()
    rows = listing(
        request,
        selectors.cohort_enrollments(cohort=cohort, q=q),
        sorts=selectors.ENROLLMENT_SORTS,
        default="name",
        label="educators",
    )
    return render(
        request,
        "intake/cohort_detail.html",
        {
            "cohort": cohort,
            "settings_form": settings_form,
            "team": selectors.cohort_team(cohort),
            "cohort_facilitators": list(cohort.facilitators.all()),
            "listing": rows,
            "page_obj": rows.page,
            "sort": rows.sort,
            "q": q,
            "stale": stale,
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@require_GET
@login_required
def cohort_detail(request, pk):
    cohort = _cohort_or_404(request, pk)
    _require(request, READ)
    return _cohort_page(request, cohort)


@require_POST
@login_required
def cohort_update(request, pk):
    cohort = _cohort_or_404(request, pk)
    _require(request, MANAGE)
    form = CohortSettingsForm(request.POST, cohort=cohort)
    if form.is_valid():
        try:
            services.cohort_update(
                cohort=cohort, by=request.user, request=request, **form.cleaned_data
            )
        except services.StaleEdit:
            # Keep everything the coordinator typed; show the current state beside it and
            # arm the form with the current version so that saving again is a choice.
            current = _cohort_or_404(request, pk)
            data = request.POST.copy()
            data["version"] = services.cohort_version(current)
            form = CohortSettingsForm(data, cohort=current)
            form.is_valid()
            return _cohort_page(request, current, settings_form=form, stale=True, status=409)
        except ValidationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, f"Saved the settings of {cohort}.")
            return redirect("intake:cohort-detail", pk=cohort.pk)
    return _cohort_page(request, cohort, settings_form=form, status=400)


@require_POST
@login_required
def cohort_balance(request, pk):
    cohort = _cohort_or_404(request, pk)
    _require(request, MANAGE)
    try:
        assigned = services.cohort_balance(cohort=cohort, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Assigned {assigned} educator{'s' if assigned != 1 else ''} to the facilitators "
            "with the fewest.",
        )
    return redirect("intake:cohort-detail", pk=cohort.pk)


@require_POST
@login_required
def enrollment_reassign(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(request.user).select_related("cohort", "educator__user"),
        pk=pk,
    )
    _require(request, MANAGE)
    form = ReassignForm(request.POST, cohort=enrollment.cohort)
    if form.is_valid():
        try:
            services.enrollment_reassign(
                enrollment=enrollment,
                facilitator=form.cleaned_data["facilitator"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Changed the facilitator of {enrollment.educator}.")
    else:
        messages.error(request, "Choose a facilitator of this cohort.")
    return redirect("intake:cohort-detail", pk=enrollment.cohort_id)
