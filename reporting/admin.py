from django.contrib import admin

from reporting.models import ReportRun


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
