from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from exchange.importers import IMPORTERS, KINDS

KIND_LABELS = {
    "educators": "Educators (educators.csv)",
    "intents": "Intents to enroll (intents.csv)",
    "enrollments": "Enrollments (enrollments.csv)",
}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text=(
            "UTF-8 CSV, or an Excel workbook (.xlsx, its first sheet), with a header row; "
            "columns in any order. Formulas are refused: paste values."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,text/csv,.xlsx,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formats other apps registered (districts, licenses) come after the three of
        # the programme.
        self.fields["kind"].choices = [
            (kind, KIND_LABELS.get(kind) or getattr(importer, "label", kind))
            for kind, importer in IMPORTERS.items()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.APL_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {filesizeformat(settings.APL_IMPORT_MAX_BYTES)}."
            )
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
