"""What the growth pages share: the plan lookups, 404 outside and 403 read-only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from growth.models import GrowthPlan

MANAGE = "growth.manage_growth"
VIEW_ALL = "growth.view_all_plans"


def staff_page(perm: str):
    """Signed in and holding ``perm`` (403 otherwise: a staff page hides nothing)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def visible_plan(request, pk: int) -> GrowthPlan:
    return get_object_or_404(
        GrowthPlan.objects.visible_to(request.user).select_related("educator__user", "template"),
        pk=pk,
    )


def own_plan(request, pk: int) -> GrowthPlan:
    """The signed-in educator's plan: 404 if they cannot see it, 403 if it is not theirs."""
    plan = visible_plan(request, pk)
    if plan.educator.user_id != request.user.pk:
        raise PermissionDenied
    return plan


def report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
