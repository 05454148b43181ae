import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the lead's catalogues translate them)."""
    with translation.override("en"):
        yield
