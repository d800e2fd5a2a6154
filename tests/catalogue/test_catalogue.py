import datetime as dt

import pytest

from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme

pytestmark = pytest.mark.django_db


def test_catalogue_holds_both_programmes_in_order():
    assert [(p.name, p.from_level, p.to_level) for p in Programme.objects.all()] == [
        ("APL I-II", 1, 2),
        ("APL II-III", 2, 3),
    ]
    assert Programme.objects.get(name="APL II-III").requires_masters
    assert not Programme.objects.get(name="APL I-II").requires_masters


def test_micro_credentials_in_catalogue_order_with_codes_and_kinds():
    rows = [(m.programme.name, m.code, m.name, m.kind) for m in MicroCredential.objects.all()]
    assert [code for _, code, _, _ in rows] == [
        "CE",
        "AL",
        "MLSS",
        "CLRI",
        "FE",
        "SEL",
        "NMEA",
        "RP",
        "VDC",
        "ESL",
        "MCT",
        "TIC",
        "BSCIT",
    ]
    assert rows[0] == ("APL I-II", "CE", "Classroom Environment", "required")
    assert rows[3][2] == "Culturally Linguistically Responsive Instruction"
    electives = [code for _, code, _, kind in rows if kind == "elective"]
    assert electives == ["RP", "VDC", "ESL", "MCT", "TIC", "BSCIT"]
    assert MicroCredential.objects.get(code="BSCIT").report_label == (
        "Building and Sustaining Collaborative and Inclusive Teams (Elective)"
    )


def test_fee_and_window_defaults():
    for mc in MicroCredential.objects.all():
        assert mc.fee == 60
        assert 3 <= mc.resubmission_window_days <= 5


def test_new_electives_are_offered_only_from_their_dates():
    tic = MicroCredential.objects.get(code="TIC")
    assert tic.offered_from == dt.date(2024, 7, 8)
    assert MicroCredential.objects.get(code="BSCIT").offered_from == dt.date(2024, 10, 1)
    offered = set(
        MicroCredential.objects.offered_on(dt.date(2024, 7, 7)).values_list("code", flat=True)
    )
    assert "TIC" not in offered and "RP" in offered
    assert "TIC" in set(
        MicroCredential.objects.offered_on(dt.date(2024, 7, 8)).values_list("code", flat=True)
    )
    assert not tic.offered_in(Quarter.parse("Q4/24"))
    assert tic.offered_in(Quarter.parse("Q1/25"))


def test_evaluation_alignment_from_the_brief():
    ce = MicroCredential.objects.get(code="CE")
    sel = MicroCredential.objects.get(code="SEL")
    assert [d.code for d in ce.domains.all()] == ["1B", "1E", "2C"]
    assert [d.code for d in sel.domains.all()] == ["1B", "2A", "2B", "2C", "2D", "3A", "3B", "4C"]
    assert not MicroCredential.objects.get(code="AL").domains.exists()


def test_lookup_by_code_or_exact_name():
    assert MicroCredential.objects.by_code_or_name("mlss").get().code == "MLSS"
    assert MicroCredential.objects.by_code_or_name("Family Engagement").get().code == "FE"
    assert not MicroCredential.objects.by_code_or_name("family engagement").exists()
