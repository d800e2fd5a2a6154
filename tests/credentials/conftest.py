import pytest
from django.core.cache import cache

from tests.factories.credentials import issued_credential


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def credential(educator):
    return issued_credential(educator=educator.educator_profile)
