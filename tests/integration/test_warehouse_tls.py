"""ClickHouse over TLS: the server's certificate, its host name and a client certificate are checked.

A TLS front (Python ``ssl`` and asyncio, certificates from a throw-away CA) terminates TLS and
passes the bytes to the session's real warehouse service, as a TLS-terminating proxy or a
ClickHouse server's own ``https_port`` would. The client is the product's own
(:func:`connect_warehouse` with the settings an operator sets).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import WarehouseService
from pydantic import SecretStr, ValidationError
from tls_certs import Pki, make_pki

from vocradar.broker import pipe
from vocradar.connectors.warehouse import WarehouseUnavailable, connect_warehouse, redact_url
from vocradar.processes import free_port
from vocradar.settings import Settings

pytestmark = pytest.mark.integration

# Both loopback addresses answer; the server certificate names 127.0.0.1 and localhost only.
HOSTS = ("127.0.0.1", "127.0.0.2")


class TlsFront:
    """Terminates TLS on ``HOSTS:port`` and relays each connection to ``backend_port`` in plain TCP."""

    def __init__(self, pki: Pki, backend_port: int, require_client_cert: bool = False) -> None:
        self.ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ctx.load_cert_chain(pki.server_cert, pki.server_key)
        if require_client_cert:
            self.ctx.verify_mode = ssl.CERT_REQUIRED
            self.ctx.load_verify_locations(pki.ca)
        self.backend_port = backend_port
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        b_reader, b_writer = await asyncio.open_connection("127.0.0.1", self.backend_port)
        await asyncio.gather(pipe(reader, b_writer), pipe(b_reader, writer))

    def start(self) -> TlsFront:
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, list(HOSTS), self.port, ssl=self.ctx), self.loop
        ).result(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            assert self.server is not None
            self.server.close()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _backend_port(svc: WarehouseService) -> int:
    port = urlparse(svc.base_url).port
    assert port is not None
    return port


@pytest.fixture()
def front(pki: Pki, warehouse_service: WarehouseService) -> Iterator[TlsFront]:
    f = TlsFront(pki, _backend_port(warehouse_service)).start()
    yield f
    f.stop()


@pytest.fixture()
def mtls_front(pki: Pki, warehouse_service: WarehouseService) -> Iterator[TlsFront]:
    f = TlsFront(pki, _backend_port(warehouse_service), require_client_cert=True).start()
    yield f
    f.stop()


def _settings(svc: WarehouseService, url: str, **tls: object) -> Settings:
    return Settings(
        _env_file=None,
        warehouse_url=url,
        warehouse_user=svc.writer[0],
        warehouse_password=SecretStr(svc.writer[1]),
        warehouse_database="tls_" + uuid.uuid4().hex[:8],
        **tls,  # type: ignore[arg-type]
    )


def _round_trip(settings: Settings) -> None:
    wh = connect_warehouse(settings, wait_s=10)
    db = settings.warehouse_database
    try:
        wh.insert("voc_dead", [{"dead_id": "tls", "received_at": datetime.now(UTC), "version": 1}])
        assert wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL") == 1
    finally:
        wh.command(f"DROP DATABASE IF EXISTS {db}")
        wh.close()


def test_the_warehouse_is_reached_over_tls_with_the_ca(front, pki, warehouse_service):
    for host in ("localhost", "127.0.0.1"):
        _round_trip(_settings(warehouse_service, f"https://{host}:{front.port}", warehouse_ca_file=pki.ca))


def test_a_server_certificate_from_another_ca_is_refused(front, tmp_path, warehouse_service):
    other = make_pki(tmp_path / "other", ca_name="someone else's CA")
    settings = _settings(warehouse_service, f"https://localhost:{front.port}", warehouse_ca_file=other.ca)
    with pytest.raises(WarehouseUnavailable, match=r"(?i)certificate verify failed"):
        connect_warehouse(settings, wait_s=10)
    # without a CA file the system's CAs are used: the test CA is not one of them
    with pytest.raises(WarehouseUnavailable, match=r"(?i)certificate verify failed"):
        connect_warehouse(_settings(warehouse_service, f"https://localhost:{front.port}"), wait_s=10)


def test_the_host_name_is_checked(front, pki, warehouse_service):
    # 127.0.0.2 reaches the same front, but the certificate does not name it
    settings = _settings(warehouse_service, f"https://127.0.0.2:{front.port}", warehouse_ca_file=pki.ca)
    with pytest.raises(WarehouseUnavailable, match=r"(?i)certificate verify failed|match"):
        connect_warehouse(settings, wait_s=10)


def test_mutual_tls_needs_the_client_certificate(mtls_front, pki, warehouse_service):
    url = f"https://localhost:{mtls_front.port}"
    # without a client certificate the front ends the handshake
    with pytest.raises(WarehouseUnavailable, match=r"(?i)SSL|EOF|reset|abort|disconnect|certificate"):
        connect_warehouse(_settings(warehouse_service, url, warehouse_ca_file=pki.ca), wait_s=3)
    _round_trip(
        _settings(
            warehouse_service,
            url,
            warehouse_ca_file=pki.ca,
            warehouse_client_cert=pki.client_cert,
            warehouse_client_key=pki.client_key,
        )
    )


def test_a_password_in_the_url_works_but_is_warned_about_and_never_logged(
    warehouse_service, caplog: pytest.LogCaptureFixture
):
    user, password = warehouse_service.writer
    url = warehouse_service.url_for(user, password)
    assert redact_url(url) == url.replace(password, "***") and password not in redact_url(url)
    with caplog.at_level(logging.DEBUG):
        wh = connect_warehouse(Settings(_env_file=None, warehouse_url=url, warehouse_database="tls_url"))
        wh.command("DROP DATABASE IF EXISTS tls_url")
        wh.close()
        # an unreachable server: its error names the host, never the password
        dead = url.replace(f":{urlparse(url).port}", f":{free_port()}")
        with pytest.raises(WarehouseUnavailable) as err:
            connect_warehouse(Settings(_env_file=None, warehouse_url=dead), wait_s=1)
    assert password not in str(err.value)
    assert any("VOCRADAR_WAREHOUSE_PASSWORD" in r.getMessage() for r in caplog.records)
    assert all(password not in r.getMessage() for r in caplog.records)


def test_tls_settings_need_an_https_url_and_existing_files(pki: Pki, tmp_path: Path):
    with pytest.raises(ValidationError, match="not an https"):
        Settings(_env_file=None, warehouse_url="http://ch:8123", warehouse_ca_file=pki.ca)
    with pytest.raises(ValidationError, match="not an https"):
        Settings(_env_file=None, warehouse_ca_file=pki.ca)  # the embedded warehouse speaks plain HTTP
    with pytest.raises(ValidationError, match="no such file"):
        Settings(_env_file=None, warehouse_url="https://ch:8443", warehouse_ca_file=tmp_path / "missing.pem")
    with pytest.raises(ValidationError, match="needs VOCRADAR_WAREHOUSE_CLIENT_CERT"):
        Settings(_env_file=None, warehouse_url="https://ch:8443", warehouse_client_key=pki.client_key)
    ok = Settings(_env_file=None, warehouse_url="clickhouses://ch:8443", warehouse_ca_file=pki.ca)
    assert ok.warehouse_ca_file == pki.ca
