"""`Incident.traces` over the stepped reference agent: exact trace ids of the thought an
incident names, each resolvable with the root `trace(id)`, read in one store call per page."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.trace_records import WorkTrace
from support.gateway_harness import Gateway

TRACES = """
query Traces($severity: [IncidentSeverity!], $first: Int!) {
  incidents(agentId: "ally", severity: $severity, first: $first) {
    nodes { id thoughtId correlationId traces { traceId firstSeenAt } }
  }
}
"""

TRACE = """
query Trace($id: ID!) {
  trace(id: $id, agentId: "ally") { id correlations { at thoughtId } }
}
"""


async def test_an_error_incident_lists_the_traces_of_its_thought(gateway: Gateway) -> None:
    data = await gateway.data(TRACES, {"severity": ["HIGH"], "first": 1})
    (node,) = data["incidents"]["nodes"]
    # The MemorizeHandler timeout of 05:27:13: its thought's two LLM steps before it.
    assert node["thoughtId"] == "th_followup_ab4dbbf4_eaaae5c7-b62"
    assert node["traces"] == [
        {
            "traceId": "D04BC86F601F0B91A171EF9AC22DCAFF",
            "firstSeenAt": "2026-01-01T05:27:11.492710+00:00",
        },
        {
            "traceId": "78E367A3268E601A4705E6BA8D13A603",
            "firstSeenAt": "2026-01-01T05:27:12.198197+00:00",
        },
    ]
    for listed in node["traces"]:
        found = await gateway.data(TRACE, {"id": listed["traceId"]})
        # The trace's first correlation is the incident's thought's, when the trace began.
        assert found["trace"]["id"] == listed["traceId"]
        assert found["trace"]["correlations"][0] == {
            "at": listed["firstSeenAt"],
            "thoughtId": node["thoughtId"],
        }


async def test_a_page_of_incidents_is_read_in_one_store_call(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], list[str]]] = []
    read = SQLiteStoreReader.traces_of_work

    async def counted(
        self: SQLiteStoreReader, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        calls.append((list(correlation_ids), list(thought_ids)))
        return await read(self, correlation_ids, thought_ids)

    monkeypatch.setattr(SQLiteStoreReader, "traces_of_work", counted)
    data = await gateway.data(TRACES, {"first": 100})
    nodes = data["incidents"]["nodes"]
    assert len(nodes) == 12
    assert len(calls) == 1
    correlation_ids, thought_ids = calls[0]
    assert sorted(correlation_ids) == sorted(
        {n["correlationId"] for n in nodes if n["correlationId"]}
    )
    assert sorted(thought_ids) == sorted({n["thoughtId"] for n in nodes if n["thoughtId"]})
    # Every incident with a thought lists that thought's two LLM steps; the rest list none.
    assert [len(n["traces"]) for n in nodes] == [2 if n["thoughtId"] else 0 for n in nodes]


async def test_a_store_that_cannot_answer_is_source_unavailable(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(
        self: SQLiteStoreReader, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        raise SourceUnavailable("database is locked")

    monkeypatch.setattr(SQLiteStoreReader, "traces_of_work", refuse)
    body = await gateway.graphql(TRACES, {"severity": ["HIGH"], "first": 1})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "SOURCE_UNAVAILABLE"
    assert error["message"] == "Agent 'ally': database is locked"
    assert error["path"] == ["incidents", "nodes", 0, "traces"]
