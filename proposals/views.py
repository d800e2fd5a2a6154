"""Proposals: the educator proposes and follows; reviewers score; the state decides.

Lookups go through ``visible_to``: someone outside a proposal gets 404; someone who may
see it but not do the action gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apl.forms import filter_form
from proposals import services
from proposals.forms import (
    AcceptForm,
    AssignForm,
    DeclineForm,
    ProposalFilterForm,
    ProposalForm,
    ReviewForm,
)
from proposals.models import CRITERIA, MANAGE, REVIEW, VIEW_ALL, Proposal, ProposalReview


def _visible(request, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related(
            "educator__user", "decided_by", "micro_credential"
        ),
        pk=pk,
    )


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@login_required
def proposal_list(request):
    user = request.user
    profile = getattr(user, "educator_profile", None)
    if profile is None and not (user.has_perm(VIEW_ALL) or user.has_perm(REVIEW)):
        raise PermissionDenied
    proposals = Proposal.objects.visible_to(user).select_related("educator__user")
    filters = filter_form(request, ProposalFilterForm)
    status = filters.cleaned_data.get("status") or ""
    if status:
        proposals = proposals.filter(status=status)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "proposals": list(proposals[:200]),
            "profile": profile,
            "status": status,
            "statuses": Proposal.Status.choices,
            "to_review": list(
                ProposalReview.objects.filter(reviewer=user, submitted_at__isnull=True)
                .filter(proposal__status__in=Proposal.OPEN)
                .select_related("proposal")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request):
    profile = getattr(request.user, "educator_profile", None)
    if profile is None:
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_submit(educator=profile, **form.cleaned_data)
        messages.success(request, "Your proposal was sent to the state.")
        return redirect("proposals:proposal-detail", proposal.pk)
    return render(
        request, "proposals/proposal_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@login_required
def proposal_detail(request, pk: int):
    proposal = _visible(request, pk)
    user = request.user
    manage = user.has_perm(MANAGE) and proposal.is_open
    reviews = list(proposal.reviews.select_related("reviewer").prefetch_related("domains"))
    is_owner = proposal.educator.user_id == user.pk
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "reviews": reviews if not is_owner or user.has_perm(VIEW_ALL) else [],
            "my_review": next((r for r in reviews if r.reviewer_id == user.pk), None),
            "was_in_review": bool(reviews),
            "criteria": CRITERIA.values(),
            "assign_form": AssignForm() if manage else None,
            "accept_form": AcceptForm() if manage else None,
            "decline_form": DeclineForm() if manage else None,
        },
    )


def _managed(request, pk: int) -> Proposal:
    proposal = _visible(request, pk)
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return proposal


@require_POST
@login_required
def proposal_assign(request, pk: int):
    proposal = _managed(request, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            added = services.proposal_assign_reviewers(
                proposal=proposal,
                reviewers=form.cleaned_data["reviewers"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"Assigned {added} reviewer{'s' if added != 1 else ''}.")
    else:
        messages.error(request, "Choose at least one reviewer.")
    return redirect("proposals:proposal-detail", proposal.pk)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_review(request, pk: int):
    proposal = _visible(request, pk)
    review = proposal.reviews.filter(reviewer=request.user).first()
    if review is None:
        raise PermissionDenied
    initial = {
        "evidence_of_practice": review.evidence_of_practice,
        "alignment": review.alignment,
        "not_basic_skill": review.not_basic_skill,
        "recommendation": review.recommendation,
        "comments": review.comments,
        "domains": list(review.domains.all()),
    }
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        domains = data.pop("domains")
        try:
            services.proposal_review_submit(
                review=review, scores=data, domains=domains, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your review was recorded.")
            return redirect("proposals:proposal-detail", proposal.pk)
    return render(
        request,
        "proposals/proposal_review.html",
        {"proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def proposal_accept(request, pk: int):
    proposal = _managed(request, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date it joins the catalog.")
        return redirect("proposals:proposal-detail", proposal.pk)
    try:
        services.proposal_accept(
            proposal=proposal, by=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"{proposal.title} was accepted into the catalog.")
    return redirect("proposals:proposal-detail", proposal.pk)


@require_POST
@login_required
def proposal_decline(request, pk: int):
    proposal = _managed(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason the educator will read.")
        return redirect("proposals:proposal-detail", proposal.pk)
    try:
        services.proposal_decline(
            proposal=proposal, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"{proposal.title} was declined; the educator is told why.")
    return redirect("proposals:proposal-detail", proposal.pk)
