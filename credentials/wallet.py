"""Where an educator takes a credential: a standards wallet (the DCC Learner Credential
Wallet's deep link and a QR code of it), LinkedIn's "Add to profile" form, or the signed
file. Everything here is a link the educator follows; the page loads nothing from outside.

The Learner Credential Wallet opens ``dccrequest://request?issuer=…&vc_request_url=…
&auth_type=bearer&challenge=…``: it posts a presentation carrying the challenge to
``vc_request_url`` and stores the credential (or presentation) that answers. Our
``vc_request_url`` is a signed, expiring address that answers with the signed credential.
"""

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.core import signing
from django.utils import timezone

from credentials import ob3
from credentials.models import Credential

SALT = "credentials.wallet"
TOKEN_MAX_AGE = 7 * 24 * 60 * 60  # a week to open it in the wallet
LCW_SCHEME = "dccrequest://request"
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def signed_document(credential: Credential) -> dict:
    """The credential as signed JSON-LD, its Data Integrity proof embedded (empty for a
    credential not yet re-signed: never an unsigned copy)."""
    return credential.document or {}


def wallet_token(credential: Credential) -> str:
    return signing.dumps(credential.public_id, salt=SALT, compress=True)


def credential_for_token(token: str) -> Credential | None:
    """The credential a wallet address names; None when forged or older than a week."""
    try:
        public_id = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return Credential.objects.filter(public_id=public_id).first()


def request_url(credential: Credential) -> str:
    return ob3.public_url("public-wallet-credential", wallet_token(credential))


def lcw_deep_link(credential: Credential) -> str:
    """The Learner Credential Wallet's request link for this credential."""
    query = {
        "issuer": ob3.issuer_id(),
        "vc_request_url": request_url(credential),
        "auth_type": "bearer",
        "challenge": credential.public_id,
    }
    return f"{LCW_SCHEME}?{urlencode(query)}"


def linkedin_url(credential: Credential, *, share_url: str, issuer_name: str) -> str:
    """LinkedIn's "Add licence or certification" form, filled in."""
    issued = timezone.localtime(credential.issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.title,
        "organizationName": issuer_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": share_url,
        "certId": credential.public_id,
    }
    if credential.valid_until:
        expires = timezone.localtime(credential.valid_until)
        query |= {"expirationYear": expires.year, "expirationMonth": expires.month}
    return f"{LINKEDIN_ADD}?{urlencode(query)}"


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI, drawn here (the page loads nothing)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
