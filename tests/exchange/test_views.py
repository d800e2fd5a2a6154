from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from enrollment.models import Enrollment
from exchange.views import SESSION_KEY

HEADER = "email,micro_credential,quarter,status,score,facilitator_email"
UPLOAD = reverse("exchange:import-upload")
CONFIRM = reverse("exchange:import-confirm")


def _upload(client, text: str, name="enrollments.csv", kind="enrollments"):
    data = ("\ufeff" + text).encode()
    return client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(client, lac, teacher, scorer, settings):
    client.force_login(lac)
    response = _upload(
        client,
        f"{HEADER}\r\nana.baca@example.org,CE,Q3/24,passed,91,fac@example.org\r\n",
        name="../../etc/passwd\n.csv",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Importing will create <strong>1</strong>" in page
    assert not Enrollment.objects.exists()
    token = client.session[SESSION_KEY]["token"]
    stashed = list((settings.MEDIA_ROOT / "imports").iterdir())
    assert [p.name for p in stashed] == [f"{token}.csv"]
    assert not AuditEvent.objects.filter(action="import.enrollments").exists()

    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response.url == UPLOAD
    enrollment = Enrollment.objects.get()
    assert enrollment.history.get().history_user == lac
    assert enrollment.history.get().history_change_reason == "import passwd.csv"
    # The file is gone; only its empty claim stays, so that a second confirm is told so.
    left = list((settings.MEDIA_ROOT / "imports").iterdir())
    assert [(p.name, p.stat().st_size) for p in left] == [(f"{token}.claimed", 0)]
    event = AuditEvent.objects.get(action="import.enrollments")
    assert event.actor == lac and event.detail["created"] == 1
    follow = client.get(UPLOAD)
    assert "passwd.csv imported: created 1, updated 0, unchanged 0" in follow.content.decode()


def test_errors_are_listed_by_row_and_column(client, lac, teacher):
    client.force_login(lac)
    response = _upload(client, f"{HEADER}\nana.baca@example.org,CE,Q3/24,passed,70,\n")
    page = response.content.decode()
    assert "cannot be imported" in page
    assert '<th scope="row">2</th><td>score</td><td>70 is under 85' in page
    assert SESSION_KEY not in client.session
    assert 'action="/exchange/import/confirm"' not in page


def test_confirm_validates_again(client, lac, teacher):
    client.force_login(lac)
    _upload(client, f"{HEADER}\nana.baca@example.org,CE,Q3/24,enrolled,,\n")
    token = client.session[SESSION_KEY]["token"]
    teacher.educator_profile.delete()  # the educator vanished between preview and confirm
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 200
    assert "no educator has this email" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_confirm_with_another_token_is_refused(client, lac, teacher):
    client.force_login(lac)
    _upload(client, f"{HEADER}\nana.baca@example.org,CE,Q3/24,enrolled,,\n")
    response = client.post(CONFIRM, {"token": "x" * 32})
    assert response.status_code == 302
    assert not Enrollment.objects.exists()


def test_export_download_is_an_attachment_and_audited(client, lac, world):
    client.force_login(lac)
    response = client.get(reverse("exchange:export-download", args=["enrollments", "csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="enrollments-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").count("\r\n") == 3  # header and two rows
    assert AuditEvent.objects.get(action="export.enrollments").detail == {
        "format": "csv",
        "records": 2,
    }
    missing = client.get(reverse("exchange:export-download", args=["grades", "csv"]))
    assert missing.status_code == 404


def test_liaison_may_not_import(client, liaison, teacher):
    client.force_login(liaison)
    response = _upload(client, f"{HEADER}\nana.baca@example.org,CE,Q3/24,enrolled,,\n")
    assert response.status_code == 403


def test_unconfirmed_uploads_older_than_a_session_are_purged(settings, tmp_path):
    import os
    import time

    from exchange.services import import_stash_load, import_stash_save

    old = import_stash_save(data=b"email\nold@example.org\n")
    old_path = tmp_path / "media" / "imports" / f"{old}.csv"
    past = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(old_path, (past, past))
    fresh = import_stash_save(data=b"email\nnew@example.org\n")
    assert import_stash_load(token=old) is None
    assert import_stash_load(token=fresh) == b"email\nnew@example.org\n"
