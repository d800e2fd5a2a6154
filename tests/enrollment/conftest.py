import datetime as dt

import pytest
import time_machine
from django.utils import timezone


@pytest.fixture
def in_q3_24():
    """February 15, 2024, Mountain Time: fiscal quarter Q3/24."""
    with time_machine.travel(
        dt.datetime(2024, 2, 15, 10, 0, tzinfo=timezone.get_default_timezone()), tick=False
    ):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(execute=True):`` runs on-commit callbacks (emails) as a real commit would."""
    return django_capture_on_commit_callbacks
