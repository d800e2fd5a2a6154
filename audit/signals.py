"""Sign-in events, successful or not, go into the audit log."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from audit.services import audit_log


def _on_login_failed(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username") or ""
    audit_log(action="login.failed", request=request, actor_label=str(email)[:254])


def _on_logged_in(sender, request, user, **kwargs):
    audit_log(action="login.succeeded", actor=user, request=request)


def connect_signals():
    user_login_failed.connect(_on_login_failed, dispatch_uid="apl-audit-login-failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="apl-audit-logged-in")
