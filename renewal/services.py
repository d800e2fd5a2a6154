"""Every write of the renewal app: district plans, the renewal list. Validated, atomic, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from districts.models import District
from renewal.models import RenewalListing, RenewalPlan
from renewal.selectors import RenewalList


def _check_choice_set(choice_set, *, day: dt.date) -> None:
    renewal_list = RenewalList()
    off = [mc.name for mc in choice_set if not renewal_list.listed(mc.code, day)]
    if off:
        raise ValidationError(
            {"choice_set": "Not on the state's renewal list: " + "; ".join(off) + "."}
        )
    if not choice_set:
        raise ValidationError({"choice_set": "Choose at least one micro-credential."})


@transaction.atomic
def plan_save(
    *,
    district: District,
    by,
    protected_time: str,
    choice_set: list,
    resources_requested: str,
    request=None,
) -> RenewalPlan:
    """Create the district's open plan or change it while it is a draft or returned."""
    if not District.objects.editable_by(by).filter(pk=district.pk).exists():
        raise PermissionDenied("Only the district's administrators write its plan.")
    District.objects.select_for_update().get(pk=district.pk)  # one open plan at a time
    plan = RenewalPlan.objects.open().filter(district=district).first()
    if plan is None:
        plan = RenewalPlan(district=district, created_by=by)
    elif not plan.is_editable:
        raise ValidationError("The plan is with the state for a decision; it cannot change now.")
    _check_choice_set(choice_set, day=timezone.localdate())
    plan.protected_time = protected_time
    plan.resources_requested = resources_requested
    plan.full_clean(exclude=["choice_set"])
    plan.save()
    plan.choice_set.set(choice_set)
    audit_log(action="renewal.plan_saved", actor=by, request=request, target=plan)
    return plan


@transaction.atomic
def plan_submit(*, plan: RenewalPlan, by, request=None) -> RenewalPlan:
    """Send the plan to the state for a decision."""
    plan = RenewalPlan.objects.select_for_update().get(pk=plan.pk)
    if not RenewalPlan.objects.editable_by(by).filter(pk=plan.pk).exists():
        raise ValidationError("This plan cannot be sent now.")
    _check_choice_set(list(plan.choice_set.all()), day=timezone.localdate())
    plan.status = RenewalPlan.Status.PROPOSED
    plan.proposed_at = timezone.now()
    plan.save(update_fields=["status", "proposed_at", "updated_at"])
    audit_log(action="renewal.plan_proposed", actor=by, request=request, target=plan)
    return plan


def _lock_proposed(plan: RenewalPlan) -> RenewalPlan:
    plan = RenewalPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != RenewalPlan.Status.PROPOSED:
        raise ValidationError("Only a plan awaiting the state's decision can be decided.")
    return plan


@transaction.atomic
def plan_approve(
    *, plan: RenewalPlan, by, option_from: dt.date, comments: str = "", request=None
) -> RenewalPlan:
    """Approve: the district follows option 2 from ``option_from``."""
    plan = _lock_proposed(plan)
    plan.status = RenewalPlan.Status.APPROVED
    plan.option_from = option_from
    plan.comments = comments
    plan.decided_by, plan.decided_at = by, timezone.now()
    plan.full_clean(exclude=["choice_set"])
    plan.save()
    district = District.objects.select_for_update().get(pk=plan.district_id)
    district.renewal_option = District.RenewalOption.MICRO_CREDENTIALS
    district.option_from = option_from
    district.full_clean()
    district.save()
    audit_log(
        action="renewal.plan_approved",
        actor=by,
        request=request,
        target=plan,
        option_from=option_from.isoformat(),
    )
    return plan


@transaction.atomic
def plan_return(*, plan: RenewalPlan, by, comments: str, request=None) -> RenewalPlan:
    """Return the plan to the district with comments to address."""
    if not comments.strip():
        raise ValidationError({"comments": "Say what the district should change."})
    plan = _lock_proposed(plan)
    plan.status = RenewalPlan.Status.RETURNED
    plan.comments = comments
    plan.decided_by, plan.decided_at = by, timezone.now()
    plan.save()
    audit_log(action="renewal.plan_returned", actor=by, request=request, target=plan)
    return plan


@transaction.atomic
def listing_update(
    *,
    listing: RenewalListing,
    by,
    listed_from: dt.date | None,
    retired_on: dt.date | None,
    request=None,
) -> RenewalListing:
    """Change the days a micro-credential is on the renewal list."""
    listing = RenewalListing.objects.select_for_update().get(pk=listing.pk)
    before = (listing.listed_from, listing.retired_on)
    listing.listed_from, listing.retired_on = listed_from, retired_on
    listing.full_clean()
    listing.save()
    audit_log(
        action="renewal.listing_changed",
        actor=by,
        request=request,
        target=listing,
        before=[str(d) if d else None for d in before],
        after=[str(d) if d else None for d in (listed_from, retired_on)],
    )
    return listing


def listing_retire(*, listing: RenewalListing, by, on: dt.date, request=None) -> RenewalListing:
    """Take a micro-credential off the list from ``on``; passes keep counting for cycles
    that began while it was listed."""
    if listing.retired_on is not None:
        raise ValidationError("This micro-credential is retired from the list already.")
    return listing_update(
        listing=listing, by=by, listed_from=listing.listed_from, retired_on=on, request=request
    )


@transaction.atomic
def listing_create(*, micro_credential, by, listed_from: dt.date, request=None) -> RenewalListing:
    """Put a micro-credential (back) on the list from a date."""
    current = RenewalListing.objects.filter(
        micro_credential=micro_credential, retired_on__isnull=True
    )
    if current.exists():
        raise ValidationError(f"{micro_credential} is on the list already.")
    listing = RenewalListing(micro_credential=micro_credential, listed_from=listed_from)
    listing.full_clean()
    listing.save()
    audit_log(action="renewal.listing_added", actor=by, request=request, target=listing)
    return listing


RENEWAL_ACHIEVEMENT_CODE = "license-renewal"


def renewal_source_key(renewal) -> str:
    """One credential per license and cycle."""
    return f"renewal-cycle:{renewal.license.number}:{renewal.status.cycle_start.isoformat()}"


@transaction.atomic
def renewal_credential_issue(*, renewal):
    """Issue the verifiable "License renewal requirement met" credential for the cycle.

    Only once the requirement is met; a second call returns the credential issued.
    """
    from credentials.models import Credential
    from credentials.services import credential_issue_for_achievement

    s = renewal.status
    if s.status != "met":
        raise ValidationError("The renewal requirement of this cycle is not met yet.")
    cycle = f"{s.cycle_start.isoformat()} to {s.cycle_end.isoformat()}"
    counted = ", ".join(f"{c.name} ({c.earned_on.isoformat()})" for c in s.counted)
    credential = credential_issue_for_achievement(
        educator=renewal.educator,
        kind=Credential.Kind.RENEWAL,
        source=renewal_source_key(renewal),
        code=RENEWAL_ACHIEVEMENT_CODE,
        name=f"License renewal requirement met, cycle {cycle}",
        description=(
            f"License {renewal.license.number}: {len(s.counted)} micro-credentials counted "
            f"toward the renewal cycle {cycle} ({s.route_text})."
        ),
        criteria=(
            f"Pass {s.required} micro-credentials from the state's renewal list within the "
            "renewal cycle; each micro-credential counts once."
        ),
        achievement_type="License",
        evidence=[{"name": "Micro-credentials counted", "narrative": counted}],
        tags=("license renewal",),
    )
    return credential


def renewal_credential_find(*, renewal):
    """The credential already issued for this cycle, if any."""
    from credentials.models import Credential

    return Credential.objects.filter(
        kind=Credential.Kind.RENEWAL, source_key=renewal_source_key(renewal)
    ).first()
