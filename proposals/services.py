"""The life of a proposal: submitted, reviewers assigned (in review), scored, decided.

The educator is told at every step through the project's notification path.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apl.notify import email_on_commit
from audit.services import audit_log
from catalogue.models import MicroCredential
from enrollment.models import EducatorProfile
from proposals.models import REVIEW, Proposal, ProposalReview
from renewal.services import listing_create

TEMPLATE = "email/proposals/status.txt"


def _notify(proposal: Proposal, *, headline: str) -> None:
    user = proposal.educator.user
    email_on_commit(
        user=user,
        subject=f"Your proposal {proposal.title}: {proposal.get_status_display().lower()}",
        template=TEMPLATE,
        context={
            "first_name": user.first_name,
            "title": proposal.title,
            "status": proposal.get_status_display(),
            "headline": headline,
            "reason": proposal.decision_reason,
            "listed_from": proposal.listed_from.isoformat() if proposal.listed_from else "",
            "proposal": proposal.pk,
        },
    )


@transaction.atomic
def proposal_submit(*, educator: EducatorProfile, **fields) -> Proposal:
    allowed = {"title", "provider", "link", "competency", "assessment", "rationale"}
    proposal = Proposal(educator=educator, **{k: v for k, v in fields.items() if k in allowed})
    proposal.full_clean()
    proposal.save()
    _notify(proposal, headline="We received your proposal; the state will assign reviewers.")
    return proposal


def _locked_open(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_open:
        raise ValidationError(f"This proposal was {proposal.get_status_display().lower()}.")
    return proposal


@transaction.atomic
def proposal_assign_reviewers(*, proposal: Proposal, reviewers, by, request=None) -> int:
    """Add reviewers (who hold the review permission); the proposal goes in review."""
    proposal = _locked_open(proposal)
    added = 0
    for reviewer in reviewers:
        if not reviewer.has_perm(REVIEW):
            raise ValidationError({"reviewers": f"{reviewer} may not review proposals."})
        if reviewer.pk == proposal.educator.user_id:
            raise ValidationError({"reviewers": "The proposer cannot review their own proposal."})
        _, created = ProposalReview.objects.get_or_create(proposal=proposal, reviewer=reviewer)
        added += created
    if not proposal.reviews.exists():
        raise ValidationError({"reviewers": "Choose at least one reviewer."})
    if proposal.status == Proposal.Status.SUBMITTED:
        proposal.status = Proposal.Status.IN_REVIEW
        proposal.save(update_fields=["status"])
        _notify(proposal, headline="Reviewers are scoring it against the quality criteria.")
    audit_log(action="proposal.reviewers_assigned", actor=by, request=request, target=proposal)
    return added


@transaction.atomic
def proposal_review_submit(*, review: ProposalReview, scores: dict, domains, by) -> ProposalReview:
    review = ProposalReview.objects.select_for_update().get(pk=review.pk)
    _locked_open(review.proposal)
    if review.reviewer_id != by.pk:
        raise ValidationError("Only the assigned reviewer scores this review.")
    for name in ("evidence_of_practice", "alignment", "not_basic_skill", "recommendation"):
        if not scores.get(name):
            raise ValidationError({name: "This field is required."})
        setattr(review, name, scores[name])
    review.comments = scores.get("comments", "")
    if review.alignment == ProposalReview.Verdict.MEETS and not domains:
        raise ValidationError({"domains": "Name the Elevate NM components it aligns to."})
    review.submitted_at = timezone.now()
    review.full_clean()
    review.save()
    review.domains.set(domains)
    return review


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, listed_from: dt.date, on_renewal_list: bool, by, request=None
) -> Proposal:
    """Accept into the curated catalogue from ``listed_from`` (optionally renewal-listed)."""
    proposal = _locked_open(proposal)
    if not proposal.reviews.filter(submitted_at__isnull=False).exists():
        raise ValidationError("At least one reviewer must score the proposal before a decision.")
    if MicroCredential.objects.filter(name=proposal.title).exists():
        raise ValidationError(f"The catalog already has a micro-credential named {proposal.title}.")
    mc = MicroCredential(
        programme=None,
        code="TMP",
        name=proposal.title,
        description=f"{proposal.competency}\n\nProvider: {proposal.provider} ({proposal.link})",
        position=0,
        offered_from=listed_from,
    )
    mc.full_clean(exclude=["code"])
    mc.save()
    mc.code = f"X{mc.pk}"[:8]
    mc.save(update_fields=["code"])
    proposal.status = Proposal.Status.ACCEPTED
    proposal.micro_credential = mc
    proposal.listed_from = listed_from
    proposal.on_renewal_list = on_renewal_list
    _decided(proposal, by=by, reason="")
    _renewal_list(mc, listed_from=listed_from, listed=on_renewal_list, by=by)
    _notify(proposal, headline=f"It joins the state's catalog from {listed_from:%B %-d, %Y}.")
    audit_log(action="proposal.accepted", actor=by, request=request, target=proposal)
    return proposal


def _renewal_list(mc: MicroCredential, *, listed_from: dt.date, listed: bool, by) -> None:
    """Put the accepted micro-credential on the license-renewal list from the same day."""
    if listed:
        listing_create(micro_credential=mc, by=by, listed_from=listed_from)


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, by, request=None) -> Proposal:
    proposal = _locked_open(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason the educator will read."})
    proposal.status = Proposal.Status.DECLINED
    _decided(proposal, by=by, reason=reason)
    _notify(proposal, headline="The state declined it.")
    audit_log(action="proposal.declined", actor=by, request=request, target=proposal)
    return proposal


def _decided(proposal: Proposal, *, by, reason: str) -> None:
    proposal.decided_at = timezone.now()
    proposal.decided_by = by
    proposal.decision_reason = reason
    proposal.full_clean()
    proposal.save()
