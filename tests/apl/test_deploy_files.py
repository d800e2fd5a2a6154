"""The deployment files hold what production must set: the issuer key's own secret."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_refuses_to_start_without_the_key_encryption_secret():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "APL_ISSUER_KEY_SECRET: ${APL_ISSUER_KEY_SECRET:?" in compose


def test_ci_fails_instead_of_skipping_a_missing_service_when_ci_is_true():
    """The PostgreSQL, worker and fault-injection steps of .ci/run all ask one function,
    which exits non-zero under CI=true when the service does not answer."""
    run = (ROOT / ".ci" / "run").read_text()
    body = run[
        run.index("service_answers() {") : run.index("\n}\n", run.index("service_answers() {"))
    ]
    assert 'if [ "${CI:-}" = "true" ]; then' in body and "exit 1" in body
    assert run.count("if service_answers PostgreSQL") == 2
    assert run.count("if service_answers Redis") == 1
