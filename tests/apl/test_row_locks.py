"""Row locks: sorted by key, inside a transaction only."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apl.locks import NotInTransaction, lock_object, lock_objects
from catalogue.models import MicroCredential


@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused():
    mc = MicroCredential.objects.first()
    with pytest.raises(NotInTransaction):
        lock_objects(MicroCredential, [mc.pk])
    with pytest.raises(NotInTransaction):
        lock_object(MicroCredential, mc.pk)
    with transaction.atomic():
        assert lock_object(MicroCredential, mc.pk) == mc


@pytest.mark.django_db
def test_rows_are_locked_in_key_order_once_each():
    ids = sorted(MicroCredential.objects.values_list("pk", flat=True))[:3]
    assert len(ids) == 3
    with CaptureQueriesContext(connection) as queries:
        locked = lock_objects(MicroCredential.objects.all(), [ids[2], ids[0], ids[1], ids[0]])
    assert list(locked) == ids
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "ORDER BY" in sql and sql.index("ORDER BY") > sql.index("WHERE")
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql
    assert lock_objects(MicroCredential, []) == {}


@pytest.mark.django_db
def test_locking_a_missing_row_says_so():
    with pytest.raises(MicroCredential.DoesNotExist):
        lock_object(MicroCredential, 10**9)
