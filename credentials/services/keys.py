"""The issuing department and its signing keys: created on first use, rotated on demand."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from credentials.models import Issuer, SigningKey
from credentials.signing import generate_keypair, new_kid

DEFAULT_ISSUER = {
    "name": "New Mexico Public Education Department",
    "url": "https://web.ped.nm.gov/",
    "email": "",
    "description": (
        "The state education department of New Mexico, which runs licensure advancement "
        "for teachers through the Advancement Program Level (APL) micro-credentials."
    ),
}


def issuer_get() -> Issuer:
    issuer, _ = Issuer.objects.get_or_create(pk=1, defaults=DEFAULT_ISSUER)
    return issuer


@transaction.atomic
def signing_key_active(*, issuer: Issuer) -> SigningKey:
    """The issuer's active key, created on first use (under a lock on the issuer row)."""
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is not None:
        return key
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    return key or _signing_key_create(issuer=issuer)


def _signing_key_create(*, issuer: Issuer) -> SigningKey:
    public_x, encrypted = generate_keypair()
    key = SigningKey(
        issuer=issuer, kid=new_kid(), public_x=public_x, private_key_encrypted=encrypted
    )
    key.full_clean(exclude=["private_key_encrypted"])
    key.save()
    return key


@transaction.atomic
def signing_key_rotate(*, by=None) -> SigningKey:
    """Retire the active key (it stays published) and make a new one for future credentials."""
    issuer = Issuer.objects.select_for_update().get(pk=issuer_get().pk)
    old = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if old is not None:
        old.retired_at = timezone.now()
        old.save(update_fields=["retired_at"])
    key = _signing_key_create(issuer=issuer)
    audit_log(
        action="credentials.key_rotated",
        actor=by,
        target=key,
        actor_label="" if by else "manage.py",
        retired=old.kid if old else "",
    )
    return key
