"""A small tmpfs mounted for one test, so a disk can really fill up; unmounted afterwards.

Mounting needs root (CAP_SYS_ADMIN). Without it the test skips locally but fails under CI
(CI=true), with the reason, since a skip there would hide lost coverage.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.missing import missing


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@contextmanager
def small_tmpfs(directory: Path, size: str) -> Iterator[Path]:
    """`directory` (created) with a tmpfs of `size` (e.g. "256k") mounted on it."""
    directory.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    mounted = (
        _run(mount, "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(directory))
        if mount
        else None
    )
    if mounted is None or mounted.returncode != 0:
        detail = "no mount command" if mounted is None else mounted.stderr.strip()
        reason = (
            f"cannot mount a {size} tmpfs on {directory} ({detail}); the disk-full tests "
            "need root or CAP_SYS_ADMIN"
        )
        missing(reason)
    try:
        yield directory
    finally:
        unmounted = _run("umount", str(directory))
        assert unmounted.returncode == 0, f"umount {directory}: {unmounted.stderr.strip()}"


def used_bytes(directory: Path) -> int:
    """Bytes in use on the filesystem holding `directory`."""
    return shutil.disk_usage(directory).used


def file_names(directory: Path) -> list[str]:
    """The names in `directory`, sorted, without dot files (the replicas' liveness locks)."""
    return sorted(path.name for path in directory.iterdir() if not path.name.startswith("."))
