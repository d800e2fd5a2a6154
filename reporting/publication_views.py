"""Published quarterly reports: publish (LAC), correct (LAC), list, read and download.

The LAC and the liaison read publications and download their files; only the LAC
publishes or corrects (the liaison, read-only, gets 403). Everyone else gets 403: there
is no object of their own to hide.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from audit.services import audit_log
from catalogue.models import Programme
from reporting import publishing
from reporting.cache import cached_quarterly_report
from reporting.forms import CorrectionForm, ReportForm
from reporting.models import Publication
from reporting.restatements import restatement, standing_publication
from reporting.selectors import ReportError


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("Published reports are for the program's coordinators.")


def _visible(request):
    return Publication.objects.visible_to(request.user).select_related("programme")


@login_required
@require_safe
def publication_list(request):
    """Every publication and correction, newest first."""
    _require(request, "reporting.view_report")
    corrected = Publication.objects.filter(corrects=OuterRef("pk"))
    publications = list(
        _visible(request)
        .defer("csv", "pdf", "table", "summary")
        .annotate(corrected=Exists(corrected))[:500]
    )
    context = {
        "publications": publications,
        "can_publish": request.user.has_perm("reporting.publish_report"),
    }
    return render(request, "reporting/publications.html", context)


@login_required
@require_safe
def publication_detail(request, pk: int):
    """The numbers as published, the hash, the files, the links, and today's differences."""
    _require(request, "reporting.view_report")
    publication = get_object_or_404(_visible(request).defer("csv", "pdf"), pk=pk)
    correction = Publication.objects.filter(corrects=publication).only("pk").first()
    compared = None
    if correction is None:
        try:
            report = cached_quarterly_report(
                programme=publication.programme, as_of=publication.as_of
            )
        except ReportError:
            report = None
        if report is not None:
            compared = restatement(publication=publication, report=report)
    context = {
        "publication": publication,
        "correction": correction,
        "restatement": compared,
        "hash_holds": publishing.publication_hash(publication) == publication.content_hash,
        "can_publish": request.user.has_perm("reporting.publish_report"),
        "table": publication.table,
    }
    return render(request, "reporting/publication.html", context)


@login_required
@require_safe
def publication_download(request, pk: int, fmt: str):
    """One of the files as published, as an attachment; every download is audited."""
    _require(request, "reporting.view_report")
    publication = get_object_or_404(_visible(request), pk=pk)
    try:
        content, content_type = publishing.publication_file(publication=publication, fmt=fmt)
    except ValueError:
        raise Http404("No such file.") from None
    audit_log(action="export.publication", request=request, target=publication, format=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{publication.file_basename(fmt)}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_create(request):
    """GET: what would be published, to confirm. POST: publish it (refused if it was)."""
    _require(request, "reporting.publish_report")
    form = ReportForm(request.POST if request.method == "POST" else request.GET or None)
    if form.is_valid():
        programme, as_of = form.cleaned_data["programme"], form.cleaned_data["as_of"]
        existing = standing_publication(programme_id=programme.pk, as_of=as_of)
        if request.method == "POST":
            try:
                publication = publishing.publication_create(
                    programme=programme, as_of=as_of, by=request.user, request=request
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(existing or "reporting:publication-list")
            messages.success(
                request,
                f"Published {programme.name} as of {as_of:%Y-%m-%d} "
                f"(SHA-256 {publication.content_hash[:12]}…).",
            )
            return redirect(publication)
        context = {"form": form, "programme": programme, "as_of": as_of, "existing": existing}
        try:
            context["report"] = cached_quarterly_report(programme=programme, as_of=as_of)
        except ReportError as exc:
            context["error"] = str(exc)
        return render(request, "reporting/publish_confirm.html", context)
    if request.method == "POST":
        messages.error(request, "Choose a program and an as-of date written YYYY-MM-DD.")
        return redirect("reporting:publication-list")
    form = ReportForm(initial={"programme": Programme.objects.order_by("pk").first()})
    return render(request, "reporting/publish_confirm.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_correct(request, pk: int):
    """GET: the differences and a reason to give. POST: publish the correction."""
    _require(request, "reporting.publish_report")
    publication = get_object_or_404(_visible(request).defer("csv", "pdf"), pk=pk)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = publishing.publication_correct(
                publication=publication,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"Published the correction of publication {pk}.")
            return redirect(correction)
    try:
        report = cached_quarterly_report(programme=publication.programme, as_of=publication.as_of)
        compared = restatement(publication=publication, report=report)
    except ReportError:
        compared = None
    context = {"form": form, "publication": publication, "restatement": compared}
    return render(request, "reporting/correct_confirm.html", context)
