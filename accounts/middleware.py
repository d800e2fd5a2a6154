"""Staff sign-in rules that allauth leaves to the project.

allauth offers TOTP but does not force anyone to enrol; staff roles reach other
people's records, so they are sent to set up two-factor sign-in from every URL until
they have, /admin/ included. Staff sessions also end after a spell of inactivity.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

_ALWAYS_ALLOWED_PREFIXES = ("/static/", "/healthz", "/verify/", "/credentials/public/")


def _user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_apl_staff:
            request.session.set_expiry(settings.APL_STAFF_IDLE_SECONDS)
            needs_mfa = settings.APL_REQUIRE_STAFF_MFA and not self._exempt(request.path)
            if needs_mfa and not _user_has_mfa(user):
                messages.warning(
                    request,
                    "Your role can see educators' records, so two-factor sign-in is "
                    "required. Set up an authenticator app to continue.",
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(_ALWAYS_ALLOWED_PREFIXES):
            return True
        allowed = (
            reverse("mfa_activate_totp"),
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
        )
        return path in allowed or path.startswith("/accounts/2fa/")
