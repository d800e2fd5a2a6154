"""Every write to growth plans: validated, atomic, audited where the state needs a trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from apl.notify import email_on_commit
from audit.services import audit_log
from enrollment.models import EducatorProfile
from growth.models import (
    Activity,
    Consultation,
    Evidence,
    Goal,
    GrowthPlan,
    PlanTemplate,
    ReviewerAssignment,
    RubricLevel,
)
from growth.years import SchoolYear


def active_template() -> PlanTemplate:
    template = PlanTemplate.objects.filter(active=True).first()
    if template is None:
        raise ValidationError("The state has no active plan template; ask the coordinator.")
    return template


@transaction.atomic
def plan_start(
    *, educator: EducatorProfile, year: SchoolYear, carry_forward: bool = False
) -> GrowthPlan:
    """Start the educator's plan for ``year`` from the state's template.

    With ``carry_forward``, last year's context, unsettled or unmet goals, consultations
    and activities are copied in (evidence and assessments stay with last year's plan).
    """
    if GrowthPlan.objects.filter(educator=educator, school_year=year.start_year).exists():
        raise ValidationError(f"You already have a growth plan for {year}.", code="duplicate")
    previous = None
    if carry_forward:
        previous = GrowthPlan.objects.filter(
            educator=educator, school_year=year.previous().start_year
        ).first()
        if previous is None:
            raise ValidationError(f"There is no plan for {year.previous()} to carry forward.")
    plan = GrowthPlan(
        educator=educator,
        school_year=year.start_year,
        template=active_template(),
        carried_from=previous,
        context=previous.context if previous else "",
    )
    plan.full_clean()
    plan.save()
    if previous is not None:
        _copy_forward(previous, plan)
    return plan


def _copy_forward(previous: GrowthPlan, plan: GrowthPlan) -> None:
    goals = previous.goals.select_related("outcome")
    for goal in goals:
        if goal.is_met:
            continue
        new = Goal.objects.create(
            plan=plan,
            statement=goal.statement,
            route=goal.route,
            micro_credential=goal.micro_credential,
            outside_name=goal.outside_name,
            position=goal.position,
        )
        for activity in goal.activities.all():
            Activity.objects.create(plan=plan, goal=new, description=activity.description)
    for person in previous.consultations.all():
        Consultation.objects.create(plan=plan, name=person.name, role=person.role)


def _editable(plan: GrowthPlan) -> GrowthPlan:
    plan = GrowthPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == GrowthPlan.Status.COMPLETED:
        raise ValidationError("This plan is completed; it can no longer be changed.")
    return plan


@transaction.atomic
def plan_update(*, plan: GrowthPlan, context: str) -> GrowthPlan:
    plan = _editable(plan)
    plan.context = context
    plan.full_clean()
    plan.save(update_fields=["context"])
    return plan


@transaction.atomic
def goal_add(
    *, plan: GrowthPlan, statement: str, route: str, micro_credential=None, outside_name: str = ""
) -> Goal:
    plan = _editable(plan)
    if route != Goal.Route.MICRO_CREDENTIAL:
        micro_credential = None
    if route == Goal.Route.MICRO_CREDENTIAL and micro_credential is None:
        raise ValidationError({"micro_credential": "Choose the micro-credential."})
    if route == Goal.Route.OUTSIDE and not outside_name.strip():
        raise ValidationError({"outside_name": "Name the outside micro-credential."})
    goal = Goal(
        plan=plan,
        statement=statement,
        route=route,
        micro_credential=micro_credential,
        outside_name=outside_name.strip() if route == Goal.Route.OUTSIDE else "",
        position=plan.goals.count() + 1,
    )
    goal.full_clean()
    goal.save()
    if goal.micro_credential_id:
        # A pass already earned this school year meets the goal at once.
        from growth.stipends import goal_settle_by_passes

        transaction.on_commit(lambda: goal_settle_by_passes(goal=goal))
    return goal


@transaction.atomic
def consultation_add(*, plan: GrowthPlan, name: str, role: str, held_on=None, notes="") -> None:
    plan = _editable(plan)
    item = Consultation(plan=plan, name=name, role=role, held_on=held_on, notes=notes)
    item.full_clean()
    item.save()


@transaction.atomic
def activity_add(*, plan: GrowthPlan, description: str, goal=None, target_date=None) -> None:
    plan = _editable(plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": "Choose a goal of this plan."})
    item = Activity(plan=plan, goal=goal, description=description, target_date=target_date)
    item.full_clean()
    item.save()


@transaction.atomic
def evidence_add(*, plan: GrowthPlan, description: str, goal=None, link: str = "") -> None:
    plan = _editable(plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": "Choose a goal of this plan."})
    item = Evidence(plan=plan, goal=goal, description=description, link=link)
    item.full_clean()
    item.save()


@transaction.atomic
def plan_submit(*, plan: GrowthPlan, by) -> GrowthPlan:
    """Send the plan to the educator's PGP reviewers; it needs a goal and a consultation."""
    plan = _editable(plan)
    if plan.status != GrowthPlan.Status.DRAFT:
        raise ValidationError("This plan was submitted already.")
    if not plan.goals.exists():
        raise ValidationError("Add at least one growth goal before submitting the plan.")
    if not plan.consultations.exists():
        raise ValidationError(
            "Record who you wrote the plan with (a peer, coach or supervisor) before submitting."
        )
    plan.status = GrowthPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    for assignment in plan.educator.pgp_reviewers.select_related("reviewer"):
        email_on_commit(
            user=assignment.reviewer,
            subject=f"Growth plan {plan.year} submitted by {plan.educator}",
            template="email/growth/plan_submitted.txt",
            context={"educator": str(plan.educator), "year": plan.year.label, "plan": plan.pk},
        )
    plan_complete_if_settled(plan=plan)
    return plan


def plan_complete_if_settled(*, plan: GrowthPlan) -> bool:
    """A submitted plan whose every goal is met by a pass or assessed is completed."""
    if plan.status != GrowthPlan.Status.SUBMITTED:
        return False
    goals = list(plan.goals.all())
    if not goals or not all(goal.is_settled for goal in goals):
        return False
    plan.status = GrowthPlan.Status.COMPLETED
    plan.completed_at = timezone.now()
    plan.save(update_fields=["status", "completed_at"])
    email_on_commit(
        user=plan.educator.user,
        subject=f"Your growth plan {plan.year} is complete",
        template="email/growth/plan_completed.txt",
        context={"first_name": plan.educator.user.first_name, "year": plan.year.label},
    )
    return True


@transaction.atomic
def goal_assess(*, goal: Goal, outcome: RubricLevel, assessment: str, by, request=None) -> Goal:
    """The PGP reviewer's assessment of a goal's outcome against the sample rubric."""
    goal = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    if goal.plan.status == GrowthPlan.Status.DRAFT:
        raise ValidationError("The educator has not submitted this plan yet.")
    if goal.met_by_micro_credential:
        raise ValidationError(
            "This goal was met by passing its micro-credential; no assessment is needed."
        )
    goal.outcome = outcome
    goal.assessment = assessment
    goal.assessed_by = by
    goal.assessed_at = timezone.now()
    goal.full_clean()
    goal.save()
    audit_log(
        action="growth.goal_assessed", actor=by, request=request, target=goal, outcome=outcome.name
    )
    plan_complete_if_settled(plan=goal.plan)
    return goal


@transaction.atomic
def reviewer_assign(*, reviewer, educator: EducatorProfile, by, request=None) -> ReviewerAssignment:
    if not reviewer.has_role(Role.PGP_REVIEWER):
        raise ValidationError({"reviewer": f"{reviewer} is not a PGP reviewer."})
    if reviewer.pk == educator.user_id:
        raise ValidationError({"reviewer": "An educator cannot review their own plan."})
    assignment, created = ReviewerAssignment.objects.get_or_create(
        reviewer=reviewer, educator=educator
    )
    if created:
        audit_log(
            action="growth.reviewer_assigned",
            actor=by,
            request=request,
            target=assignment,
            reviewer=reviewer.email,
            educator=educator.email,
        )
    return assignment


@transaction.atomic
def reviewer_unassign(*, assignment: ReviewerAssignment, by, request=None) -> None:
    audit_log(
        action="growth.reviewer_unassigned",
        actor=by,
        request=request,
        target=assignment,
        reviewer=assignment.reviewer.email,
        educator=assignment.educator.email,
    )
    assignment.delete()
