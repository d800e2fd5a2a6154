"""The coordinator's intake pages: intents queue, cohorts and fees.

Reading needs ``enrollment.view_all_enrollments`` (the LAC and the read-only liaison);
changing needs ``enrollment.manage_programme`` (the LAC). Object URLs look the object
up through ``visible_to`` first, so someone outside it gets 404, and only then check
the permission, so someone who may see it but not run intake gets 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apl.forms import filter_form
from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Cohort, Enrollment, Intent
from intake import selectors, services
from intake.forms import (
    BulkAcceptForm,
    CohortCreateForm,
    CohortFilterForm,
    CohortSearchForm,
    CohortSettingsForm,
    DecisionForm,
    DeclineForm,
    IntentFilterForm,
    PaymentFilterForm,
    PaymentUpdateForm,
    ReassignForm,
)

READ = "enrollment.view_all_enrollments"
MANAGE = "enrollment.manage_programme"
PER_PAGE = 25


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def staff_page(perm: str):
    """Signed in and holding ``perm`` (403 otherwise: a staff page hides nothing)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            _require(request, perm)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _apply_form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- intents -------------------------------------------------------------------------


@require_GET
@staff_page(READ)
def intent_list(request):
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = Intent.Status.PENDING
    filters = filter_form(request, IntentFilterForm, data=data)
    cleaned = {k: v for k, v in filters.cleaned_data.items() if v not in (None, "")}
    queryset = selectors.intent_queue(user=request.user, **cleaned)
    queryset, sort = selectors.order(
        queryset, selectors.INTENT_SORTS, request.GET.get("sort", ""), "submitted"
    )
    page = _page(request, queryset)
    for intent in page:
        intent.history_lines = selectors.educator_history_lines(intent.educator)
    bulk = BulkAcceptForm(user=request.user)
    return render(
        request,
        "intake/intent_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "sort": sort,
            "bulk": bulk,
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=filters.status,
    )


def _intent_or_404(request, pk):
    queryset = Intent.objects.visible_to(request.user).select_related(
        "educator__user", "programme", "decided_by"
    )
    return get_object_or_404(
        queryset.prefetch_related(*selectors.educator_history_prefetches("educator__")), pk=pk
    )


def _intent_page(request, intent, *, accept=None, decline=None, status=200):
    return render(
        request,
        "intake/intent_detail.html",
        {
            "intent": intent,
            "educator": intent.educator,
            "accept_form": accept or DecisionForm(),
            "decline_form": decline or DeclineForm(),
            "bulk": BulkAcceptForm(user=request.user),
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@require_GET
@login_required
def intent_detail(request, pk):
    intent = _intent_or_404(request, pk)
    _require(request, READ)
    return _intent_page(request, intent)


def _decide(request, pk, form_class, service, done: str, form_key: str):
    intent = _intent_or_404(request, pk)
    _require(request, MANAGE)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(
                intent=intent, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(request, f"{done} {intent.educator}'s intent. They have been emailed.")
            return redirect("intake:intent-list")
    return _intent_page(request, intent, status=400, **{form_key: form})


@require_POST
@login_required
def intent_accept(request, pk):
    return _decide(request, pk, DecisionForm, services.intent_accept, "Accepted", "accept")


@require_POST
@login_required
def intent_decline(request, pk):
    return _decide(request, pk, DeclineForm, services.intent_decline, "Declined", "decline")


@require_POST
@staff_page(MANAGE)
def intent_bulk_accept(request):
    form = BulkAcceptForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        for error in errors:
            messages.error(request, error)
        return redirect(reverse("intake:intent-list"))
    outcomes = services.intent_bulk_accept(
        intents=form.cleaned_data["intents"],
        quarter=form.cleaned_data["quarter"],
        by=request.user,
        request=request,
    )
    return render(
        request,
        "intake/bulk_result.html",
        {
            "quarter": form.cleaned_data["quarter"],
            "outcomes": outcomes,
            "enrolled": sum(o.ok for o in outcomes),
            "refused": sum(not o.ok for o in outcomes),
        },
    )


# --- cohorts -------------------------------------------------------------------------


@require_GET
@staff_page(READ)
def cohort_list(request):
    filters = filter_form(request, CohortFilterForm)
    quarter = None
    label = filters.cleaned_data.get("quarter", "")
    if label:
        try:
            quarter = Quarter.parse(label)
        except ValueError:
            messages.error(request, f"{label!r} is not a quarter; write it as Qn/yy.")
    programme = filters.cleaned_data.get("programme")
    q = filters.cleaned_data.get("q", "")
    queryset = selectors.cohort_list(user=request.user, quarter=quarter, programme=programme, q=q)
    queryset, sort = selectors.order(
        queryset, selectors.COHORT_SORTS, request.GET.get("sort", ""), "-quarter"
    )
    return render(
        request,
        "intake/cohort_list.html",
        {
            "page_obj": _page(request, queryset),
            "sort": sort,
            "q": q,
            "quarter": quarter,
            "programmes": Programme.objects.all(),
            "programme": programme,
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=filters.status,
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
                _apply_form_errors(form, exc)
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
        source = request.POST if request.method == "POST" else request.GET
        status = filter_form(request, data=source).status
        initial = {"quarter": source.get("quarter")} if status == 200 else {}
        form = CohortCreateForm(initial=initial if initial.get("quarter") else {})
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
    search = filter_form(request, CohortSearchForm)
    q = search.cleaned_data.get("q", "")
    status = max(status, search.status)
    enrollments = selectors.cohort_enrollments(cohort=cohort, q=q)
    enrollments, sort = selectors.order(
        enrollments, selectors.ENROLLMENT_SORTS, request.GET.get("sort", ""), "name"
    )
    return render(
        request,
        "intake/cohort_detail.html",
        {
            "cohort": cohort,
            "settings_form": settings_form,
            "team": selectors.cohort_team(cohort),
            "cohort_facilitators": list(cohort.facilitators.all()),
            "page_obj": _page(request, enrollments),
            "sort": sort,
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
            _apply_form_errors(form, exc)
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


# --- payments ------------------------------------------------------------------------


@require_GET
@staff_page(READ)
def payment_list(request):
    filters = filter_form(request, PaymentFilterForm)
    cleaned = {k: v for k, v in filters.cleaned_data.items() if v not in (None, "")}
    queryset = selectors.payment_rows(user=request.user, **cleaned)
    queryset, sort = selectors.order(
        queryset, selectors.ENROLLMENT_SORTS, request.GET.get("sort", ""), "name"
    )
    totals = selectors.unpaid_by_district(
        user=request.user, quarter=cleaned.get("quarter"), programme=cleaned.get("programme")
    )
    return render(
        request,
        "intake/payment_list.html",
        {
            "filters": filters,
            "page_obj": _page(request, queryset),
            "sort": sort,
            "totals": totals,
            "grand_total": sum(row["amount"] or 0 for row in totals),
            "grand_count": sum(row["enrollments"] for row in totals),
            "update_form": PaymentUpdateForm(user=request.user),
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=filters.status,
    )


@require_POST
@staff_page(MANAGE)
def payment_update(request):
    form = PaymentUpdateForm(request.POST, user=request.user)
    if form.is_valid():
        changed = services.payments_set(
            enrollments=form.cleaned_data["enrollments"],
            payment_state=form.cleaned_data["payment_state"],
            by=request.user,
            request=request,
        )
        state = Enrollment.Payment(form.cleaned_data["payment_state"]).label
        messages.success(
            request,
            f"Recorded {state.lower()} for {changed} enrolment{'s' if changed != 1 else ''}.",
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    # Back to the same filtered page; only a query string is taken from the form.
    back = QueryDict(request.POST.get("next", "").lstrip("?")).urlencode()
    return redirect(reverse("intake:payment-list") + (f"?{back}" if back else ""))
