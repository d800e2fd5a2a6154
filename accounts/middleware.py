"""Staff sign-in rules that allauth leaves to the project.

allauth offers TOTP but does not force anyone to enrol; staff roles reach other
people's records, so they are sent to set up two-factor sign-in from every URL until
they have, /admin/ included. Staff sessions also end after a spell of inactivity.
"""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.defaults import permission_denied

from accounts import access
from accounts.roles import load_access

_ALWAYS_ALLOWED_PREFIXES = ("/static/", "/healthz", "/verify/", "/credentials/public/")


def _user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    primed = getattr(user, "_apl_has_totp", None)  # read with the roles (load_access)
    if primed is not None:
        return primed
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


@functools.cache
def _exempt_paths() -> frozenset[str]:
    """Where a staff member without MFA may still go: setting it up, or signing out."""
    return frozenset(
        reverse(name)
        for name in ("mfa_activate_totp", "mfa_index", "account_logout", "account_reauthenticate")
    )


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with ``request.user`` from ``accounts.access``: the user and their roles,
    permissions and TOTP state, served from what this worker keeps while the account has
    not changed."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = access.get_user(request)
    return request._cached_user


_REFRESHED_KEY = "_apl_idle_refreshed"


def _refresh_idle_expiry(session) -> None:
    """Move the idle deadline on, writing the session only every so often.

    Setting the expiry on every request rewrote the session row on every page. The
    deadline is now moved once per ``APL_STAFF_IDLE_REFRESH_SECONDS``: it always lies
    at most ``APL_STAFF_IDLE_SECONDS`` after the last request, so an idle session never
    outlives the timeout, and ends at the earliest one refresh interval before it.
    """
    now = int(time.time())
    refreshed = session.get(_REFRESHED_KEY, 0)
    if now - refreshed >= settings.APL_STAFF_IDLE_REFRESH_SECONDS:
        session[_REFRESHED_KEY] = now
        session.set_expiry(settings.APL_STAFF_IDLE_SECONDS)


class StaffSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "_apl_has_totp", None) is None
        ):
            # Not primed by AuthenticationMiddleware (a user set otherwise): roles,
            # permissions and the TOTP state in one query instead of four.
            load_access(user)
        if user is not None and user.is_authenticated and user.is_apl_staff:
            _refresh_idle_expiry(request.session)
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
        return path in _exempt_paths() or path.startswith("/accounts/2fa/")


# Views a read-only role may still POST to: their own account (allauth: sign-out,
# password, MFA), their notification settings and the public verifier (writes nothing).
# Nothing of the programme: reviews of proposals included.
READ_ONLY_MAY_POST = frozenset({"accounts:notifications", "credentials:public-verifier"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadOnlyRoleMiddleware:
    """A user whose roles only read (the APL Liaison) gets 403 on every change.

    Permissions say the same view by view; this holds even where a view forgets to ask.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if request.method in _SAFE_METHODS or user is None or not user.is_authenticated:
            return None
        if not user.is_read_only:
            return None
        match = request.resolver_match
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith("allauth.") or (match and match.view_name in READ_ONLY_MAY_POST):
            return None
        from audit.services import audit_log

        audit_log(action="access.denied", request=request, path=request.path[:300])
        return permission_denied(request, PermissionDenied("Your role is read-only."))
