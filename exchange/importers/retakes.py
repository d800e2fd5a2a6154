"""A passed micro-credential is not taken again: an import may not add an enrolment in a
quarter after the educator passed that micro-credential (in the file or on record).

Rows already on record are left alone, so that re-importing a file holding older
re-enrolments still changes nothing.
"""

from __future__ import annotations

from django.db.models import Min

from apl.quarters import Quarter
from enrollment.models import Enrollment
from exchange.importers.base import RowError

PASSED = Enrollment.Status.PASSED


def retake_errors(
    *, numbers, educator_ids, values, cohorts: dict, existing: dict, mc_names: dict
) -> list[RowError]:
    """Errors for new rows after a pass of the same micro-credential by the same educator.

    ``values`` holds ((micro-credential id, quarter index), status, score) per row.
    """
    first_pass: dict[tuple[int, int], int] = {}
    for educator_id, ((mc_id, index), status, _score) in zip(educator_ids, values, strict=True):
        if status == PASSED:
            key = (educator_id, mc_id)
            first_pass[key] = min(index, first_pass.get(key, index))
    mc_ids = sorted({mc_id for (mc_id, _index), _s, _sc in values})
    on_record = (
        Enrollment.objects.filter(status=PASSED, cohort__micro_credential_id__in=mc_ids)
        .values_list("educator_id", "cohort__micro_credential_id")
        .annotate(first=Min("cohort__quarter"))
        .order_by()
    )
    wanted = set(educator_ids)
    for educator_id, mc_id, quarter in on_record:
        if educator_id in wanted:
            index = quarter.index if isinstance(quarter, Quarter) else int(quarter)
            key = (educator_id, mc_id)
            first_pass[key] = min(index, first_pass.get(key, index))
    errors = []
    for number, educator_id, (cohort_key, _status, _score) in zip(
        numbers, educator_ids, values, strict=True
    ):
        mc_id, index = cohort_key
        passed_at = first_pass.get((educator_id, mc_id))
        if passed_at is None or index <= passed_at:
            continue
        cohort_id = cohorts.get(cohort_key)
        if cohort_id and (educator_id, cohort_id) in existing:
            continue
        errors.append(
            RowError(
                number,
                "quarter",
                f"this educator passed {mc_names[mc_id]} in {Quarter.from_index(passed_at)}; "
                "a passed micro-credential is not taken again",
            )
        )
    return errors
