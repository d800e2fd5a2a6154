"""The lock files pin every dependency pyproject.toml names, inside its range, with hashes."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of a pip-compile output."""
    pins: dict[str, tuple[str, list[str]]] = {}
    text = lock.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)(.*)$", line)
        if match:
            name, version, rest = match.groups()
            pins[canonicalize_name(name)] = (version, re.findall(r"--hash=sha256:\w+", rest))
    return pins


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("base.txt", PROJECT["dependencies"]),
        ("dev.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_lock_pins_every_dependency_within_its_range(lock, requirements):
    pins = _pins(ROOT / "requirements" / lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements/{lock}: run make lock"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {name}=={version} outside {requirement.specifier}"
        )


@pytest.mark.parametrize("lock", ["base.txt", "dev.txt"])
def test_every_pin_carries_a_hash(lock):
    pins = _pins(ROOT / "requirements" / lock)
    assert pins
    assert [name for name, (_, hashes) in pins.items() if not hashes] == []


def test_dev_lock_agrees_with_the_production_lock():
    base = _pins(ROOT / "requirements" / "base.txt")
    dev = _pins(ROOT / "requirements" / "dev.txt")
    assert {name: dev[name][0] for name in base} == {name: pin[0] for name, pin in base.items()}


def test_docker_and_bootstrap_install_from_the_lock_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/base.txt" in dockerfile
    assert "pip install ." not in dockerfile
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert "--require-hashes" in bootstrap and "LOCK=requirements/dev.txt" in bootstrap
