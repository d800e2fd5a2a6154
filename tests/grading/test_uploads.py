"""Evidence uploads: size, quota, content type, names, and how files go out (ASVS 12.x)."""

from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from grading.models import EvidenceFile, Response
from tests.factories.grading import PDF_BYTES, pdf_upload, upload


def _task(enrollment):
    from grading.services import rubric_for_cohort

    return rubric_for_cohort(cohort=enrollment.cohort).tasks.get(position=1)


def _post(client, enrollment, task, file, text="Draft"):
    url = reverse("grading:response-save", args=[enrollment.pk, task.pk])
    return client.post(
        url, {f"task{task.pk}-text": text, f"task{task.pk}-files": file}, follow=True
    )


def _errors(response):
    """A refused save answers the page again (400) with its error summary."""
    summary = [message for _, message in response.context.get("error_summary") or []]
    return summary + [str(m) for m in response.context["messages"] if m.level_tag == "error"]


def test_pdf_is_stored_under_a_random_name_outside_the_web_root(
    client, enrollment, educator, settings
):
    client.force_login(educator)
    task = _task(enrollment)
    _post(client, enrollment, task, pdf_upload("../../etc/passwd\r\nX-Evil: 1.pdf"))
    evidence = EvidenceFile.objects.get()
    name = evidence.original_name
    assert name.endswith(".pdf") and "passwd" in name
    assert not any(ch in name for ch in "/\\\r\n")
    assert "passwd" not in evidence.file.name and ".." not in evidence.file.name
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    assert evidence.kind == "pdf"


def test_renamed_executable_is_refused(client, enrollment, educator):
    client.force_login(educator)
    response = _post(client, enrollment, _task(enrollment), upload("plan.pdf", b"MZ\x90\0" * 40))
    assert EvidenceFile.objects.count() == 0
    assert any("not a PDF" in e for e in _errors(response))


def test_html_named_pdf_is_refused(client, enrollment, educator):
    client.force_login(educator)
    html = b"<!doctype html><html><body><script>alert(document.cookie)</script>%PDF-1.4"
    response = _post(
        client, enrollment, _task(enrollment), upload("plan.pdf", html, "application/pdf")
    )
    assert EvidenceFile.objects.count() == 0
    assert any("not a PDF" in e for e in _errors(response))


def test_svg_named_png_is_refused(client, enrollment, educator):
    client.force_login(educator)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    _post(client, enrollment, _task(enrollment), upload("photo.png", svg, "image/png"))
    assert EvidenceFile.objects.count() == 0


def test_oversize_file_is_refused(client, enrollment, educator, settings):
    settings.APL_EVIDENCE_MAX_BYTES = 100
    client.force_login(educator)
    response = _post(client, enrollment, _task(enrollment), pdf_upload(content=PDF_BYTES * 10))
    assert EvidenceFile.objects.count() == 0
    assert any("at most 100 bytes" in e for e in _errors(response))


def test_quota_holds_across_uploads(client, enrollment, educator, settings):
    settings.APL_EVIDENCE_QUOTA_BYTES = len(PDF_BYTES) * 2 + 10
    client.force_login(educator)
    task = _task(enrollment)
    _post(client, enrollment, task, pdf_upload("a.pdf"))
    _post(client, enrollment, task, pdf_upload("b.pdf"))
    response = _post(client, enrollment, task, pdf_upload("c.pdf"))
    assert EvidenceFile.objects.count() == 2
    assert any("storage over its" in e for e in _errors(response))


def test_a_refused_file_keeps_nothing_of_the_save(client, enrollment, educator):
    client.force_login(educator)
    _post(client, enrollment, _task(enrollment), upload("x.pdf", b"MZ"), text="Lost?")
    assert not Response.objects.filter(text__contains="Lost").exists()


def test_download_is_an_attachment_with_nosniff_and_audited(
    client, enrollment, educator, facilitator
):
    client.force_login(educator)
    _post(client, enrollment, _task(enrollment), pdf_upload("my plan.pdf"))
    evidence = EvidenceFile.objects.get()
    client.force_login(facilitator)
    response = client.get(reverse("grading:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="my plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert event.actor == facilitator and event.target_id == str(evidence.pk)


@pytest.mark.parametrize("persona", ["other_educator", "other_facilitator"])
def test_outsiders_get_404_on_evidence(client, enrollment, educator, persona, request):
    client.force_login(educator)
    _post(client, enrollment, _task(enrollment), pdf_upload())
    evidence = EvidenceFile.objects.get()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("grading:evidence-download", args=[evidence.pk])).status_code == 404
    delete = reverse("grading:evidence-delete", args=[evidence.pk])
    assert client.post(delete).status_code == 404


def test_educator_removes_a_draft_file(
    client, enrollment, educator, django_capture_on_commit_callbacks
):
    client.force_login(educator)
    _post(client, enrollment, _task(enrollment), pdf_upload())
    evidence = EvidenceFile.objects.get()
    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grading:evidence-delete", args=[evidence.pk]))
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert not path.exists()
