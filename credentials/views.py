"""Credential pages: public verification (no account) and the educator's own credentials."""

import copy
import functools
import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import audit_log
from catalogue.models import EvaluationDomain, Programme
from credentials import badges, clr, ob3, services, verification, wallet
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


def published(view):
    """A public document that verifiers and wallets fetch from anywhere: any origin may
    read it (CORS), caches may keep it an hour, and it is not held to the page rate limit."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["Access-Control-Allow-Origin"] = "*"
            response["Cache-Control"] = "public, max-age=3600"
        response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
        return response

    return wrapped


def _wants_html(request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


# --- public -------------------------------------------------------------------------------


@require_GET
@published
def public_achievement(request, code: str):
    """An Achievement's id: its JSON-LD, or a readable page for a browser."""
    document = badges.achievement_document(code)
    if document is None:
        raise Http404
    if _wants_html(request):
        response = render(request, "credentials/public_achievement.html", {"a": document})
    else:
        response = _json(document)
    response["Vary"] = "Accept"
    return response


@require_GET
@published
def public_achievement_image(request, code: str):
    """The Achievement's badge: an SVG drawn from a template, with an accessible title."""
    badge = badges.badge_for(code)
    if badge is None:
        raise Http404
    response = HttpResponse(badges.badge_svg(badge), content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


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


def _embedded_results(result, members: list) -> list:
    """Each embedded credential's own result: as the verification found them, or checked
    one by one."""
    parts = getattr(result, "parts", None)
    if parts:
        return parts
    check = getattr(verification, "verify_json", None) or verification.verify
    return [check(member) for member in members]


@require_http_methods(["GET", "POST"])
@public("verifier")
def public_verifier(request):
    """Paste or upload a credential (JSON-LD, JWT) or a learner record; a learner record
    lists each credential it embeds with its own result."""
    context = {"v": None, "embedded": [], "is_clr": False}
    form = VerifierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = verify_submission(form.cleaned_data["text"])
        context["v"] = result
        context["schema_name"] = "Open Badges 3.0"
        context["schema_problems"] = result.schema_problems
        if result.claims and clr.is_clr(result.claims):
            members = clr.embedded_credentials(result.claims)
            context["is_clr"] = True
            context["embedded"] = _embedded_results(result, members)
            context["schema_name"] = "Comprehensive Learner Record 2.0"
            context["schema_problems"] = clr.schema_errors(result.claims)
    return render(request, "credentials/public_verifier.html", {"form": form, **context})


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


@require_GET
@login_required
def my_credentials(request):
    """The signed-in educator's own credentials, newest first."""
    if getattr(request.user, "educator_profile", None) is None:
        raise PermissionDenied("This page lists an educator's own credentials.")
    credentials = (
        Credential.objects.listed()
        .filter(educator__user=request.user)
        .select_related("micro_credential", "programme")
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
            "linkedin_url": wallet.linkedin_url(
                credential, share_url=share_url, issuer_name=issuer.name
            ),
            "is_owner": credential.educator.user_id == request.user.pk,
            "may_revoke": request.user.has_perm("credentials.revoke_credential"),
            "revoke_form": RevokeForm(),
            "stacked": credential.stacked.select_related("micro_credential"),
            "learner_record": Credential.objects.filter(record_of=credential).first(),
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
    document = wallet.signed_document(credential)
    if not document.get("proof"):
        raise Http404
    _download(request, credential, "json")
    response = _json(document)
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


def _as_revoked(verification, *, reason: str):
    """The same verification as it will read once revoked now with ``reason``."""
    preview = copy.copy(verification)
    preview.status = "revoked"
    preview.revoked_at = timezone.now()
    preview.revocation_reason = reason
    if hasattr(preview, "state"):
        preview.state = "revoked"
    return preview


@require_http_methods(["GET", "POST"])
@login_required
def credential_revoke(request, pk: int):
    """Revoke in two steps: the reason, then a preview of exactly what the public page will
    say (its own template partial), then revoke on confirm."""
    credential = _credential_for(request, pk)
    if not request.user.has_perm("credentials.revoke_credential"):
        raise PermissionDenied("Only the Licensure Advancement Coordinator revokes credentials.")
    detail = redirect("credentials:credential-detail", pk=credential.pk)
    if credential.is_revoked:
        messages.info(request, "This credential was already revoked.")
        return detail
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render(request, "credentials/revoke_confirm.html", _revoke_context(credential, form))
    reason = form.cleaned_data["reason"]
    if request.POST.get("confirm") != "yes":
        preview = _as_revoked(verify_stored(credential), reason=reason)
        return render(
            request,
            "credentials/revoke_confirm.html",
            _revoke_context(credential, form, preview=preview),
        )
    try:
        services.credential_revoke(
            credential=credential, by=request.user, reason=reason, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Revoked. The public page and the status list say so now.")
    return detail


def _revoke_context(credential: Credential, form, preview=None) -> dict:
    return {
        "credential": credential,
        "form": form,
        "preview": preview,
        "issuer": services.issuer_get(),
    }


@require_GET
@login_required
def credential_wallet(request, pk: int):
    """Add to wallet: the Learner Credential Wallet's deep link and its QR code, LinkedIn's
    form filled in, and the signed file; only the credential's own educator."""
    credential = _credential_for(request, pk)
    if credential.educator.user_id != request.user.pk:
        raise PermissionDenied("Only the educator adds their credential to a wallet.")
    share_url = ob3.public_url("public-credential", credential.public_id)
    deep_link = wallet.lcw_deep_link(credential)
    return render(
        request,
        "credentials/wallet.html",
        {
            "credential": credential,
            "deep_link": deep_link,
            "qr": wallet.qr_data_uri(deep_link),
            "linkedin_url": wallet.linkedin_url(
                credential, share_url=share_url, issuer_name=services.issuer_get().name
            ),
            "share_url": share_url,
        },
    )


@csrf_exempt  # a wallet app posts here, with no session; the signed address is the key
@require_http_methods(["GET", "POST"])
@public("wallet")
def public_wallet_credential(request, token: str):
    """The wallet's ``vc_request_url``: the signed credential, for a week after the educator
    asked for it; a revoked credential is not handed out."""
    credential = wallet.credential_for_token(token)
    if credential is None:
        raise Http404
    if credential.is_revoked:
        return HttpResponse(
            "This credential was revoked.\n", status=410, content_type="text/plain; charset=utf-8"
        )
    audit_log(action="credentials.wallet_requested", request=request, target=credential)
    response = _json(wallet.signed_document(credential))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@login_required
def credential_learner_record(request, pk: int):
    """A programme credential's Comprehensive Learner Record (CLR 2.0): the stored signed
    credential, issued with the programme credential (now, if it was issued before)."""
    credential = _credential_for(request, pk)
    if credential.kind != Credential.Kind.PROGRAMME:
        raise Http404
    record = services.learner_record_for(credential)
    if record is None:  # a stacked credential is not yet re-signed
        raise Http404
    _download(request, record, "clr-json")
    response = _json(record.document)
    name = _filename(credential, "clr.json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
