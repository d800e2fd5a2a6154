"""Work in the reviewer's caseload: Level 2 teachers in this quarter's Social Emotional
Learning cohort (APL II-III), whose mastery tasks wait to be scored, with a PDF and an
image to open beside the rubric, and one grade the reviewer has already posted.

Written through the same services the pages use; safe to run twice.
"""

import struct
import zlib

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from demo.accounts import DEMO_PASSWORD
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent
from enrollment.services import enrollment_create

# email, first, last, whether the reviewer has posted a grade already
LEVEL_2_TEACHERS = [
    ("educator3@apl.example", "Ana", "Lucero", False),
    ("level2.tafoya@apl.example", "Marcus", "Tafoya", False),
    ("level2.nez@apl.example", "Rosa", "Nez", True),
]


def _pdf() -> bytes:
    """A one-page PDF with a line of text, built by hand (no PDF library at load time)."""
    text = b"BT /F1 18 Tf 72 720 Td (SEL unit plan: where each competency is taught) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(width: int = 240, height: int = 120) -> bytes:
    """A small bar chart as a PNG (three bars), built with zlib alone."""
    bars = [(20, 60), (100, 90), (180, 40)]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            inside = any(left <= x < left + 40 and y >= height - tall for left, tall in bars)
            row += b"\x00\x5e\x9e" if inside else b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def _pdf_upload():
    return SimpleUploadedFile("sel-unit-plan.pdf", _pdf(), "application/pdf")


def _png_upload():
    return SimpleUploadedFile("check-in-results.png", _png(), "image/png")


def _teacher(email: str, first: str, last: str, number: int) -> User:
    from django.contrib.auth.models import Group

    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.first_name, user.last_name, user.is_active = first, last, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(*Group.objects.filter(name=Role.EDUCATOR.value))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    EducatorProfile.objects.get_or_create(
        user=user,
        defaults={
            "license_number": f"NM-DEMO-2{number:02d}",
            "license_level": 2,
            "masters_degree": True,
            "years_at_current_level": 4,
            "district_as_written": "Santa Fe Public Schools",
            "school": "Capital High School",
        },
    )
    return user


def _work(enrollment: Enrollment, educator: User, with_files: bool) -> None:
    from grading.models import Submission
    from grading.services import attempt_submit, response_save, rubric_for_cohort

    if Submission.objects.filter(
        enrollment=enrollment, attempts__submitted_at__isnull=False
    ).exists():
        return
    tasks = list(rubric_for_cohort(cohort=enrollment.cohort).tasks.all())
    files = {}
    if with_files:
        # The PDF and the image each go with the first task that accepts their kind.
        for kind, make in (("pdf", _pdf_upload), ("image", _png_upload)):
            task = next((t for t in tasks if kind in t.kinds), None)
            if task is not None:
                files.setdefault(task.pk, []).append(make())
    for task in tasks:
        uploads = files.get(task.pk, [])
        response_save(
            enrollment=enrollment,
            task=task,
            text=(
                f"My response to “{task.title}”.\n\nWhat I planned, what my students did, "
                "the evidence I collected and what I would change next time."
            ),
            uploads=uploads,
            by=educator,
        )
    attempt_submit(enrollment=enrollment, by=educator)


def _post(enrollment: Enrollment, reviewer: User) -> None:
    from grading.models import Attempt
    from grading.services import grade_post

    attempt = Attempt.objects.filter(submission__enrollment=enrollment).order_by("-number").first()
    if attempt is None or attempt.grades.filter(status="posted").exists():
        return
    criteria = attempt.submission.rubric.criteria.prefetch_related("levels")
    levels = {c.pk: max(c.levels.all(), key=lambda lv: lv.rank).pk for c in criteria}
    grade_post(
        attempt=attempt,
        by=reviewer,
        levels=levels,
        feedback=dict.fromkeys(levels, "Clear evidence, tied to your students."),
        overall="A strong unit plan; the check-in data shows the routines working.",
    )


@transaction.atomic
def load_reviewer_work(*, stdout) -> None:
    """Give reviewer@ a caseload in this quarter's SEL cohort (safe to run twice)."""
    now = Quarter.containing(timezone.localdate())
    reviewer = User.objects.get(email="reviewer@apl.example")
    lac = User.objects.get(email="lac@apl.example")
    programme = Programme.objects.get(name="APL II-III")
    cohort, _ = Cohort.objects.get_or_create(
        micro_credential=MicroCredential.objects.get(code="SEL"), quarter=now
    )
    cohort.facilitators.add(reviewer)
    for number, (email, first, last, graded) in enumerate(LEVEL_2_TEACHERS, start=1):
        user = _teacher(email, first, last, number)
        Intent.objects.get_or_create(
            educator=user.educator_profile,
            programme=programme,
            defaults={
                "submitted_on": timezone.localdate(),
                "status": Intent.Status.ACCEPTED,
                "decided_at": timezone.now(),
                "decided_by": lac,
            },
        )
        enrollment = Enrollment.objects.filter(
            educator=user.educator_profile, cohort=cohort
        ).first() or enrollment_create(
            educator=user.educator_profile,
            cohort=cohort,
            facilitator=reviewer,
            payment_state=Enrollment.Payment.DISTRICT_PAID,
        )
        _work(enrollment, user, with_files=number == 1)
        if graded:
            _post(enrollment, reviewer)
    stdout.write(f"The reviewer's caseload holds {len(LEVEL_2_TEACHERS)} educators in {cohort}.")
