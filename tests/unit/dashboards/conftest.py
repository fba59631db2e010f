"""Dashboard tests run the app as ``vocradar run`` serves it: on the loopback address.

The app refuses its open (no login) mode anywhere else, and ``AppTest`` starts no server, so the
``server.address`` option is set here as the launcher sets it; a test may set another one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def loopback_server_address() -> Iterator[None]:
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)
