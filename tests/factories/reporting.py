"""Factories for the reporting app: report runs, optionally with their files on disk."""

import datetime as dt

import factory
from django.conf import settings

from reporting.models import ReportRun
from tests.factories.enrollment import programme


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    programme = factory.LazyFunction(programme)
    as_of = dt.date(2024, 5, 15)
    status = ReportRun.Status.QUEUED


def done_run(**kwargs) -> ReportRun:
    """A finished run with a small CSV file under MEDIA_ROOT/reports/."""
    run = ReportRunFactory(status=ReportRun.Status.DONE, **kwargs)
    folder = settings.MEDIA_ROOT / "reports" / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / run.file_basename("csv")).write_text("APL I-II Micro-Credentials,Q3/24\n")
    run.files = {"csv": f"reports/{run.pk}/{run.file_basename('csv')}"}
    run.save()
    return run
