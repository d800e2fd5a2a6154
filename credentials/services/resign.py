"""Re-signing credentials issued before they carried a Data Integrity proof.

Such a credential holds only an EdDSA VC-JWT whose issuer is a URL of the site. Its
signed content is checked first (nothing unverified is re-signed), then given the did:web
issuer and the Open Badges extensions context, and signed again in both forms: the
JSON-LD document with its eddsa-rdfc-2022 proof, and the ES256 VC-JWT. Its id, subject,
dates, status entry and achievement stay as they were.
"""

from django.db import transaction

from audit.services import audit_log
from credentials import ob3, proofs
from credentials.did import method_id
from credentials.models import Credential, SigningKey
from credentials.services.keys import issuer_get, signing_key_active
from credentials.signing import ed25519_private_key, jws_verify, jwt_signer_for


def _upgraded(claims: dict, issuer) -> dict:
    document = dict(claims)
    contexts = [c for c in document.get("@context", []) if c != ob3.OB_EXTENSIONS]
    document["@context"] = [*contexts, ob3.OB_EXTENSIONS]
    document["issuer"] = ob3.issuer_profile(issuer)
    return document


@transaction.atomic
def credentials_resign_unsigned(*, stdout=None) -> int:
    """Give every credential without a signed document one (idempotent: a second run
    changes nothing); returns how many were re-signed."""
    pending = list(Credential.objects.select_for_update().filter(document={}).order_by("pk"))
    if not pending:
        return 0
    issuer = issuer_get()
    key = signing_key_active(issuer=issuer)
    private, method = ed25519_private_key(key), method_id(key.kid)
    sign_jwt = jwt_signer_for(
        signing_key_active(issuer=issuer, algorithm=SigningKey.Algorithm.P256)
    )
    done = []
    for credential in pending:
        check = jws_verify(credential.jws)
        if not check.signature_valid or check.payload is None:
            continue  # never re-sign what does not verify: left for a person to look at
        document = _upgraded(ob3.credential_from_payload(check.payload), issuer)
        credential.document = proofs.sign_with(
            document, private_key=private, verification_method=method, created=credential.issued_at
        )
        credential.jws = sign_jwt(ob3.jwt_payload(document))
        credential.signing_key = key
        credential.save(update_fields=["document", "jws", "signing_key"])
        done.append(credential)
    for credential in done:
        audit_log(action="credentials.resigned", target=credential, actor_label="system")
    if stdout is not None and done:
        stdout.write(f"Credentials re-signed with a Data Integrity proof: {len(done)}")
    return len(done)
