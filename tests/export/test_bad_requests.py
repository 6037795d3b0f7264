"""Bad parameters answer 400 with a code and an exact message before any byte of a file;
no credentials answer 401."""

from __future__ import annotations

from typing import Any

import pytest

from support.gateway_harness import Gateway

from .readback import export

RANGE: dict[str, Any] = {"since": "2026-01-01T00:00:00Z", "until": "2026-01-01T00:30:00Z"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            RANGE | {"format": "xml"},
            "Unknown `format` 'xml'; use one of: json, jsonl, csv, parquet.",
        ),
        (
            RANGE | {"compression": "br"},
            "Unknown `compression` 'br'; use one of: gzip, zstd (or none).",
        ),
        (
            RANGE | {"kind": "tasks"},
            "Unknown `kind` 'tasks'; use one of: metrics, thoughts, audit, incidents, errors.",
        ),
        (
            {"since": "2026-01-01T00:30:00Z", "until": "2026-01-01T00:00:00Z"},
            "`since` (2026-01-01T00:30:00+00:00) must be before `until` "
            "(2026-01-01T00:00:00+00:00).",
        ),
        (
            {"since": "2026-01-01T00:30:00Z", "until": "2026-01-01T00:30:00Z"},
            "`since` (2026-01-01T00:30:00+00:00) must be before `until` "
            "(2026-01-01T00:30:00+00:00).",
        ),
        (
            RANGE | {"metrics": ["llm.latency.ms", "llm.tokens.totl"]},
            "Unknown metric 'llm.tokens.totl' for agent 'ally'. Known metrics (27): "
            "llm.tokens.total, llm.tokens.output, llm.tokens.input, action_selected_observe, "
            "action_selected_ponder, action_selected_speak, action_selected_task_complete, "
            "action_selected_tool, ...",
        ),
        (
            {"until": "2026-01-01T00:30:00Z"},
            "Query parameter `since` is required (ISO 8601 with a UTC offset, "
            "e.g. 2026-01-01T00:00:00Z).",
        ),
        (
            {"since": "2026-01-01T00:00:00"},
            "`since` must be an ISO 8601 time with a UTC offset (e.g. 2026-01-01T00:00:00Z); "
            "got '2026-01-01T00:00:00'.",
        ),
        (
            {"since": "yesterday"},
            "`since` must be an ISO 8601 time with a UTC offset (e.g. 2026-01-01T00:00:00Z); "
            "got 'yesterday'.",
        ),
        (
            RANGE | {"kind": "incidents", "metrics": "llm.latency.ms"},
            "`metrics` applies to kind=metrics only, not kind=incidents.",
        ),
    ],
)
async def test_bad_parameters_answer_400_with_a_message(
    gateway: Gateway, params: dict[str, Any], message: str
) -> None:
    response = await export(gateway, **params)

    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert "content-disposition" not in response.headers
    body = response.json()
    assert (body["code"], body["status"], body["detail"]) == ("BAD_USER_INPUT", 400, message)


async def test_an_unknown_agent_answers_404(gateway: Gateway) -> None:
    response = await export(gateway, agent="bob", **RANGE)

    assert response.status_code == 404, response.text
    body = response.json()
    assert (body["code"], body["detail"]) == (
        "NOT_FOUND",
        "No agent with id 'bob'. Known agents: ally.",
    )


async def test_without_credentials_answers_401(gateway: Gateway) -> None:
    response = await export(gateway, role_auth=False, **RANGE)

    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


async def test_the_export_is_in_the_openapi_document(gateway: Gateway) -> None:
    document = (await gateway.client.get("/openapi.json")).json()

    parameters = document["paths"]["/v1/telemetry/export"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == [
        "since",
        "until",
        "format",
        "compression",
        "kind",
        "metrics",
        "agent",
    ]
