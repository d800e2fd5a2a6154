"""The educator's renewal page, the district administrator's view and the option-2 plan."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apl.spreadsheet import safe_cell
from districts.models import District
from renewal import services
from renewal.forms import DecideForm, PlanForm
from renewal.models import License, RenewalListing, RenewalPlan
from renewal.selectors import RenewalList, district_view, educator_renewal
from renewal.statement import renewal_statement_pdf


def _own_profile(request):
    profile = getattr(request.user, "educator_profile", None)
    if profile is None:
        raise PermissionDenied("This page is for educators.")
    return profile


@login_required
@require_safe
def mine(request):
    """The educator's own renewal progress."""
    profile = _own_profile(request)
    renewal = educator_renewal(educator=profile, as_of=timezone.localdate())
    credential = None
    if renewal is not None and renewal.status.status == "met":
        credential = services.renewal_credential_find(renewal=renewal)
    context = {"r": renewal, "profile": profile, "own": True, "credential": credential}
    return render(request, "renewal/educator.html", context)


@login_required
@require_POST
def credential(request):
    """Issue the educator's "License renewal requirement met" credential for this cycle."""
    profile = _own_profile(request)
    renewal = educator_renewal(educator=profile, as_of=timezone.localdate())
    if renewal is None:
        raise PermissionDenied("There is no license on record.")
    try:
        issued = services.renewal_credential_issue(renewal=renewal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("renewal:mine")
    messages.success(request, "Your renewal credential is ready to share.")
    return redirect("credentials:credential-detail", issued.pk)


@login_required
@require_safe
def statement(request):
    profile = _own_profile(request)
    return _statement_response(educator_renewal(educator=profile, as_of=timezone.localdate()))


def _statement_response(renewal):
    if renewal is None:
        raise PermissionDenied("There is no license on record to state a renewal for.")
    pdf = renewal_statement_pdf(renewal=renewal, today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="license-renewal-statement.pdf"'
    return response


def _visible_license(request, educator_pk: int) -> License:
    return get_object_or_404(
        License.objects.visible_to(request.user).select_related("educator"),
        educator_id=educator_pk,
    )


@login_required
@require_safe
def educator(request, pk: int):
    """One educator's renewal, for their district's administrators and state staff."""
    license = _visible_license(request, pk)
    renewal = educator_renewal(educator=license.educator, as_of=timezone.localdate())
    return render(request, "renewal/educator.html", {"r": renewal, "profile": license.educator})


@login_required
@require_safe
def educator_statement(request, pk: int):
    license = _visible_license(request, pk)
    return _statement_response(
        educator_renewal(educator=license.educator, as_of=timezone.localdate())
    )


@login_required
@require_safe
def districts(request):
    """The districts the user administers (or every district for state staff)."""
    visible = District.objects.visible_to(request.user)
    if not request.user.has_perm("districts.view_district") and not visible.exists():
        raise PermissionDenied("This page is for district administrators and state staff.")
    visible = list(visible)
    if len(visible) == 1 and not request.user.has_perm("districts.view_district"):
        return redirect("renewal:district", visible[0].pk)
    return render(request, "renewal/district_list.html", {"districts": visible})


def _visible_district(request, pk: int) -> District:
    return get_object_or_404(District.objects.visible_to(request.user), pk=pk)


@login_required
@require_safe
def district(request, pk: int):
    """The district's educators by renewal status, and who is at risk of ending short."""
    found = _visible_district(request, pk)
    context = district_view(district=found, as_of=timezone.localdate())
    context["plans"] = RenewalPlan.objects.filter(district=found).order_by("-updated_at")[:5]
    context["may_edit"] = District.objects.editable_by(request.user).filter(pk=pk).exists()
    context["today"] = timezone.localdate()
    return render(request, "renewal/district.html", context)


@login_required
@require_safe
def district_export(request, pk: int):
    found = _visible_district(request, pk)
    rows = district_view(district=found, as_of=timezone.localdate())["rows"]
    return status_csv(rows, f"renewal-{found.code}.csv")


STATUS_COLUMNS = [
    "email",
    "last_name",
    "first_name",
    "district",
    "license_number",
    "license_level",
    "cycle_start",
    "cycle_end",
    "route",
    "required",
    "counted",
    "counted_codes",
    "remaining",
    "status",
]


def status_csv(rows, filename: str) -> HttpResponse:
    """Renewal status, one row per licensed educator; micro-credentials are counted as such."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(STATUS_COLUMNS)
    for row in rows:
        s, user = row.status, row.educator.user
        writer.writerow(
            [
                safe_cell(user.email),
                safe_cell(user.last_name),
                safe_cell(user.first_name),
                safe_cell(row.district.code if row.district else ""),
                safe_cell(row.license.number),
                row.license.level,
                s.cycle_start.isoformat(),
                s.cycle_end.isoformat(),
                s.route,
                "" if s.required is None else s.required,
                len(s.counted),
                " ".join(c.code for c in s.counted),
                "" if s.remaining is None else s.remaining,
                s.status,
            ]
        )
    return response


# --- the option-2 plan ------------------------------------------------------------------


def _listed_codes() -> list[str]:
    today = timezone.localdate()
    renewal_list = RenewalList()
    codes = {listing.micro_credential.code for listing in RenewalListing.objects.all()}
    return [code for code in codes if renewal_list.listed(code, today)]


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    """The district administrator writes the district's option-2 plan (a draft until sent)."""
    found = _visible_district(request, pk)
    if not District.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Only the district's administrators write its plan.")
    plan = RenewalPlan.objects.open().filter(district=found).first()
    if plan is not None and not plan.is_editable:
        messages.info(request, "The plan is with the state for a decision.")
        return redirect("renewal:plan", plan.pk)
    initial = PlanForm.initial_for(plan)
    form = PlanForm(request.POST or None, initial=initial, listed_codes=_listed_codes())
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(
                district=found, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Plan saved. Send it to the state when it is ready.")
            return redirect("renewal:plan", plan.pk)
    return render(
        request, "renewal/plan_edit.html", {"district": found, "form": form, "plan": plan}
    )


def _visible_plan(request, pk: int) -> RenewalPlan:
    return get_object_or_404(
        RenewalPlan.objects.visible_to(request.user).select_related("district"), pk=pk
    )


@login_required
@require_safe
def plan(request, pk: int):
    found = _visible_plan(request, pk)
    context = {
        "plan": found,
        "choices": found.choice_set.order_by("programme__position", "position"),
        "may_edit": RenewalPlan.objects.editable_by(request.user).filter(pk=pk).exists(),
        "may_decide": request.user.has_perm("renewal.manage_renewal")
        and found.status == RenewalPlan.Status.PROPOSED,
        "decide_form": DecideForm(initial={"option_from": timezone.localdate()}),
    }
    return render(request, "renewal/plan.html", context)


@login_required
@require_POST
def plan_submit(request, pk: int):
    found = _visible_plan(request, pk)
    if not RenewalPlan.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Only the district's administrators send its plan.")
    try:
        services.plan_submit(plan=found, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Plan sent to the state for a decision.")
    return redirect("renewal:plan", pk)


@login_required
@require_POST
def plan_decide(request, pk: int):
    """The state approves the plan (option 2 from a date) or returns it with comments."""
    found = _visible_plan(request, pk)
    if not request.user.has_perm("renewal.manage_renewal"):
        raise PermissionDenied("Only the state decides district plans.")
    form = DecideForm(request.POST)
    if not form.is_valid():
        context = {
            "plan": found,
            "choices": found.choice_set.all(),
            "may_decide": True,
            "decide_form": form,
        }
        return render(request, "renewal/plan.html", context, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            services.plan_approve(
                plan=found,
                by=request.user,
                option_from=data["option_from"],
                comments=data["comments"],
                request=request,
            )
            messages.success(
                request, f"Approved: {found.district} follows option 2 from {data['option_from']}."
            )
        else:
            services.plan_return(
                plan=found, by=request.user, comments=data["comments"], request=request
            )
            messages.success(request, f"Returned to {found.district} with your comments.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("renewal:plan", pk)
