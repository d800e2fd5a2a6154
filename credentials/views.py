"""Credential pages: public verification (no account) and the educator's own credentials."""

import functools
import json
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import audit_log
from catalogue.models import EvaluationDomain, Programme
from credentials import ob3, services
from credentials.forms import RevokeForm, SharingForm, VerifierForm
from credentials.models import Credential, SigningKey
from credentials.ratelimit import rate_limited
from credentials.verification import verify_stored, verify_submission

PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
JSON_LD = "application/ld+json"


def public(scope: str):
    """A page anyone may open: rate-limited per address, never indexed, never cached."""

    def decorator(view):
        @functools.wraps(view)
        @rate_limited(scope)
        @never_cache
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
            return response

        return wrapped

    return decorator


def _json(data: dict, content_type: str = JSON_LD) -> HttpResponse:
    return HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type=content_type)


# --- public -------------------------------------------------------------------------------


@require_GET
@public("credential")
def public_credential(request, public_id: str):
    if not PUBLIC_ID.match(public_id):
        raise Http404
    credential = get_object_or_404(
        Credential.objects.select_related("programme", "micro_credential"), public_id=public_id
    )
    verification = verify_stored(credential)
    return render(
        request,
        "credentials/public_credential.html",
        {"credential": credential, "v": verification, "issuer": services.issuer_get()},
    )


@require_http_methods(["GET", "POST"])
@public("verifier")
def public_verifier(request):
    result = None
    form = VerifierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = verify_submission(form.cleaned_data["text"])
    return render(request, "credentials/public_verifier.html", {"form": form, "v": result})


@require_GET
@public("issuer")
def public_issuer(request):
    keys = SigningKey.objects.order_by("-created_at")
    return render(
        request,
        "credentials/public_issuer.html",
        {"issuer": services.issuer_get(), "keys": keys, "issuer_id": ob3.issuer_id()},
    )


@require_GET
@public("domains")
def public_domains(request):
    programmes = Programme.objects.prefetch_related("micro_credentials__domains")
    return render(
        request,
        "credentials/public_domains.html",
        {"domains": EvaluationDomain.objects.all(), "programmes": programmes},
    )


# --- signed in ------------------------------------------------------------------------------


def _credential_for(request, pk: int) -> Credential:
    return get_object_or_404(
        Credential.objects.visible_to(request.user).select_related(
            "educator__user", "programme", "micro_credential"
        ),
        pk=pk,
    )


def _linkedin_url(credential: Credential, share_url: str, issuer_name: str) -> str:
    issued = timezone.localtime(credential.issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.title,
        "organizationName": issuer_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": share_url,
        "certId": credential.public_id,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@require_GET
@login_required
def my_credentials(request):
    """The signed-in educator's own credentials, newest first."""
    if getattr(request.user, "educator_profile", None) is None:
        raise PermissionDenied("This page lists an educator's own credentials.")
    credentials = Credential.objects.filter(educator__user=request.user).select_related(
        "micro_credential", "programme"
    )
    return render(request, "credentials/my_credentials.html", {"credentials": credentials})


@require_GET
@login_required
def credential_detail(request, pk: int):
    credential = _credential_for(request, pk)
    share_url = ob3.public_url("public-credential", credential.public_id)
    issuer = services.issuer_get()
    return render(
        request,
        "credentials/credential_detail.html",
        {
            "credential": credential,
            "v": verify_stored(credential),
            "share_url": share_url,
            "linkedin_url": _linkedin_url(credential, share_url, issuer.name),
            "is_owner": credential.educator.user_id == request.user.pk,
            "may_revoke": request.user.has_perm("credentials.revoke_credential"),
            "revoke_form": RevokeForm(),
            "stacked": credential.stacked.select_related("micro_credential"),
        },
    )


def _download(request, credential: Credential, kind: str) -> None:
    audit_log(action="credentials.downloaded", request=request, target=credential, kind=kind)


def _filename(credential: Credential, ext: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", credential.title).strip("-").lower()
    return f"apl-{stem}-{credential.public_id[:8]}.{ext}"


@require_GET
@login_required
def credential_download_jwt(request, pk: int):
    credential = _credential_for(request, pk)
    _download(request, credential, "jwt")
    response = HttpResponse(credential.jws, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "jwt")}"'
    return response


@require_GET
@login_required
def credential_download_json(request, pk: int):
    """The signed credential, its Data Integrity proof embedded: never an unsigned copy."""
    credential = _credential_for(request, pk)
    if not credential.document.get("proof"):
        raise Http404
    _download(request, credential, "json")
    response = _json(credential.document)
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "json")}"'
    return response


@require_GET
@login_required
def credential_certificate(request, pk: int):
    from credentials.pdf import certificate_pdf

    credential = _credential_for(request, pk)
    verification = verify_stored(credential)
    pdf = certificate_pdf(
        credential=credential,
        verification=verification,
        public_url=ob3.public_url("public-credential", credential.public_id),
    )
    _download(request, credential, "certificate")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "pdf")}"'
    return response


@require_GET
@login_required
def credential_evidence(request, pk: int):
    credential = get_object_or_404(
        Credential.objects.evidence_visible_to(request.user).select_related(
            "enrollment__cohort__micro_credential", "educator__user"
        ),
        pk=pk,
        kind=Credential.Kind.MICRO_CREDENTIAL,
    )
    audit_log(action="credentials.evidence_viewed", request=request, target=credential)
    return render(
        request,
        "credentials/evidence.html",
        {"credential": credential, "enrollment": credential.enrollment},
    )


@require_POST
@login_required
def credential_sharing(request, pk: int):
    credential = _credential_for(request, pk)
    if credential.educator.user_id != request.user.pk:
        raise PermissionDenied("Only the educator decides what their public page shows.")
    form = SharingForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["sharing"] == "on"
        services.credential_set_sharing(
            credential=credential, enabled=enabled, by=request.user, request=request
        )
        messages.success(
            request,
            "Your public page shows the credential's details."
            if enabled
            else "Your public page now says only that the credential exists and its status.",
        )
    return redirect("credentials:credential-detail", pk=credential.pk)


@require_POST
@login_required
def credential_revoke(request, pk: int):
    credential = _credential_for(request, pk)
    if not request.user.has_perm("credentials.revoke_credential"):
        raise PermissionDenied("Only the Licensure Advancement Coordinator revokes credentials.")
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for revoking this credential.")
        return redirect("credentials:credential-detail", pk=credential.pk)
    was_revoked = credential.is_revoked
    try:
        services.credential_revoke(
            credential=credential,
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "This credential was already revoked." if was_revoked else "Revoked."
        )
    return redirect("credentials:credential-detail", pk=credential.pk)
