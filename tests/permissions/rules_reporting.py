"""Quarterly reports: staff pages for the LAC and the liaison; educators and facilitators
get 403 (there is no object to hide). Building files is a change: the liaison, read-only,
gets 403 on it."""

from tests.factories.reporting import ReportRunFactory, done_run, published
from tests.permissions.matrix import LOGIN, post_refused, rule

NOT_STAFF = {
    "anonymous": LOGIN,
    "educator": 403,
    "other_educator": 403,
    "facilitator": 403,
    "other_facilitator": 403,
    "pgp_reviewer": 403,
    "district_admin": 403,
    "other_district_admin": 403,
}


def _build(world):
    return {"programme": "apl-i-ii", "as_of": "2024-05-15"}


RULES = [
    rule(
        "reporting:dashboard",
        lac=200,
        liaison=200,
        **NOT_STAFF,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("reporting:dashboard", method="post", anonymous=LOGIN, default=405),
    rule(
        "reporting:run-create",
        method="post",
        data=_build,
        lac=302,
        liaison=403,
        **NOT_STAFF,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule("reporting:run-create", anonymous=LOGIN, default=405),
    rule(
        "reporting:run-status",
        args=lambda w: (ReportRunFactory().pk,),
        lac=200,
        liaison=200,
        **NOT_STAFF,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "reporting:run-download",
        args=lambda w: (done_run().pk, "csv"),
        lac=200,
        liaison=200,
        **NOT_STAFF,
        reviewer=403,
        lead_facilitator=403,
    ),
    rule(
        "reporting:run-download",
        method="post",
        args=lambda w: (done_run().pk, "csv"),
        anonymous=LOGIN,
        default=405,
    ),
]

# Published reports: the LAC and the liaison read them and their files; only the LAC
# publishes and corrects (the confirmation pages too).
READERS = {"lac": 200, "liaison": 200, **NOT_STAFF, "reviewer": 403, "lead_facilitator": 403}
PUBLISHER = {"lac": 200, "liaison": 403, **NOT_STAFF, "reviewer": 403, "lead_facilitator": 403}


def _publication(world):
    return (published(by=world.lac).pk,)


RULES += [
    rule("reporting:publication-list", **READERS),
    rule("reporting:publication-detail", args=_publication, **READERS),
    rule("reporting:publication-download", args=lambda w: (*_publication(w), "csv"), **READERS),
    rule(
        "reporting:publication-download",
        method="post",
        args=lambda w: (*_publication(w), "csv"),
        anonymous=LOGIN,
        default=405,
    ),
    rule("reporting:publication-create", **PUBLISHER),
    rule("reporting:publication-create", method="post", data=_build, **{**PUBLISHER, "lac": 302}),
    rule("reporting:publication-correct", args=_publication, **PUBLISHER),
    rule(
        "reporting:publication-correct",
        method="post",
        args=_publication,
        data=lambda w: {"reason": "A late grade"},
        **{**PUBLISHER, "lac": 302},
    ),
]

# Views that only read refuse POST.
RULES += post_refused(
    RULES,
    {"reporting:run-status", "reporting:publication-list", "reporting:publication-detail"},
    anonymous=LOGIN,
)
