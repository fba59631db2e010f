"""A SASL front for the embedded broker: the server side of Kafka's SASL authentication.

Tansu 0.6, the embedded broker, cannot authenticate anyone in memory storage (it speaks SCRAM
only, and drops the SCRAM users it is given). This front does what a Kafka broker's SASL listener
does, on loopback, in front of a plaintext Tansu: it answers ``ApiVersions`` (from Tansu),
``SaslHandshake`` (v1) and ``SaslAuthenticate`` itself, checking PLAIN, SCRAM-SHA-256 or
SCRAM-SHA-512 credentials (RFC 5802 / 7677, as Kafka does), refuses every other request before
authentication, and after it relays the connection's bytes to Tansu. With a TLS context it is a
SASL_SSL listener. Frames are read and written with kafka-python's protocol classes.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import os
import ssl
import struct
import threading
from typing import Any

from kafka.protocol.sasl import (
    SaslAuthenticateRequest,
    SaslAuthenticateResponse,
    SaslHandshakeRequest,
    SaslHandshakeResponse,
)

from vocradar.broker import pipe

API_VERSIONS, SASL_HANDSHAKE, SASL_AUTHENTICATE = 18, 17, 36
UNSUPPORTED_SASL_MECHANISM, ILLEGAL_SASL_STATE, SASL_AUTHENTICATION_FAILED = 33, 34, 58
HASHES = {"SCRAM-SHA-256": hashlib.sha256, "SCRAM-SHA-512": hashlib.sha512}


class ScramServer:
    """One SCRAM exchange, server side, for a known user and password."""

    def __init__(self, mechanism: str, users: dict[str, str], iterations: int = 4096) -> None:
        self.hash = HASHES[mechanism]
        self.users = users
        self.iterations = iterations
        self.salt = os.urandom(16)
        self.state = "first"
        self.user: str | None = None

    def _hmac(self, key: bytes, msg: bytes) -> bytes:
        return hmac.new(key, msg, self.hash).digest()

    def step(self, data: bytes) -> tuple[bytes, bool]:
        """The server's answer to a client message, and whether the exchange succeeded so far.

        Raises ValueError on bad credentials or a malformed exchange.
        """
        text = data.decode()
        if self.state == "first":
            flag, authzid, bare = text.split(",", 2)
            self.gs2 = f"{flag},{authzid},"
            attrs = dict(a.split("=", 1) for a in bare.split(","))
            self.user, self.client_first_bare = attrs["n"], bare
            if self.user not in self.users or flag not in ("n", "y"):
                raise ValueError("unknown user")
            self.nonce = attrs["r"] + base64.b64encode(os.urandom(18)).decode()
            self.server_first = f"r={self.nonce},s={base64.b64encode(self.salt).decode()},i={self.iterations}"
            self.state = "final"
            return self.server_first.encode(), False
        if self.state == "final":
            without_proof, _, proof_attr = text.rpartition(",")
            attrs = dict(a.split("=", 1) for a in without_proof.split(","))
            if attrs.get("r") != self.nonce or not proof_attr.startswith("p="):
                raise ValueError("bad client-final message")
            if base64.b64decode(attrs["c"]) != self.gs2.encode():
                raise ValueError("bad channel binding")
            assert self.user is not None
            salted = hashlib.pbkdf2_hmac(
                self.hash().name, self.users[self.user].encode(), self.salt, self.iterations
            )
            client_key = self._hmac(salted, b"Client Key")
            stored_key = self.hash(client_key).digest()
            auth_message = f"{self.client_first_bare},{self.server_first},{without_proof}".encode()
            signature = self._hmac(stored_key, auth_message)
            proof = base64.b64decode(proof_attr[2:])
            recovered = bytes(a ^ b for a, b in zip(proof, signature, strict=True))
            if not hmac.compare_digest(self.hash(recovered).digest(), stored_key):
                raise ValueError("wrong password")
            server_signature = self._hmac(self._hmac(salted, b"Server Key"), auth_message)
            self.state = "done"
            return b"v=" + base64.b64encode(server_signature), True
        raise ValueError("exchange already over")


def check_plain(data: bytes, users: dict[str, str]) -> None:
    """PLAIN: ``authzid NUL user NUL password``; ValueError unless the password is the user's."""
    _, user, password = data.decode().split("\0")
    if users.get(user) != password:
        raise ValueError("wrong user or password")


class SaslFront:
    """Listens on ``port`` (TLS with ``context``), authenticates, then relays to ``target_port``.

    ``logins`` records each successful login as ``(mechanism, user)``.
    """

    def __init__(
        self,
        port: int,
        target_port: int,
        mechanism: str,
        users: dict[str, str],
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.port, self.target_port = port, target_port
        self.mechanism, self.users, self.context = mechanism, users, context
        self.logins: list[tuple[str, str]] = []
        self.refused: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(lambda loop, ctx: None)  # refused handshakes, hang-ups
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sasl-front", daemon=True)

    def start(self) -> SaslFront:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the SASL front did not start")
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", self.port, ssl=self.context)
        )
        self._ready.set()
        try:
            self.loop.run_forever()
        finally:
            server.close()
            tasks = asyncio.all_tasks(self.loop)
            for task in tasks:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self.loop.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    @staticmethod
    async def _frame(reader: asyncio.StreamReader) -> bytes:
        size = struct.unpack(">i", await reader.readexactly(4))[0]
        return await reader.readexactly(size)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        try:
            if await self._authenticate(reader, writer, up_reader, up_writer):
                await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        except (asyncio.IncompleteReadError, OSError, ssl.SSLError):
            pass
        finally:
            for w in (writer, up_writer):
                with contextlib.suppress(Exception):
                    w.close()

    async def _authenticate(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> bool:
        scram: ScramServer | None = None
        mechanism: str | None = None
        while True:
            frame = await self._frame(reader)
            api_key, version = struct.unpack(">hh", frame[:4])
            if api_key == API_VERSIONS:  # Tansu's own answer
                up_writer.write(struct.pack(">i", len(frame)) + frame)
                await up_writer.drain()
                answer = await self._frame(up_reader)
                writer.write(struct.pack(">i", len(answer)) + answer)
            elif api_key == SASL_HANDSHAKE and version >= 1:
                hs = SaslHandshakeRequest.decode(frame, version=version, header=True)
                ok = hs.mechanism == self.mechanism
                mechanism = hs.mechanism if ok else None
                if ok and mechanism in HASHES:
                    scram = ScramServer(mechanism, self.users)
                resp: Any = SaslHandshakeResponse(
                    error_code=0 if ok else UNSUPPORTED_SASL_MECHANISM,
                    mechanisms=[self.mechanism],
                    version=version,
                )
                resp.with_header(correlation_id=hs.header.correlation_id)
                writer.write(resp.encode(header=True, framed=True))
                if not ok:
                    self.refused.append(f"mechanism {hs.mechanism}")
                    await writer.drain()
                    return False
            elif api_key == SASL_AUTHENTICATE and mechanism is not None:
                req = SaslAuthenticateRequest.decode(frame, version=version, header=True)
                token = bytes(req.auth_bytes)
                try:
                    if scram is not None:
                        out, done = scram.step(token)
                        user = scram.user or ""
                    else:
                        check_plain(token, self.users)
                        out, done, user = b"", True, token.decode().split("\0")[1]
                    resp = SaslAuthenticateResponse(
                        error_code=0,
                        error_message=None,
                        auth_bytes=out,
                        session_lifetime_ms=0,
                        version=version,
                    )
                except (ValueError, KeyError, IndexError) as exc:
                    resp = SaslAuthenticateResponse(
                        error_code=SASL_AUTHENTICATION_FAILED,
                        error_message=f"Authentication failed: {exc}",
                        auth_bytes=b"",
                        session_lifetime_ms=0,
                        version=version,
                    )
                    done = False
                    self.refused.append(str(exc))
                resp.with_header(correlation_id=req.header.correlation_id)
                writer.write(resp.encode(header=True, framed=True))
                await writer.drain()
                if resp.error_code:
                    return False
                if done:
                    self.logins.append((mechanism, user))
                    return True
            else:  # anything else before authentication: the connection is closed, as Kafka does
                self.refused.append(f"request {api_key} before authentication")
                return False
            await writer.drain()
