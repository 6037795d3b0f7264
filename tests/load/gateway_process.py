"""`ciris-telemetry serve` on the embedded reference agent, in a process of its own.

Load and leak checks need the server in another process than the client, so the client's own
memory and CPU never count as the server's. The process is started as an operator would start
it (the console script, settings from the environment) with an OBSERVER key minted by
`ciris-telemetry keys create` beforehand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support.live_ws import TOKEN, free_port

CLI = Path(sys.executable).with_name("ciris-telemetry")
START_SECONDS = 30.0
STOP_SECONDS = 10.0

# Rate limits off: the load must measure the gateway, not its refusals. The service token is
# live_ws' TOKEN, so its WebSocket helpers authenticate as they do against in-process apps.
LOAD_ENV = {
    "CIRIS_TELEMETRY_RATE_LIMITS__ENABLED": "false",
    "CIRIS_TELEMETRY_SERVICE_TOKEN": TOKEN,
}


@dataclass(frozen=True)
class GatewayProcess:
    pid: int
    port: int
    observer_key: str
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def rss_kib(self) -> int:
        """The server's resident set size now (VmRSS), in KiB."""
        return rss_kib(self.pid)

    def get(self, path: str, authorization: str) -> tuple[int, str]:
        """Status and body of one GET."""
        request = urllib.request.Request(
            self.base_url + path, headers={"Authorization": authorization}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"process {pid} reports no VmRSS")


def _environment(data_dir: Path, settings: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIRIS_")}
    env.update(LOAD_ENV)
    env.update(settings)
    env["CIRIS_TELEMETRY_DATA_DIR"] = str(data_dir)
    return env


def _mint_observer_key(env: Mapping[str, str]) -> str:
    created = subprocess.run(
        [str(CLI), "keys", "create", "--role", "OBSERVER", "--name", "load"],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return created.stdout.strip()


def _wait_until_live(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}: {log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"serve did not answer /healthz in {START_SECONDS} s: {log_path.read_text()}"
    )


@contextmanager
def served_gateway(
    work_dir: Path, settings: Mapping[str, str] | None = None
) -> Iterator[GatewayProcess]:
    """Serve the reference agent from a subprocess; `settings` are extra CIRIS_TELEMETRY_*
    variables. The process is stopped (SIGTERM, then SIGKILL) when the block ends."""
    env = _environment(work_dir / "gateway", settings or {})
    key = _mint_observer_key(env)
    port = free_port()
    log_path = work_dir / "serve.log"
    with log_path.open("wb") as log:
        # The access log goes to the file: a pipe nobody reads would block the server.
        process = subprocess.Popen(
            [str(CLI), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_live(process, port, log_path)
            yield GatewayProcess(process.pid, port, key, log_path)
        finally:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
