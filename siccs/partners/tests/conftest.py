"""Reference data the migrations ship, restored after browser tests flush the database."""

import pytest

from siccs.committees.reference import ensure_reference_data
from siccs.rollout.reference import ensure_default_methodology


@pytest.fixture(autouse=True)
def reference_data(db):
    ensure_reference_data()
    return ensure_default_methodology()
