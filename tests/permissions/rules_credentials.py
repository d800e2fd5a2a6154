"""Credentials: public pages answer everyone; an educator's credential is theirs and the
staff's who see every credential (LAC, liaison); only the LAC revokes."""

from tests.permissions.matrix import LOGIN, post_refused, rule


def _credential(w):
    from credentials.models import Credential
    from credentials.services import credential_issue_for_enrollment
    from enrollment.models import Enrollment

    existing = Credential.objects.filter(enrollment=w.enrollment).first()
    if existing is not None:
        return existing
    Enrollment.objects.filter(pk=w.enrollment.pk).update(status="passed", score=95)
    return credential_issue_for_enrollment(enrollment_id=w.enrollment.pk)


def _pk(w):
    return (_credential(w).pk,)


def _programme_pk(w):
    """The educator's programme credential: the world's CE pass and the other four."""
    from credentials.models import Credential
    from credentials.services import credential_issue_for_programme
    from tests.factories.credentials import issued_credential

    stacked = _credential(w)
    existing = Credential.objects.filter(kind="programme", educator=stacked.educator).first()
    if existing is None:
        for code in ("AL", "MLSS", "CLRI", "FE"):
            issued_credential(educator=stacked.educator, code=code)
        existing = credential_issue_for_programme(
            educator_id=stacked.educator_id, programme_id=stacked.programme_id
        )
    return (existing.pk,)


def _public_id(w):
    return (_credential(w).public_id,)


def _status_slug(w):
    return (_credential(w).status_list.slug,)


def _wallet_token(w):
    from credentials.wallet import wallet_token

    return (wallet_token(_credential(w)),)


def _kid(w):
    return (_credential(w).signing_key.kid,)


_OWNER_AND_READERS = dict(
    anonymous=LOGIN,
    educator=200,
    other_educator=404,
    facilitator=404,
    other_facilitator=404,
    pgp_reviewer=404,
    district_admin=404,
    other_district_admin=404,
    lac=200,
    liaison=200,
)

RULES = [
    rule(
        "credentials:my-credentials",
        anonymous=LOGIN,
        educator=200,
        other_educator=200,
        default=403,
    ),
    rule("credentials:my-credentials", method="post", default=405),
    rule("credentials:public-credential", args=_public_id, default=200),
    rule("credentials:public-credential", args=_public_id, method="post", default=405),
    rule("credentials:public-verifier", default=200),
    rule(
        "credentials:public-verifier",
        method="post",
        data=lambda w: {"credential": "x"},
        default=200,
    ),
    rule("credentials:public-issuer", default=200),
    rule("credentials:public-issuer-json", default=200),
    rule("credentials:public-keys", args=lambda w: _credential(w) and (), default=200),
    rule("credentials:public-key", args=_kid, default=200),
    rule("credentials:public-status-list", args=_status_slug, default=200),
    rule("credentials:public-domains", default=200),
    rule("wellknown:did-json", args=lambda w: _credential(w) and (), default=200),
    rule(
        "credentials:credential-detail",
        args=_pk,
        **_OWNER_AND_READERS,
        reviewer=404,
        lead_facilitator=404,
    ),
    rule(
        "credentials:credential-download-jwt",
        args=_pk,
        **_OWNER_AND_READERS,
        reviewer=404,
        lead_facilitator=404,
    ),
    rule(
        "credentials:credential-download-json",
        args=_pk,
        **_OWNER_AND_READERS,
        reviewer=404,
        lead_facilitator=404,
    ),
    rule(
        "credentials:credential-certificate",
        args=_pk,
        **_OWNER_AND_READERS,
        reviewer=404,
        lead_facilitator=404,
    ),
    rule("credentials:credential-detail", args=_pk, method="post", default=405),
    # The evidence: the educator, their own facilitator, and staff who see every credential.
    rule(
        "credentials:credential-evidence",
        args=_pk,
        anonymous=LOGIN,
        educator=200,
        other_educator=404,
        facilitator=200,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=200,
        liaison=200,
        reviewer=404,
        lead_facilitator=200,
    ),
    rule(
        "credentials:credential-sharing",
        args=_pk,
        method="post",
        data=lambda w: {"sharing": "off"},
        anonymous=LOGIN,
        educator=302,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=403,
        liaison=403,
        reviewer=404,
        lead_facilitator=404,
    ),
    rule("credentials:credential-sharing", args=_pk, default=405),
    rule(
        "credentials:credential-revoke",
        args=_pk,
        method="post",
        data=lambda w: {"reason": "Issued in error", "confirm": "yes"},
        anonymous=LOGIN,
        educator=403,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=302,
        liaison=403,
        reviewer=404,
        lead_facilitator=404,
    ),
    # The confirmation page: the reason, then a preview of the public page.
    rule(
        "credentials:credential-revoke",
        args=_pk,
        anonymous=LOGIN,
        educator=403,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=200,
        liaison=403,
        reviewer=404,
        lead_facilitator=404,
    ),
    # An Achievement's id and badge image: public documents for wallets and verifiers.
    rule("credentials:public-achievement", args=lambda w: ("CE",), default=200),
    rule("credentials:public-achievement-image", args=lambda w: ("CE",), default=200),
    # A programme credential's learner record: like its other downloads.
    rule(
        "credentials:credential-learner-record",
        args=_programme_pk,
        **_OWNER_AND_READERS,
        reviewer=404,
        lead_facilitator=404,
    ),
    # Add to wallet: the educator's own act; staff who may read the credential get 403.
    rule(
        "credentials:credential-wallet",
        args=_pk,
        anonymous=LOGIN,
        educator=200,
        other_educator=404,
        facilitator=404,
        other_facilitator=404,
        pgp_reviewer=404,
        district_admin=404,
        other_district_admin=404,
        lac=403,
        liaison=403,
        reviewer=404,
        lead_facilitator=404,
    ),
    # The wallet's request address: a signed link, answered to whoever holds it (a wallet
    # app posts without a session; a signed-in read-only role is refused every POST).
    rule("credentials:public-wallet-credential", args=_wallet_token, default=200),
    rule("credentials:public-wallet-credential", args=_wallet_token, method="post", default=200),
]

# Views that only read refuse POST.
RULES += post_refused(
    RULES,
    {
        "credentials:credential-certificate",
        "credentials:credential-wallet",
        "credentials:credential-learner-record",
        "credentials:credential-download-json",
        "credentials:credential-download-jwt",
        "credentials:credential-evidence",
        "credentials:public-achievement",
        "credentials:public-achievement-image",
        "credentials:public-domains",
        "credentials:public-issuer",
        "credentials:public-issuer-json",
        "credentials:public-key",
        "credentials:public-keys",
        "credentials:public-status-list",
        "wellknown:did-json",
    },
)
