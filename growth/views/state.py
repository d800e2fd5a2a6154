"""The state's pages: PGP reviewer assignments, stipends (approve, export, return file)
and the growth reports (each a page and a CSV)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apl.forms import filter_form
from apl.lists import listing
from audit.services import audit_log
from exchange.exporters import CONTENT_TYPES, write_csv
from growth import selectors, services
from growth.forms import AssignmentForm, PaymentFileForm, StipendApproveForm, StipendFilterForm
from growth.models import ReviewerAssignment, Stipend
from growth.payments import payments_import, stipends_export
from growth.stipends import stipends_approve
from growth.views.common import MANAGE, VIEW_ALL, form_errors, report_errors, staff_page

ASSIGNMENT_SORTS = {
    "reviewer": ("reviewer__last_name", "reviewer__first_name"),
    "educator": ("educator__user__last_name", "educator__user__first_name"),
    "since": ("assigned_at",),
}
STIPEND_SORTS = {
    "reference": ("pk",),
    "educator": ("educator__user__last_name", "educator__user__first_name"),
    "district": ("district_name",),
    "micro_credential": ("micro_credential__name",),
    "year": ("school_year",),
    "amount": ("amount",),
    "status": ("status",),
}


@require_GET
@staff_page(VIEW_ALL)
def assignment_list(request):
    assignments = ReviewerAssignment.objects.select_related("reviewer", "educator__user")
    rows = listing(
        request, assignments, sorts=ASSIGNMENT_SORTS, default="reviewer", label="assignments"
    )
    return render(
        request,
        "growth/assignment_list.html",
        {
            "listing": rows,
            "page_obj": rows.page,
            "form": AssignmentForm() if request.user.has_perm(MANAGE) else None,
        },
    )


@require_POST
@staff_page(MANAGE)
def assignment_add(request):
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.reviewer_assign(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error)
        else:
            data = form.cleaned_data
            messages.success(request, f"{data['reviewer']} now reviews {data['educator']}.")
    else:
        form_errors(request, form)
    return redirect("growth:assignment-list")


@require_POST
@staff_page(MANAGE)
def assignment_remove(request, pk: int):
    assignment = get_object_or_404(ReviewerAssignment.objects.select_related("reviewer"), pk=pk)
    services.reviewer_unassign(assignment=assignment, by=request.user, request=request)
    messages.success(request, "Assignment removed.")
    return redirect("growth:assignment-list")


def _filtered_stipends(request):
    form = StipendFilterForm(request.GET, years=selectors.stipend_years())
    form.is_valid()
    stipends = Stipend.objects.all()
    status = form.cleaned_data.get("status")
    year = form.cleaned_data.get("school_year")
    if status:
        stipends = stipends.filter(status=status)
    if year:
        stipends = stipends.filter(school_year=year)
    return form, stipends


@require_GET
@staff_page(VIEW_ALL)
def stipend_list(request):
    form, stipends = _filtered_stipends(request)
    rows = listing(
        request,
        stipends.select_related("educator__user", "micro_credential"),
        sorts=STIPEND_SORTS,
        default="-reference",
        label="stipends",
        count_queryset=stipends,
    )
    return render(
        request,
        "growth/stipend_list.html",
        {
            "filters": form,
            "listing": rows,
            "page_obj": rows.page,
            "totals": selectors.stipend_totals(stipends),
            "can_manage": request.user.has_perm(MANAGE),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
@staff_page(MANAGE)
def stipend_approve(request):
    form = StipendApproveForm(request.POST)
    if form.is_valid():
        count = stipends_approve(
            stipends=form.cleaned_data["stipends"], by=request.user, request=request
        )
        messages.success(request, f"Approved {count} stipend{'s' if count != 1 else ''}.")
    else:
        form_errors(request, form)
    return redirect("growth:stipend-list")


@require_GET
@staff_page(MANAGE)
def stipend_export(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    _, stipends = _filtered_stipends(request)
    content = stipends_export(stipends=stipends, fmt=fmt, by=request.user, request=request)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="stipends.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@staff_page(MANAGE)
def stipend_payments(request):
    form = PaymentFileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = payments_import(
            data=upload.read(),
            filename=(upload.name or "return.csv")[-80:],
            dry_run=form.cleaned_data["dry_run"],
            by=request.user,
            request=request,
        )
        if result.ok and not result.dry_run:
            messages.success(request, f"Recorded {result.updated} stipend(s) paid.")
            return redirect("growth:stipend-list")
    status = 400 if (form.errors or (result and not result.ok)) else 200
    return render(
        request, "growth/stipend_payments.html", {"form": form, "result": result}, status=status
    )


@require_GET
@staff_page(VIEW_ALL)
def report(request, slug: str):
    definition = selectors.REPORTS.get(slug)
    if definition is None:
        raise Http404
    rows = definition.rows()
    if filter_form(request).data.get("format") == "csv":
        content, count = write_csv(definition.header, rows)
        audit_log(action=f"export.growth_{slug}", request=request, format="csv", records=count)
        response = HttpResponse(content, content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="growth-{slug}.csv"'
        return response
    return render(
        request,
        "growth/report.html",
        {"report": definition, "rows": rows, "reports": selectors.REPORTS.values()},
    )
