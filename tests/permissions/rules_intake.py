"""Intake: staff pages (no object) answer 403 to educators and facilitators; object URLs
(an intent, a cohort, an enrolment) look the object up through ``visible_to`` first, so
someone outside it gets 404 and someone who can see it but not run intake gets 403.
The liaison reads everything and gets 403 on every POST."""

from intake.selectors import today_quarter
from intake.services import cohort_version
from tests.factories import micro_credential
from tests.permissions.matrix import LOGIN, post_refused, rule

# Pages with no object: only staff who may read all enrolments.
READER = dict(
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


def _manager(done):
    return dict(
        anonymous=LOGIN,
        educator=403,
        other_educator=403,
        facilitator=403,
        other_facilitator=403,
        pgp_reviewer=403,
        district_admin=403,
        other_district_admin=403,
        lac=done,
        liaison=403,
    )


def _object(*, lac, liaison, educator, facilitator):
    """The educator and facilitator of the world's records see them; the others do not."""
    return dict(
        anonymous=LOGIN,
        educator=educator,
        other_educator=404,
        facilitator=facilitator,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=lac,
        liaison=liaison,
    )


def _intent(w):
    return (w.intent.pk,)


def _cohort(w):
    return (w.cohort.pk,)


def _cohort_settings(w):
    return {
        "version": cohort_version(w.cohort),
        "capacity": "30",
        "resubmission_window_days": "4",
        "facilitators": [w.facilitator.pk],
    }


RULES = [
    rule(
        "intake:intent-list",
        **READER,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("intake:intent-list", method="post", default=405),
    rule(
        "intake:intent-detail",
        args=_intent,
        **_object(lac=200, liaison=200, educator=403, facilitator=404),
        reviewer=404,
        lead_facilitator=404,
    ),
    rule(
        "intake:intent-accept",
        args=_intent,
        method="post",
        **_object(lac=302, liaison=403, educator=403, facilitator=404),
        reviewer=404,
        lead_facilitator=404,
    ),
    rule("intake:intent-accept", args=_intent, default=405),
    rule(
        "intake:intent-decline",
        args=_intent,
        method="post",
        data=lambda w: {"reason": "Your license is Level 3 already."},
        **_object(lac=302, liaison=403, educator=403, facilitator=404),
        reviewer=404,
        lead_facilitator=404,
    ),
    rule("intake:intent-decline", args=_intent, default=405),
    rule(
        "intake:intent-bulk-accept",
        method="post",
        data=lambda w: {"intents": [w.intent.pk], "quarter": today_quarter().next().label},
        **_manager(200),
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("intake:intent-bulk-accept", default=405),
    rule(
        "intake:cohort-list",
        **READER,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("intake:cohort-list", method="post", default=405),
    rule(
        "intake:cohort-create",
        **_manager(200),
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "intake:cohort-create",
        method="post",
        data=lambda w: {
            "quarter": today_quarter().next().label,
            "micro_credentials": [micro_credential("FE").pk],
        },
        **_manager(302),
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "intake:cohort-detail",
        args=_cohort,
        **_object(lac=200, liaison=200, educator=403, facilitator=403),
        reviewer=404,
        lead_facilitator=403,
    ),
    rule(
        "intake:cohort-update",
        args=_cohort,
        method="post",
        data=_cohort_settings,
        **_object(lac=302, liaison=403, educator=403, facilitator=403),
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("intake:cohort-update", args=_cohort, default=405),
    rule(
        "intake:cohort-balance",
        args=_cohort,
        method="post",
        **_object(lac=302, liaison=403, educator=403, facilitator=403),
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("intake:cohort-balance", args=_cohort, default=405),
    rule(
        "intake:enrollment-reassign",
        args=lambda w: (w.enrollment.pk,),
        method="post",
        data=lambda w: {"facilitator": ""},
        **_object(lac=302, liaison=403, educator=403, facilitator=403),
        reviewer=404,
        lead_facilitator=403,
    ),
    rule("intake:enrollment-reassign", args=lambda w: (w.enrollment.pk,), default=405),
    rule(
        "intake:payment-list",
        **READER,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("intake:payment-list", method="post", default=405),
    rule(
        "intake:payment-update",
        method="post",
        data=lambda w: {"enrollments": [w.enrollment.pk], "payment_state": "paid"},
        **_manager(302),
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("intake:payment-update", default=405),
]

# Views that only read refuse POST.
RULES += post_refused(
    RULES,
    {
        "intake:cohort-detail",
        "intake:intent-detail",
    },
)
