"""A quiet console while the demo loads: the demo's emails are kept in memory (they are
records of the demo, not messages anyone needs to read), and neither audit lines nor the
background tasks' "succeeded" lines (Celery runs them in the process for the demo) are
printed; their warnings and errors still are. At run time email still goes to the console
backend, and every audit event is recorded in the database during the load as always."""

import logging
from contextlib import contextmanager

from django.test.utils import override_settings

AUDIT_LOGGER = "apl.audit"
# Their INFO lines are not the demo's; WARNING and above still print.
QUIET_LOGGERS = (AUDIT_LOGGER, "celery", "celery.app.trace")


@contextmanager
def quiet_console():
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
