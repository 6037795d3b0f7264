"""Whether a replica that wrote into this data directory is still running.

Each running replica holds an exclusive `flock` on `<exports>/.replica-<id>.lock` for as long
as its export jobs run. The kernel drops the lock when the process ends, however it ends, so
a lock that can be taken belongs to a replica that is gone: its RUNNING jobs can be taken over
at once, without waiting for their heartbeat to go stale. Replicas sharing a data directory
(one volume for downloads) thus never take each other's jobs while both are alive.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def _lock_path(exports_dir: Path, replica_id: str) -> Path:
    return exports_dir / f".replica-{replica_id}.lock"


class ReplicaLock:
    """This replica's lock, held from `hold()` until `release()`."""

    def __init__(self, exports_dir: Path, replica_id: str) -> None:
        self._path = _lock_path(exports_dir, replica_id)
        self._fd: int | None = None

    def hold(self) -> None:
        if self._fd is not None:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        self._path.unlink(missing_ok=True)
        os.close(self._fd)  # closing drops the lock
        self._fd = None


def replica_gone(exports_dir: Path, replica_id: str) -> bool:
    """True when no live process holds `replica_id`'s lock in `exports_dir`."""
    path = _lock_path(exports_dir, replica_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True  # released on a clean stop, or never written here
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        path.unlink(missing_ok=True)  # a crashed replica's leftover
        return True
    finally:
        os.close(fd)
