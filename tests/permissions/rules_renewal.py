"""License renewal: an educator's own page; a district's pages for its administrators and
state staff (another district's administrator gets 404); state pages for the LAC and the
liaison (read-only: 403 on every change)."""

import datetime as dt

from tests.permissions.matrix import LOGIN, post_refused, rule


def _license(w):
    from renewal.models import License

    profile = w.educator.educator_profile
    License.objects.get_or_create(
        educator=profile,
        defaults={
            "number": "NM-W1",
            "level": 1,
            "cycle_start": dt.date(2024, 7, 1),
            "level_since": dt.date(2024, 7, 1),
        },
    )
    return profile


def _educator(w):
    return (_license(w).pk,)


def _district(w):
    return (w.educator.educator_profile.district_id,)


def _plan(w, status="draft"):
    from catalogue.models import MicroCredential
    from renewal.models import RenewalPlan

    plan = RenewalPlan.objects.create(
        district_id=_district(w)[0],
        status=status,
        protected_time="Two hours a week.",
        created_by=w.district_admin,
    )
    plan.choice_set.set(MicroCredential.objects.filter(code__in=["CE", "SEL", "RP"]))
    return plan


def _plan_data(w):
    from catalogue.models import MicroCredential

    ids = MicroCredential.objects.filter(code__in=["CE", "SEL"]).values_list("pk", flat=True)
    return {"protected_time": "Two hours a week.", "choice_set": list(ids)}


def _listing(w):
    from renewal.models import RenewalListing

    return (RenewalListing.objects.get(micro_credential__code="CE").pk,)


NOT_EDUCATORS = dict(
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    lac=403,
    liaison=403,
    district_admin=403,
    other_district_admin=403,
)
OWN_RENEWAL = dict(anonymous=LOGIN, educator=200, other_educator=200, **NOT_EDUCATORS)
# One educator's renewal: themselves, their district's administrator, state staff.
EDUCATOR_RECORD = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=404,
    facilitator=404,
    other_facilitator=404,
    pgp_reviewer=404,
    lac=200,
    liaison=200,
    district_admin=200,
    other_district_admin=404,
)
DISTRICT_RECORD = {**EDUCATOR_RECORD, "educator": 404}
DISTRICT_WRITE = {**DISTRICT_RECORD, "lac": 403, "liaison": 403}
STATE_READ = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=403,
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    lac=200,
    liaison=200,
    district_admin=403,
    other_district_admin=403,
)
STATE_WRITE = {**STATE_READ, "lac": 302, "liaison": 403}
SAFE_ONLY = dict(anonymous=LOGIN, default=405)

RULES = [
    rule("renewal:mine", **OWN_RENEWAL),
    rule("renewal:mine", method="post", **SAFE_ONLY),
    rule(
        "renewal:statement",
        args=lambda w: _license(w) and (),
        **{**OWN_RENEWAL, "other_educator": 403},
    ),
    # Not met: the educator is told so (302 back); without a license, 403.
    rule(
        "renewal:credential",
        method="post",
        args=lambda w: _license(w) and (),
        **{**OWN_RENEWAL, "educator": 302, "other_educator": 403},
    ),
    rule("renewal:credential", **SAFE_ONLY),
    rule("renewal:educator", args=_educator, **EDUCATOR_RECORD),
    rule("renewal:educator", args=_educator, method="post", **SAFE_ONLY),
    rule("renewal:educator-statement", args=_educator, **EDUCATOR_RECORD),
    rule(
        "renewal:districts",
        **{**STATE_READ, "district_admin": 302, "other_district_admin": 302},
    ),
    rule("renewal:district", args=_district, **DISTRICT_RECORD),
    rule("renewal:district", args=_district, method="post", **SAFE_ONLY),
    rule("renewal:district-export", args=_district, **DISTRICT_RECORD),
    rule("renewal:plan-edit", args=_district, **DISTRICT_WRITE),
    rule(
        "renewal:plan-edit",
        args=_district,
        method="post",
        data=_plan_data,
        **{**DISTRICT_WRITE, "district_admin": 302},
    ),
    rule("renewal:plan", args=lambda w: (_plan(w).pk,), **DISTRICT_RECORD),
    rule(
        "renewal:plan-submit",
        args=lambda w: (_plan(w).pk,),
        method="post",
        **{**DISTRICT_WRITE, "district_admin": 302},
    ),
    rule("renewal:plan-submit", args=lambda w: (_plan(w).pk,), **SAFE_ONLY),
    rule(
        "renewal:plan-decide",
        args=lambda w: (_plan(w, "proposed").pk,),
        method="post",
        data=lambda w: {"decision": "approve", "option_from": "2025-07-01"},
        **{**DISTRICT_WRITE, "lac": 302, "district_admin": 403},
    ),
    rule("renewal:plan-decide", args=lambda w: (_plan(w, "proposed").pk,), **SAFE_ONLY),
    rule("renewal:state", **STATE_READ),
    rule("renewal:state", method="post", **SAFE_ONLY),
    rule("renewal:export", **STATE_READ),
    rule("renewal:study", **STATE_READ),
    rule("renewal:study-csv", **STATE_READ),
    rule("renewal:list", **STATE_READ),
    rule("renewal:list", method="post", **SAFE_ONLY),
    rule(
        "renewal:listing-add",
        method="post",
        data=lambda w: {"micro_credential": "", "listed_from": "2025-01-01"},
        **STATE_WRITE,
    ),
    rule("renewal:listing-add", **SAFE_ONLY),
    rule(
        "renewal:listing-edit",
        args=_listing,
        method="post",
        data=lambda w: {f"l{_listing(w)[0]}-listed_from": "2020-01-01"},
        **STATE_WRITE,
    ),
    rule(
        "renewal:listing-retire",
        args=_listing,
        method="post",
        data=lambda w: {"on": "2030-01-01"},
        **STATE_WRITE,
    ),
]

# Views that only read refuse POST (anonymous is sent to sign in first).
RULES += post_refused(
    RULES,
    {
        "renewal:district-export",
        "renewal:districts",
        "renewal:educator-statement",
        "renewal:export",
        "renewal:plan",
        "renewal:statement",
        "renewal:study",
        "renewal:study-csv",
    },
    anonymous=LOGIN,
)
# Views that only change refuse GET.
RULES += [
    rule("renewal:listing-edit", args=_listing, anonymous=LOGIN, default=405),
    rule("renewal:listing-retire", args=_listing, anonymous=LOGIN, default=405),
]
