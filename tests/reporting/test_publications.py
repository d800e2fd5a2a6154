"""Published reports stay true: frozen snapshots, corrections, restatements, the hash."""

import hashlib
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from reporting.formats import to_csv
from reporting.models import Publication
from reporting.publishing import (
    canonical_bytes,
    content_hash,
    publication_correct,
    publication_create,
    publication_hash,
    report_hash,
)
from reporting.restatements import restatement
from reporting.selectors import quarterly_report
from tests.factories import programme
from tests.factories.reporting import published
from tests.reporting.conftest import AS_OF


def _publish(lac):
    return publication_create(programme=programme("APL I-II"), as_of=AS_OF, by=lac)


def _late_pass(by):
    """A Q1/24 "not passed" becomes a pass after publication (Q1/24: 2 of 3 → 3 of 3)."""
    enrolment = Enrollment.objects.get(cohort__quarter="Q1/24", status="not_passed")
    enrollment_set_outcome(
        enrollment=enrolment, status="passed", score=Decimal("88"), by=by, reason="Late rescore"
    )
    return enrolment


def test_publishing_freezes_numbers_files_hash_and_who(lac, small_history):
    publication = _publish(lac)
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    publication.refresh_from_db()
    assert publication.table == report.table()
    assert publication.summary == [list(line) for line in report.summary.lines()]
    assert publication.csv == to_csv(report)
    assert bytes(publication.pdf).startswith(b"%PDF")
    assert publication.published_by == lac and publication.published_by_label == lac.email
    assert publication.content_hash == report_hash(report) == publication_hash(publication)
    event = AuditEvent.objects.get(action="report.publish")
    assert event.actor == lac and event.target_id == str(publication.pk)
    assert event.detail["content_hash"] == publication.content_hash


def test_publishing_the_same_report_twice_is_refused(lac, small_history):
    first = _publish(lac)
    with pytest.raises(ValidationError) as refused:
        _publish(lac)
    assert "APL I-II as of 2024-05-15 was published on" in refused.value.messages[0]
    assert "publish a correction" in refused.value.messages[0]
    assert list(Publication.objects.all()) == [first]


def test_double_publish_through_the_page_says_why(client, lac, small_history):
    client.force_login(lac)
    data = {"programme": "apl-i-ii", "as_of": "2024-05-15"}
    first = client.post(reverse("reporting:publication-create"), data)
    assert first.status_code == 302
    second = client.post(reverse("reporting:publication-create"), data, follow=True)
    assert "cannot be published again" in second.content.decode()
    assert Publication.objects.count() == 1


def test_a_correction_is_a_new_publication_linked_with_its_reason(lac, small_history):
    original = _publish(lac)
    with pytest.raises(ValidationError, match="nothing to correct"):
        publication_correct(publication=original, reason="Rescore", by=lac)
    with pytest.raises(ValidationError):
        publication_correct(publication=original, reason="  ", by=lac)
    _late_pass(lac)
    correction = publication_correct(publication=original, reason="Late rescore of Q1/24", by=lac)
    assert correction.corrects == original and correction.reason == "Late rescore of Q1/24"
    assert correction.content_hash != original.content_hash
    assert correction.table[-2][1] == "3"  # Total Completed, Q1/24
    original.refresh_from_db()
    assert original.table[-2][1] == "2"  # the original is left as published
    with pytest.raises(ValidationError, match="corrected already by publication"):
        publication_correct(publication=original, reason="Again", by=lac)
    assert AuditEvent.objects.filter(action="report.publish").count() == 2


def test_a_later_grade_change_is_a_restatement_cell_by_cell_with_who(
    client, lac, facilitator, small_history
):
    _publish(lac)
    _late_pass(facilitator)
    client.force_login(lac)
    page = client.get(
        reverse("reporting:dashboard"), {"programme": "apl-i-ii", "as_of": "2024-05-15"}
    ).content.decode()
    assert "Restated: 3 cells differ since publication" in page
    # Total Completed and Percent Passing of Q1/24, and the first closed quarter's percent.
    for row, column, before, after in [
        ("Total Completed", "Q1/24", "2", "3"),
        ("Percent Passing", "Q1/24", "67%", "100%"),
        ("Percent passing first closed quarter (Q1/24)", "Summary", "67%", "100%"),
    ]:
        assert (
            f'<th scope="row">{row}</th><td>{column}</td>'
            f'<td class="text-right">{before}</td><td class="text-right">{after}</td>'
        ) in page
    assert facilitator.email in page
    assert "status Not passed → Passed" in page and "Late rescore" in page


def test_restatement_lists_only_changes_after_publication_in_affected_cohorts(
    lac, facilitator, small_history
):
    Enrollment.objects.filter(cohort__quarter="Q2/24").update(status="withdrawn")  # before
    publication = _publish(lac)
    enrolment = _late_pass(facilitator)
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    found = restatement(publication=publication, report=report)
    assert found.count == 3
    assert [(c.by, c.educator) for c in found.changes] == [
        (
            facilitator.email,
            enrolment.educator.user.get_full_name() or enrolment.educator.user.email,
        )
    ]
    assert found.changes_total == 1


def test_unchanged_report_reads_unchanged(client, lac, small_history):
    _publish(lac)
    client.force_login(lac)
    page = client.get(
        reverse("reporting:dashboard"), {"programme": "apl-i-ii", "as_of": "2024-05-15"}
    ).content.decode()
    assert "Unchanged since publication" in page and "Restated" not in page


def test_a_publication_shows_on_the_dashboard_at_once(client, lac, small_history):
    """The dashboard keeps its restatement with the cached report: a new publication (a
    trigger notes it, like any report input) is seen on the very next visit."""
    client.force_login(lac)
    query = {"programme": "apl-i-ii", "as_of": "2024-05-15"}
    page = client.get(reverse("reporting:dashboard"), query).content.decode()
    assert "This report has not been published" in page
    _publish(lac)
    page = client.get(reverse("reporting:dashboard"), query).content.decode()
    assert "Unchanged since publication" in page
    assert "This report has not been published" not in page


def test_the_hash_is_sha256_of_a_fixed_canonical_form():
    table = [["APL I-II Micro-Credentials", "Q1/24"], ["Classroom Environment", "3"]]
    summary = [["Educators completed", "0"]]
    data = canonical_bytes(programme="apl-i-ii", as_of=AS_OF, table=table, summary=summary)
    assert data == (
        b'{"as_of":"2024-05-15","programme":"apl-i-ii","summary":[["Educators completed","0"]],'
        b'"table":[["APL I-II Micro-Credentials","Q1/24"],["Classroom Environment","3"]]}'
    )
    digest = content_hash(programme="apl-i-ii", as_of=AS_OF, table=table, summary=summary)
    assert digest == hashlib.sha256(data).hexdigest()
    assert digest == "aca1913e76e5b2d2140e0609abe8bf3f0a807c0e5f32988e6de912eda59bdc15"


def test_the_hash_is_stable_across_runs_and_changes_with_any_cell(lac, small_history):
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    again = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    assert report_hash(report) == report_hash(again)
    publication = _publish(lac)
    publication.refresh_from_db()
    assert publication_hash(publication) == publication.content_hash == report_hash(report)
    _late_pass(lac)
    changed = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    assert report_hash(changed) != publication.content_hash


def test_a_publication_cannot_be_changed_or_deleted(lac, small_history):
    publication = published(by=lac)
    with pytest.raises(DatabaseError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).update(reason="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).delete()
    request = RequestFactory().get("/")
    request.user = lac
    admin = site._registry[Publication]
    assert not admin.has_change_permission(request, publication)
    assert not admin.has_delete_permission(request, publication)
    assert not admin.has_add_permission(request)


def test_publication_pages_and_downloads(client, liaison, lac, small_history):
    publication = _publish(lac)
    client.force_login(liaison)
    listing = client.get(reverse("reporting:publication-list")).content.decode()
    assert f"publication {publication.pk}" in listing
    detail = client.get(reverse("reporting:publication-detail", args=[publication.pk]))
    assert publication.content_hash in detail.content.decode()
    assert "Publish a correction" not in detail.content.decode()
    csv = client.get(reverse("reporting:publication-download", args=[publication.pk, "csv"]))
    assert csv.content.decode() == publication.csv
    assert "attachment" in csv["Content-Disposition"]
    pdf = client.get(reverse("reporting:publication-download", args=[publication.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="export.publication").count() == 2
    missing = client.get(reverse("reporting:publication-download", args=[publication.pk, "xlsx"]))
    assert missing.status_code == 404


def test_correction_page_needs_a_reason_and_links_the_correction(client, lac, small_history):
    original = _publish(lac)
    _late_pass(lac)
    client.force_login(lac)
    url = reverse("reporting:publication-correct", args=[original.pk])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200 and "usa-error-message" in page.content.decode()
    assert Publication.objects.count() == 1
    done = client.post(url, {"reason": "Late rescore"})
    correction = Publication.objects.get(corrects=original)
    assert done.url == reverse("reporting:publication-detail", args=[correction.pk])
    page = client.get(reverse("reporting:publication-detail", args=[original.pk])).content
    assert "Corrected by <a" in page.decode()


def test_publication_list_query_count(client, lac, django_assert_num_queries):
    for day in range(1, 6):
        published(by=lac, as_of=AS_OF.replace(day=day))
    client.force_login(lac)
    with django_assert_num_queries(7):
        response = client.get(reverse("reporting:publication-list"))
    assert response.content.decode().count("Original") == 5


def test_a_new_intent_restates_the_summary_and_is_listed(lac, small_history):
    from tests.factories import IntentFactory

    publication = _publish(lac)
    intent = IntentFactory(programme=programme("APL I-II"), submitted_on=AS_OF)
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    found = restatement(publication=publication, report=report)
    assert [(d.row, d.published, d.current) for d in found.differences] == [
        ("Educators enrolled or requested", "8", "9")
    ]
    assert [c.cohort for c in found.changes] == ["intent to enroll"]
    assert found.changes[0].educator in (
        intent.educator.user.get_full_name(),
        intent.educator.user.email,
    )
