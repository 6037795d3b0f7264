"""createExport and exportJob over POST /graphql: the job the REST routes serve, created with
the export's checks, audited, seen by its creator and ADMINs only, refused over GET and over
WebSocket."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.audit_log import AUDIT_NODE_TYPE
from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.jobs_records import EXPORT_JOB_NODE_TYPE
from support.gateway_harness import AGENT_ID
from support.live_ws import connect, gateway_factory, receive, start

from .jobs_harness import MAX_POLLS, METRIC, RANGE, JobsApp, job_settings, jobs_app
from .readback import METRICS_PATH

JOB_FIELDS = """id state kind format compression agent since until metrics rowsWritten
bytesWritten rowsExpected createdAt startedAt finishedAt expiresAt error fileName
downloadPath"""
CREATE = f"""
mutation C($input: ExportInput!) {{ createExport(input: $input) {{ {JOB_FIELDS} }} }}
"""
SHOW = f"query S($id: ID!) {{ exportJob(id: $id) {{ {JOB_FIELDS} }} }}"
INPUT = {"since": RANGE["since"], "until": RANGE["until"], "metrics": [METRIC]}


@pytest.fixture
async def served(tmp_path: Path, reference_agent: ReferenceAgent) -> Any:
    async with jobs_app(job_settings(tmp_path / "gateway"), {AGENT_ID: reference_agent}) as app:
        yield app


async def graphql(
    served: JobsApp, query: str, variables: dict[str, Any], auth: dict[str, str]
) -> dict[str, Any]:
    response = await served.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=auth
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_job_created_by_mutation_succeeds_and_is_audited(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")
    other = await served.new_key(Role.OBSERVER, "other")
    admin = await served.new_key(Role.ADMIN, "admin")
    variables = {"input": INPUT | {"format": "JSONL", "compression": "GZIP"}}

    created = await graphql(served, CREATE, variables, auth)
    job = created["data"]["createExport"]
    for _ in range(MAX_POLLS):
        shown = (await graphql(served, SHOW, {"id": job["id"]}, auth))["data"]["exportJob"]
        if shown["state"] == "SUCCEEDED":
            break
        await asyncio.sleep(0.01)
    rest = (await served.job(job["id"], auth)).json()["data"]
    download = await served.client.get(shown["downloadPath"], headers=auth)
    direct = await served.client.get(
        METRICS_PATH,
        params=RANGE | {"metrics": METRIC, "format": "jsonl", "compression": "gzip"},
        headers=auth,
    )
    entries = await served.jobs.jobs.store.list_nodes(AUDIT_NODE_TYPE)

    assert "errors" not in created, created
    assert (job["kind"], job["format"], job["compression"]) == ("METRICS", "JSONL", "GZIP")
    assert (job["since"], job["until"]) == (
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T01:00:00+00:00",
    )
    assert shown["state"] == "SUCCEEDED"
    assert (shown["rowsWritten"], shown["rowsExpected"]) == (75, 75)
    assert shown["fileName"] == "ally-metrics-20260101T000000Z-20260101T010000Z.jsonl.gz"
    assert rest["state"] == "SUCCEEDED"
    assert (rest["id"], rest["bytesWritten"]) == (shown["id"], shown["bytesWritten"])
    assert download.content == direct.content
    assert [(e.attributes["action"], e.attributes["target"]) for e in entries] == [
        ("create_export", f"export_job:{job['id']}")
    ]
    hidden = await graphql(served, SHOW, {"id": job["id"]}, other)
    seen = await graphql(served, SHOW, {"id": job["id"]}, admin)
    assert hidden == {"data": {"exportJob": None}}
    assert seen["data"]["exportJob"]["id"] == job["id"]


@pytest.mark.parametrize(
    ("job_input", "message"),
    [
        (
            INPUT | {"since": "2026-01-01T00:00:00"},
            "`since` must be an ISO 8601 time with a UTC offset (e.g. 2026-01-01T00:00:00Z); "
            "got '2026-01-01T00:00:00'.",
        ),
        (
            INPUT | {"kind": "INCIDENTS"},
            "`metrics` applies to kind=metrics only, not kind=incidents.",
        ),
        (INPUT | {"agent": "bob"}, "No agent with id 'bob'. Known agents: ally."),
    ],
)
async def test_bad_input_is_refused_with_the_exports_message_and_stores_nothing(
    served: JobsApp, job_input: dict[str, Any], message: str
) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")

    body = await graphql(served, CREATE, {"input": job_input}, auth)

    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [message]
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 0
    assert await served.jobs.jobs.store.count_nodes(AUDIT_NODE_TYPE) == 0


async def test_an_unknown_job_is_null(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "reader")

    assert await graphql(served, SHOW, {"id": "0" * 32}, auth) == {"data": {"exportJob": None}}


async def test_create_export_over_get_is_refused(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")

    response = await served.client.get(
        "/graphql",
        params={"query": CREATE, "variables": json.dumps({"input": INPUT})},
        headers=auth,
    )

    assert response.status_code == 400
    assert "mutations are not allowed when using get" in response.text.lower()
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 0


async def test_create_export_over_websocket_is_refused(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with gateway_factory(reference_agent, tmp_path)() as live:
        ws = await connect(live.url())
        await start(ws, CREATE, {"input": INPUT})
        answer = await receive(ws)
        await ws.close()
        stored = await live.app.state.gateway.store.count_nodes(EXPORT_JOB_NODE_TYPE)

    assert answer["type"] == "next", answer
    assert [e["extensions"]["code"] for e in answer["payload"]["errors"]] == ["FORBIDDEN"]
    assert answer["payload"]["errors"][0]["message"] == (
        "Mutations are not accepted over WebSocket; send them as POST."
    )
    assert stored == 0
