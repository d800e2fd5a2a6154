"""The issuing department and its signing keys: created on first use, rotated on demand."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from credentials.models import Issuer, SigningKey
from credentials.signing import generate_keypair, generate_p256_keypair, new_kid

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
def signing_key_active(*, issuer: Issuer, algorithm: str = "Ed25519") -> SigningKey:
    """The issuer's active key of ``algorithm`` (Ed25519 signs the Data Integrity proofs,
    P-256 the VC-JWT form), created on first use under a lock on the issuer row."""
    active = SigningKey.objects.filter(issuer=issuer, algorithm=algorithm, retired_at__isnull=True)
    key = active.first()
    if key is not None:
        return key
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    return active.first() or _signing_key_create(issuer=issuer, algorithm=algorithm)


def _signing_key_create(*, issuer: Issuer, algorithm: str) -> SigningKey:
    if algorithm == SigningKey.Algorithm.P256:
        public_x, public_y, encrypted = generate_p256_keypair()
        kid = new_kid(prefix="jwt")
    else:
        (public_x, encrypted), public_y, kid = generate_keypair(), "", new_kid()
    key = SigningKey(
        issuer=issuer,
        kid=kid,
        algorithm=algorithm,
        public_x=public_x,
        public_y=public_y,
        private_key_encrypted=encrypted,
    )
    key.full_clean(exclude=["private_key_encrypted"])
    key.save()
    return key


@transaction.atomic
def signing_key_rotate(*, by=None) -> SigningKey:
    """Retire the active keys (they stay published in the DID document, so credentials
    signed with them still verify) and make new ones for future credentials; returns the
    new Ed25519 key."""
    issuer = Issuer.objects.select_for_update().get(pk=issuer_get().pk)
    retired = []
    new = {}
    for algorithm in SigningKey.Algorithm.values:
        old = SigningKey.objects.filter(
            issuer=issuer, algorithm=algorithm, retired_at__isnull=True
        ).first()
        if old is not None:
            old.retired_at = timezone.now()
            old.save(update_fields=["retired_at"])
            retired.append(old.kid)
        new[algorithm] = _signing_key_create(issuer=issuer, algorithm=algorithm)
    key = new[SigningKey.Algorithm.ED25519]
    audit_log(
        action="credentials.key_rotated",
        actor=by,
        target=key,
        actor_label="" if by else "manage.py",
        retired=", ".join(retired),
    )
    return key
