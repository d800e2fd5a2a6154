"""No module passes 500 lines and no function 60 (house style), checked by bench/shape.py."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Known exceptions, each with the reason it stands. Remove an entry once it is fixed: the
# test fails on an entry that no longer applies, so the list cannot go stale.
PENDING: dict[str, str] = {}


def _shape():
    spec = importlib.util.spec_from_file_location("shape", ROOT / "bench" / "shape.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_over_500_lines_and_no_function_over_60():
    problems = _shape().problems()
    unexpected = [p for p in problems if p.split(":")[0] not in PENDING]
    assert unexpected == []
    stale = [path for path in PENDING if not any(p.startswith(f"{path}:") for p in problems)]
    assert stale == [], "these are within the limits now: remove them from PENDING"


def test_the_check_finds_a_long_function_and_a_long_module(tmp_path):
    shape = _shape()
    body = "\n".join(f"    x{n} = {n}" for n in range(60))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n" + "\n" * 440)
    found = shape.problems(tmp_path)
    assert found == ["long.py: 501 lines (at most 500)", "long.py: long() is 61 lines (at most 60)"]
