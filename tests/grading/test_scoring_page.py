"""The scoring page: "Posting is final" only when posting can succeed, evidence beside the
rubric with PDFs and images shown inline (sandboxed), the total and Post in a sticky bar."""

import io
import zipfile

import pytest
from django.urls import reverse

from enrollment.models import Enrollment
from grading import services
from grading.models import EvidenceFile
from tests.factories.grading import levels_for, pdf_upload, submitted_attempt, upload

CONFIRM = 'data-confirm="Post this grade? Posting is final'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def attempt(enrollment):
    return submitted_attempt(
        enrollment,
        uploads_for_first=[
            pdf_upload("plan.pdf"),
            upload("chart.png", PNG, "image/png"),
            upload("notes.docx", _docx()),
        ],
    )


def _page(client, user, attempt) -> str:
    client.force_login(user)
    response = client.get(reverse("grading:attempt-score", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _save_draft(attempt, facilitator, ranks):
    levels = levels_for(attempt, ranks)
    services.grade_save_draft(
        attempt=attempt, by=facilitator, levels=levels, feedback={}, overall=""
    )


def test_posting_is_final_is_not_offered_while_criteria_are_unscored(client, facilitator, attempt):
    page = _page(client, facilitator, attempt)
    assert "Posting is final" not in page
    assert "Score every criterion to post: 5 not yet scored." in page


def test_posting_is_final_is_offered_once_every_criterion_is_scored(client, facilitator, attempt):
    _save_draft(attempt, facilitator, 4)
    page = _page(client, facilitator, attempt)
    assert CONFIRM in page
    assert "Score every criterion to post" not in page


def test_a_withdrawn_educator_blocks_posting_and_the_confirmation(client, facilitator, attempt):
    _save_draft(attempt, facilitator, 4)
    Enrollment.objects.filter(pk=attempt.submission.enrollment_id).update(
        status=Enrollment.Status.WITHDRAWN
    )
    page = _page(client, facilitator, attempt)
    assert "Posting is final" not in page
    assert "The educator has withdrawn; this attempt cannot be graded." in page


@pytest.mark.parametrize(("ranks", "offered"), [(None, False), (3, True)])
def test_the_live_preview_swaps_the_post_button_with_or_without_confirmation(
    client, facilitator, attempt, ranks, offered
):
    client.force_login(facilitator)
    data = {}
    if ranks:
        data = {f"score-level_{c}": lv for c, lv in levels_for(attempt, ranks).items()}
    response = client.post(reverse("grading:score-preview", args=[attempt.pk]), data)
    html = response.content.decode()
    assert 'id="post-action"' in html and 'hx-swap-oob="true"' in html
    assert (CONFIRM in html) is offered


def test_total_and_post_sit_in_one_sticky_bar_and_evidence_beside_the_rubric(
    client, facilitator, attempt
):
    page = _page(client, facilitator, attempt)
    bar = page.split('class="apl-score-bar"', 1)[1].split("</form>", 1)[0]
    assert 'id="score-totals"' in bar and 'value="post"' in bar and 'value="save"' in bar
    assert "desktop:grid-col-6 apl-scoring__evidence" in page
    assert "grading/score.css" in page


def test_pdfs_and_images_open_inline_in_a_sandboxed_viewer(client, facilitator, attempt):
    page = _page(client, facilitator, attempt)
    files = {f.original_name: f.pk for f in EvidenceFile.objects.all()}
    pdf = reverse("grading:evidence-download", args=[files["plan.pdf"]])
    png = reverse("grading:evidence-download", args=[files["chart.png"]])
    docx = reverse("grading:evidence-download", args=[files["notes.docx"]])
    assert f'<iframe class="apl-viewer__frame" src="{pdf}?inline=1"' in page
    assert "sandbox" in page.split(f'src="{pdf}?inline=1"', 1)[1].split(">", 1)[0]
    assert f'<img class="apl-viewer__image" src="{png}?inline=1"' in page
    assert f"{docx}?inline=1" not in page


def test_inline_evidence_may_be_framed_by_the_app_only(client, facilitator, attempt):
    evidence = EvidenceFile.objects.get(original_name="plan.pdf")
    client.force_login(facilitator)
    url = reverse("grading:evidence-download", args=[evidence.pk])
    inline = client.get(url + "?inline=1")
    assert inline.status_code == 200
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in inline["Cache-Control"] and "private" in inline["Cache-Control"]
    plain = client.get(url)
    assert plain["Content-Disposition"].startswith("attachment")
    assert plain["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]


def test_other_kinds_stay_attachments_even_when_asked_inline(client, facilitator, attempt):
    evidence = EvidenceFile.objects.get(original_name="notes.docx")
    client.force_login(facilitator)
    response = client.get(reverse("grading:evidence-download", args=[evidence.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Frame-Options"] == "DENY"


def test_inline_evidence_keeps_the_scope_check(client, other_facilitator, attempt):
    evidence = EvidenceFile.objects.get(original_name="plan.pdf")
    client.force_login(other_facilitator)
    response = client.get(reverse("grading:evidence-download", args=[evidence.pk]) + "?inline=1")
    assert response.status_code == 404
