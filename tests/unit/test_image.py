"""The Docker image's file layout, built the way the Dockerfile builds it, without Docker.

The Dockerfile is parsed (WORKDIR, COPY, ENV, the ``pip install .`` step and what it removes); its
COPY lines are replayed into a temporary root, the package is built and installed from there into
a directory of its own, and the image's commands run from the image's working directory with the
image's data directory: the package imports from the installed copy (not from these sources), the
worker's CLI and stream app load, ``vocradar score`` works, and nothing but the data directory is
written. Also: every package folder of pyproject's ``package-dir`` is COPYed, and every data file
the repository keeps in the package folders is installed (a file the package data patterns miss is
absent from the image).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Inputs of the corpus build (models/corpus/real.py), not read by the installed product.
NOT_INSTALLED = (
    "models/corpus/real/raw/",
    "models/corpus/real/labels2/",
    "models/corpus/real/labels3/",
    "models/corpus/written/README.md",
)

# Drops the development install's import hook (an editable install of these sources), so the
# children import the project only from the directories the test puts on their path.
SITECUSTOMIZE = """\
import sys
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, "__module__", "").startswith("__editable__")]
sys.path_importer_cache.clear()
"""

EVENTS = [
    {
        "event_id": "img-1",
        "source": "tweet",
        "occurred_at": "2026-03-02T10:00:00+09:00",
        "text": "해지 세 번째 요청인데 또 안 해주네요. 이 통화 녹음하고 있어요, 인터넷에 올릴 거예요",
        "customer": {"handle": "@someone", "followers": 52000},
        "lang": "ko",
    },
    {
        "event_id": "img-2",
        "source": "chat",
        "occurred_at": "2026-03-02T10:01:00+09:00",
        "text": "My bill doubled this month and nobody can explain why.",
        "lang": "en",
    },
]


@dataclass
class Dockerfile:
    """What the Dockerfile does to the file system, as far as the layout is concerned."""

    copies: list[tuple[list[str], str, PurePosixPath]] = field(default_factory=list)  # sources, dest, WORKDIR
    build_dir: PurePosixPath | None = None  # the working directory of `pip install .`
    removed: list[PurePosixPath] = field(default_factory=list)  # `rm -rf` in that step
    env: dict[str, str] = field(default_factory=dict)
    workdir: PurePosixPath = field(default_factory=lambda: PurePosixPath("/"))  # the last one: where they run


def _instructions(text: str) -> Iterator[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    logical = ""
    for line in text.splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            logical += line.rstrip()[:-1] + " "
            continue
        logical += line
        word, _, rest = logical.strip().partition(" ")
        yield word.upper(), rest.strip()
        logical = ""


def parse_dockerfile(path: Path) -> Dockerfile:
    parsed = Dockerfile()
    for word, rest in _instructions(path.read_text(encoding="utf-8")):
        if word == "WORKDIR":
            parsed.workdir = parsed.workdir / rest
        elif word == "ENV":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                parsed.env[key] = value
        elif word in ("COPY", "ADD"):
            assert word == "COPY", "ADD is not replayed by this test: use COPY"
            args = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
            assert not any(a.startswith("--") for a in args), f"COPY flags are not replayed: {rest}"
            parsed.copies.append((args[:-1], args[-1], parsed.workdir))
        elif word == "RUN" and re.search(r"pip install\b.*\s\.(\s|$)", rest):
            parsed.build_dir = parsed.workdir
            parsed.removed += [PurePosixPath(p) for p in re.findall(r"rm -rf (\S+)", rest)]
    return parsed


def _inside(root: Path, image_path: PurePosixPath) -> Path:
    """Where an absolute path of the image lies under the test's root."""
    assert image_path.is_absolute(), image_path
    return root.joinpath(*image_path.parts[1:])


def _snapshot(top: Path, skip: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
    """Every file and directory under top (size, mtime in ns), except the skipped trees."""
    seen: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in [*dirnames, *filenames]:
            st = (here / name).lstat()
            seen[str((here / name).relative_to(top))] = (st.st_size, st.st_mtime_ns)
    return seen


def _set_writable(top: Path, writable: bool) -> None:
    for dirpath, _, filenames in os.walk(top):
        for p in [Path(dirpath), *(Path(dirpath) / f for f in filenames)]:
            if p.is_symlink():
                continue
            mode = p.stat().st_mode
            p.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@dataclass
class Image:
    root: Path  # the image's "/"
    site: Path  # where `pip install .` put the package
    cwd: Path  # the image's working directory
    data_dir: Path  # VOCRADAR_DATA_DIR
    env: dict[str, str]

    def run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv), cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Image]:
    """The image's layout under a temporary root: COPY replayed, `pip install .` as the image does it
    (into a directory of its own, offline, against this environment's dependencies), its removals."""
    spec = parse_dockerfile(ROOT / "Dockerfile")
    tmp = tmp_path_factory.mktemp("image")
    root = tmp / "root"
    for sources, dest, workdir in spec.copies:
        # Docker's rules: a folder's contents go into the destination; a file goes into it when it
        # names a folder (ends with "/", is ".", or several sources are given), else it is the file.
        target = _inside(root, workdir / dest)
        into_folder = dest.endswith("/") or dest == "." or len(sources) > 1
        for src in sources:
            origin = ROOT / src
            if origin.is_dir():
                shutil.copytree(
                    origin, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
                )
            else:
                into = target / origin.name if into_folder else target
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, into)
    assert spec.build_dir is not None, "no `pip install .` step found in the Dockerfile"
    site = tmp / "site"
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--target", str(site), str(_inside(root, spec.build_dir))),
        ],
        cwd=_inside(root, spec.build_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    for gone in spec.removed:
        shutil.rmtree(_inside(root, gone), ignore_errors=True)
    data = PurePosixPath(spec.env.get("VOCRADAR_DATA_DIR", ""))
    assert data.is_absolute(), f"the image's VOCRADAR_DATA_DIR must be absolute, not {str(data)!r}"
    data_dir = _inside(root, data)
    cwd = _inside(root, spec.workdir)
    for d in (data_dir, cwd):
        d.mkdir(parents=True, exist_ok=True)  # Docker creates WORKDIR and the volume's mount point
    hook = tmp / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home = tmp / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOCRADAR_", "PYTHON"))}
    env.update(
        {
            "VOCRADAR_DATA_DIR": str(data_dir),
            "PYTHONPATH": f"{site}{os.pathsep}{hook}",
            "PYTHONDONTWRITEBYTECODE": "1",  # the image's site-packages is not writable either
            "HOME": str(home),
        }
    )
    img = Image(root=root, site=site, cwd=cwd, data_dir=data_dir, env=env)
    _set_writable(site, False)
    try:
        yield img
    finally:
        _set_writable(site, True)


def test_every_package_folder_is_copied() -> None:
    """A top-level folder in pyproject's package-dir that the Dockerfile does not COPY breaks the
    image's install."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    folders = {PurePosixPath(d).parts[0] for d in pyproject["tool"]["setuptools"]["package-dir"].values()}
    copies = parse_dockerfile(ROOT / "Dockerfile").copies
    copied = {PurePosixPath(src).parts[0] for sources, _, _ in copies for src in sources}
    assert folders <= copied, f"not COPYed in the Dockerfile: {sorted(folders - copied)}"
    assert {"pyproject.toml", "README.md"} <= copied  # the build reads both (readme = README.md)


def test_package_data_is_installed(image: Image) -> None:
    """Every data file kept in the package folders reaches the installed package."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = pyproject["tool"]["setuptools"]["package-dir"]
    tracked = subprocess.run(
        ["git", "ls-files", *sorted({PurePosixPath(d).parts[0] for d in mapping.values()})],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    missing = []
    for path in tracked:
        if path.endswith(".py") or path.startswith(NOT_INSTALLED):
            continue
        # the deepest package whose folder holds the file
        package, folder = max(
            ((pkg, d) for pkg, d in mapping.items() if path.startswith(d.rstrip("/") + "/")),
            key=lambda item: len(item[1]),
        )
        installed = image.site.joinpath(*package.split("."), path[len(folder.rstrip("/")) + 1 :])
        if not installed.exists():
            missing.append(path)
    assert not missing, f"not installed (add them to [tool.setuptools.package-data]): {missing}"


def test_image_imports_the_installed_package(image: Image) -> None:
    """From the image's working directory the package and its stream app import from the installed
    copy (no source folder there shadows it), and the worker's CLI starts."""
    done = image.run(
        sys.executable,
        "-c",
        "import vocradar, vocradar.streams.app, vocradar.dashboards, vocradar.connectors.launches as l; "
        "print(vocradar.__file__); print(vocradar.streams.app.__file__); "
        "print(len(l.load_real_references()))",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.split()
    assert Path(lines[0]).is_relative_to(image.site) and Path(lines[1]).is_relative_to(image.site), lines
    assert int(lines[2]) > 0
    cli = image.run(str(image.site / "bin" / "vocradar"), "worker", "--help")  # the image's ENTRYPOINT
    assert cli.returncode == 0 and "Usage:" in cli.stdout, cli.stderr[-3000:]
    module = image.run(sys.executable, "-m", "vocradar", "worker", "--help")  # as `vocradar run` starts it
    assert module.returncode == 0 and "Usage:" in module.stdout, module.stderr[-3000:]


def test_image_scores_writing_only_its_data_dir(image: Image, tmp_path: Path) -> None:
    """`vocradar score` works in the image's layout, and the only place written is the data
    directory: the installed package (read-only here) and the rest of the image stay as they were."""
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in EVENTS), encoding="utf-8")
    out = image.data_dir / "scored.jsonl"
    skip = (image.data_dir,)
    before = _snapshot(image.root, skip), _snapshot(image.site, skip)
    done = image.run(sys.executable, "-m", "vocradar", "score", "--in", str(events), "--out", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["event_id"] for r in rows] == ["img-1", "img-2"]
    assert rows[0]["risk_level"] in ("high", "critical") and rows[0]["alert"] is True
    after = _snapshot(image.root, skip), _snapshot(image.site, skip)
    assert after == before, "written outside the data directory"
