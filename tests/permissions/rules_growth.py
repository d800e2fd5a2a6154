"""Growth plans: the educator writes their own plan (others 404; staff who see it 403 on
a change); the PGP reviewer sees and assesses only the plans of the educators assigned
to them; stipends, reviewer assignments and reports are the state's pages (403 to
everyone else, the read-only liaison 403 on every change)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from growth import services
from growth.models import RubricLevel, Stipend
from growth.years import SchoolYear
from tests.factories.growth import enrolled, mc_goal, pass_
from tests.permissions.matrix import LOGIN, rule


def _plan(w):
    """The world educator's submitted 2024-25 plan, with an open goal (made once)."""
    if getattr(w, "_plan", None) is None:
        profile = w.educator.educator_profile
        plan = services.plan_start(educator=profile, year=SchoolYear(2024))
        services.consultation_add(plan=plan, name="Ana Ruiz", role="coach")
        w._goal = services.goal_add(plan=plan, statement="Lead a family night.", route="other")
        services.plan_submit(plan=plan, by=w.educator)
        w._plan = plan
    return w._plan


def _plan_args(w):
    return (_plan(w).pk,)


def _goal_args(w):
    _plan(w)
    return (w._goal.pk,)


def _stipend(w):
    profile = w.other_educator.educator_profile
    plan = services.plan_start(educator=profile, year=SchoolYear(2025))
    goal = mc_goal(plan, "FE")
    from growth.stipends import record_pass

    record_pass(enrollment_id=pass_(enrolled(profile, code="FE", quarter="Q1/26")).pk)
    return Stipend.objects.get(goal=goal)


def _return_file(w):
    stipend = _stipend(w)
    Stipend.objects.filter(pk=stipend.pk).update(status="approved")
    text = f"reference,amount,paid_on\r\n{stipend.reference},50.00,2025-10-01\r\n"
    return {"file": SimpleUploadedFile("return.csv", text.encode(), "text/csv")}


STATE_READ = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=403,
    facilitator=403,
    other_facilitator=403,
    district_admin=403,
    other_district_admin=403,
    lac=200,
    liaison=200,
    pgp_reviewer=403,
)


def _manage(done):
    return {**STATE_READ, "lac": done, "liaison": 403}


def _own(done):
    """A change to the educator's own plan."""
    return dict(
        anonymous=LOGIN,
        educator=done,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        district_admin=404,
        other_district_admin=404,
        lac=403,
        liaison=403,
        pgp_reviewer=403,
    )


PLAN_FORMS = [
    ("growth:plan-update", lambda w: {"context": "Reading scores in grade 3."}),
    ("growth:goal-add", lambda w: {"statement": "Run restorative circles.", "route": "other"}),
    ("growth:consultation-add", lambda w: {"name": "Dee Chavez", "role": "supervisor"}),
    ("growth:activity-add", lambda w: {"description": "Observe a colleague's circle."}),
    ("growth:evidence-add", lambda w: {"description": "Circle notes, October."}),
]

RULES = [
    rule(
        "growth:plan-list",
        anonymous=LOGIN,
        educator=200,
        other_educator=200,
        facilitator=403,
        other_facilitator=403,
        district_admin=403,
        other_district_admin=403,
        lac=200,
        liaison=200,
        pgp_reviewer=200,
    ),
    rule("growth:plan-list", method="post", default=405),
    rule(
        "growth:plan-start",
        method="post",
        # Only an educator (someone with a profile) starts a plan: no object to hide.
        **{
            **_own(302),
            "other_educator": 302,
            "facilitator": 403,
            "other_facilitator": 403,
            "district_admin": 403,
            "other_district_admin": 403,
        },
    ),
    rule("growth:plan-start", default=405),
    rule(
        "growth:plan-detail",
        args=_plan_args,
        **{**_own(200), "lac": 200, "liaison": 200, "pgp_reviewer": 200},
    ),
    rule("growth:plan-detail", args=_plan_args, method="post", default=405),
    *[
        rule(name, args=_plan_args, method="post", data=data, **_own(302))
        for name, data in PLAN_FORMS
    ],
    *[rule(name, args=_plan_args, default=405) for name, _ in PLAN_FORMS],
    # Submitted already: the educator is sent back to the plan with the reason.
    rule("growth:plan-submit", args=_plan_args, method="post", **_own(302)),
    rule("growth:plan-submit", args=_plan_args, default=405),
    rule(
        "growth:goal-assess",
        args=_goal_args,
        **{**_own(403), "pgp_reviewer": 200},
    ),
    rule(
        "growth:goal-assess",
        args=_goal_args,
        method="post",
        data=lambda w: {
            "outcome": RubricLevel.objects.get(name="Met").pk,
            "assessment": "Two family nights held.",
        },
        **{**_own(403), "pgp_reviewer": 302},
    ),
    rule("growth:assignment-list", **STATE_READ),
    rule("growth:assignment-list", method="post", default=405),
    rule(
        "growth:assignment-add",
        method="post",
        data=lambda w: {
            "reviewer": w.pgp_reviewer.pk,
            "educator": w.other_educator.educator_profile.pk,
        },
        **_manage(302),
    ),
    rule("growth:assignment-add", default=405),
    rule(
        "growth:assignment-remove",
        args=lambda w: (w.pgp_reviewer.pgp_assignments.get().pk,),
        method="post",
        **_manage(302),
    ),
    rule(
        "growth:assignment-remove",
        args=lambda w: (w.pgp_reviewer.pgp_assignments.get().pk,),
        default=405,
    ),
    rule("growth:stipend-list", **STATE_READ),
    rule("growth:stipend-list", method="post", default=405),
    rule(
        "growth:stipend-approve",
        method="post",
        data=lambda w: {"stipends": [_stipend(w).pk]},
        **_manage(302),
    ),
    rule("growth:stipend-approve", default=405),
    rule("growth:stipend-export", args=lambda w: ("csv",), **_manage(200)),
    rule("growth:stipend-export", args=lambda w: ("xlsx",), method="post", default=405),
    rule("growth:stipend-payments", **_manage(200)),
    rule("growth:stipend-payments", method="post", data=_return_file, **_manage(302)),
    rule("growth:report", args=lambda w: ("goals",), **STATE_READ),
    rule("growth:report", args=lambda w: ("stipends",), method="post", default=405),
]
