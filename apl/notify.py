"""Queue email after the current transaction commits, so nobody hears of a rolled-back change."""

from django.db import transaction


def email_on_commit(*, user, subject: str, template: str, context: dict, optional: bool = False):
    """Queue an email to ``user``; optional notices respect the user's preference."""
    if optional and not user.email_optional_notices:
        return
    from apl.tasks import send_templated_email

    to = user.email
    transaction.on_commit(
        lambda: send_templated_email.delay(
            to=to, subject=subject, template=template, context=context
        )
    )
