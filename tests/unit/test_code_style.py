"""The code keeps to its style: ruff's lint rules and formatter, and mypy's type check.

The tools are pinned in ``pyproject.toml`` (``dev`` extra), so a new release cannot change what
passes here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("vocradar", "models", "streams", "connectors", "dashboards", "lexicons")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize("command", [("ruff", "check", "."), ("ruff", "format", "--check", ".")])
def test_ruff(command: tuple[str, ...]) -> None:
    done = _run(*command)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_mypy() -> None:
    done = _run("mypy", *PACKAGES)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
