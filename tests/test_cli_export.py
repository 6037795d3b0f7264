"""`ciris-telemetry export`, run as a real process against the gateway served by uvicorn on a
loopback port over the stepped reference agent: what it saves is exactly what the GET
answers, refusals print the gateway's message and code, and a broken or interrupted download
leaves no file behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, reference_agent
from support.live_ws import serving

__all__ = ["reference_agent"]

CLI = str(Path(sys.executable).parent / "ciris-telemetry")
TOKEN = f"service:{SERVICE_TOKEN}"
EXPORT = "/v1/telemetry/export"
SINCE, UNTIL = "2026-01-01T00:00:00+00:00", "2026-01-01T00:30:00+00:00"
RANGE = ["--since", SINCE, "--until", UNTIL]
# Export jobs are looked for often, so a test waits little for its job to start.
FAST_JOBS = {"poll_seconds": 0.1}
Params = list[tuple[str, str | int | float | bool | None]]
# How long a test waits for the CLI to reach a state it then acts on (never asserted on).
WAIT_SECONDS = 30.0


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: str


def _env(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("CIRIS_TELEMETRY_")}
    return kept | extra


async def start_cli(*args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        CLI,
        "export",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env if env is not None else _env(),
    )


async def finish(process: asyncio.subprocess.Process) -> Run:
    stdout, stderr = await process.communicate()
    assert process.returncode is not None
    return Run(process.returncode, stdout, stderr.decode())


async def run_cli(*args: str, env: dict[str, str] | None = None) -> Run:
    return await finish(await start_cli(*args, env=env))


@asynccontextmanager
async def served_gateway(
    data_dir: Path, agent: ReferenceAgent, **settings: Any
) -> AsyncIterator[str]:
    """The gateway over `agent` under uvicorn on a free loopback port; yields its base URL."""
    fleet = Fleet()
    fleet.add_reference(agent, AGENT_ID)
    config = Settings.load(None, data_dir=data_dir, service_token=SERVICE_TOKEN, **settings)
    app = create_app(config, fleet=fleet, drive_reference_agents=False)
    try:
        async with serving(app) as port:
            yield f"http://127.0.0.1:{port}"
    finally:
        await fleet.close()


@pytest.fixture
async def base_url(tmp_path: Path, reference_agent: ReferenceAgent) -> AsyncIterator[str]:
    async with served_gateway(tmp_path / "gateway", reference_agent, export=FAST_JOBS) as url:
        yield url


async def get_export(base_url: str, params: Params) -> httpx.Response:
    response = await get_answer(base_url, params)
    assert response.status_code == 200, response.text
    return response


async def get_answer(base_url: str, params: Params) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as client:
        return await client.get(EXPORT, params=params, headers={"Authorization": f"Bearer {TOKEN}"})


def file_name(response: httpx.Response) -> str:
    return response.headers["content-disposition"].split('filename="')[1].rstrip('"')


async def test_the_saved_file_is_the_exports_bytes(base_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tokens.parquet.zst"
    out.parent.mkdir()
    metrics = ["llm.tokens.total", "llm.latency.ms"]
    params: Params = [("since", SINCE), ("until", UNTIL), ("format", "parquet")]
    params += [("compression", "zstd"), *(("metrics", m) for m in metrics)]
    expected = await get_export(base_url, params)

    run = await run_cli(
        "--url", base_url, "--token", TOKEN, *RANGE, "--format", "parquet",
        "--compression", "zstd", "--metric", metrics[0], "--metric", metrics[1], "-o", str(out),
    )  # fmt: skip

    assert run.code == 0, run.stderr
    assert out.read_bytes() == expected.content
    assert sorted(p.name for p in out.parent.iterdir()) == ["tokens.parquet.zst"]
    # Off a terminal the bar prints its label only.
    assert run.stderr == f"Downloading {file_name(expected)}\n"
    assert run.stdout == b""


async def test_dash_writes_the_export_to_stdout_with_the_token_from_the_environment(
    base_url: str, tmp_path: Path
) -> None:
    expected = await get_export(
        base_url, [("since", SINCE), ("until", UNTIL), ("format", "jsonl"), ("kind", "thoughts")]
    )
    assert expected.content.count(b"\n") > 1

    run = await run_cli(
        "--url", base_url, *RANGE, "--format", "jsonl", "--kind", "thoughts", "-o", "-",
        env=_env(CIRIS_TELEMETRY_TOKEN=TOKEN),
    )  # fmt: skip

    assert run.code == 0, run.stderr
    assert run.stdout == expected.content
    assert run.stderr == f"Downloading {file_name(expected)}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "yesterday"],
            "`since` must be an ISO 8601 time with a UTC offset (e.g. 2026-01-01T00:00:00Z); "
            "got 'yesterday'. (BAD_USER_INPUT, HTTP 400)",
        ),
        (
            [*RANGE, "--format", "xlsx"],
            "Unknown `format` 'xlsx'; use one of: json, jsonl, csv, parquet. "
            "(BAD_USER_INPUT, HTTP 400)",
        ),
        (
            [*RANGE, "--until", SINCE],
            "`since` (2026-01-01T00:00:00+00:00) must be before `until` "
            "(2026-01-01T00:00:00+00:00). (BAD_USER_INPUT, HTTP 400)",
        ),
        (
            [*RANGE, "--kind", "thoughts", "--metric", "llm.tokens.total"],
            "`metrics` applies to kind=metrics only, not kind=thoughts. (BAD_USER_INPUT, HTTP 400)",
        ),
    ],
)
async def test_a_refused_parameter_prints_the_gateways_message_and_exits_2(
    base_url: str, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "export.json"

    run = await run_cli("--url", base_url, "--token", TOKEN, *args, "-o", str(out))

    assert run.code == 2
    assert run.stderr == f"Error: {message}\n"
    assert run.stdout == b""
    assert not out.exists()
    assert not out.with_name("export.json.part").exists()


async def test_an_unknown_agent_is_refused_as_input(base_url: str, tmp_path: Path) -> None:
    out = tmp_path / "export.json"

    run = await run_cli(
        "--url", base_url, "--token", TOKEN, *RANGE, "--agent", "nobody", "-o", str(out)
    )

    assert run.code == 2
    assert (
        run.stderr
        == "Error: No agent with id 'nobody'. Known agents: ally. (NOT_FOUND, HTTP 404)\n"
    )
    assert not out.exists()


async def test_a_bad_token_prints_the_gateways_message_and_exits_1(
    base_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"

    run = await run_cli("--url", base_url, "--token", "service:wrong", *RANGE, "-o", str(out))

    assert run.code == 1
    assert run.stderr == "Error: invalid service token (UNAUTHENTICATED, HTTP 401)\n"
    assert not out.exists()


def test_no_token_is_a_usage_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [CLI, "export", "--since", SINCE, "-o", str(tmp_path / "x.json")],
        capture_output=True,
        text=True,
        env=_env(),
    )

    assert run.returncode == 2
    assert "Error: Missing option '--token'." in run.stderr
    assert list(tmp_path.iterdir()) == []


class ResponseValve:
    """A loopback TCP hop that passes the request on but only the first `limit` bytes of the
    answer; then it cuts the connection (`cut=True`) or holds it open sending nothing."""

    def __init__(self, target_port: int, limit: int, *, cut: bool) -> None:
        self._target_port = target_port
        self._limit = limit
        self._cut = cut
        self._writers: list[asyncio.StreamWriter] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> ResponseValve:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        for writer in self._writers:
            writer.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._target_port)
        self._writers += [writer, up_writer]
        self._tasks.append(asyncio.create_task(self._forward_request(reader, up_writer)))
        sent = 0
        while sent < self._limit and (data := await up_reader.read(65536)):
            piece = data[: self._limit - sent]
            writer.write(piece)
            await writer.drain()
            sent += len(piece)
        if self._cut:
            writer.close()
            up_writer.close()

    async def _forward_request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()


LIMIT = 2000


async def whole_json(base_url: str) -> httpx.Response:
    response = await get_export(base_url, [("since", SINCE), ("until", UNTIL)])
    assert len(response.content) > 10 * LIMIT
    return response


async def test_a_download_cut_off_midway_leaves_no_file(base_url: str, tmp_path: Path) -> None:
    await whole_json(base_url)
    out = tmp_path / "export.json"
    port = int(base_url.rsplit(":", 1)[1])

    async with ResponseValve(port, LIMIT, cut=True) as valve:
        run = await run_cli(
            "--url", f"http://127.0.0.1:{valve.port}", "--token", TOKEN, *RANGE, "-o", str(out)
        )

    assert run.code == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith("Downloading ally-metrics-")
    assert lines[1] == (
        f"Error: The export from http://127.0.0.1:{valve.port} broke off: "
        "peer closed connection without sending complete message body (incomplete chunked read)"
    )
    assert not out.exists()
    assert not out.with_name("export.json.part").exists()


async def test_an_interrupted_download_leaves_no_file(base_url: str, tmp_path: Path) -> None:
    await whole_json(base_url)
    out = tmp_path / "export.json"
    part = tmp_path / "export.json.part"
    port = int(base_url.rsplit(":", 1)[1])

    async with ResponseValve(port, LIMIT, cut=False) as valve:
        process = await start_cli(
            "--url", f"http://127.0.0.1:{valve.port}", "--token", TOKEN, *RANGE, "-o", str(out)
        )
        # The body has begun (the part file is open) and then stalls: interrupt it there.
        async with asyncio.timeout(WAIT_SECONDS):
            while not part.exists():  # noqa: ASYNC110 - a file appearing sets no event
                await asyncio.sleep(0.02)
        process.send_signal(signal.SIGINT)
        run = await finish(process)

    assert run.code == 1
    assert run.stderr.splitlines()[-1] == "Aborted!"
    assert not out.exists()
    assert not part.exists()


JOB_LABEL = re.compile(r"^Export job [0-9A-Za-z_-]+$")


async def test_a_range_too_large_to_stream_is_exported_through_a_job(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    out = tmp_path / "tokens.parquet"
    params: Params = [("since", SINCE), ("until", UNTIL), ("format", "parquet")]
    params.append(("metrics", "llm.tokens.total"))
    limited_settings = {**FAST_JOBS, "sync_max_rows": 10}
    async with (
        served_gateway(tmp_path / "whole", reference_agent) as whole_url,
        served_gateway(tmp_path / "limited", reference_agent, export=limited_settings) as url,
    ):
        expected = await get_export(whole_url, params)
        refused = await get_answer(url, params)
        assert refused.status_code == 413
        assert refused.json()["code"] == "EXPORT_TOO_LARGE"

        run = await run_cli(
            "--url", url, "--token", TOKEN, *RANGE, "--format", "parquet",
            "--metric", "llm.tokens.total", "-o", str(out),
        )  # fmt: skip

    assert run.code == 0, run.stderr
    assert out.read_bytes() == expected.content
    lines = run.stderr.splitlines()
    assert (
        lines[0] == f"{refused.json()['detail']} (EXPORT_TOO_LARGE, HTTP 413); exporting as a job."
    )
    assert JOB_LABEL.match(lines[1]), lines
    assert lines[2:] == [f"Downloading {file_name(expected)}"]
    assert not out.with_name("tokens.parquet.part").exists()


async def test_the_job_flag_exports_through_a_job(base_url: str, tmp_path: Path) -> None:
    out = tmp_path / "export.csv.gz"
    expected = await get_export(
        base_url, [("since", SINCE), ("until", UNTIL), ("format", "csv"), ("compression", "gzip")]
    )

    run = await run_cli(
        "--url", base_url, "--token", TOKEN, *RANGE, "--format", "csv", "--compression", "gzip",
        "--job", "-o", str(out),
    )  # fmt: skip

    assert run.code == 0, run.stderr
    assert out.read_bytes() == expected.content
    lines = run.stderr.splitlines()
    assert JOB_LABEL.match(lines[0]), lines
    assert lines[1:] == [f"Downloading {file_name(expected)}"]


async def test_a_job_refusing_a_parameter_exits_2(base_url: str, tmp_path: Path) -> None:
    out = tmp_path / "export.json"

    run = await run_cli(
        "--url", base_url, "--token", TOKEN, *RANGE, "--format", "xlsx", "--job", "-o", str(out)
    )

    assert run.code == 2
    assert run.stderr == (
        "Error: Unknown `format` 'xlsx'; use one of: json, jsonl, csv, parquet. "
        "(BAD_USER_INPUT, HTTP 400)\n"
    )
    assert not out.exists()
