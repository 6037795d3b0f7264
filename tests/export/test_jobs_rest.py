"""Export jobs over REST on a real app, SQLite store and data directory: a job runs to
SUCCEEDED and its file is byte for byte the GET export of the same parameters; only its
creator or an ADMIN sees it; the download answers 409 / 410 by state; bad bodies are 400 and
store nothing; the GET export refuses more rows than export.sync_max_rows with 413."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.jobs_records import EXPORT_JOB_NODE_TYPE
from ciris_telemetry.store import SteppedClock
from support.gateway_harness import AGENT_ID

from .jobs_harness import JOBS_PATH, METRIC, RANGE, JobsApp, Pause, job_settings, jobs_app
from .readback import METRICS_PATH, decompressed, metric_rows


@pytest.fixture
async def served(tmp_path: Path, reference_agent: ReferenceAgent) -> Any:
    async with jobs_app(job_settings(tmp_path / "gateway"), {AGENT_ID: reference_agent}) as app:
        yield app


@pytest.mark.parametrize(
    ("export_format", "compression"), [("jsonl", "none"), ("csv", "gzip"), ("parquet", "zstd")]
)
async def test_a_job_runs_to_succeeded_and_serves_the_bytes_of_the_get_export(
    served: JobsApp, export_format: str, compression: str
) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")
    params = RANGE | {"format": export_format, "compression": compression}

    created = await served.create(params | {"metrics": [METRIC]}, auth)

    assert created.status_code == 202, created.text
    job = created.json()["data"]
    assert created.headers["location"] == f"{JOBS_PATH}/{job['id']}"
    assert set(created.json()["metadata"]) == {"timestamp", "request_id", "duration_ms"}
    suffix = {"none": "", "gzip": ".gz", "zstd": ".zst"}[compression]
    name = f"ally-metrics-20260101T000000Z-20260101T010000Z.{export_format}{suffix}"
    assert {k: job[k] for k in job if k not in ("id", "createdAt", "state")} == {
        "kind": "metrics",
        "format": export_format,
        "compression": compression,
        "agent": AGENT_ID,
        "since": "2026-01-01T00:00:00+00:00",
        "until": "2026-01-01T01:00:00+00:00",
        "metrics": [METRIC],
        "rowsWritten": 0,
        "bytesWritten": 0,
        "rowsExpected": 75,
        "startedAt": None,
        "finishedAt": None,
        "expiresAt": None,
        "error": None,
        "fileName": name,
        "downloadPath": f"{JOBS_PATH}/{job['id']}/download",
    }
    assert job["state"] in ("QUEUED", "RUNNING")

    done = await served.settled(job["id"], auth)
    download = await served.client.get(done["downloadPath"], headers=auth)
    direct = await served.client.get(
        METRICS_PATH, params=params | {"metrics": METRIC}, headers=auth
    )

    assert done["state"] == "SUCCEEDED", done
    assert (done["rowsWritten"], done["error"]) == (75, None)
    assert download.status_code == 200, download.text
    assert direct.status_code == 200, direct.text
    assert done["bytesWritten"] == len(download.content)
    read_back = metric_rows(decompressed(download.content, compression), export_format)
    assert read_back == metric_rows(decompressed(direct.content, compression), export_format)
    assert len(read_back) == 75
    if export_format != "parquet":  # Parquet row groups follow the batch size (5 in a job)
        assert download.content == direct.content
    assert download.headers["content-type"] == direct.headers["content-type"]
    assert download.headers["content-disposition"] == direct.headers["content-disposition"]
    finished = datetime.fromisoformat(done["finishedAt"])
    assert datetime.fromisoformat(done["expiresAt"]) - finished == timedelta(days=1)


async def test_until_is_fixed_at_creation_to_the_agents_now(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")

    created = await served.create({"since": RANGE["since"], "metrics": [METRIC]}, auth)

    assert created.status_code == 202, created.text
    # The stepped reference agent's clock stands at its start plus the simulated half hour.
    assert created.json()["data"]["until"] == "2026-01-01T00:30:00+00:00"


async def test_another_callers_job_is_not_found_but_an_admin_sees_it(served: JobsApp) -> None:
    creator = await served.new_key(Role.OBSERVER, "creator")
    other = await served.new_key(Role.OBSERVER, "other")
    admin = await served.new_key(Role.ADMIN, "admin")
    job_id = (await served.create(RANGE | {"metrics": [METRIC]}, creator)).json()["data"]["id"]

    for path in (f"{JOBS_PATH}/{job_id}", f"{JOBS_PATH}/{job_id}/download"):
        hidden = await served.client.get(path, headers=other)
        assert hidden.status_code == 404, hidden.text
        assert (hidden.json()["code"], hidden.json()["detail"]) == (
            "NOT_FOUND",
            f"No export job with id '{job_id}'.",
        )
    seen = await served.job(job_id, admin)
    unknown = await served.job("0" * 32, creator)
    malformed = await served.job("../etc", creator)

    assert seen.status_code == 200
    assert seen.json()["data"]["id"] == job_id
    assert (unknown.status_code, unknown.json()["code"]) == (404, "NOT_FOUND")
    assert malformed.status_code == 404


async def test_download_answers_409_while_running_and_410_once_expired(
    served: JobsApp, tmp_path: Path
) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")
    pause = Pause(batches=2)
    served.jobs.between_batches = pause
    job_id = (await served.create(RANGE | {"metrics": [METRIC]}, auth)).json()["data"]["id"]
    await pause.reached.wait()

    running = await served.job(job_id, auth)
    early = await served.client.get(f"{JOBS_PATH}/{job_id}/download", headers=auth)

    assert running.json()["data"]["state"] == "RUNNING"
    assert running.json()["data"]["rowsWritten"] == 10
    assert early.status_code == 409
    assert (early.json()["code"], early.json()["detail"]) == (
        "EXPORT_NOT_READY",
        f"Export job {job_id} is RUNNING; download it once it SUCCEEDED.",
    )

    pause.released.set()
    done = await served.settled(job_id, auth)
    file = tmp_path / "gateway" / "exports" / f"{job_id}.json"
    assert file.is_file()
    expires = datetime.fromisoformat(done["expiresAt"])
    served.jobs.clock = SteppedClock(expires - timedelta(microseconds=1))
    assert await served.jobs.sweep() == 0
    served.jobs.clock = SteppedClock(expires)
    assert await served.jobs.sweep() == 1

    expired = await served.job(job_id, auth)
    gone = await served.client.get(f"{JOBS_PATH}/{job_id}/download", headers=auth)

    assert expired.json()["data"]["state"] == "EXPIRED"
    assert not file.exists()
    assert gone.status_code == 410
    assert (gone.json()["code"], gone.json()["detail"]) == (
        "EXPORT_EXPIRED",
        f"Export job {job_id} expired; its file was deleted.",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            RANGE | {"format": "xml"},
            "Unknown `format` 'xml'; use one of: json, jsonl, csv, parquet.",
        ),
        (
            {"until": "2026-01-01T00:30:00Z"},
            "Query parameter `since` is required (ISO 8601 with a UTC offset, "
            "e.g. 2026-01-01T00:00:00Z).",
        ),
        (
            RANGE | {"metrics": ["llm.tokens.totl"]},
            "Unknown metric 'llm.tokens.totl' for agent 'ally'. Known metrics (27): "
            "llm.tokens.total, llm.tokens.output, llm.tokens.input, action_selected_observe, "
            "action_selected_ponder, action_selected_speak, action_selected_task_complete, "
            "action_selected_tool, ...",
        ),
        (
            RANGE | {"kind": "incidents", "metrics": [METRIC]},
            "`metrics` applies to kind=metrics only, not kind=incidents.",
        ),
        (
            RANGE | {"color": "red"},
            "Unknown field `color`; use some of: format, compression, kind, since, until, "
            "metrics, agent.",
        ),
        (RANGE | {"metrics": METRIC}, "`metrics` must be a list of strings."),
        (RANGE | {"since": 5}, "`since` must be a string or null."),
        (
            [RANGE],
            "The body must be a JSON object with some of: format, compression, kind, since, "
            "until, metrics, agent.",
        ),
    ],
)
async def test_bad_bodies_answer_400_and_store_nothing(
    served: JobsApp, body: Any, message: str
) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")

    response = await served.create(body, auth)

    assert response.status_code == 400, response.text
    assert (response.json()["code"], response.json()["detail"]) == ("BAD_USER_INPUT", message)
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 0


async def test_a_body_that_is_not_json_answers_400(served: JobsApp) -> None:
    auth = await served.new_key(Role.OBSERVER, "creator")

    response = await served.client.post(
        JOBS_PATH, content=b"{not json", headers=auth | {"Content-Type": "application/json"}
    )

    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_USER_INPUT"
    assert await served.jobs.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 0


async def test_no_credentials_answer_401(served: JobsApp) -> None:
    response = await served.create(RANGE | {"metrics": [METRIC]}, {})

    assert response.status_code == 401


async def test_the_get_export_over_sync_max_rows_answers_413(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = job_settings(tmp_path / "gateway", sync_max_rows=74)
    async with jobs_app(settings, {AGENT_ID: reference_agent}) as served:
        auth = await served.new_key(Role.OBSERVER, "reader")
        query = RANGE | {"metrics": METRIC}

        refused = await served.client.get(METRICS_PATH, params=query, headers=auth)
        other_metric = await served.client.get(
            METRICS_PATH, params=RANGE | {"metrics": "llm.tokens.total"}, headers=auth
        )
        narrower = await served.client.get(
            METRICS_PATH,
            params=query | {"since": "2026-01-01T00:15:00Z"},
            headers=auth,
        )

    assert refused.status_code == 413, refused.text
    assert "content-disposition" not in refused.headers
    assert (refused.json()["code"], refused.json()["detail"]) == (
        "EXPORT_TOO_LARGE",
        "This export holds more than 74 rows, the most one response streams; create an "
        "export job instead: POST /v1/telemetry/export/jobs with the same parameters as a "
        "JSON body, then download its file when it SUCCEEDED.",
    )
    assert narrower.status_code == 200, narrower.text
    assert len(metric_rows(narrower.content, "json")) == 18
    assert other_metric.status_code == 413
