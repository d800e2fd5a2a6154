"""Demo renewal data: fictional districts, licenses, a district administrator with work."""

from io import StringIO

import pytest

from demo.accounts import create_demo_accounts
from demo.renewal import DISTRICT_ADMIN_EMAIL, load_renewal
from districts.models import District
from renewal.models import License, RenewalPlan

pytestmark = pytest.mark.django_db


def test_demo_renewal_data_is_fictional_and_safe_to_load_twice():
    create_demo_accounts()
    load_renewal(stdout=StringIO())
    load_renewal(stdout=StringIO())
    assert all(
        name.startswith("Demo District ")
        for name in District.objects.values_list("name", flat=True)
    )
    a = District.objects.get(code="DEMO-A")
    assert list(a.administrators.values_list("email", flat=True)) == [DISTRICT_ADMIN_EMAIL]
    educator = License.objects.get(educator__user__email="educator@apl.example")
    assert educator.educator.district == a
    assert License.objects.count() == 2
    # Work to do: Demo District A follows option 1 and has no plan yet.
    assert a.renewal_option == 1 and not RenewalPlan.objects.exists()
