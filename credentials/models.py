"""Verifiable credentials: the issuing department, its signing keys, credentials and the
revocation status list they point at.

A credential is an Open Badges 3.0 OpenBadgeCredential in JSON-LD with an embedded Data
Integrity proof (eddsa-rdfc-2022, Ed25519): that signed document is the record, and
everything shown about a credential is read back from it after checking its proof. A
VC-JWT (ES256, P-256) of the same credential is kept as a second form for JWT-only
consumers.
"""

import secrets
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalogue.models import MicroCredential, Programme
from enrollment.models import EducatorProfile, Enrollment

STATUS_LIST_SIZE = 131_072  # bits: the minimum BitstringStatusList length (16 KB), for privacy


#: Kinds issued by ``credential_issue_for_achievement`` for something other than an
#: enrolment or a programme; each is issued once per ``source_key``.
ACHIEVEMENT_KINDS = ("renewal", "designation", "achievement")


def new_public_id() -> str:
    """128 random bits, URL-safe: the unguessable id of a public verification link."""
    return secrets.token_urlsafe(16)


class Issuer(models.Model):
    """The state department that issues credentials (an OB 3.0 Profile)."""

    name = models.CharField(max_length=200)
    url = models.URLField(help_text="The department's home page.")
    email = models.EmailField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            # One issuing department per installation.
            models.CheckConstraint(condition=Q(id=1), name="issuer_singleton"),
        ]

    def __str__(self):
        return self.name


class SigningKey(models.Model):
    """A key of the issuer: Ed25519 for the Data Integrity proofs, P-256 for the VC-JWT
    form (ES256). Retired keys stay published so that old credentials still verify; the
    private half is stored encrypted (Fernet) and never displayed."""

    class Algorithm(models.TextChoices):
        ED25519 = "Ed25519", "Ed25519 (Data Integrity, eddsa-rdfc-2022)"
        P256 = "P-256", "P-256 (VC-JWT, ES256)"

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    kid = models.SlugField(max_length=64, unique=True)
    algorithm = models.CharField(
        max_length=10, choices=Algorithm.choices, default=Algorithm.ED25519
    )
    public_x = models.CharField(max_length=64, help_text="Public key, base64url (JWK 'x').")
    public_y = models.CharField(
        max_length=64, blank=True, help_text="P-256 only: base64url (JWK 'y')."
    )
    private_key_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "algorithm"],
                condition=Q(retired_at__isnull=True),
                name="signingkey_one_active_per_issuer_algorithm",
            ),
            models.CheckConstraint(
                condition=Q(algorithm="Ed25519", public_y="")
                | (Q(algorithm="P-256") & ~Q(public_y="")),
                name="signingkey_y_only_for_p256",
            ),
        ]

    def __str__(self):
        state = "retired" if self.retired_at else "active"
        return f"{self.kid} ({self.algorithm}, {state})"

    def __repr__(self):  # never let the private key reach a log line
        return f"<SigningKey {self.kid}>"

    @property
    def public_jwk_bare(self) -> dict:
        """The public JWK without kid/alg/use: what a DID document's JsonWebKey holds."""
        if self.algorithm == self.Algorithm.P256:
            return {"kty": "EC", "crv": "P-256", "x": self.public_x, "y": self.public_y}
        return {"kty": "OKP", "crv": "Ed25519", "x": self.public_x}

    @property
    def public_jwk(self) -> dict:
        from credentials.did import method_id

        alg = "ES256" if self.algorithm == self.Algorithm.P256 else "EdDSA"
        return {**self.public_jwk_bare, "kid": method_id(self.kid), "alg": alg, "use": "sig"}

    @property
    def public_multibase(self) -> str:
        from credentials.did import multikey_from_ed25519
        from credentials.signing import b64url_decode

        return multikey_from_ed25519(b64url_decode(self.public_x))

    def ed25519_public_key(self):
        from credentials.signing import public_key_from_x

        return public_key_from_x(self.public_x)


class StatusList(models.Model):
    """A BitstringStatusList for revocation. Bits are derived from the credentials'
    ``revoked_at`` whenever the list is served, so the list cannot drift from the record."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    slug = models.SlugField(max_length=40, unique=True)
    purpose = models.CharField(max_length=20, default="revocation")
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(next_index__lte=models.F("size")), name="statuslist_index_within_size"
            ),
        ]

    def __str__(self):
        return f"Status list {self.slug} ({self.next_index}/{self.size} used)"


class CredentialQuerySet(models.QuerySet):
    def listed(self):
        """What lists of credentials show: a learner record is offered from its programme
        credential's page, not listed beside it."""
        return self.exclude(kind="learner_record")

    def visible_to(self, user):
        """Own credentials for educators; all for roles that may see every credential."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("credentials.view_all_credentials"):
            return self
        return self.filter(educator__user=user)

    def evidence_visible_to(self, user):
        """The mastery evidence: the educator, their scorers and staff who see everything."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("credentials.view_all_credentials"):
            return self
        return self.filter(
            Q(educator__user=user)
            | Q(enrollment__facilitator=user)
            | Q(enrollment__cohort__lead_facilitator=user)
        )


class Credential(models.Model):
    """One signed OpenBadgeCredential: for a passed micro-credential, a completed programme,
    or another achievement (a renewal requirement met, a role designation) issued once per
    ``source_key``; or a completed programme's Comprehensive Learner Record (a CLR 2.0
    ClrCredential, ``record_of`` its programme credential, ``stacked`` what it embeds)."""

    class Kind(models.TextChoices):
        MICRO_CREDENTIAL = "micro_credential", "Micro-credential"
        PROGRAMME = "programme", "Program completion"
        RENEWAL = "renewal", "License renewal requirement met"
        DESIGNATION = "designation", "Advanced teacher role designation"
        ACHIEVEMENT = "achievement", "Other achievement"
        LEARNER_RECORD = "learner_record", "Comprehensive Learner Record"

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    uuid = models.UUIDField(unique=True, default=uuid4, editable=False)
    subject_uuid = models.UUIDField(
        default=uuid4, editable=False, help_text="The subject's id in this credential only."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="credentials"
    )
    enrollment = models.OneToOneField(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credential",
    )
    micro_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievement_code = models.SlugField(
        max_length=80, blank=True, help_text="The achievement's code (its public id ends so)."
    )
    achievement_name = models.CharField(max_length=200, blank=True)
    source_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="What an achievement credential was issued for; one credential per kind and key.",
    )
    record_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learner_record",
        help_text="A learner record's program completion credential.",
    )
    stacked = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="stacked_into"
    )
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(
        default=dict,
        blank=True,
        help_text="The signed OpenBadgeCredential (JSON-LD, Data Integrity proof).",
    )
    jws = models.TextField(help_text="The credential as a VC-JWT (compact JWS, ES256).")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    sharing_enabled = models.BooleanField(
        default=True, help_text="When off, the public page says only that it exists and is valid."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        permissions = [
            ("view_all_credentials", "Can see every educator's credentials"),
            ("revoke_credential", "Can revoke a credential"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_one_per_status_bit"
            ),
            models.UniqueConstraint(
                fields=["educator", "programme"],
                condition=Q(kind="programme"),
                name="credential_one_per_completed_programme",
            ),
            models.UniqueConstraint(
                fields=["kind", "source_key"],
                condition=~Q(source_key=""),
                name="credential_one_per_achievement_source",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="micro_credential", enrollment__isnull=False, programme__isnull=False)
                    | Q(kind="programme", enrollment__isnull=True, programme__isnull=False)
                    | Q(
                        kind="learner_record",
                        enrollment__isnull=True,
                        programme__isnull=False,
                        record_of__isnull=False,
                    )
                    | (
                        Q(kind__in=ACHIEVEMENT_KINDS)
                        & Q(enrollment__isnull=True, micro_credential__isnull=True)
                        & ~Q(source_key="")
                        & ~Q(achievement_name="")
                    )
                ),
                name="credential_kind_matches_source",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="credential_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.educator}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.PROGRAMME:
            return f"{self.programme.name} program"
        if self.kind == self.Kind.MICRO_CREDENTIAL:
            return self.micro_credential.name
        if self.kind == self.Kind.LEARNER_RECORD:
            return f"{self.programme.name} program learner record"
        return self.achievement_name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()
