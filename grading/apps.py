from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "grading"

    def ready(self):
        from enrollment.progress import register_note_provider
        from grading.selectors import pathway_notes

        register_note_provider(pathway_notes)
