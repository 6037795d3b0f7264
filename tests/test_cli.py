"""The console script, run as a real process: keys, schema export, and serve over real HTTP."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ciris_telemetry.auth import ApiKeyService, Role
from ciris_telemetry.config import Settings
from ciris_telemetry.gql.schema_factory import schema_sdl
from ciris_telemetry.store import open_gateway_store

CLI = str(Path(sys.executable).parent / "ciris-telemetry")
KEY = re.compile(r"^ctg_[0-9a-f]{12}_[A-Za-z0-9_-]{43,}$")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CIRIS_TELEMETRY_")}


def test_keys_create_prints_only_the_key(tmp_path: Path) -> None:
    out = subprocess.run(
        [CLI, "keys", "create", "--role", "observer", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    key = out.stdout.strip()
    assert out.stdout == key + "\n"
    assert KEY.match(key)


async def test_created_key_authenticates_with_its_role(tmp_path: Path) -> None:
    key = subprocess.run(  # noqa: ASYNC221 - the CLI is the subject; nothing else runs meanwhile
        [CLI, "keys", "create", "--role", "AUTHORITY", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    ).stdout.strip()
    store = await open_gateway_store(Settings.load(None, data_dir=tmp_path))
    try:
        principal = await ApiKeyService(store).verify(key)
    finally:
        await store.close()
    assert principal is not None
    assert principal.role is Role.AUTHORITY


def test_keys_create_rejects_an_unknown_role(tmp_path: Path) -> None:
    out = subprocess.run(
        [CLI, "keys", "create", "--role", "ROOT", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert out.returncode == 2
    assert "ROOT" in out.stderr
    assert out.stdout == ""
    assert "Traceback" not in out.stderr


def test_export_schema_prints_the_sdl(tmp_path: Path) -> None:
    out = subprocess.run([CLI, "export-schema"], capture_output=True, text=True, check=True)
    assert out.stdout == schema_sdl()
    target = tmp_path / "schema.graphql"
    subprocess.run([CLI, "export-schema", "--output", str(target)], check=True)
    assert target.read_text() == schema_sdl()


def test_bad_config_file_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("port = [")
    out = subprocess.run(
        [CLI, "serve", "--config", str(config)], capture_output=True, text=True, env=_env()
    )
    assert out.returncode == 2
    assert "bad.toml" in out.stderr
    assert "Traceback" not in out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_runs_the_reference_agent_in_real_time(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(3)]
        assert f"http://127.0.0.1:{port}/graphql" in banner[0]
        key_line = banner[2]
        key = key_line.rsplit(" ", 1)[-1].strip()
        assert KEY.match(key), banner
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "gateway did not come up"
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {key}"}
        query = "{ agents { id snapshot { uptimeSeconds } } }"
        first = httpx.post(f"{base}/graphql", json={"query": query}, headers=headers).json()
        time.sleep(1.5)
        second = httpx.post(f"{base}/graphql", json={"query": query}, headers=headers).json()
        assert first["data"]["agents"][0]["id"] == "reference"
        # The reference agent advances on the wall clock while serving.
        assert (
            second["data"]["agents"][0]["snapshot"]["uptimeSeconds"]
            > first["data"]["agents"][0]["snapshot"]["uptimeSeconds"]
        )
        rest = httpx.get(f"{base}/v1/telemetry/llm/usage", headers=headers)
        assert rest.status_code == 200
        assert httpx.get(f"{base}/v1/telemetry/llm/usage").status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    # A second start finds the key store already holds a key and prints none.
    assert process.returncode == 0
