"""A real Prometheus scrapes the gateway (uvicorn on loopback) and answers its queries with
the numbers the reference agent and the gateway's traffic make."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any

import httpx

from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from metrics.tools import required_program, served_gateway
from support.gateway_harness import reference_agent
from support.live_ws import free_port

__all__ = ["reference_agent"]

SERVICE_TOKEN = "scrape-service-token"
BREAKERS = "/v1/telemetry/circuit-breakers"
PRIMARY = "OpenAICompatibleClient_primary"
# Prometheus starts within a few seconds and scrapes every second; this bounds each wait.
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.25


def scrape_config(port: int, api_key: str) -> dict[str, Any]:
    """Two jobs, one per path, each with the key as its bearer token (JSON is valid YAML)."""
    jobs = [("gateway", "/metrics"), ("gateway_v1", "/v1/metrics")]
    return {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
        "scrape_configs": [
            {
                "job_name": job,
                "metrics_path": path,
                "authorization": {"type": "Bearer", "credentials": api_key},
                "static_configs": [{"targets": [f"127.0.0.1:{port}"]}],
            }
            for job, path in jobs
        ],
    }


@asynccontextmanager
async def prometheus(tmp_path: Path, config: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    """A Prometheus server on a free loopback port; yields a client on its HTTP API."""
    binary = required_program("prometheus")
    config_file = _write(tmp_path / "prometheus.yml", json.dumps(config))
    log_path = tmp_path / "prometheus.log"
    port = free_port()
    with open_log(log_path) as log:
        process = await asyncio.create_subprocess_exec(
            binary,
            f"--config.file={config_file}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await _until_ready(client, process, log_path)
            yield client
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def open_log(path: Path) -> IO[bytes]:
    return path.open("wb")


def _log_of(path: Path) -> str:
    return path.read_text(errors="replace")


async def _until_ready(
    client: httpx.AsyncClient, process: asyncio.subprocess.Process, log_path: Path
) -> None:
    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        if process.returncode is not None:
            raise AssertionError(f"prometheus exited:\n{_log_of(log_path)}")
        try:
            if (await client.get("/-/ready")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"prometheus never became ready:\n{_log_of(log_path)}")


async def query_value(client: httpx.AsyncClient, promql: str) -> float:
    """The value of the one series `promql` selects, waiting until Prometheus has it."""
    body: Any = None
    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        body = (await client.get("/api/v1/query", params={"query": promql})).json()
        assert body["status"] == "success", body
        result = body["data"]["result"]
        if result:
            assert len(result) == 1, result
            return float(result[0]["value"][1])
        await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"no series for {promql} within {WAIT_SECONDS} s: {body}")


async def healthy_targets(client: httpx.AsyncClient) -> dict[str, tuple[str, str]]:
    """job -> (health, last error) of each active target."""
    targets = (await client.get("/api/v1/targets")).json()["data"]["activeTargets"]
    return {t["labels"]["job"]: (t["health"], t["lastError"]) for t in targets}


async def test_prometheus_scrapes_agent_and_gateway_series(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    async with (
        served_gateway(settings, reference_agent) as (app, base_url),
        httpx.AsyncClient(base_url=base_url) as client,
    ):
        _, api_key = await app.state.key_service.create(Role.OBSERVER, "prometheus")
        observer = {"Authorization": f"Bearer {api_key}"}
        query = '{ agent(id: "ally") { llm { providers { name totalRequests } } } }'
        answer = (await client.post("/graphql", json={"query": query}, headers=observer)).json()
        providers = answer["data"]["agent"]["llm"]["providers"]
        primary_requests = next(p["totalRequests"] for p in providers if p["name"] == PRIMARY)
        for _ in range(3):
            assert (await client.get(BREAKERS, headers=observer)).status_code == 200

        port = httpx.URL(base_url).port
        assert port is not None
        async with prometheus(tmp_path, scrape_config(port, api_key)) as api:
            for job in ("gateway", "gateway_v1"):
                llm = f'ciris_llm_requests_total{{job="{job}",agent="ally",provider="{PRIMARY}"}}'
                assert await query_value(api, llm) == primary_requests == 68
                assert await query_value(api, f'up{{job="{job}"}}') == 1.0
            rest = (
                f'ciris_gateway_request_duration_seconds_count{{job="gateway",route="{BREAKERS}",'
                'operation="CircuitBreakers",method="GET",status="2xx"}'
            )
            assert await query_value(api, rest) == 3.0
            assert await healthy_targets(api) == {
                "gateway": ("up", ""),
                "gateway_v1": ("up", ""),
            }
