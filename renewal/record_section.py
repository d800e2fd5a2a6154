"""The renewal section of an educator's record in the directory (apl.records)."""

from django.utils import timezone

from renewal.rules import ROUTE_TEXT
from renewal.selectors import STATUS_TEXT, educator_renewal


def renewal_context(request, educator) -> dict:
    renewal = educator_renewal(educator=educator, as_of=timezone.localdate())
    return {
        "renewal": renewal,
        "status_text": STATUS_TEXT.get(renewal.status.status) if renewal else None,
        "route_text": ROUTE_TEXT.get(renewal.status.route) if renewal else None,
    }
