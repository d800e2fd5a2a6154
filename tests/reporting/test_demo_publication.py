"""The demo's publication shows a restatement, and PED's table still comes out as published."""

import io
from pathlib import Path

from demo.accounts import create_demo_accounts
from demo.history import load_history
from demo.publications import AS_OF as PUBLISHED_AS_OF
from demo.publications import load_publications
from reporting.formats import to_csv
from reporting.models import Publication
from reporting.restatements import restatement
from reporting.selectors import quarterly_report
from tests.factories import programme
from tests.reporting.conftest import AS_OF

REFERENCE = Path(__file__).parent / "reference" / "ped-apl-i-ii-enrollment.csv"


def test_demo_publication_is_restated_and_peds_table_is_unchanged(db):
    out = io.StringIO()
    create_demo_accounts()
    load_history(stdout=out)
    before = to_csv(quarterly_report(programme=programme("APL I-II"), as_of=AS_OF))
    load_publications(stdout=out)
    load_publications(stdout=out)  # safe to run twice
    publication = Publication.objects.get()
    assert (
        publication.as_of == PUBLISHED_AS_OF and publication.published_by_label == "lac@apl.example"
    )
    report = quarterly_report(programme=programme("APL I-II"), as_of=PUBLISHED_AS_OF)
    found = restatement(publication=publication, report=report)
    assert found.restated
    assert ("Total Completed", "Q4/24", "not yet recorded", "1") in [
        (d.row, d.column, d.published, d.current) for d in found.differences
    ]
    assert [c.by for c in found.changes] == ["lead@apl.example"]
    after = to_csv(quarterly_report(programme=programme("APL I-II"), as_of=AS_OF))
    assert after == before
    assert after.split("\n\n")[0] + "\n" == REFERENCE.read_text(encoding="utf-8")
