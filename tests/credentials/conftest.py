import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache

from credentials import clr, jsonld, ob3
from tests.factories.credentials import issued_credential


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def credential(educator):
    return issued_credential(educator=educator.educator_profile)


VERIFIER = Path(__file__).parent / "verifier"
NODE = shutil.which("node")


@pytest.fixture
def verifier_core(live_server, settings, tmp_path):
    """Runs verifier-core on a list of credentials; returns its results in order."""
    installed = VERIFIER / "node_modules" / "@digitalcredentials" / "verifier-core"
    if NODE is None or not installed.is_dir():
        reason = "node or verifier-core is missing: run `npm ci` in tests/credentials/verifier"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    settings.SITE_URL = live_server.url
    routes = {
        url: str(jsonld.HERE / name)
        for url, name in jsonld.CONTEXT_FILES.items()
        if jsonld.available(url)
    }
    routes[ob3.OB_SCHEMA] = str(ob3.SCHEMA_FILE)
    routes[clr.CLR_SCHEMA] = str(clr.SCHEMA_FILE)
    routes_file = tmp_path / "routes.json"
    routes_file.write_text(json.dumps(routes))

    def run(credentials: list[dict]) -> list[dict]:
        done = subprocess.run(  # noqa: S603 (our script, our arguments)
            [NODE, str(VERIFIER / "verify.mjs"), live_server.url, str(routes_file)],
            input=json.dumps(credentials),
            capture_output=True,
            text=True,
            cwd=VERIFIER,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        output = json.loads(done.stdout)
        if os.environ.get("APL_VERIFIER_CORE_OUT"):  # keep the raw results to read
            Path(os.environ["APL_VERIFIER_CORE_OUT"]).write_text(done.stdout)
        local = ("https://" + live_server.url.split("://", 1)[1], live_server.url)
        outside = [u for u in output["requested"] if not u.startswith(local) and u not in routes]
        assert not outside, outside
        return output["results"]

    return run


def step(result: dict, step_id: str) -> dict:
    for entry in result.get("log") or []:
        if entry["id"] == step_id:
            return entry
    return {}


def accepted(result: dict) -> bool:
    """verifier-core's verdict of a good credential: no fatal error, signature valid,
    status checked and not revoked, not expired."""
    return (
        not result.get("errors")
        and step(result, "valid_signature").get("valid") is True
        and step(result, "expiration").get("valid") is True
        and step(result, "revocation_status").get("valid", True) is True
    )
