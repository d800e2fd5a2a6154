"""The public face of an Achievement: its id answers with the Achievement itself, and its
image is a badge drawn here (an SVG from a template, in New Mexico's red and yellow).

An Achievement code is a micro-credential's catalogue code (``CE``), ``programme-<slug>``
for a programme, or the code of another achievement a credential was issued for.
"""

import re
import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string

from catalogue.models import MicroCredential, Programme
from credentials import ob3
from credentials.models import ACHIEVEMENT_KINDS, Credential
from grading.selectors import rubric_published_newest

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,79}$")
# New Mexico's flag: a red Zia on yellow. The dark red keeps text at 7:1 on the yellow.
YELLOW = "#FFD700"
RED = "#8C1B2B"


@dataclass(frozen=True)
class Badge:
    code: str
    label: str  # the big text in the middle
    name: str
    kind: str  # "Micro-credential", "Programme", "Achievement"

    @property
    def title(self) -> str:
        return f"{self.name} — APL {self.kind.lower()} badge"

    @property
    def name_rows(self) -> list[tuple[int, str]]:
        """The name in up to three lines of about 20 characters, with each line's y."""
        lines = textwrap.wrap(self.name, width=20, max_lines=3, placeholder="…")
        return [(142 + 17 * i, line) for i, line in enumerate(lines)]

    @property
    def label_size(self) -> int:
        return 52 if len(self.label) <= 3 else 40 if len(self.label) <= 5 else 26


def _programme(code: str):
    if not code.startswith("programme-"):
        return None
    return Programme.objects.filter(slug=code.removeprefix("programme-")).first()


def _micro_credential(code: str):
    return (
        MicroCredential.objects.select_related("programme")
        .prefetch_related("domains")
        .filter(code=code)
        .first()
    )


def _other(code: str):
    return (
        Credential.objects.filter(kind__in=ACHIEVEMENT_KINDS, achievement_code=code)
        .order_by("-issued_at")
        .first()
    )


def badge_for(code: str) -> Badge | None:
    """The badge of an Achievement code; None when no achievement has it."""
    if not CODE.match(code or ""):
        return None
    if (mc := _micro_credential(code)) is not None:
        return Badge(code=mc.code, label=mc.code, name=mc.name, kind="Micro-credential")
    if (programme := _programme(code)) is not None:
        return Badge(
            code=code,
            label=programme.name.removeprefix("APL ").strip(),
            name=f"{programme.name} Micro-Credentials program",
            kind="Program",
        )
    if (credential := _other(code)) is not None:
        return Badge(code=code, label="APL", name=credential.achievement_name, kind="Achievement")
    return None


def badge_svg(badge: Badge) -> str:
    return render_to_string("credentials/badge.svg", {"badge": badge, "yellow": YELLOW, "red": RED})


def achievement_document(code: str) -> dict | None:
    """The Achievement an id names, as JSON-LD: built from the catalogue now (with the
    newest published rubric) for micro-credentials and programmes; as last issued for
    other achievements. None when there is no such achievement."""
    if not CODE.match(code or ""):
        return None
    if (mc := _micro_credential(code)) is not None:
        achievement = ob3.achievement_for(mc, rubric_published_newest(micro_credential_id=mc.pk))
    elif (programme := _programme(code)) is not None:
        achievement = ob3.programme_achievement(programme, list(programme.micro_credentials.all()))
    elif (credential := _other(code)) is not None:
        achievement = _issued_achievement(credential)
        if achievement is None:
            return None
    else:
        return None
    return {"@context": [ob3.VC_V2, ob3.OB_V3], **achievement}


def _issued_achievement(credential) -> dict | None:
    from credentials.verification import verify_stored

    achievement = verify_stored(credential).achievement
    return dict(achievement) if achievement else None
