"""Demo lattice data: roles on stacks, educators at each stage, safe to load twice."""

from io import StringIO

import pytest

from demo.accounts import create_demo_accounts
from demo.lattice import load_lattice
from demo.renewal import load_renewal
from districts.models import District
from lattice.models import AdvancedRole, Application, Designation
from tests.lattice.conftest import licensed
from tests.renewal.conftest import imported_pass

pytestmark = pytest.mark.django_db


def test_demo_lattice_has_work_at_every_stage_and_loads_twice():
    create_demo_accounts()
    load_renewal(stdout=StringIO())
    a = District.objects.get(code="DEMO-A")
    for n in range(7):  # APL I-II completers: the coaching stack is theirs
        educator = licensed(f"t{n}@history.example", level=1, district=a)
        for code, quarter in (("AL", "Q1/24"), ("MLSS", "Q2/24"), ("CLRI", "Q3/24")):
            imported_pass(educator, code, quarter)
    load_lattice(stdout=StringIO())
    load_lattice(stdout=StringIO())
    assert list(AdvancedRole.objects.values_list("name", flat=True)) == [
        "Mentor Teacher",
        "Instructional Coach",
        "Lead Professional Educator",
    ]
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["applied", "applied", "awarded", "recommended"]
    assert Application.objects.filter(district=a).count() == 4
    assert sorted(Designation.objects.values_list("route_kind", flat=True)) == [
        "other",
        "other",
        "stack",
    ]
    assert all(d.credential_id for d in Designation.objects.all())
