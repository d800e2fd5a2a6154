"""The stipend file for the state's payment office, and its return file.

The export lists stipends with the columns below; the payment office pays the approved
ones (outside this system: no card or bank processing here) and sends the same file
back with ``paid_on`` and ``payment_reference`` filled in. Importing the return file is
all or nothing like every import: one bad row rejects it, every bad row named
``row N: column: reason``. A row with no ``paid_on`` changes nothing, so the export
itself re-imports to no change, and so does the same return file a second time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from audit.services import audit_log
from exchange.exporters import write_csv, write_xlsx
from exchange.importers.base import Importer, ImportResult, Plan, Row
from exchange.services import records_import
from growth.models import Stipend

COLUMNS = (
    "reference",
    "email",
    "first_name",
    "last_name",
    "district",
    "school_year",
    "micro_credential",
    "earned_on",
    "amount",
    "status",
    "paid_on",
    "payment_reference",
)
REQUIRED = ("reference", "amount", "paid_on")
_REFERENCE = re.compile(r"^PGP-(\d{1,9})$")
KIND = "stipend-payments"


def stipend_rows(stipends) -> list[tuple]:
    rows = []
    for s in stipends.select_related("educator__user", "micro_credential").order_by("pk"):
        user = s.educator.user
        rows.append(
            (
                s.reference,
                user.email,
                user.first_name,
                user.last_name,
                s.district_name,
                s.year.label,
                s.micro_credential.code,
                s.earned_on.isoformat(),
                s.amount,
                s.status,
                s.paid_on.isoformat() if s.paid_on else "",
                s.payment_reference,
            )
        )
    return rows


def stipends_export(*, stipends, fmt: str, by=None, request=None) -> bytes:
    """The payment office's file (CSV or XLSX, every cell through the formula escaper)."""
    rows = stipend_rows(stipends)
    if fmt == "xlsx":
        content, count = write_xlsx(COLUMNS, rows, title="Stipends")
    else:
        content, count = write_csv(COLUMNS, rows)
    audit_log(action="export.stipends", actor=by, request=request, format=fmt, records=count)
    return content


class PaymentImporter(Importer):
    kind = KIND
    label = "Stipend payments (the payment office's return file)"
    columns = COLUMNS
    required = REQUIRED
    key_columns = ("reference",)

    def validate_table(self, table, present: set[str]) -> Plan:
        """The rows that record a payment, as updates of (stipend id, paid_on, reference)."""
        rows = table.rows()
        ids = {}
        for row in rows:
            match = _REFERENCE.match(row["reference"])
            if match:
                ids[row.number] = int(match.group(1))
        stipends = (
            Stipend.objects.select_for_update(of=("self",))
            .select_related("educator__user")
            .in_bulk(set(ids.values()))
        )
        today = timezone.localdate()
        seen: dict = {}
        plan = Plan()
        for row in rows:
            self.check_extra_cells(row)
            reference = self.required_cell(row, "reference")
            if not reference or self.check_duplicate(row, reference.upper(), seen):
                continue
            stipend = stipends.get(ids.get(row.number))
            if stipend is None:
                self.error(row, "reference", f"{reference!r} is not the reference of a stipend")
                continue
            change = self._check(row, stipend, today)
            if change is not None:
                changes = ["paid_on", "payment_reference"]
                plan.add_update((stipend.pk, *change), row, self.key_columns, changes)
        plan.unchanged = len(rows) - len(plan.updates)
        return plan

    def apply(self, plan: Plan, *, by=None, reason: str = "") -> None:
        stipends = Stipend.objects.in_bulk([pk for pk, _, _ in plan.updates])  # locked
        for pk, paid_on, reference in plan.updates:
            stipend = stipends[pk]
            stipend.status = Stipend.Status.PAID
            stipend.paid_on = paid_on
            stipend.payment_reference = reference
            stipend.full_clean()
            stipend.save(update_fields=["status", "paid_on", "payment_reference"])

    def _check(self, row: Row, stipend: Stipend, today: dt.date) -> tuple | None:
        email = row["email"].lower()
        if email and email != stipend.educator.user.email:
            self.error(row, "email", f"stipend {stipend.reference} is not {email}'s")
        amount = _decimal(row["amount"])
        if amount is None:
            self.error(row, "amount", f"{row['amount']!r} is not an amount; write it like 50.00")
        elif amount != stipend.amount:
            self.error(row, "amount", f"{amount} does not match the stipend's {stipend.amount}")
        if not row["paid_on"]:
            return None
        paid_on = _date(row["paid_on"])
        reference = row["payment_reference"][:60]
        if paid_on is None:
            self.error(row, "paid_on", f"{row['paid_on']!r} is not a date; write YYYY-MM-DD")
        elif paid_on > today:
            self.error(row, "paid_on", f"{paid_on} is in the future")
        elif stipend.status == Stipend.Status.DUE:
            self.error(row, "paid_on", f"stipend {stipend.reference} is not approved yet")
        elif stipend.status == Stipend.Status.PAID:
            if (stipend.paid_on, stipend.payment_reference) != (paid_on, reference):
                self.error(
                    row,
                    "paid_on",
                    f"stipend {stipend.reference} was recorded paid on {stipend.paid_on} "
                    f"({stipend.payment_reference or 'no reference'})",
                )
            return None
        elif stipend.approved_at and paid_on < timezone.localdate(stipend.approved_at):
            self.error(row, "paid_on", f"{paid_on} is before the stipend was approved")
        else:
            return (paid_on, reference)
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace("$", "").replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def payments_import(
    *, data: bytes, filename: str, dry_run: bool = False, by=None, request=None, actor_label=""
) -> ImportResult:
    """Record the payment office's return file, all or nothing, like every import."""
    return records_import(
        kind=KIND,
        data=data,
        filename=filename,
        dry_run=dry_run,
        by=by,
        request=request,
        actor_label=actor_label,
    )
