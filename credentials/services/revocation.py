"""Changing an issued credential: revoking it, and what its public page shows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from credentials.models import Credential
from credentials.services.records import learner_records_revoke_for


@transaction.atomic
def credential_revoke(*, credential: Credential, by, reason: str, request=None) -> Credential:
    """Revoke with a reason; revoking a revoked credential changes nothing. The learner
    records it belongs to (as their programme credential or embedded) are revoked too."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        return credential
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for revoking this credential."})
    credential.revoked_at = timezone.now()
    credential.revoked_by = by
    credential.revocation_reason = reason
    credential.full_clean(exclude=["stacked"])
    credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_log(action="credentials.revoked", actor=by, target=credential, request=request)
    learner_records_revoke_for(credential=credential, by=by, request=request)
    return credential


@transaction.atomic
def credential_set_sharing(*, credential: Credential, enabled: bool, by, request=None):
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.sharing_enabled != enabled:
        credential.sharing_enabled = enabled
        credential.save(update_fields=["sharing_enabled"])
        audit_log(
            action="credentials.sharing_changed",
            actor=by,
            target=credential,
            request=request,
            sharing=enabled,
        )
    return credential
