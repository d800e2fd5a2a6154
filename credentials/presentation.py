"""How a verification result looks: each state its own USWDS alert variant, icon, heading
and plain-words lead, so that valid, revoked, expired and failed never look alike."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    state: str
    variant: str  # the USWDS alert variant
    icon: str  # an icon of the USWDS sprite
    heading: str
    lead: str


LOOKS = {
    "valid": Look(
        "valid",
        "success",
        "check_circle",
        "Valid credential",
        "The signature matches the issuer’s published key, and the issuer has not revoked it.",
    ),
    "revoked": Look(
        "revoked",
        "emergency",
        "cancel",
        "Revoked credential",
        "The issuer has revoked this credential. It is no longer valid, whatever it says.",
    ),
    "expired": Look(
        "expired",
        "warning",
        "schedule",
        "Expired credential",
        "This credential was genuine, but the date it was valid until has passed.",
    ),
    "failed": Look(
        "failed",
        "error",
        "error",
        "This credential could not be verified",
        "Do not rely on it: it was altered, or it was not signed by this issuer.",
    ),
    "not_a_credential": Look(
        "not_a_credential",
        "info",
        "help",
        "This is not a credential file",
        "Paste the contents of an APL badge file (.json or .jwt), or upload the file itself.",
    ),
}

NOT_A_CREDENTIAL_PROBLEMS = (
    "This is not valid JSON.",
    "This JSON is not a credential object.",
    "This is not a compact JWS (three dot-separated parts).",
    "The header cannot be decoded.",
)


def state_of(v) -> str:
    """The verification's one state: valid, revoked, expired, failed or not_a_credential."""
    state = getattr(v, "state", None)
    if isinstance(state, str) and state in LOOKS:
        return state
    if v.ok:
        return "valid"
    if v.signature_valid and v.status in ("revoked", "expired"):
        return v.status
    if not v.claims and any(p in NOT_A_CREDENTIAL_PROBLEMS for p in v.problems):
        return "not_a_credential"
    return "failed"


def look_of(v) -> Look:
    return LOOKS[state_of(v)]


PLAIN = {
    "This is not a compact JWS (three dot-separated parts).": (
        "It is neither a JSON credential nor a signed JWT (a JWT is three parts joined by dots)."
    ),
    "The header cannot be decoded.": "It looks like a JWT, but its first part is not readable.",
    "This is not valid JSON.": (
        "It starts like JSON but is not valid JSON; it may have been cut short when copied."
    ),
    "This JSON is not a credential object.": "It is JSON, but not a credential.",
}


SAID_BY_THE_HEADING = ("This is not a credential file.",)


def plain_problems(v) -> list[str]:
    """The problems found, in words a visitor understands (none the heading already says)."""
    return [PLAIN.get(p, p) for p in v.problems if p not in SAID_BY_THE_HEADING]
