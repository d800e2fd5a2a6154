"""The state's pages: districts by option and status, the renewal list, the rollout study."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from renewal import services
from renewal.forms import ListingAddForm, ListingForm, RetireForm
from renewal.models import License, RenewalListing, RenewalPlan
from renewal.selectors import renewals, state_view, study_rows
from renewal.views import status_csv

READ = "renewal.view_all_renewals"
MANAGE = "renewal.manage_renewal"


@login_required
@require_safe
@permission_required(READ, raise_exception=True)
def state(request):
    context = state_view(as_of=timezone.localdate())
    context["proposed"] = RenewalPlan.objects.filter(
        status=RenewalPlan.Status.PROPOSED
    ).select_related("district")
    return render(request, "renewal/state.html", context)


@login_required
@require_safe
@permission_required(READ, raise_exception=True)
def export(request):
    rows = renewals(
        licenses=License.objects.order_by("educator__user__email"), as_of=timezone.localdate()
    )
    return status_csv(rows, "renewal-status.csv")


STUDY_COLUMNS = [
    "option",
    "high_need",
    "cycle_year",
    "educators",
    "met",
    "open",
    "not_met",
    "percent_met",
    "average_counted",
]


@login_required
@require_safe
@permission_required(READ, raise_exception=True)
def study(request):
    return render(request, "renewal/study.html", {"rows": study_rows(as_of=timezone.localdate())})


@login_required
@require_safe
@permission_required(READ, raise_exception=True)
def study_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="renewal-rollout-study.csv"'
    writer = csv.writer(response)
    writer.writerow(STUDY_COLUMNS)
    for row in study_rows(as_of=timezone.localdate()):
        writer.writerow(
            [
                row["option"],
                "yes" if row["high_need"] else "no",
                row["cycle_year"],
                row["educators"],
                row["met"],
                row["open"],
                row["not_met"],
                row["percent_met"],
                row["average_counted"],
            ]
        )
    return response


@login_required
@require_safe
@permission_required(READ, raise_exception=True)
def renewal_list(request):
    listings = RenewalListing.objects.select_related("micro_credential__programme")
    context = {
        "listings": [
            (
                listing,
                ListingForm(
                    initial={"listed_from": listing.listed_from, "retired_on": listing.retired_on},
                    prefix=f"l{listing.pk}",
                ),
            )
            for listing in listings
        ],
        "retire_form": RetireForm(initial={"on": timezone.localdate()}),
        "add_form": ListingAddForm(),
        "may_manage": request.user.has_perm(MANAGE),
        "today": timezone.localdate(),
    }
    return render(request, "renewal/list.html", context)


def _managed_listing(request, pk: int) -> RenewalListing:
    return get_object_or_404(RenewalListing, pk=pk)


def _done(request, action, success: str):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("renewal:list")


@login_required
@require_POST
@permission_required(MANAGE, raise_exception=True)
def listing_edit(request, pk: int):
    listing = _managed_listing(request, pk)
    form = ListingForm(request.POST, prefix=f"l{pk}")
    if not form.is_valid():
        messages.error(request, "Enter the dates as YYYY-MM-DD.")
        return redirect("renewal:list")
    return _done(
        request,
        lambda: services.listing_update(
            listing=listing, by=request.user, request=request, **form.cleaned_data
        ),
        f"{listing.micro_credential.name}: dates saved.",
    )


@login_required
@require_POST
@permission_required(MANAGE, raise_exception=True)
def listing_retire(request, pk: int):
    listing = _managed_listing(request, pk)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the first day off the list as YYYY-MM-DD.")
        return redirect("renewal:list")
    return _done(
        request,
        lambda: services.listing_retire(
            listing=listing, by=request.user, on=form.cleaned_data["on"], request=request
        ),
        f"{listing.micro_credential.name} is off the renewal list from {form.cleaned_data['on']}.",
    )


@login_required
@require_POST
@permission_required(MANAGE, raise_exception=True)
def listing_add(request):
    form = ListingAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a micro-credential and a date.")
        return redirect("renewal:list")
    return _done(
        request,
        lambda: services.listing_create(by=request.user, request=request, **form.cleaned_data),
        f"{form.cleaned_data['micro_credential']} is on the renewal list.",
    )
