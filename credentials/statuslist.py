"""The revocation status list as a ``BitstringStatusListCredential`` with its own Data
Integrity proof (and, for JWT-only consumers, as an ES256 VC-JWT).

The bits come from the credentials' ``revoked_at`` whenever the list is built, so the list
cannot drift from the record. The document is deterministic for a given state (its
``validFrom`` is the list's last change, and Ed25519 signatures are deterministic), so the
ETag names the state and a verifier polling the list gets 304 until a bit flips.
"""

import datetime as dt
import hashlib
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import Max, Min
from django.urls import Resolver404, resolve

from credentials import ob3, proofs
from credentials.did import issuer_did
from credentials.jsonld import VC_V2
from credentials.models import Credential, SigningKey, StatusList

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
CACHE_SECONDS = 300


def revoked_indexes(status_list: StatusList) -> list[int]:
    return sorted(
        Credential.objects.filter(status_list=status_list, revoked_at__isnull=False).values_list(
            "status_index", flat=True
        )
    )


def _state(status_list: StatusList) -> tuple[list[int], dt.datetime]:
    """(revoked bits, when the list last changed: its last revocation or first issue)."""
    on_list = Credential.objects.filter(status_list=status_list)
    times = on_list.aggregate(revoked=Max("revoked_at"), issued=Min("issued_at"))
    return revoked_indexes(status_list), times["revoked"] or times["issued"] or EPOCH


def _keys(status_list: StatusList) -> tuple[SigningKey, SigningKey]:
    from credentials.services.keys import signing_key_active

    return (
        signing_key_active(issuer=status_list.issuer),
        signing_key_active(issuer=status_list.issuer, algorithm=SigningKey.Algorithm.P256),
    )


def list_url(status_list: StatusList) -> str:
    return ob3.public_url("public-status-list", status_list.slug)


def unsigned_document(status_list: StatusList, revoked: list[int], changed: dt.datetime) -> dict:
    url = list_url(status_list)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": ob3.iso(changed),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": ob3.encode_bitstring(revoked, status_list.size),
        },
    }


class Published:
    """One state of a status list: its ETag and, built on demand, its signed forms."""

    def __init__(self, status_list: StatusList):
        self.status_list = status_list
        self.revoked, self.changed = _state(status_list)
        self.key, self.jwt_key = _keys(status_list)
        state = f"{status_list.slug}|{list_url(status_list)}|{issuer_did()}|{self.changed}"
        state += f"|{self.key.kid}|{self.jwt_key.kid}|{','.join(map(str, self.revoked))}"
        self.etag = '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'

    def json_ld(self) -> dict:
        """The credential with its Data Integrity proof (cached per state)."""
        return cache.get_or_set(f"statuslist:ld:{self.etag}", self._sign, CACHE_SECONDS)

    def _sign(self) -> dict:
        document = unsigned_document(self.status_list, self.revoked, self.changed)
        return proofs.sign_document(document, key=self.key, created=self.changed)

    def jwt(self) -> str:
        from credentials.signing import jwt_sign

        document = unsigned_document(self.status_list, self.revoked, self.changed)
        return jwt_sign(payload=ob3.status_list_payload(document), signing_key=self.jwt_key)


def entry_bit(entry) -> tuple[str, Credential | None, str]:
    """Read a credential's BitstringStatusListEntry in this issuer's lists:
    (``valid`` | ``revoked`` | ``unknown``, the credential on that bit, a problem).

    The list is found by the path of its URL, whatever host the credential names, so a
    credential issued before the site moved is still checked."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return "unknown", None, "The credential names no status list."
    try:
        match = resolve(urlsplit(str(entry.get("statusListCredential", ""))).path)
        if match.view_name != "credentials:public-status-list":
            raise Resolver404
        slug = match.kwargs["slug"]
        index = int(entry.get("statusListIndex"))
    except (Resolver404, KeyError, TypeError, ValueError):
        return "unknown", None, "The status list is not one this issuer publishes."
    status_list = StatusList.objects.filter(slug=slug).first()
    if status_list is None or not 0 <= index < status_list.size:
        return "unknown", None, "The status list entry does not exist."
    encoded = ob3.encode_bitstring(revoked_indexes(status_list), status_list.size)
    revoked = ob3.bit_is_set(ob3.decode_bitstring(encoded), index)
    credential = Credential.objects.filter(status_list=status_list, status_index=index).first()
    return ("revoked" if revoked else "valid"), credential, ""
