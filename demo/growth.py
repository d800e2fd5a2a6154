"""Growth plans, stipends and outside micro-credential proposals at every status.

Written through the services the pages use: plans from the state's template, goals met
by the passes the history already holds (found by the same sweep that catches imported
passes), stipends approved and paid from a return file, proposals reviewed and decided.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from enrollment.models import EducatorProfile, Enrollment
from growth import services
from growth.models import GrowthPlan, ReviewerAssignment, RubricLevel, Stipend
from growth.payments import payments_import
from growth.stipends import earned_on, passes_sweep, stipends_approve
from growth.years import SchoolYear
from proposals import services as proposals
from proposals.models import Proposal

COACHES = [("Ana Ruiz", "coach"), ("Dee Chavez", "supervisor"), ("Sam Lee", "peer")]
PROPOSALS = [
    ("Inquiry-Based Science Talk", "State University", "meets", None),
    ("Restorative Conferencing", "Southwest Educators Network", "meets", "accept"),
    ("Google Classroom Basics", "EdTech Badges", "does_not_meet", "decline"),
    ("Phonics Diagnostics", "Reading Institute", None, None),
]


def _plan(profile: EducatorProfile, year: SchoolYear, n: int) -> GrowthPlan:
    plan = GrowthPlan.objects.filter(educator=profile, school_year=year.start_year).first()
    if plan is None:
        plan = services.plan_start(educator=profile, year=year)
        name, role = COACHES[n % len(COACHES)]
        services.consultation_add(plan=plan, name=name, role=role)
        plan.context = "Grade-level reading data and my last evaluation."
        plan.save(update_fields=["context"])
    return plan


def _stipends(reviewer: User, stdout) -> None:
    """Plans whose micro-credential goals the history's passes meet: stipends due."""
    ids = list(
        Enrollment.objects.filter(status=Enrollment.Status.PASSED)
        .order_by("cohort__quarter", "pk")
        .values_list("pk", flat=True)
    )
    chosen = ids[:: max(1, len(ids) // 12)][:12]  # a spread across the quarters
    passes = Enrollment.objects.filter(pk__in=chosen).select_related(
        "cohort__micro_credential", "educator__user"
    )
    for n, enrollment in enumerate(passes):
        year = SchoolYear.of(earned_on(enrollment))
        plan = _plan(enrollment.educator, year, n)
        mc = enrollment.cohort.micro_credential
        if not plan.goals.filter(micro_credential=mc).exists():
            services.goal_add(
                plan=plan,
                statement=f"Strengthen my practice through {mc.name}.",
                route="micro_credential",
                micro_credential=mc,
            )
        if plan.status == GrowthPlan.Status.DRAFT:
            services.plan_submit(plan=plan, by=plan.educator.user)
        ReviewerAssignment.objects.get_or_create(reviewer=reviewer, educator=enrollment.educator)
    met = passes_sweep()
    stdout.write(f"Growth goals met by passes: {met}.")


def _pay(lac: User) -> None:
    stipends = list(Stipend.objects.order_by("pk"))
    third = len(stipends) // 3
    stipends_approve(stipends=stipends[third:], by=lac)
    paid = Stipend.objects.filter(pk__in=[s.pk for s in stipends[2 * third :]])
    day = timezone.localdate()
    rows = ["reference,amount,paid_on,payment_reference"]
    rows += [f"{s.reference},{s.amount},{day.isoformat()},DEMO-{s.pk}" for s in paid]
    result = payments_import(data="\r\n".join(rows).encode(), filename="demo-return.csv", by=lac)
    if not result.ok:
        raise RuntimeError("; ".join(str(e) for e in result.errors))


def _demo_educators(reviewer: User) -> None:
    """educator@ has a draft; educator2@ a submitted plan the PGP reviewer has work on."""
    year = SchoolYear.of(timezone.localdate())
    draft_owner = User.objects.get(email="educator@apl.example").educator_profile
    submitted_owner = User.objects.get(email="educator2@apl.example").educator_profile
    for profile in (draft_owner, submitted_owner):
        ReviewerAssignment.objects.get_or_create(reviewer=reviewer, educator=profile)
    draft = _plan(draft_owner, year, 0)
    if not draft.goals.exists():
        services.goal_add(plan=draft, statement="Run weekly restorative circles.", route="other")
    last = _plan(submitted_owner, year.previous(), 1)
    if not last.goals.exists():
        goal = services.goal_add(plan=last, statement="Lead two family nights.", route="other")
        services.plan_submit(plan=last, by=submitted_owner.user)
        services.goal_assess(
            goal=goal,
            outcome=RubricLevel.objects.get(name="Met"),
            assessment="Two family nights held; sign-in sheets and photos seen.",
            by=reviewer,
        )
    current = _plan(submitted_owner, year, 1)
    if not current.goals.exists():
        services.goal_add(
            plan=current,
            statement="Earn a coaching micro-credential from outside the catalog.",
            route="outside",
            outside_name="Instructional Coaching (State University)",
        )
        services.plan_submit(plan=current, by=submitted_owner.user)


def _proposals(lac: User, state_reviewer: User) -> None:
    educators = [
        User.objects.get(email=email).educator_profile
        for email in ("educator@apl.example", "educator2@apl.example")
    ]
    for n, (title, provider, verdict, decision) in enumerate(PROPOSALS):
        if Proposal.objects.filter(title=title).exists():
            continue
        proposal = proposals.proposal_submit(
            educator=educators[n % 2],
            title=title,
            provider=provider,
            link=f"https://example.org/micro-credentials/{n + 1}",
            competency="A discrete classroom practice, shown in the educator's own teaching.",
            assessment="Video and student work scored on the provider's four-level rubric.",
            rationale="It serves a goal of my growth plan this year.",
        )
        if verdict is None:
            continue
        proposals.proposal_assign_reviewers(proposal=proposal, reviewers=[state_reviewer], by=lac)
        if decision is None:
            continue
        _score(proposal, state_reviewer, verdict, decision)
        if decision == "accept":
            proposals.proposal_accept(
                proposal=proposal,
                listed_from=timezone.localdate(),
                on_renewal_list=True,
                by=lac,
            )
        else:
            proposals.proposal_decline(
                proposal=proposal,
                reason="Using a learning management system is a basic software skill, "
                "which is never a micro-credential.",
                by=lac,
            )


def _score(proposal: Proposal, state_reviewer: User, verdict: str, decision: str) -> None:
    from catalogue.models import EvaluationDomain

    proposals.proposal_review_submit(
        review=proposal.reviews.get(reviewer=state_reviewer),
        scores={
            "evidence_of_practice": "meets",
            "alignment": verdict,
            "not_basic_skill": verdict,
            "recommendation": decision,
            "comments": "Scored against the state's three quality criteria.",
        },
        domains=list(EvaluationDomain.objects.filter(code__in=["2A", "2D"])),
        by=state_reviewer,
    )


def load_growth(*, stdout) -> None:
    """Safe to run twice: whatever exists is kept."""
    reviewer = User.objects.get(email="pgp@apl.example")
    lac = User.objects.get(email="lac@apl.example")
    state_reviewer = User.objects.get(email="reviewer@apl.example")
    with transaction.atomic():
        _demo_educators(reviewer)
        if not Stipend.objects.exists():
            _stipends(reviewer, stdout)
            _pay(lac)
        _proposals(lac, state_reviewer)
    counts = {s: Stipend.objects.filter(status=s).count() for s in Stipend.Status.values}
    stdout.write(f"Growth plans: {GrowthPlan.objects.count()}; stipends {counts}.")
