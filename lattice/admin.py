from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lattice.models import AdvancedRole, Route


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0
    # Rules change through the state's route page (a new version, held harmless).
    readonly_fields = (
        "min_license_level",
        "min_years_at_level",
        "nbct_required",
        "masters_required",
        "version",
    )


@admin.register(AdvancedRole)
class AdvancedRoleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "active", "position")
    inlines = [RouteInline]
