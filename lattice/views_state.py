"""A district's applications and own criteria; the state's view, its CSV, and the rules."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apl.spreadsheet import safe_cell
from catalogue.models import Stack
from districts.models import District
from lattice import services
from lattice.forms import CriterionForm, RouteForm
from lattice.models import AdvancedRole, DistrictCriterion, Route
from lattice.selectors import awaiting_award, district_queue
from lattice.state import CSV_COLUMNS, csv_rows, lattice_state

READ_ALL = "lattice.view_all_designations"
MANAGE = "lattice.manage_lattice"


def _visible_district(request, pk: int) -> District:
    return get_object_or_404(District.objects.visible_to(request.user), pk=pk)


def _district_page(request, district, form=None, status=200):
    context = district_queue(district=district)
    editable = District.objects.editable_by(request.user).filter(pk=district.pk).exists()
    context["form"] = form or (CriterionForm() if editable else None)
    context["editable"] = editable
    return render(request, "lattice/district.html", context, status=status)


@login_required
@require_safe
def district(request, pk: int):
    """Applications to the district (interviews to record) and its own criteria."""
    return _district_page(request, _visible_district(request, pk))


@login_required
@require_POST
def criterion_add(request, pk: int):
    district = _visible_district(request, pk)
    if not District.objects.editable_by(request.user).filter(pk=district.pk).exists():
        raise PermissionDenied("Only the district's administrators add its criteria.")
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(
                district=district, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Criterion added; applicants see it.")
            return redirect("lattice:district", district.pk)
    return _district_page(request, district, form=form, status=400)


@login_required
@require_POST
def criterion_delete(request, pk: int):
    criterion = get_object_or_404(
        DistrictCriterion.objects.filter(district__in=District.objects.visible_to(request.user)),
        pk=pk,
    )
    district_pk = criterion.district_id
    services.criterion_delete(criterion=criterion, by=request.user, request=request)
    messages.success(request, "Criterion removed.")
    return redirect("lattice:district", district_pk)


def _scope(request):
    """Every district for state staff; the districts one administers; else refused."""
    user = request.user
    if user.has_perm(READ_ALL):
        return None
    administered = list(District.objects.editable_by(user))
    if not administered:
        raise PermissionDenied("This page is for state staff and district administrators.")
    return administered


@login_required
@require_safe
def state(request):
    """Designations by role, district and high-need, and the pipeline."""
    districts = _scope(request)
    context = lattice_state(districts=districts, today=timezone.localdate())
    context["districts"] = districts
    context["awaiting"] = awaiting_award() if districts is None else []
    context["roles"] = AdvancedRole.objects.prefetch_related("routes__stack")
    context["stacks"] = (
        Stack.objects.with_rule().select_related("programme") if districts is None else []
    )
    return render(request, "lattice/state.html", context)


@login_required
@require_safe
def state_csv(request):
    districts = _scope(request)
    state = lattice_state(districts=districts, today=timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="advanced-roles.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(state):
        writer.writerow([safe_cell(value) for value in row])
    return response


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(READ_ALL, raise_exception=True)
def route_edit(request, pk: int):
    """The state changes a route's rules: a new version, for new applications only."""
    route = get_object_or_404(Route.objects.select_related("role"), pk=pk)
    form = RouteForm(instance=Route.objects.get(pk=pk))
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied("Only the Licensure Advancement Coordinator changes the rules.")
        form = RouteForm(request.POST, instance=Route.objects.get(pk=pk))
        if form.is_valid():
            services.route_update(
                route=route, by=request.user, request=request, **form.cleaned_data
            )
            messages.success(
                request, "Rules changed: they apply to new applications; those made keep theirs."
            )
            return redirect("lattice:state")
    return render(
        request,
        "lattice/route_edit.html",
        {"route": route, "form": form},
        status=400 if form.is_bound else 200,
    )
