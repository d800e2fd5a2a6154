"""Proposals: an educator proposes and follows their own (others 404); the reviewers the
state assigns (Reviewers) score them; the LAC assigns and decides; the liaison reads all
and changes nothing (403 on every POST, reviews included)."""

import datetime as dt

from proposals import services
from tests.permissions.matrix import LOGIN, rule

FIELDS = {
    "title": "Inquiry-Based Science Talk",
    "provider": "State University",
    "link": "https://example.org/mc/inquiry",
    "competency": "Leads student discourse in science investigations.",
    "assessment": "Video of practice and student work, scored on a validated 4-level rubric.",
    "rationale": "My goal this year is student-led discussion in science.",
}


def _proposal(w, *, reviewed=False):
    """The world educator's proposal, in review by the reviewer (made once)."""
    if getattr(w, "_proposal", None) is None:
        proposal = services.proposal_submit(educator=w.educator.educator_profile, **FIELDS)
        services.proposal_assign_reviewers(proposal=proposal, reviewers=[w.reviewer], by=w.lac)
        w._proposal = proposal
    if reviewed and not w._proposal.reviews.filter(submitted_at__isnull=False).exists():
        review = w._proposal.reviews.get()
        services.proposal_review_submit(review=review, scores=_scores(w), domains=[], by=w.reviewer)
    return w._proposal


def _scores(w):
    return {
        "evidence_of_practice": "meets",
        "alignment": "does_not_meet",
        "not_basic_skill": "meets",
        "recommendation": "decline",
        "comments": "Not aligned.",
    }


def _args(w):
    return (_proposal(w).pk,)


def _reviewed_args(w):
    return (_proposal(w, reviewed=True).pk,)


EDUCATORS = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=200,
    facilitator=403,
    other_facilitator=403,
    district_admin=403,
    other_district_admin=403,
    lac=403,
    liaison=403,
    pgp_reviewer=403,
)


def _object(**expect):
    """The educator's proposal: out of sight (404) for the other educator and for staff
    who neither read all proposals nor review it."""
    base = dict(
        anonymous=LOGIN,
        educator=403,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        district_admin=404,
        other_district_admin=404,
        lac=403,
        liaison=403,
        reviewer=403,  # assigned to review it: sees it, but neither assigns nor decides
        pgp_reviewer=404,
    )
    return {**base, **expect}


RULES = [
    rule("proposals:proposal-list", **{**EDUCATORS, "lac": 200, "liaison": 200, "reviewer": 200}),
    rule("proposals:proposal-list", method="post", default=405),
    rule("proposals:proposal-create", **EDUCATORS),
    rule(
        "proposals:proposal-create",
        method="post",
        data=lambda w: FIELDS,
        **{**EDUCATORS, "educator": 302, "other_educator": 302},
    ),
    rule(
        "proposals:proposal-detail",
        args=_args,
        **_object(educator=200, lac=200, liaison=200, reviewer=200),
    ),
    rule("proposals:proposal-detail", args=_args, method="post", default=405),
    rule(
        "proposals:proposal-assign",
        args=_args,
        method="post",
        data=lambda w: {"reviewers": [w.reviewer.pk]},
        **_object(lac=302),
    ),
    rule("proposals:proposal-assign", args=_args, default=405),
    # Only the assigned reviewer scores; the liaison reads the proposal but reviews nothing.
    rule("proposals:proposal-review", args=_args, **_object(reviewer=200)),
    rule(
        "proposals:proposal-review",
        args=_args,
        method="post",
        data=lambda w: {**_scores(w), "domains": []},
        **_object(reviewer=302),
    ),
    rule(
        "proposals:proposal-accept",
        args=_reviewed_args,
        method="post",
        data=lambda w: {"listed_from": dt.date(2025, 8, 1).isoformat()},
        **_object(lac=302),
    ),
    rule("proposals:proposal-accept", args=_args, default=405),
    rule(
        "proposals:proposal-decline",
        args=_args,
        method="post",
        data=lambda w: {"reason": "It is a basic software skill."},
        **_object(lac=302),
    ),
    rule("proposals:proposal-decline", args=_args, default=405),
]
