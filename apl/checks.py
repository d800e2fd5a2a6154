"""Deploy checks (`manage.py check --deploy`) for what production must configure."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_https(app_configs, **kwargs):
    """HTTPS=false turns off secure cookies, HSTS and the redirect all at once."""
    if settings.HTTPS:
        return []
    return [
        Warning(
            "HTTPS is false: session and CSRF cookies are sent in clear and no HSTS is set.",
            hint="Set HTTPS=true in production (behind TLS).",
            id="apl.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_issuer_key_secret(app_configs, **kwargs):
    """The issuer's private keys must not hang on SECRET_KEY, which gets rotated."""
    if getattr(settings, "APL_ISSUER_KEY_SECRET", ""):
        return []
    return [
        Error(
            "APL_ISSUER_KEY_SECRET is not set: the issuer's private signing keys are "
            "encrypted with a key derived from SECRET_KEY.",
            hint="Set APL_ISSUER_KEY_SECRET to a Fernet key "
            "(python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())') and keep it apart from SECRET_KEY.",
            id="apl.E001",
        )
    ]
