"""The LAC edits rubrics and tasks here; a version in use is frozen and is copied instead."""

from django.contrib import admin, messages
from django.utils import timezone

from grading.models import CohortScoringSettings, Criterion, Level, PerformanceTask, Rubric
from grading.services import rubric_new_version


class FrozenInlineMixin:
    """Rubric parts follow the rubric's permissions and are read-only once it is in use."""

    def _frozen(self, obj):
        return obj is not None and obj.is_frozen

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("grading.view_rubric")

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")


class CriterionInline(FrozenInlineMixin, admin.StackedInline):
    model = Criterion
    extra = 0
    show_change_link = True
    fields = ["position", "name", "description", "domain"]


class TaskInline(FrozenInlineMixin, admin.StackedInline):
    model = PerformanceTask
    extra = 0
    fields = ["position", "title", "prompt", "evidence_expected", "accepted_kinds"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["micro_credential", "version", "title", "published_at", "frozen"]
    list_filter = ["micro_credential__programme", "micro_credential"]
    inlines = [CriterionInline, TaskInline]
    actions = ["make_new_version", "publish"]
    readonly_fields = ["created_at"]

    @admin.display(boolean=True, description="In use (frozen)")
    def frozen(self, obj):
        return obj.is_frozen

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Copy as a new draft version for later cohorts")
    def make_new_version(self, request, queryset):
        for rubric in queryset:
            copy = rubric_new_version(rubric=rubric)
            self.message_user(request, f"Created {copy} (unpublished).", messages.SUCCESS)

    @admin.action(description="Publish (cohorts that start scoring later take it)")
    def publish(self, request, queryset):
        count = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, f"Published {count} version(s).", messages.SUCCESS)


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["rank", "label", "points", "descriptor"]

    def _frozen(self, obj):
        return obj is not None and obj.rubric.is_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and request.user.has_perm("grading.change_rubric")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("grading.view_rubric")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """Levels are edited on their criterion's page."""

    list_display = ["name", "rubric", "position", "domain"]
    list_filter = ["rubric__micro_credential"]
    inlines = [LevelInline]
    fields = ["rubric", "position", "name", "description", "domain"]

    def get_model_perms(self, request):
        return {}  # reached from the rubric page, not the index

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("grading.view_rubric")

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and obj.rubric.is_frozen
        return not frozen and request.user.has_perm("grading.change_rubric")

    def has_add_permission(self, request):
        return request.user.has_perm("grading.change_rubric")

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(CohortScoringSettings)
class CohortScoringSettingsAdmin(admin.ModelAdmin):
    list_display = ["cohort", "rubric", "second_score_percent", "agreement_threshold"]
    raw_id_fields = ["cohort"]
    readonly_fields = ["rubric"]
