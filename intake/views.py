"""The coordinator's intake pages: the intents queue (cohorts and fees in modules beside it).

Reading needs ``enrollment.view_all_enrollments`` (the LAC and the read-only liaison);
changing needs ``enrollment.manage_programme`` (the LAC). Object URLs look the object
up through ``visible_to`` first, so someone outside it gets 404, and only then check
the permission, so someone who may see it but not run intake gets 403.

Long lists go through ``apl.lists`` (sort, page size, jump, filters in the URL). A bulk
action applies to the rows ticked, or to every row its filter matches: then the filter
itself is sent, re-evaluated here, and confirmed with its count before anything changes.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from apl import versions
from apl.lists import listing
from enrollment.models import Intent
from intake import bulk, selectors, services
from intake.forms import BulkAcceptForm, DecisionForm, DeclineForm, IntentFilterForm
from intake.rows import intent_rows

READ = "enrollment.view_all_enrollments"
MANAGE = "enrollment.manage_programme"


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


def apply_form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def filter_summary(form) -> list[tuple[str, str]]:
    """The filters in force, as (label, value) pairs a confirmation page can state."""
    shown = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", []):
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()) or ())
        text = choices.get(value, value) if not hasattr(value, "pk") else value
        shown.append((str(field.label or name.replace("_", " ").capitalize()), str(text)))
    return shown


# --- intents -------------------------------------------------------------------------


def intent_filters(params: QueryDict) -> tuple[IntentFilterForm, dict]:
    """The queue's filter form and its cleaned values; no status given means pending."""
    data = params.copy()
    if "status" not in data:
        data["status"] = Intent.Status.PENDING
    form = IntentFilterForm(data)
    form.is_valid()
    cleaned = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, cleaned


@require_GET
@staff_page(READ)
def intent_list(request):
    """The queue. What it shows follows from the records, the query, who asks and the day
    (the bulk form's quarter), so it is rendered once per version of the records and kept
    in this worker (``apl.versions``): any write to any record shows on the next visit. The
    CSRF token is the visitor's own, put in per request."""
    key = f"intake:intents:{request.user.pk}:{timezone.localdate()}:{request.GET.urlencode()}"
    content = versions.remember(key, [versions.RECORDS], lambda: _intent_list_content(request))
    return render(
        request,
        "intake/intent_list.html",
        {"content": mark_safe(content.replace(_CSRF_SLOT, get_token(request)))},  # noqa: S308
    )


# Stands for the visitor's CSRF token in the kept HTML (no token is ever kept).
_CSRF_SLOT = "apl-csrf-token-slot-7a41c0"


def _intent_list_content(request) -> str:
    filters, cleaned = intent_filters(request.GET)
    queryset = selectors.intent_queue(user=request.user, history=False, **cleaned)
    rows = listing(
        request,
        queryset,
        sorts=selectors.INTENT_SORTS,
        default="submitted",
        label="intents",
    )
    history = selectors.history_lines_by_educator(intent.educator_id for intent in rows.page)
    for intent in rows.page:
        intent.history_lines = history[intent.educator_id]
    can_manage = request.user.has_perm(MANAGE)
    return render_to_string(
        "intake/intent_list.html#content",
        {
            "filters": filters,
            "listing": rows,
            "page_obj": rows.page,
            "sort": rows.sort,
            "rows": intent_rows(rows.page, can_manage=can_manage),
            "bulk": BulkAcceptForm(user=request.user),
            "can_manage": can_manage,
            "csrf_token": _CSRF_SLOT,
        },
        request=request,
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
            apply_form_errors(form, exc)
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


def _bulk_targets(request, form):
    """The intents a bulk form names: those ticked, or every one its filter matches."""
    if form.cleaned_data["scope"] == BulkAcceptForm.MATCHING:
        filters, cleaned = intent_filters(QueryDict(form.cleaned_data["filter"]))
        if filters.errors:
            return None, None  # a filter dropped would widen the batch: refuse it
        queryset = selectors.intent_queue(user=request.user, history=False, **cleaned)
        return queryset.open(), filter_summary(filters)
    picked = form.cleaned_data["intents"]
    return Intent.objects.filter(pk__in=[i.pk for i in picked]).open(), []


@require_POST
@staff_page(MANAGE)
def intent_bulk_accept(request):
    """Check the batch first (missing or full cohorts); enrol only once confirmed."""
    form = BulkAcceptForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("intake:intent-list"))
    quarter = form.cleaned_data["quarter"]
    intents, summary = _bulk_targets(request, form)
    if intents is None:
        messages.error(request, "The queue's filters are not valid; nothing was changed.")
        return redirect(reverse("intake:intent-list"))
    check = bulk.intents_check(intents=intents, quarter=quarter)
    expected = form.cleaned_data["expected"]
    changed = expected is not None and expected != check.total
    if not form.cleaned_data["confirmed"] or changed:
        return render(
            request,
            "intake/bulk_check.html",
            {"check": check, "form": form, "summary": summary, "changed": changed},
        )
    outcomes = services.intent_bulk_accept(
        intents=intents.select_related("educator__user", "programme").order_by(
            "educator__user__last_name", "pk"
        ),
        quarter=quarter,
        by=request.user,
        request=request,
        matching=form.cleaned_data["filter"] if summary else None,
    )
    return render(
        request,
        "intake/bulk_result.html",
        {
            "quarter": quarter,
            "outcomes": outcomes,
            "enrolled": sum(o.ok for o in outcomes),
            "refused": sum(not o.ok for o in outcomes),
        },
    )
