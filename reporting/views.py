"""The LAC's quarterly report dashboard, report runs and their files.

Staff pages with no per-object scope: anyone without the reporting permission gets 403
(there is nothing to hide). The liaison reads and downloads; building files is a change
(it queues work and writes files), so only the LAC may start one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from apl import versions
from audit.services import audit_log
from catalogue.models import Programme
from reporting import cache, services
from reporting.charts import describe, quarter_chart
from reporting.forms import ReportForm
from reporting.models import FORMATS, ReportRun
from reporting.restatements import restatement, standing_publication
from reporting.selectors import ReportError

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("Quarterly reports are for the program's coordinators.")


def _dashboard_url(programme: Programme, as_of) -> str:
    query = urlencode({"programme": programme.slug, "as_of": f"{as_of:%Y-%m-%d}"})
    return f"{reverse('reporting:dashboard')}?{query}"


@login_required
@require_safe
def dashboard(request):
    """Choose a programme and as-of date; the table, the figures, a chart and the files.

    What the page shows follows from the report's inputs, the query, the day (the default
    as-of date) and whether the visitor may publish; the files built so far follow from
    the report runs. Each part is rendered once per version of what it reads and kept in
    this worker; only the Build button, which carries the visitor's CSRF token, is
    rendered per request."""
    _require(request, "reporting.view_report")
    can_publish = request.user.has_perm("reporting.publish_report")
    query = request.GET.urlencode()
    choice = cache.remembered(
        f"choice:{can_publish}:{timezone.localdate()}:{query}",
        make=lambda: _choice(request.GET, can_publish),
    )
    context = {"choice_html": choice["html"]}
    if choice["programme"] is not None:
        programme, as_of = choice["programme"], choice["as_of"]
        context.update(
            programme=programme,
            as_of=as_of,
            runs_html=versions.remember(
                f"reporting:runs:{programme.pk}:{as_of:%Y-%m-%d}",
                [cache.RUNS_TOPIC],
                lambda: _runs_html(request, programme, as_of),
            ),
            can_build=request.user.has_perm("reporting.build_report"),
        )
    return render(request, "reporting/dashboard.html", context)


def _choice(params, can_publish: bool) -> dict:
    """The chosen report (``programme`` and ``as_of``, or None when the choice is not
    valid) and the page's HTML for it."""
    programmes = cache.programmes()
    data = params.copy() if params else {}
    if "programme" not in data and programmes:
        data["programme"] = programmes[0].slug
    data.setdefault("as_of", f"{timezone.localdate():%Y-%m-%d}")
    form = ReportForm(data, programmes=programmes)
    valid = form.is_valid()
    return {
        "html": _choice_html(form, can_publish),
        "programme": form.cleaned_data["programme"] if valid else None,
        "as_of": form.cleaned_data["as_of"] if valid else None,
    }


def _runs_html(request, programme, as_of) -> str:
    """The last three builds of this report's files (the same for everyone who may read
    reports: their runs are every run)."""
    runs = list(
        ReportRun.objects.visible_to(request.user)
        .filter(programme=programme, as_of=as_of)
        .select_related("programme")[:3]
    )
    return render_to_string("reporting/dashboard.html#runs", {"runs": runs})


def _choice_html(form: ReportForm, can_publish: bool) -> str:
    """The choice of report, and the report with its publication state."""
    context = {"form": form, "report": None, "error": None, "can_publish": can_publish}
    if form.is_valid():
        programme, as_of = form.cleaned_data["programme"], form.cleaned_data["as_of"]
        context.update(programme=programme, as_of=as_of)
        try:
            report = cache.cached_quarterly_report(programme=programme, as_of=as_of)
        except ReportError as exc:
            context["error"] = str(exc)
        else:
            key = f"{programme.pk}:{as_of:%Y-%m-%d}"
            context.update(
                report=report,
                report_html=cache.remembered(f"html:{key}", make=lambda: _report_html(report)),
                # New publications change the version too (a trigger notes them).
                restatement=cache.remembered(
                    f"restatement:{key}",
                    make=lambda: _restatement(programme, as_of, report) or False,
                ),
            )
    return render_to_string("reporting/dashboard.html#choice", context)


def _report_html(report) -> str:
    """The report's table, figures and chart, rendered once per version of its inputs."""
    context = {
        "report": report,
        "chart": quarter_chart(report, id_prefix="dashboard-chart"),
        "chart_text": describe(report),
    }
    return render_to_string("reporting/dashboard.html#report", context)


def _restatement(programme, as_of, report):
    """The report compared with its standing publication, or None if it was never published."""
    publication = standing_publication(programme_id=programme.pk, as_of=as_of)
    return restatement(publication=publication, report=report) if publication else None


@login_required
@require_POST
def run_create(request):
    """Queue a build of the report files (or join the one under way)."""
    _require(request, "reporting.build_report")
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a program and an as-of date written YYYY-MM-DD.")
        return redirect("reporting:dashboard")
    programme, as_of = form.cleaned_data["programme"], form.cleaned_data["as_of"]
    try:
        run = services.report_run_request(programme=programme, as_of=as_of, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_dashboard_url(programme, as_of))
    run.refresh_from_db()
    if run.status == ReportRun.Status.FAILED:
        messages.error(request, f"Failed: {run.reason}")
    elif run.reason:
        messages.warning(request, f"Queued: {run.reason}")
    elif run.is_done:
        messages.success(request, "The report files are ready.")
    else:
        messages.info(request, "Queued: the report files are being built.")
    if request.htmx:
        return render(request, "reporting/dashboard.html#run", {"run": run})
    return redirect(_dashboard_url(programme, as_of))


@never_cache
@login_required
@require_safe
def run_status(request, run_id: int):
    """One run's state, polled by the dashboard while it is queued or running."""
    _require(request, "reporting.view_report")
    run = get_object_or_404(
        ReportRun.objects.visible_to(request.user).select_related("programme"), pk=run_id
    )
    return render(request, "reporting/dashboard.html#run", {"run": run})


@login_required
@require_safe
def run_download(request, run_id: int, fmt: str):
    """One of a done run's files, as an attachment; every download is audited."""
    _require(request, "reporting.view_report")
    run = get_object_or_404(
        ReportRun.objects.visible_to(request.user).select_related("programme"), pk=run_id
    )
    if fmt not in FORMATS:
        raise Http404("No such format.")
    try:
        path = services.report_run_file(run=run, fmt=fmt)
    except ValueError:
        raise Http404("This report has no such file.") from None
    audit_log(action="export.report", request=request, target=run, format=fmt)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=run.file_basename(fmt),
        content_type=CONTENT_TYPES[fmt],
    )
