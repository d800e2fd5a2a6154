from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from credentials.models import Credential, Issuer, SigningKey, StatusList
from credentials.services import credential_revoke


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "email"]

    def has_add_permission(self, request):
        return not Issuer.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Public halves only: the encrypted private key is never shown. Rotate with
    ``manage.py rotate_issuer_key``."""

    list_display = ["kid", "created_at", "retired_at"]
    fields = ["kid", "public_x", "created_at", "retired_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusList)
class StatusListAdmin(admin.ModelAdmin):
    list_display = ["slug", "purpose", "next_index", "size"]
    readonly_fields = ["slug", "purpose", "next_index", "size", "issuer"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevokeReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


@admin.action(description="Revoke selected credentials (asks for a reason)")
def revoke_credentials(modeladmin, request, queryset):
    if not request.user.has_perm("credentials.revoke_credential"):
        modeladmin.message_user(request, "You may not revoke credentials.", messages.ERROR)
        return None
    form = RevokeReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        for credential in queryset:
            credential_revoke(
                credential=credential,
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        modeladmin.message_user(request, f"Revoked {queryset.count()} credential(s).")
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Revoke credentials",
        "credentials": queryset,
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "credentials/admin_revoke.html", context)


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "issued_at", "revoked_at", "sharing_enabled"]
    list_filter = ["kind", "programme", "revoked_at"]
    search_fields = ["educator__user__email", "educator__user__last_name", "public_id"]
    actions = [revoke_credentials]
    readonly_fields = [
        "public_id",
        "uuid",
        "kind",
        "educator",
        "enrollment",
        "micro_credential",
        "programme",
        "achievement_code",
        "achievement_name",
        "source_key",
        "issued_at",
        "valid_until",
        "signing_key",
        "status_list",
        "status_index",
        "sharing_enabled",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "jws",
    ]
    exclude = ["stacked", "subject_uuid"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") or request.user.has_perm(
            "credentials.revoke_credential"
        )

    def has_delete_permission(self, request, obj=None):
        return False
