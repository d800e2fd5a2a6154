from django.contrib import admin

from catalogue.models import EvaluationDomain, MicroCredential, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "from_level", "to_level", "required_count", "elective_count"]


@admin.register(MicroCredential)
class MicroCredentialAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "programme",
        "position",
        "kind",
        "offered_from",
        "fee",
        "resubmission_window_days",
    ]
    list_filter = ["programme", "kind"]
    filter_horizontal = ["domains"]
    search_fields = ["name", "code"]


@admin.register(EvaluationDomain)
class EvaluationDomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
