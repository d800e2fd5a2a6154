"""The demo has growth plans, stipends and proposals at every status, and a PGP reviewer
with work; loading it twice adds nothing."""

import datetime as dt
import io

import pytest
import time_machine

from accounts.models import User
from demo.accounts import create_demo_accounts
from demo.growth import load_growth
from growth.models import GrowthPlan, Stipend
from proposals.models import Proposal
from tests.factories import EducatorFactory
from tests.factories.growth import enrolled, pass_

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC), tick=False)
def test_demo_growth_data_covers_every_status_and_loads_once():
    create_demo_accounts()
    for n, code in enumerate(["CE", "AL", "MLSS", "CLRI", "FE", "CE"]):
        pass_(enrolled(EducatorFactory(), code=code, quarter=f"Q{n % 4 + 1}/26"))
    load_growth(stdout=io.StringIO())
    statuses = set(GrowthPlan.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "completed"}
    assert set(Stipend.objects.values_list("status", flat=True)) == {"due", "approved", "paid"}
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        "submitted",
        "in_review",
        "accepted",
        "declined",
    }
    reviewer_plans = GrowthPlan.objects.assessable_by(User.objects.get(email="pgp@apl.example"))
    assert reviewer_plans.filter(status="submitted").exists()
    counts = (GrowthPlan.objects.count(), Stipend.objects.count(), Proposal.objects.count())
    load_growth(stdout=io.StringIO())
    assert (GrowthPlan.objects.count(), Stipend.objects.count(), Proposal.objects.count()) == counts
