from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enrollment.models import (
    Cohort,
    EducatorProfile,
    ElectiveChoice,
    Enrollment,
    Intent,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)


@admin.register(EducatorProfile)
class EducatorProfileAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "license_number",
        "license_level",
        "district",
        "school",
        "years_at_current_level",
        "evaluations_successful",
        "mentorship_completed",
    ]
    list_filter = [
        "district",
        "license_level",
        "masters_degree",
        "nbct",
        "evaluations_successful",
        "mentorship_completed",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "user",
                    "license_number",
                    "license_level",
                    "district",
                    "district_as_written",
                    "school",
                ]
            },
        ),
        ("Qualifications", {"fields": ["masters_degree", "nbct"]}),
        (
            "Advancement requirements outside APL",
            {
                "fields": [
                    "years_at_current_level",
                    "evaluations_successful",
                    "mentorship_completed",
                ],
                "description": "Recorded by the Licensure Advancement Coordinator; "
                "the educator's eligibility page reads them.",
            },
        ),
    ]
    search_fields = [
        "user__email",
        "user__last_name",
        "license_number",
        "district__name",
        "district_as_written",
    ]
    raw_id_fields = ["user"]
    list_select_related = ["user", "district"]


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


@admin.register(ElectiveChoice)
class ElectiveChoiceAdmin(SimpleHistoryAdmin):
    list_display = ["educator", "programme", "micro_credential", "slot", "chosen_at"]
    list_filter = ["programme", "micro_credential"]
    search_fields = ["educator__user__email", "educator__user__last_name"]
    raw_id_fields = ["educator"]
    list_select_related = ["educator__user", "programme", "micro_credential"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(SimpleHistoryAdmin):
    """The end-of-micro-credential survey: Likert (1 to 5) and free-text questions."""

    list_display = ["text", "kind", "micro_credential", "required", "active", "position"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active", "micro_credential"]
    search_fields = ["text"]


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["question", "likert", "text"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """Read-only: answers are the educator's; reports read them per micro-credential."""

    list_display = ["enrollment", "submitted_at"]
    list_filter = ["enrollment__cohort__micro_credential"]
    readonly_fields = ["enrollment", "submitted_at"]
    inlines = [SurveyAnswerInline]
    list_select_related = ["enrollment__educator__user", "enrollment__cohort__micro_credential"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
