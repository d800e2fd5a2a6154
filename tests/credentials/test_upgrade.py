"""A deploy needs no manual step: every ``migrate`` re-signs credentials issued before Data
Integrity proofs (as ``resign_credentials`` does) and issues missing learner records;
twice changes nothing, and on an empty database it writes nothing."""

import io

import pytest
from django.core.management import call_command

from credentials.models import Credential, Issuer, SigningKey
from credentials.verification import verify_stored
from tests.credentials.test_proofs_resign import _make_legacy
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db


def _migrate() -> str:
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out, interactive=False)
    return out.getvalue()


def test_migrate_re_signs_and_issues_missing_learner_records(educator):
    profile = educator.educator_profile
    for code in ("CE", "AL", "MLSS", "CLRI", "FE"):
        issued_credential(educator=profile, code=code)
    programme = Credential.objects.get(kind="programme")
    Credential.objects.filter(record_of=programme).delete()
    legacy = Credential.objects.get(micro_credential__code="AL")
    _make_legacy(legacy)

    output = _migrate()

    assert "Credentials re-signed with a Data Integrity proof: 1" in output
    assert "Learner records issued: 1" in output
    legacy.refresh_from_db()
    assert legacy.document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    record = Credential.objects.get(record_of=programme)
    assert verify_stored(record).state == "valid"
    assert verify_stored(legacy).state == "valid"
    before = list(Credential.objects.order_by("pk").values_list("pk", "document", "jws"))
    assert "re-signed" not in _migrate()  # idempotent
    assert list(Credential.objects.order_by("pk").values_list("pk", "document", "jws")) == before


def test_migrate_on_an_empty_database_writes_nothing():
    _migrate()
    assert not Issuer.objects.exists()
    assert not SigningKey.objects.exists()
    assert not Credential.objects.exists()


def test_a_flush_does_not_run_it(monkeypatch):
    from credentials.services import upgrade

    calls = []
    monkeypatch.setattr(upgrade, "credentials_upgrade", lambda **kw: calls.append(kw))
    call_command("flush", interactive=False, verbosity=0)
    assert calls == []
    _migrate()
    assert len(calls) == 1
