"""An Achievement's id answers with the Achievement, and its image is a badge drawn here:
an SVG with the micro-credential's code and name, an accessible title, the state's colours,
served to any origin with the right content type."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from credentials import badges
from credentials.verification import verify_stored
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_the_badge_is_an_accessible_svg_with_code_name_and_state_colours(client, db):
    response = client.get(reverse("credentials:public-achievement-image", args=["CE"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text.startswith("Classroom Environment")
    assert root.get("aria-labelledby").split()[0] == title.get("id")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "CE" in texts
    assert "Classroom Environment" in " ".join(texts)  # wrapped over lines
    assert badges.YELLOW in response.content.decode()
    assert badges.RED in response.content.decode()
    assert b"<script" not in response.content


def test_long_names_wrap_to_at_most_three_lines(db):
    badge = badges.Badge(code="BSCIT", label="BSCIT", name="x " * 60, kind="Micro-credential")
    assert len(badge.name_rows) == 3
    assert all(len(line) <= 20 for _, line in badge.name_rows)


def test_every_micro_credential_has_its_own_badge(client, db):
    from catalogue.models import MicroCredential

    codes = list(MicroCredential.objects.values_list("code", flat=True))
    assert len(codes) >= 13
    bodies = {
        client.get(reverse("credentials:public-achievement-image", args=[c])).content for c in codes
    }
    assert len(bodies) == len(codes)


def test_an_unknown_code_has_no_badge_and_no_achievement(client, db):
    for name in ("credentials:public-achievement-image", "credentials:public-achievement"):
        assert client.get(reverse(name, args=["NOPE"])).status_code == 404
        assert client.get(reverse(name, args=["..%2Fx"])).status_code == 404


def test_the_achievement_id_answers_with_the_achievement_json(client, educator):
    credential = issued_credential(educator=educator.educator_profile)
    achievement = verify_stored(credential).achievement
    response = client.get(achievement["id"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in response["Vary"]
    document = json.loads(response.content)
    assert document["id"] == achievement["id"]
    assert document["type"] == ["Achievement"]
    assert document["name"] == "Classroom Environment"
    assert document["image"]["id"] == achievement["image"]["id"]
    assert document["resultDescription"][-1]["requiredValue"] == "85"
    image = client.get(achievement["image"]["id"].removeprefix("http://testserver"))
    assert image.status_code == 200


def test_a_browser_gets_a_readable_page_with_the_rubric_anchors(client, db):
    from grading.selectors import rubric_published_newest
    from tests.factories.enrollment import micro_credential

    response = client.get(
        reverse("credentials:public-achievement", args=["CE"]), HTTP_ACCEPT="text/html"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Classroom Environment</h1>" in html
    rubric = rubric_published_newest(micro_credential_id=micro_credential("CE").pk)
    assert f'id="rubric-v{rubric.version}-criterion-1-level-4"' in html
    assert 'id="result-percent"' in html and "85%" in html


def test_the_programme_and_other_achievements_resolve_too(client, educator, settings):
    from credentials.models import Credential
    from credentials.services import credential_issue_for_achievement

    response = client.get(reverse("credentials:public-achievement", args=["programme-apl-i-ii"]))
    assert json.loads(response.content)["achievementType"] == "Certificate"
    credential_issue_for_achievement(
        educator=educator.educator_profile,
        kind=Credential.Kind.RENEWAL,
        source="licenses.renewalcycle:9",
        code="renewal-requirement-met",
        name="License renewal requirement met",
        description="",
        criteria="Three micro-credentials in the cycle.",
    )
    url = reverse("credentials:public-achievement", args=["renewal-requirement-met"])
    assert json.loads(client.get(url).content)["name"] == "License renewal requirement met"
    image = client.get(
        reverse("credentials:public-achievement-image", args=["renewal-requirement-met"])
    )
    assert b"License renewal" in image.content
