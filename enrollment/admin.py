from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent


@admin.register(EducatorProfile)
class EducatorProfileAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "license_number", "license_level", "district", "school"]
    list_filter = ["license_level", "masters_degree", "nbct"]
    search_fields = ["user__email", "user__last_name", "license_number", "district"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Intent)
class IntentAdmin(SimpleHistoryAdmin):
    list_display = ["educator", "programme", "submitted_on", "status"]
    list_filter = ["programme", "status"]
    search_fields = ["educator__user__email", "educator__user__last_name"]
    raw_id_fields = ["educator", "decided_by"]
    list_select_related = ["educator__user", "programme"]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["micro_credential", "quarter", "capacity", "lead_facilitator"]
    list_filter = ["micro_credential__programme", "micro_credential"]
    filter_horizontal = ["facilitators"]
    raw_id_fields = ["lead_facilitator"]
    list_select_related = ["micro_credential", "lead_facilitator"]


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    """Every change to status, score, facilitator or fee state is kept in the history."""

    list_display = ["educator", "cohort", "status", "score", "facilitator", "payment_state"]
    list_filter = ["status", "payment_state", "cohort__micro_credential"]
    search_fields = ["educator__user__email", "educator__user__last_name"]
    raw_id_fields = ["educator", "cohort", "facilitator"]
    list_select_related = ["educator__user", "cohort__micro_credential", "facilitator"]
    history_list_display = ["status", "score", "facilitator", "payment_state"]
