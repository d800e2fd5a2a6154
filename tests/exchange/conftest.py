import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.roles import Role
from tests.factories import EducatorFactory, UserFactory

TODAY = dt.datetime(2024, 5, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Quarters and 'in the future' checks depend on today: Q4/24 is the current quarter."""
    with time_machine.travel(TODAY, tick=False):
        yield


def csv_file(tmp_path, text: str, name: str = "file.csv", *, bom=False, crlf=False) -> str:
    body = text.strip("\n") + "\n"
    if crlf:
        body = body.replace("\n", "\r\n")
    data = ("\ufeff" if bom else "") + body
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8"))
    return str(path)


class Run:
    def __init__(self, ok: bool, out: str, err: str, message: str = ""):
        self.ok, self.out, self.err, self.message = ok, out, err, message

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("row ")]


def run_import(kind: str, path: str, *extra: str) -> Run:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_records", kind, path, *extra, stdout=out, stderr=err)
    except CommandError as exc:
        return Run(False, out.getvalue(), err.getvalue(), str(exc))
    return Run(True, out.getvalue(), err.getvalue())


@pytest.fixture
def teacher(db):
    return EducatorFactory(user__email="ana.baca@example.org", license_level=1).user


@pytest.fixture
def scorer(db):
    return UserFactory(email="fac@example.org", roles=[Role.FACILITATOR])
