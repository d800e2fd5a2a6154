"""The LAC's import (upload → errors or preview → confirm) and export downloads.

A staff function rather than an object: anyone without ``enrollment.manage_programme``
gets 403.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from exchange.exporters import CONTENT_TYPES, FORMATS
from exchange.forms import KIND_LABELS, ImportConfirmForm, ImportUploadForm
from exchange.importers import IMPORTERS, KINDS
from exchange.services import (
    ImportAlreadyConfirmed,
    clean_filename,
    import_stash_claim,
    import_stash_discard,
    import_stash_save,
    records_export,
    records_import,
)

SESSION_KEY = "exchange_pending_import"
ALREADY_CONFIRMED = (
    "{filename} was already confirmed (by a second click or in another tab); that confirm "
    "imports it once. This one wrote nothing. Check the records, or upload the file again "
    "to import it anew."
)
MAX_ERRORS_SHOWN = 500


def _require_lac(user) -> None:
    if not user.has_perm("enrollment.manage_programme"):
        raise PermissionDenied("Only the Licensure Advancement Coordinator imports and exports.")


def _page(request, form, status=200, **context):
    exports = [(kind, KIND_LABELS[kind]) for kind in KINDS]
    templates = [(kind, label) for kind, label in form.fields["kind"].choices]
    return render(
        request,
        "exchange/import.html",
        {
            "form": form,
            "exports": exports,
            "templates": templates,
            "max_errors": MAX_ERRORS_SHOWN,
            **context,
        },
        status=status,
    )


def _discard_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        import_stash_discard(token=pending.get("token", ""))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a file; see every error, or a preview of what would change."""
    _require_lac(request.user)
    if request.method == "GET":
        return _page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form)
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    filename = clean_filename(upload.name, default=f"{kind}.csv")
    result = records_import(kind=kind, data=data, filename=filename, dry_run=True)
    _discard_pending(request)
    confirm = None
    if result.ok and (result.created or result.updated):
        token = import_stash_save(data=data)
        request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": filename}
        confirm = ImportConfirmForm(initial={"token": token})
    return _page(request, ImportUploadForm(initial={"kind": kind}), result=result, confirm=confirm)


@login_required
@require_POST
def import_confirm(request):
    """Write the previewed file: validated again, all or nothing."""
    _require_lac(request.user)
    form = ImportConfirmForm(request.POST)
    pending = request.session.get(SESSION_KEY) or {}
    token = pending.get("token", "")
    if not (
        form.is_valid() and token and secrets.compare_digest(form.cleaned_data["token"], token)
    ):
        messages.error(request, "That preview has expired. Upload the file again.")
        return redirect("exchange:import-upload")
    # The pending entry stays in the session: a second confirm of it is told it was
    # confirmed already (409), not that it expired.
    try:
        data = import_stash_claim(token=token)
    except ImportAlreadyConfirmed:
        messages.error(request, ALREADY_CONFIRMED.format(filename=pending["filename"]))
        return _page(request, ImportUploadForm(initial={"kind": pending["kind"]}), status=409)
    if data is None:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "That preview has expired. Upload the file again.")
        return redirect("exchange:import-upload")
    result = records_import(
        kind=pending["kind"],
        data=data,
        filename=pending["filename"],
        by=request.user,
        request=request,
    )
    if not result.ok:
        form = ImportUploadForm(initial={"kind": pending["kind"]})
        return _page(request, form, result=result, status=409 if result.conflict else 200)
    messages.success(request, f"{pending['filename']} imported: {result.counts}.")
    for warning in result.warnings[:50]:
        messages.warning(request, f"Warning: {warning}")
    return redirect("exchange:import-upload")


@login_required
@never_cache
@require_safe
def export_download(request, kind: str, fmt: str):
    """One of the three formats as CSV or XLSX, as an attachment."""
    _require_lac(request.user)
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404("No such export.")
    content = records_export(kind=kind, fmt=fmt, by=request.user, request=request)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.{fmt}"'
    return response


@login_required
@require_safe
def import_template(request, kind: str):
    """An empty CSV of one import format: its header row, every column in contract order."""
    _require_lac(request.user)
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise Http404("No such import format.")
    response = HttpResponse(
        ",".join(importer.columns) + "\r\n", content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response
