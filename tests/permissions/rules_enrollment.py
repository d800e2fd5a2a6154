"""The educator's journey pages and the survey results (LAC and liaison)."""

from tests.permissions.matrix import LOGIN, post_refused, rule


def own_enrollment(w):
    return (w.enrollment.pk,)


EDUCATORS_ONLY = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=200,
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    district_admin=403,
    other_district_admin=403,
    lac=403,
    liaison=403,
)
# Another educator's enrolment is out of sight (404); staff who see it may not act (403).
OWNER_ONLY = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=404,
    facilitator=403,
    other_facilitator=404,
    pgp_reviewer=404,
    district_admin=404,
    other_district_admin=404,
    lac=403,
    liaison=403,
)
SURVEY_READERS = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=403,
    facilitator=403,
    other_facilitator=403,
    pgp_reviewer=403,
    district_admin=403,
    other_district_admin=403,
    lac=200,
    liaison=200,
)

RULES = [
    # The public intent link: a sign-up form, a confirmation, or the license questions.
    rule("enrollment:intent", args=lambda w: ("apl-i-ii",), default=200),
    rule("enrollment:intent", args=lambda w: ("apl-i-ii",), method="post", default=200),
    rule("enrollment:intent", args=lambda w: ("apl-i-ii",), method="delete", default=405),
    rule(
        "enrollment:pathway",
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("enrollment:pathway", method="post", anonymous=LOGIN, default=405),
    rule(
        "enrollment:electives",
        args=lambda w: ("apl-ii-iii",),
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:electives",
        args=lambda w: ("apl-ii-iii",),
        method="post",
        **{**EDUCATORS_ONLY, "educator": 302, "other_educator": 302},
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:enrol",
        args=lambda w: ("apl-i-ii",),
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:enrol",
        args=lambda w: ("apl-i-ii",),
        method="post",
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:withdraw",
        args=own_enrollment,
        **OWNER_ONLY,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:withdraw",
        args=own_enrollment,
        method="post",
        **{**OWNER_ONLY, "educator": 302},
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:survey",
        args=own_enrollment,
        **OWNER_ONLY,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:survey",
        args=own_enrollment,
        method="post",
        **OWNER_ONLY,
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:eligibility",
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("enrollment:eligibility", method="post", anonymous=LOGIN, default=405),
    rule(
        "enrollment:eligibility-pdf",
        **EDUCATORS_ONLY,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:survey-results",
        **SURVEY_READERS,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:survey-results",
        method="post",
        **{**SURVEY_READERS, "lac": 405, "liaison": 403},
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "enrollment:survey-results-csv",
        **SURVEY_READERS,
        reviewer=403,
        lead_facilitator=403,
    ),
]

# Views that only read refuse POST.
RULES += post_refused(RULES, {"enrollment:eligibility-pdf"}, anonymous=LOGIN)
RULES += post_refused(
    RULES, {"enrollment:survey-results-csv"}, anonymous=LOGIN, lac=405, default=403
)
