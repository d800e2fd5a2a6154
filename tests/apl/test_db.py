"""The vendor-specific statements answer the same on either database."""

import pytest
from django.db import connection, transaction

from apl.db import analytic_settings, bit_or, reserve_ids
from catalogue.models import MicroCredential


@pytest.mark.django_db
def test_reserved_ids_are_new_and_consecutive():
    top = MicroCredential.objects.order_by("-pk").values_list("pk", flat=True).first()
    with transaction.atomic():
        MicroCredential.objects.filter(pk=top).update(name="held")  # the write lock
        ids = reserve_ids(MicroCredential, 3)
    assert len(ids) == 3 and min(ids) > top
    assert ids == list(range(ids[0], ids[0] + 3))


@pytest.mark.django_db
def test_bit_or_ors_powers_of_two_over_a_group():
    sql = f"SELECT {bit_or('b')} FROM (SELECT 1 AS b UNION ALL SELECT 4 UNION ALL SELECT 4) t"  # noqa: S608
    with analytic_settings(), connection.cursor() as cursor:
        cursor.execute(sql)
        assert cursor.fetchone()[0] == 5
