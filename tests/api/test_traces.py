"""trace(id) and /v1/telemetry/traces/{trace_id} through the real app: a CIRIS pipeline trace of
the stepped reference agent, its events by kind, the REST alias, and bad input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ciris_telemetry.auth import Role
from support.gateway_harness import AGENT_ID, Gateway

from .trace_support import PIPELINE, TRACE_OPERATION, trace_of

# The seed thought of PIPELINE and its task.
THOUGHT = "th_seed_cb430e44_dd767951-169"
TASK = "cb430e44-2417-4f5c-869a-cbd0bdffd786"


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def _at(event: dict[str, Any]) -> tuple[str, str, str]:
    return event["at"], event["kind"], event["summary"]


# --- a CIRIS pipeline trace ---------------------------------------------------------------


async def test_a_pipeline_trace_is_its_llm_calls_the_audit_of_its_task_and_its_errors(
    gateway: Gateway,
) -> None:
    errors = gateway.agent.errors
    errors.record_exception(
        TimeoutError("tool call timed out"),
        logger="ciris_engine.logic.handlers.tool",
        context={"thought_id": THOUGHT, "handler": "ToolHandler"},
    )
    gateway.agent.advance(1)
    errors.record_exception(
        ConnectionError("bus dropped"), logger="ciris_engine.bus", context={"trace_id": PIPELINE}
    )
    errors.record_exception(ValueError("elsewhere"), context={"thought_id": "th_other"})

    trace = await trace_of(gateway, PIPELINE)

    assert [_at(e) for e in trace["events"]] == [
        (
            "2026-01-01T00:10:36.501908+00:00",
            "CORRELATION",
            "llm call_llm_structured for EthicalPDMA: completed",
        ),
        (
            "2026-01-01T00:10:37.654571+00:00",
            "CORRELATION",
            "llm call_llm_structured for CSDMA: completed",
        ),
        (
            "2026-01-01T00:10:41.146044+00:00",
            "AGENT_AUDIT",
            "handler_action_tool by ToolHandler: success",
        ),
        (
            "2026-01-01T00:10:44.085200+00:00",
            "AGENT_AUDIT",
            "handler_action_ponder by PonderHandler: success",
        ),
        (
            "2026-01-01T00:10:47.661640+00:00",
            "AGENT_AUDIT",
            "handler_action_task_complete by TaskCompleteHandler: success",
        ),
        ("2026-01-01T00:30:00+00:00", "ERROR", "TimeoutError: tool call timed out"),
        ("2026-01-01T00:30:01+00:00", "ERROR", "ConnectionError: bus dropped"),
    ]
    first, _, tool, _, _, timeout, dropped = trace["events"]
    assert first == {
        "at": "2026-01-01T00:10:36.501908+00:00",
        "kind": "CORRELATION",
        "agentId": AGENT_ID,
        "summary": "llm call_llm_structured for EthicalPDMA: completed",
        "correlationId": "9f03c911-1472-4616-a440-2cebd9200f21",
        "serviceType": "llm",
        "handler": "EthicalPDMA",
        "action": "call_llm_structured",
        "correlationType": "service_interaction",
        "status": "completed",
        "executionTimeMs": 1152.663,
        "spanId": "e591d9ed37f0dc37",
        "parentSpanId": "402680463561221c",
        "thoughtId": THOUGHT,
        "taskId": TASK,
        "success": True,
        "errorType": None,
        "errorMessage": None,
    }
    assert tool == {
        "at": "2026-01-01T00:10:41.146044+00:00",
        "kind": "AGENT_AUDIT",
        "agentId": AGENT_ID,
        "summary": "handler_action_tool by ToolHandler: success",
        "entryId": "228292c6-bc27-42b9-9226-38b642827dbf",
        "actionType": "handler_action_tool",
        "actor": "ToolHandler",
        "outcome": "success",
        "thoughtId": THOUGHT,
        "taskId": TASK,
        "handler": "ToolHandler",
        "executionTimeMs": 1965.896,
    }
    [timeout_group] = errors.groups(source="ciris_engine.logic.handlers.tool")
    assert timeout == {
        "at": "2026-01-01T00:30:00+00:00",
        "kind": "ERROR",
        "agentId": AGENT_ID,
        "summary": "TimeoutError: tool call timed out",
        "fingerprint": timeout_group.fingerprint,
        "typeName": "TimeoutError",
        "message": "tool call timed out",
        "level": "ERROR",
        "logger": "ciris_engine.logic.handlers.tool",
        "occurrences": 1,
        "firstSeen": "2026-01-01T00:30:00+00:00",
    }
    assert (dropped["typeName"], dropped["logger"]) == ("ConnectionError", "ciris_engine.bus")
    assert {k: trace[k] for k in ("id", "startedAt", "endedAt", "durationMs", "agentIds")} == {
        "id": PIPELINE,
        "startedAt": "2026-01-01T00:10:36.501908+00:00",
        "endedAt": "2026-01-01T00:30:01+00:00",
        "durationMs": 1164498.092,
        "agentIds": [AGENT_ID],
    }
    assert trace["problems"] == []


async def test_a_pipeline_trace_resolves_in_either_case(gateway: Gateway) -> None:
    upper = await trace_of(gateway, PIPELINE)
    lower = await trace_of(gateway, PIPELINE.lower())

    assert lower["id"] == PIPELINE.lower()
    assert lower["events"] == upper["events"]
    assert len(upper["events"]) == 5


async def test_the_events_by_kind_are_the_same_events(gateway: Gateway) -> None:
    data = await gateway.data(
        """query($id: ID!) { trace(id: $id) {
             events { kind summary }
             correlations { summary } agentAudit { summary } requests { summary }
             gatewayAudit { summary } errors { summary } logs { summary } } }""",
        {"id": PIPELINE},
    )
    trace = data["trace"]
    summaries = [e["summary"] for e in trace["events"]]
    assert [c["summary"] for c in trace["correlations"]] == summaries[:2]
    assert [a["summary"] for a in trace["agentAudit"]] == summaries[2:]
    assert trace["requests"] == trace["gatewayAudit"] == trace["errors"] == trace["logs"] == []


# --- the REST alias and bad input -------------------------------------------------------


async def test_the_rest_alias_answers_the_graphql_data(gateway: Gateway) -> None:
    direct = await trace_of(gateway, PIPELINE)
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{PIPELINE}",
        params={"agent": AGENT_ID},
        headers=gateway.auth(Role.OBSERVER),
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == direct


async def test_an_unknown_trace_is_null_and_404(gateway: Gateway) -> None:
    assert await trace_of(gateway, "0" * 31 + "1") is None
    response = await gateway.client.get(f"/v1/telemetry/traces/{'0' * 31}1", headers=gateway.auth())
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
    assert response.json()["detail"] == (
        "Nothing the gateway or its agents hold carries this trace id."
    )


@pytest.mark.parametrize("bad", ["bad!id", "a" * 65, "trace id", "ü"])
async def test_a_malformed_trace_id_is_bad_user_input(gateway: Gateway, bad: str) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": bad})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["data"] == {"trace": None}
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{httpx.URL(path=bad).raw_path.decode()}", headers=gateway.auth()
    )
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_USER_INPUT"
    assert response.json()["detail"].startswith("Invalid trace id")


async def test_an_empty_trace_id_is_refused(gateway: Gateway) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": ""})
    assert codes(body) == ["BAD_USER_INPUT"]
    response = await gateway.client.get("/v1/telemetry/traces/", headers=gateway.auth())
    assert response.status_code == 404


async def test_an_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": PIPELINE, "agent": "nobody"})
    assert codes(body) == ["NOT_FOUND"]
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{PIPELINE}", params={"agent": "nobody"}, headers=gateway.auth()
    )
    assert response.status_code == 404
    assert "nobody" in response.json()["detail"]


async def test_a_trace_needs_a_credential(gateway: Gateway) -> None:
    response = await gateway.client.get(f"/v1/telemetry/traces/{PIPELINE}")
    assert response.status_code == 401
