"""Every credential of the demo (`make run`) verifies in the app's own verifier and in the
DCC verifier-core, with its revocation status checked: each form an educator downloads
(the signed JSON-LD, badge.json; the VC-JWT, badge.jwt; a programme's learner record),
all in one run of the verifier.

The demo is loaded by ``load_demo`` itself, with its bulk history cut to a few educators
of each programme (completers of APL I-II among them): the full history issues thousands
of credentials from these same builders and takes minutes to load."""

import dataclasses

import pytest
from django.core.management import call_command

from credentials import wallet
from credentials.models import Credential
from credentials.services import credential_revoke
from credentials.verification import verify
from tests.credentials.conftest import accepted, step

pytestmark = pytest.mark.django_db(transaction=True)


def _few(plan):
    """A handful of the plan's educators: two who complete the programme, three who pass
    something, two who pass nothing; and three with only an intent."""
    codes = set(plan.targets.codes)
    completers = [e for e in plan.educators if codes <= set(e.passed)][:2]
    passing = [e for e in plan.educators if e.passed and e not in completers][:3]
    others = [e for e in plan.educators if not e.passed][:2]
    return dataclasses.replace(
        plan, educators=completers + passing + others, intent_only=min(plan.intent_only, 3)
    )


@pytest.fixture
def loaded_demo(verifier_core, monkeypatch):
    """The demo, issued with the live server's did:web (verifier_core sets SITE_URL)."""
    import demo.history

    plan = demo.history.plan_programme
    monkeypatch.setattr(demo.history, "plan_programme", lambda targets: _few(plan(targets)))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return verifier_core


def test_every_demo_credential_verifies_in_both_verifiers(loaded_demo, lac):
    programme = Credential.objects.filter(kind="programme").order_by("pk").first()
    member = programme.stacked.order_by("pk").first()
    credential_revoke(credential=member, by=lac, reason="Issued in error")  # and its record
    credentials = list(Credential.objects.order_by("pk"))
    kinds = {c.kind for c in credentials}
    assert {"micro_credential", "programme", "learner_record", "designation"} <= kinds, kinds
    assert len(credentials) > 30  # 41 when written: 34 micro-credentials, 3 programmes…
    expected = ["revoked" if c.is_revoked else "valid" for c in credentials]
    assert expected.count("revoked") == 2
    documents = [wallet.signed_document(c) for c in credentials]  # what badge.json serves

    assert [verify(d).state for d in documents] == expected
    assert [verify(c.jws).state for c in credentials] == expected
    results = loaded_demo(documents)  # one node run for all

    for credential, result in zip(credentials, results, strict=True):
        assert step(result, "valid_signature").get("valid") is True, (credential, result)
        if credential.is_revoked:
            assert step(result, "revocation_status").get("valid") is False, (credential, result)
        else:
            assert accepted(result), (credential, result)
            assert step(result, "revocation_status").get("valid") is True, (credential, result)
