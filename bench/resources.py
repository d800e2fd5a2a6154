"""django-import-export's plain row-by-row import of enrollments.csv.

Not used by the application: ``exchange.importers`` validates whole files in bulk, and
django-import-export is installed only for the benchmark (the ``bench`` extra). This
resource is the benchmark's baseline (bench/bench_import.py), the library's default
path for the same file: one lookup per foreign key and one save (plus its history
record) per row.
"""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from accounts.models import User
from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Cohort, EducatorProfile, Enrollment


class EnrollmentResource(resources.ModelResource):
    educator = fields.Field(
        column_name="email",
        attribute="educator",
        widget=ForeignKeyWidget(EducatorProfile, field="user__email"),
    )
    cohort = fields.Field(column_name="cohort", attribute="cohort", widget=ForeignKeyWidget(Cohort))
    facilitator = fields.Field(
        column_name="facilitator_email",
        attribute="facilitator",
        widget=ForeignKeyWidget(User, field="email"),
    )

    class Meta:
        model = Enrollment
        fields = ("educator", "cohort", "status", "score", "facilitator")
        import_id_fields = ("educator", "cohort")

    def before_import(self, dataset, **kwargs):
        if "cohort" not in dataset.headers:
            dataset.append_col([""] * dataset.height, header="cohort")

    def before_import_row(self, row, **kwargs):
        row["email"] = row["email"].strip().lower()
        row["facilitator_email"] = (row.get("facilitator_email") or "").strip().lower()
        mc = MicroCredential.objects.by_code_or_name(row["micro_credential"]).get()
        cohort, _ = Cohort.objects.get_or_create(
            micro_credential=mc, quarter=Quarter.parse(row["quarter"])
        )
        row["cohort"] = cohort.pk
