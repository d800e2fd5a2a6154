"""The credentials section of an educator's record in the directory (apl.records)."""

from credentials.models import Credential


def credentials_context(request, educator) -> dict:
    """Every credential issued to the educator, revoked ones included, newest first."""
    return {
        "credentials": list(
            Credential.objects.listed()
            .filter(educator=educator)
            .select_related("micro_credential", "programme")
            .order_by("-issued_at")
        ),
        "may_open": request.user.has_perm("credentials.view_all_credentials"),
    }
