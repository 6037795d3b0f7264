"""A private PostgreSQL cluster a test may stop and start again, on its own port and socket
directory. The machine's own server (5432) is shared with other test runs and never stopped.

initdb refuses to run as root, so the cluster belongs to the `postgres` user and every
server command runs as it (through runuser when the tests run as root).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.live_ws import free_port
from support.missing import missing

POSTGRES_ROOT = Path("/usr/lib/postgresql")
OWNER = "postgres"


def postgres_bin_dir() -> Path:
    """The newest installed server's bin directory (`/usr/lib/postgresql/<major>/bin`)."""
    majors = sorted(
        (int(path.name) for path in POSTGRES_ROOT.glob("*") if path.name.isdigit()), reverse=True
    )
    for major in majors:
        candidate = POSTGRES_ROOT / str(major) / "bin"
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    missing(f"no PostgreSQL server binaries under {POSTGRES_ROOT}")


class PostgresCluster:
    """`initdb` once; `start()` and `stop()` as often as a test needs."""

    def __init__(self, directory: Path, bin_dir: Path) -> None:
        self.directory = directory
        self.bin_dir = bin_dir
        self.port = free_port()
        self.data = directory / "data"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{OWNER}@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, *command: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", OWNER, "--", *command]
        return list(command)

    async def _run(self, *command: str) -> None:
        process = await asyncio.create_subprocess_exec(
            *self._as_owner(*command),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        assert process.returncode == 0, f"{command[0]} failed: {output.decode(errors='replace')}"

    async def init(self) -> None:
        await self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            OWNER,
            "--no-sync",
        )

    async def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        await self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "start",
        )

    async def stop(self) -> None:
        """A fast shutdown: open sessions are ended, as when an operator stops the server."""
        await self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )


@contextmanager
def cluster_directory() -> Iterator[Path]:
    """A directory under the system temp dir owned by `postgres` (pytest's tmp_path is
    private to root, so the server could not reach it)."""
    try:
        owner = pwd.getpwnam(OWNER)
    except KeyError:
        missing(f"no `{OWNER}` user to own a private PostgreSQL cluster")
        raise
    directory = Path(tempfile.mkdtemp(prefix="ctg-faults-pg-"))
    try:
        if os.geteuid() == 0:
            os.chown(directory, owner.pw_uid, owner.pw_gid)
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
async def cluster() -> AsyncIterator[PostgresCluster]:
    """A private cluster, initialised and started; stopped after the test if it still runs."""
    with cluster_directory() as directory:
        server = PostgresCluster(directory, postgres_bin_dir())
        await server.init()
        await server.start()
        try:
            yield server
        finally:
            await server.stop()
