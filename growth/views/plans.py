"""The educator writes their plan; the PGP reviewer assesses each goal's outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import Role
from apl.forms import filter_form
from growth import selectors, services
from growth.forms import (
    ActivityForm,
    AssessForm,
    ConsultationForm,
    ContextForm,
    EvidenceForm,
    GoalForm,
    PlanFilterForm,
    PlanStartForm,
)
from growth.models import Goal, GrowthPlan, RubricLevel, Stipend
from growth.views.common import VIEW_ALL, own_plan, report_errors, visible_plan
from growth.years import SchoolYear, school_year_label


def _may_use_plans(user) -> bool:
    return (
        hasattr(user, "educator_profile")
        or user.has_role(Role.PGP_REVIEWER)
        or user.has_perm(VIEW_ALL)
    )


@require_GET
@login_required
def plan_list(request):
    user = request.user
    if not _may_use_plans(user):
        raise PermissionDenied
    year = SchoolYear.of(timezone.localdate())
    filters = filter_form(request, PlanFilterForm)
    status = filters.cleaned_data.get("status") or ""
    school_year = filters.cleaned_data.get("year") or None
    plans = list(selectors.plans_for(user=user, school_year=school_year, status=status)[:200])
    profile = getattr(user, "educator_profile", None)
    mine = [p for p in plans if profile and p.educator_id == profile.pk]
    has_current = any(p.school_year == year.start_year for p in mine)
    has_last = any(p.school_year == year.previous().start_year for p in mine)
    return render(
        request,
        "growth/plan_list.html",
        {
            "plans": [p for p in plans if p not in mine],
            "mine": mine,
            "profile": profile,
            "year": year,
            "can_start": profile is not None and not has_current,
            "start_form": PlanStartForm() if has_last else None,
            "stipends": Stipend.objects.filter(educator=profile).select_related("micro_credential")
            if profile
            else [],
            "status": status,
            "statuses": GrowthPlan.Status.choices,
            "school_year": school_year,
            "years": [(y, school_year_label(y)) for y in selectors.plan_years()],
            "is_staff_view": user.has_perm(VIEW_ALL) or user.has_role(Role.PGP_REVIEWER),
        },
    )


@require_POST
@login_required
def plan_start(request):
    profile = getattr(request.user, "educator_profile", None)
    if profile is None:
        raise PermissionDenied
    form = PlanStartForm(request.POST)
    form.is_valid()
    year = SchoolYear.of(timezone.localdate())
    try:
        plan = services.plan_start(
            educator=profile,
            year=year,
            carry_forward=form.cleaned_data.get("carry_forward", False),
        )
    except ValidationError as error:
        report_errors(request, error)
        return redirect("growth:plan-list")
    messages.success(request, f"Your growth plan for {year} is started.")
    return redirect("growth:plan-detail", plan.pk)


def _plan_context(request, plan: GrowthPlan, **forms) -> dict:
    goals = list(
        plan.goals.select_related(
            "micro_credential", "outcome", "assessed_by", "met_by_enrollment__cohort"
        ).prefetch_related(Prefetch("stipends", queryset=Stipend.objects.all()))
    )
    is_owner = plan.educator.user_id == request.user.pk
    editable = is_owner and plan.status != GrowthPlan.Status.COMPLETED
    may_assess = (
        plan.status != GrowthPlan.Status.DRAFT
        and GrowthPlan.objects.assessable_by(request.user).filter(pk=plan.pk).exists()
    )
    context = {
        "plan": plan,
        "goals": goals,
        "consultations": list(plan.consultations.all()),
        "activities": list(plan.activities.select_related("goal")),
        "evidence": list(plan.evidence.select_related("goal")),
        "is_owner": is_owner,
        "editable": editable,
        "may_assess": may_assess,
        "rubric": RubricLevel.objects.filter(active=True),
    }
    if editable:
        context.update(
            context_form=forms.get("context_form")
            or ContextForm(initial={"context": plan.context}),
            goal_form=forms.get("goal_form") or GoalForm(),
            consultation_form=forms.get("consultation_form") or ConsultationForm(),
            activity_form=forms.get("activity_form") or ActivityForm(plan=plan),
            evidence_form=forms.get("evidence_form") or EvidenceForm(plan=plan),
        )
    return context


@require_GET
@login_required
def plan_detail(request, pk: int):
    plan = visible_plan(request, pk)
    return render(request, "growth/plan_detail.html", _plan_context(request, plan))


def _plan_form_view(request, pk: int, form_class, key: str, save, *, with_plan=False):
    plan = own_plan(request, pk)
    kwargs = {"plan": plan} if with_plan else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            save(plan, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, "Saved to your growth plan.")
            return redirect("growth:plan-detail", plan.pk)
    context = _plan_context(request, plan, **{key: form})
    return render(request, "growth/plan_detail.html", context, status=400)


@require_POST
@login_required
def plan_update(request, pk: int):
    return _plan_form_view(
        request,
        pk,
        ContextForm,
        "context_form",
        lambda plan, data: services.plan_update(plan=plan, context=data["context"]),
    )


@require_POST
@login_required
def goal_add(request, pk: int):
    def save(plan, data):
        services.goal_add(
            plan=plan,
            statement=data["statement"],
            route=data["route"],
            micro_credential=data.get("micro_credential"),
            outside_name=data.get("outside_name", ""),
        )

    return _plan_form_view(request, pk, GoalForm, "goal_form", save)


@require_POST
@login_required
def consultation_add(request, pk: int):
    return _plan_form_view(
        request,
        pk,
        ConsultationForm,
        "consultation_form",
        lambda plan, data: services.consultation_add(plan=plan, **data),
    )


@require_POST
@login_required
def activity_add(request, pk: int):
    return _plan_form_view(
        request,
        pk,
        ActivityForm,
        "activity_form",
        lambda plan, data: services.activity_add(plan=plan, **data),
        with_plan=True,
    )


@require_POST
@login_required
def evidence_add(request, pk: int):
    return _plan_form_view(
        request,
        pk,
        EvidenceForm,
        "evidence_form",
        lambda plan, data: services.evidence_add(plan=plan, **data),
        with_plan=True,
    )


@require_POST
@login_required
def plan_submit(request, pk: int):
    plan = own_plan(request, pk)
    try:
        services.plan_submit(plan=plan, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, "Your plan was sent to your PGP reviewer.")
    return redirect("growth:plan-detail", plan.pk)


@require_http_methods(["GET", "POST"])
@login_required
def goal_assess(request, pk: int):
    goal = get_object_or_404(
        Goal.objects.filter(plan__in=GrowthPlan.objects.visible_to(request.user)).select_related(
            "plan__educator__user", "micro_credential", "outcome"
        ),
        pk=pk,
    )
    if not GrowthPlan.objects.assessable_by(request.user).filter(pk=goal.plan_id).exists():
        raise PermissionDenied
    form = AssessForm(request.POST or None, initial={"outcome": goal.outcome_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_assess(goal=goal, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assessment recorded.")
            return redirect("growth:plan-detail", goal.plan_id)
    return render(
        request,
        "growth/goal_assess.html",
        {"goal": goal, "plan": goal.plan, "form": form, "evidence": goal.evidence.all()},
        status=400 if form.errors else 200,
    )
