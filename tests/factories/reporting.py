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


def published(*, by, corrects=None, reason="", **kwargs):
    """A publication written straight to the table (no report computed, no PDF rendered)."""
    from reporting.models import Publication
    from reporting.publishing import content_hash

    fields = {
        "programme": programme(),
        "as_of": dt.date(2024, 5, 15),
        "table": [["APL I-II Micro-Credentials", "Q3/24"], ["Total Enrollment", "0"]],
        "summary": [["Educators completed", "0"]],
        **kwargs,
    }
    return Publication.objects.create(
        **fields,
        published_at=dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC),
        published_by=by,
        published_by_label=by.email,
        corrects=corrects,
        reason=reason,
        content_hash=content_hash(
            programme=fields["programme"].slug,
            as_of=fields["as_of"],
            table=fields["table"],
            summary=fields["summary"],
        ),
        csv="APL I-II Micro-Credentials,Q3/24\n",
        pdf=b"%PDF-1.7\n",
    )
