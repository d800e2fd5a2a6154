"""Advanced roles: an educator's own page and applications; the hiring district's
administrator records interviews (another district's gets 404); the LAC awards and changes
the rules; the liaison reads (403 on every change); district administrators see their
district's figures only."""

import datetime as dt

from django.utils import timezone

from tests.permissions.matrix import LOGIN, post_refused, rule


def _route(w):
    from lattice.models import AdvancedRole, Route

    role, _ = AdvancedRole.objects.get_or_create(
        code="mentor", defaults={"name": "Mentor Teacher", "responsibilities": "Mentors."}
    )
    route, _ = Route.objects.get_or_create(role=role, kind="nbct_only")
    return route


def _eligible(w):
    from renewal.models import License

    profile = w.educator.educator_profile
    profile.nbct = True
    profile.save(update_fields=["nbct"])
    License.objects.get_or_create(
        educator=profile,
        defaults={
            "number": "NM-W1",
            "level": 2,
            "cycle_start": dt.date(2024, 7, 1),
            "level_since": dt.date(2020, 7, 1),
        },
    )
    return profile


def _application(w, status="applied"):
    from lattice.models import Application

    profile = _eligible(w)
    route = _route(w)
    fields = {}
    if status != "applied":
        fields = {
            "interview_on": timezone.localdate(),
            "interview_outcome": status,
            "interviewer_name": "Dana Principal",
        }
    application = Application.objects.create(
        educator=profile,
        role=route.role,
        route=route,
        district_id=profile.district_id,
        rules={"kind": "nbct_only", "version": 1},
        status=status,
        **fields,
    )
    return (application.pk,)


def _apply_data(w):
    route = _route(w)
    _eligible(w)
    prefix = f"r{route.role_id}"
    return {
        f"{prefix}-route": route.pk,
        f"{prefix}-district": w.educator.educator_profile.district_id,
    }


def _stack(w):
    from catalogue.models import MicroCredential, Stack

    stack, _ = Stack.objects.get_or_create(code="MENTORING", defaults={"name": "Mentoring"})
    stack.members.set(MicroCredential.objects.filter(code__in=["CE", "FE"]))
    return stack


def _stack_data(w):
    from catalogue.models import MicroCredential

    return {
        "code": "LEADER",
        "name": "Teacher Leadership",
        "rule": "all",
        "members": [mc.pk for mc in MicroCredential.objects.filter(code__in=["CE", "AL"])],
    }


def _role_data(w):
    return {"name": "Instructional Coach", "code": "coach", "responsibilities": "Coaches."}


def _route_data(w):
    return {
        "kind": "stack",
        "stack": _stack(w).pk,
        "min_license_level": "2",
        "min_years_at_level": "1",
    }


def _district(w):
    return (w.educator.educator_profile.district_id,)


def _criterion(w):
    from lattice.models import DistrictCriterion

    criterion = DistrictCriterion.objects.create(
        district_id=_district(w)[0], role=_route(w).role, text="Two years in the district."
    )
    return (criterion.pk,)


NOBODY = dict(
    facilitator=404,
    other_facilitator=404,
    pgp_reviewer=404,
    other_educator=404,
    other_district_admin=404,
)
OWN = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=200,
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    lac=403,
    liaison=403,
    district_admin=403,
    other_district_admin=403,
)
APPLICATION = dict(
    anonymous=LOGIN, educator=200, lac=200, liaison=200, district_admin=200, **NOBODY
)
INTERVIEW = {**APPLICATION, "educator": 403, "lac": 403, "liaison": 403, "district_admin": 302}
DECIDE = {**APPLICATION, "educator": 403, "lac": 302, "liaison": 403, "district_admin": 403}
DISTRICT = {**APPLICATION, "educator": 404}
DISTRICT_WRITE = {**DISTRICT, "lac": 403, "liaison": 403, "district_admin": 302}
STATE = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=403,
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    lac=200,
    liaison=200,
    district_admin=200,
    other_district_admin=200,
)
RULES_PAGE = {**STATE, "district_admin": 403, "other_district_admin": 403}
SAFE_ONLY = dict(anonymous=LOGIN, default=405)


def _interview_data(w):
    return {
        "interview_on": timezone.localdate().isoformat(),
        "outcome": "recommended",
        "interviewer_name": "Dana Principal",
    }


RULES = [
    rule("lattice:mine", **OWN),
    rule(
        "lattice:apply",
        args=lambda w: (_route(w).role_id,),
        method="post",
        data=_apply_data,
        **{**OWN, "educator": 302, "other_educator": 302},
    ),
    rule("lattice:apply", args=lambda w: (_route(w).role_id,), **SAFE_ONLY),
    rule("lattice:application", args=_application, **APPLICATION),
    rule(
        "lattice:interview",
        args=_application,
        method="post",
        data=_interview_data,
        **INTERVIEW,
    ),
    rule("lattice:interview", args=_application, **SAFE_ONLY),
    rule(
        "lattice:decide",
        args=lambda w: _application(w, "recommended"),
        method="post",
        data=lambda w: {"decision": "award"},
        **DECIDE,
    ),
    rule("lattice:decide", args=lambda w: _application(w, "recommended"), **SAFE_ONLY),
    rule("lattice:district", args=_district, **DISTRICT),
    rule(
        "lattice:criterion-add",
        args=_district,
        method="post",
        data=lambda w: {"role": _route(w).role_id, "text": "Two years in the district."},
        **DISTRICT_WRITE,
    ),
    rule("lattice:criterion-add", args=_district, **SAFE_ONLY),
    rule("lattice:criterion-delete", args=_criterion, method="post", **DISTRICT_WRITE),
    rule("lattice:criterion-delete", args=_criterion, **SAFE_ONLY),
    rule("lattice:state", **STATE),
    rule("lattice:state-csv", **STATE),
    rule("lattice:route-edit", args=lambda w: (_route(w).pk,), **RULES_PAGE),
    rule(
        "lattice:route-edit",
        args=lambda w: (_route(w).pk,),
        method="post",
        data=lambda w: {"min_license_level": "2", "min_years_at_level": "3"},
        **{**RULES_PAGE, "lac": 302, "liaison": 403},
    ),
]
# The state's pages for roles, routes and stacks: state staff read, the LAC changes.
RULES_WRITE = {**RULES_PAGE, "lac": 302, "liaison": 403}
_ROLE = lambda w: (_route(w).role_id,)  # noqa: E731
_STACK = lambda w: (_stack(w).pk,)  # noqa: E731
for _name, _args, _data in (
    ("lattice:role-create", lambda w: (), _role_data),
    ("lattice:role-edit", _ROLE, _role_data),
    ("lattice:route-add", _ROLE, _route_data),
    ("lattice:stack-create", lambda w: (), _stack_data),
    ("lattice:stack-edit", _STACK, _stack_data),
):
    RULES += [
        rule(_name, args=_args, **RULES_PAGE),
        rule(_name, args=_args, method="post", data=_data, **RULES_WRITE),
    ]


def _programme_stack(w):
    from catalogue.models import Stack

    return (Stack.objects.get(programme__slug="apl-i-ii").pk,)


# A program's stack is shown to state staff and changed by nobody from these pages.
RULES += [
    rule("lattice:stack-edit", args=_programme_stack, **RULES_PAGE),
    rule(
        "lattice:stack-edit",
        args=_programme_stack,
        method="post",
        data=_stack_data,
        **{**RULES_WRITE, "lac": 403},
    ),
]
RULES += post_refused(
    RULES,
    {
        "lattice:mine",
        "lattice:application",
        "lattice:district",
        "lattice:state",
        "lattice:state-csv",
    },
    anonymous=LOGIN,
)
