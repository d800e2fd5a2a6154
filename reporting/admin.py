from django.contrib import admin

from reporting.models import Publication, ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs are started from the dashboard or the schedule, never edited."""

    list_display = ("programme", "as_of", "status", "requested_by", "attempts", "created_at")
    list_filter = ("status", "programme")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ReportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: a published report is never edited or deleted (a trigger refuses it too);
    corrections are published from the application."""

    list_display = ("programme", "as_of", "published_at", "published_by_label", "corrects")
    list_filter = ("programme",)
    exclude = ("csv", "pdf")
    readonly_fields = [f.name for f in Publication._meta.fields if f.name not in ("csv", "pdf")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
