"""The dashboard's quarterly report, cached until the records it reads change.

A report for 1,000,000 enrolments takes about half a second of PostgreSQL's time; the
dashboard asks for the same one on every visit. It is kept under the version of the
``report`` topic (``apl.versions``): the tables the report reads (enrolments, intents,
cohorts, the catalogue and its stacks, publications), whose change triggers note every
write, whichever code wrote it. A write therefore changes the key and the next visit
recomputes; nothing has to remember to invalidate.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache

from apl import versions
from catalogue.models import Programme
from reporting.selectors import QuarterlyReport, quarterly_report

TIMEOUT = 24 * 60 * 60
TOPIC = "report"
# The builds of report files: rewritten as a build moves on, so a topic of their own.
RUNS_TOPIC = "runs"
# What the report reads; watched under TOPIC (reporting's AppConfig.ready).
TABLES = (
    "enrollment_enrollment",
    "enrollment_intent",
    "enrollment_cohort",
    "catalogue_microcredential",
    "catalogue_programme",
    "catalogue_stack",
    "catalogue_stack_members",
    "catalogue_stackslot",
    "catalogue_stackslot_options",
    "reporting_publication",
)


def data_version() -> str:
    """Changes whenever a write to the report's inputs commits."""
    return versions.version(TOPIC)


def programmes() -> list[Programme]:
    """The programmes in their order (the catalogue is among the report's inputs). The
    objects are shared between requests: read them, never change them."""
    return versions.remember("reporting:programmes", [TOPIC], lambda: list(Programme.objects.all()))


def cached_quarterly_report(*, programme: Programme, as_of: dt.date) -> QuarterlyReport:
    """``quarterly_report`` served from this worker, else the shared cache, while its
    inputs are unchanged."""
    key = f"reporting:report:{programme.pk}:{as_of:%Y-%m-%d}:{data_version()}"

    def make():
        report = cache.get(key)
        if report is None:
            report = quarterly_report(programme=programme, as_of=as_of)
            cache.set(key, report, TIMEOUT)
        return report

    return versions.remember(key, [TOPIC], make)


def remembered(key: str, *, make):
    """``make()``, kept in this worker while the report's inputs are unchanged.

    For what the dashboard derives from the report's inputs alone (the rendered report,
    the restatement against the standing publication): the same for everyone who may
    read reports, nothing of the visitor in it. Read it, never change it."""
    return versions.remember(f"reporting:{key}", [TOPIC], make)


def local_clear() -> None:
    versions.forget_all()
