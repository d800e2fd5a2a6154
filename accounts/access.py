"""The signed-in user and their access, kept in each worker under the "access" version.

Every signed-in request needs the user row and the user's roles, permissions and TOTP
state (``accounts.roles.load_access``). They follow from a few tables only, watched under
the topic ``access`` (``apl.versions``), whose version the request has already read with
its session row (``accounts.sessions``). So a returning user whose account has not changed
costs no query beyond the session's: the user and their access are kept here under
(user id, version), and each request gets its own copy of the user.

Any write to those tables (a role revoked, a permission taken from a role, the user
deactivated or their password changed, a new authenticator) changes the version, and the
very next request reads everything afresh. Whatever is not a plain hit (no user, an
inactive one, a session hash that is not the current one) is answered by Django's own
``auth.get_user``, so its rules (session-hash verification with the fallback secrets,
the flush of a session of an old password) stay Django's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth
from django.utils.crypto import constant_time_compare

from accounts.roles import load_access
from apl import versions

ACCESS = "access"

# What load_access primes on the user: sets, copied for each request.
_PRIMED_SETS = ("_role_names", "_perm_cache", "_user_perm_cache", "_group_perm_cache")


def access_tables() -> set[str]:
    """The tables a user's identity and access are read from: the user row, their roles
    and direct permissions, each role's permissions, the permissions' names and the MFA
    authenticators."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()
    return {
        user_model._meta.db_table,
        user_model.groups.through._meta.db_table,
        user_model.user_permissions.through._meta.db_table,
        Group._meta.db_table,
        Group.permissions.through._meta.db_table,
        Permission._meta.db_table,
        ContentType._meta.db_table,
        Authenticator._meta.db_table,
    }


@dataclass(frozen=True)
class _Kept:
    user: object  # never handed out: each request gets a copy
    session_hash: str
    secret_key: str  # the hash's key: a hit needs the same


def _copy(user):
    """The user for one request: its own instance, state and primed sets."""
    fresh = user.__class__.__new__(user.__class__)
    fresh.__dict__.update(user.__dict__)
    fresh._state = type(user._state)()
    fresh._state.__dict__.update(user._state.__dict__)
    fresh._state.fields_cache = dict(user._state.fields_cache)
    for name in _PRIMED_SETS:
        if name in user.__dict__:
            fresh.__dict__[name] = set(user.__dict__[name])
    return fresh


def _kept(user_id, backend_path: str) -> _Kept | None:
    def make() -> _Kept | None:
        user = auth.load_backend(backend_path).get_user(user_id)  # None: gone or inactive
        if user is None:
            return None
        load_access(user)
        return _Kept(user, user.get_session_auth_hash(), settings.SECRET_KEY)

    key = f"access:{backend_path}:{user_id}"
    return versions.remember(key, [ACCESS], make)


def get_user(request):
    """``django.contrib.auth.get_user``, with the user and their access primed; served
    from what this worker keeps when the session's hash is the kept user's current one."""
    session = request.session
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)  # anonymous
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if session_hash and backend_path in settings.AUTHENTICATION_BACKENDS:
        kept = _kept(user_id, backend_path)
        if (
            kept is not None
            and kept.secret_key == settings.SECRET_KEY
            and constant_time_compare(session_hash, kept.session_hash)
        ):
            return _copy(kept.user)
    # Not a plain hit: Django decides (and flushes the session when it must).
    user = auth.get_user(request)
    if user.is_authenticated:
        load_access(user)
    return user
