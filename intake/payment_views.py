"""Fees: the list of enrolments with their fee state, and recording a state in bulk."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apl.lists import listing
from enrollment.models import Enrollment
from intake import selectors, services
from intake.forms import PaymentFilterForm, PaymentUpdateForm
from intake.views import MANAGE, READ, filter_summary, staff_page


def payment_filters(params: QueryDict) -> tuple[PaymentFilterForm, dict]:
    form = PaymentFilterForm(params)
    form.is_valid()
    cleaned = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, cleaned


@require_GET
@staff_page(READ)
def payment_list(request):
    filters, cleaned = payment_filters(request.GET)
    queryset = selectors.payment_rows(user=request.user, **cleaned)
    rows = listing(
        request, queryset, sorts=selectors.ENROLLMENT_SORTS, default="name", label="enrollments"
    )
    totals = selectors.unpaid_by_district(
        user=request.user, quarter=cleaned.get("quarter"), programme=cleaned.get("programme")
    )
    return render(
        request,
        "intake/payment_list.html",
        {
            "filters": filters,
            "listing": rows,
            "page_obj": rows.page,
            "sort": rows.sort,
            "totals": totals,
            "grand_total": sum(row["amount"] or 0 for row in totals),
            "grand_count": sum(row["enrollments"] for row in totals),
            "update_form": PaymentUpdateForm(user=request.user),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


def _back(request) -> str:
    # Back to the same filtered page; only a query string is taken from the form.
    back = QueryDict(request.POST.get("next", "").lstrip("?")).urlencode()
    return reverse("intake:payment-list") + (f"?{back}" if back else "")


def _confirm_matching(request, form):
    """Every enrolment the filter matches, counted now; applied once that count is confirmed."""
    filters, cleaned = payment_filters(QueryDict(form.cleaned_data["filter"]))
    if filters.errors:  # a filter dropped would widen the batch: refuse it
        messages.error(request, "The list's filters are not valid; nothing was changed.")
        return redirect(_back(request))
    targets = selectors.payment_rows(user=request.user, **cleaned)
    count = targets.count()
    expected = form.cleaned_data["expected"]
    state = form.cleaned_data["payment_state"]
    if form.cleaned_data["confirmed"] and expected == count:
        return services.payments_set(
            enrollments=targets.order_by("pk"),
            payment_state=state,
            by=request.user,
            request=request,
            matching=form.cleaned_data["filter"],
        )
    return render(
        request,
        "intake/payment_confirm.html",
        {
            "form": form,
            "count": count,
            "changed": expected is not None and expected != count,
            "state": Enrollment.Payment(state).label,
            "summary": filter_summary(filters),
            "next": request.POST.get("next", ""),
            "back": _back(request),
        },
    )


@require_POST
@staff_page(MANAGE)
def payment_update(request):
    form = PaymentUpdateForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(request))
    if form.cleaned_data["scope"] == form.MATCHING:
        changed = _confirm_matching(request, form)
        if not isinstance(changed, int):
            return changed  # the confirmation page
    else:
        changed = services.payments_set(
            enrollments=form.cleaned_data["enrollments"],
            payment_state=form.cleaned_data["payment_state"],
            by=request.user,
            request=request,
        )
    state = Enrollment.Payment(form.cleaned_data["payment_state"]).label
    messages.success(
        request,
        f"Recorded {state.lower()} for {changed} enrollment{'s' if changed != 1 else ''}.",
    )
    return redirect(_back(request))
