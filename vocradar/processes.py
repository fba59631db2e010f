"""Child-process helpers: free ports, readiness waits, and children that die with their parent.

Every long-lived child of ``vocradar run`` (broker, warehouse, workers, dashboard, connectors)
is started here so that Ctrl-C, SIGTERM or even a SIGKILL of the parent leaves no orphan.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

__all__ = ["free_port", "python_module_cmd", "spawn", "stop_process", "wait_for_port"]

_PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_for_port(
    host: str, port: int, timeout_s: float = 30.0, alive: Callable[[], bool] | None = None
) -> None:
    """Wait until something accepts TCP connections on ``host:port``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise RuntimeError(f"process meant to listen on {host}:{port} exited")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on {host}:{port} within {timeout_s:.0f}s")


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def python_module_cmd(*args: str) -> list[str]:
    """The command that runs ``python -m vocradar ARGS`` with this interpreter."""
    return [sys.executable, "-m", "vocradar", *args]


def spawn(
    cmd: Sequence[str],
    env: dict[str, str] | None = None,
    log_path: str | None = None,
    cwd: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start a child in its own process group that receives SIGTERM if this process dies."""
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
    try:
        return subprocess.Popen(
            list(cmd),
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            start_new_session=True,  # Ctrl-C reaches the parent, which stops children in order
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    finally:
        if log_path and not isinstance(out, int):
            out.close()


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 10.0, sig: int = signal.SIGTERM) -> int:
    """Ask a child (and its process group) to stop, then kill it if it does not."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    # Reap grandchildren left in the group (e.g. a shell's children).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode if proc.returncode is not None else -1
