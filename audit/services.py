"""The audit trail of security events: one ``audit_log`` call per event.

Field-level history of records (enrolment status, score, …) is kept by
django-simple-history; this log holds the events around them: sign-ins that failed,
access refused, grades posted and reopened, imports, exports, downloads.
"""

import logging

from audit.models import AuditEvent

# The logger keeps its name so that log searches written for it still match.
logger = logging.getLogger("apl.audit")

_REDACT = {"password", "password1", "password2", "code", "token", "secret", "otp"}


def _clean(value):
    if isinstance(value, str):
        return value.replace("\r", "\\r").replace("\n", "\\n")[:500]
    if isinstance(value, dict):
        return {
            _clean(k): ("[redacted]" if str(k).lower() in _REDACT else _clean(v))
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return _clean(str(value))


def client_ip(request) -> str | None:
    """The client address, trusting as many proxies as allauth is told to."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # a malformed header must never stop the audit
        return request.META.get("REMOTE_ADDR")


def audit_log(*, action: str, actor=None, target=None, request=None, **detail):
    """Record one event. ``actor`` defaults to the request's signed-in user."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent.objects.create(
        action=_clean(action)[:64],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_clean(getattr(actor, "email", "") or detail.pop("actor_label", "")),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_ip(request),
        detail=_clean(detail),
    )
    logger.info(
        "audit action=%s actor=%s target=%s:%s ip=%s",
        event.action,
        event.actor_label or "-",
        event.target_type or "-",
        event.target_id or "-",
        event.ip_address or "-",
    )
    return event
