"""One caller has at most export.max_open_jobs_per_caller jobs queued or running: one more is
refused (429 over REST, a GraphQL error, both EXPORT_JOB_LIMIT) and stores nothing; other
callers are not affected; a finished job frees its place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.config import LimitSpec, RateLimitSettings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.formats import JOBS_PATH
from ciris_telemetry.export.jobs_records import EXPORT_JOB_NODE_TYPE
from support.gateway_harness import AGENT_ID

from .jobs_harness import METRIC, RANGE, JobsApp, Pause, job_settings, jobs_app

BODY = RANGE | {"metrics": [METRIC]}
LIMIT_MESSAGE = (
    "You have 2 export jobs queued or running, as many as one caller may; start another once "
    "one of them has finished."
)


@pytest.fixture
async def served(tmp_path: Path, reference_agent: ReferenceAgent) -> Any:
    settings = job_settings(tmp_path / "gateway", max_open_jobs_per_caller=2, max_running_jobs=1)
    async with jobs_app(settings, {AGENT_ID: reference_agent}) as app:
        yield app


async def test_a_third_open_job_is_refused_until_one_finishes(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "busy")
    other = await served.new_key(Role.OBSERVER, "other")
    pause = Pause(batches=1)
    served.jobs.between_batches = pause
    first = (await served.create(BODY, auth)).json()["data"]["id"]
    await pause.reached.wait()  # the first RUNNING, held; the second stays QUEUED behind it
    second = await served.create(BODY, auth)

    refused = await served.create(BODY, auth)
    others = await served.create(BODY, other)

    assert second.status_code == 202, second.text
    assert refused.status_code == 429, refused.text
    assert (refused.json()["code"], refused.json()["detail"]) == ("EXPORT_JOB_LIMIT", LIMIT_MESSAGE)
    assert others.status_code == 202, others.text
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 3

    served.jobs.between_batches = None
    pause.released.set()
    assert (await served.settled(first, auth))["state"] == "SUCCEEDED"
    again = await served.create(BODY, auth)

    assert again.status_code == 202, again.text
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 4


async def test_create_export_over_the_limit_is_a_graphql_error_with_the_code(
    served: JobsApp,
) -> None:
    auth = await served.new_key(Role.OBSERVER, "busy")
    pause = Pause(batches=1)
    served.jobs.between_batches = pause
    for _ in range(2):
        assert (await served.create(BODY, auth)).status_code == 202
    await pause.reached.wait()
    mutation = "mutation C($input: ExportInput!) { createExport(input: $input) { id } }"

    response = await served.client.post(
        "/graphql", json={"query": mutation, "variables": {"input": BODY}}, headers=auth
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        (LIMIT_MESSAGE, "EXPORT_JOB_LIMIT")
    ]
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 2
    pause.released.set()


async def test_an_endpoint_limit_on_the_jobs_path_is_enforced(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = job_settings(tmp_path / "gateway").model_copy(
        update={
            "rate_limits": RateLimitSettings(
                endpoints={JOBS_PATH: LimitSpec(requests=1, period_seconds=60)}
            )
        }
    )
    async with jobs_app(settings, {AGENT_ID: reference_agent}) as served:
        auth = await served.new_key(Role.OBSERVER, "hasty")
        first = await served.create(BODY, auth)
        second = await served.create(BODY, auth)
        shown = await served.job(first.json()["data"]["id"], auth)

    assert first.status_code == 202, first.text
    assert first.headers["x-ratelimit-limit"] == "1"
    assert second.status_code == 429, second.text
    assert second.json()["code"] == "RATE_LIMITED"
    assert shown.status_code == 200  # another endpoint, another bucket
