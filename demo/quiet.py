"""A quiet console while the demo loads: the demo's emails are kept in memory (they are
records of the demo, not messages anyone needs to read), and audit lines are not printed.
At run time email still goes to the console backend, and every audit event is recorded in
the database during the load as always."""

import logging
from contextlib import contextmanager

from django.test.utils import override_settings

AUDIT_LOGGER = "apl.audit"


@contextmanager
def quiet_console():
    audit = logging.getLogger(AUDIT_LOGGER)
    level = audit.level
    audit.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        audit.setLevel(level)
