"""`incidents` at the root and `Agent.incidentConnection`, over stepped reference agents."""

from __future__ import annotations

from typing import Any

from ciris_telemetry.auth import Role
from support.gateway_harness import Gateway

PAGE = """
query Page($agent: ID, $severity: [IncidentSeverity!], $status: [IncidentStatus!],
           $since: DateTime, $until: DateTime, $first: Int!, $after: String) {
  incidents(agentId: $agent, severity: $severity, status: $status, since: $since,
            until: $until, first: $first, after: $after) {
    totalCount
    unreachableAgents
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id agentId severity status firstSeenAt occurrences } }
  }
}
"""

DETAIL = """
query Detail($status: [IncidentStatus!], $severity: [IncidentSeverity!]) {
  incidents(agentId: "ally", status: $status, severity: $severity, first: 1) {
    nodes {
      id severity status category title sourceComponent firstSeenAt lastSeenAt occurrences
      resolvedAt resolutionSeconds resolutionNotes taskId thoughtId correlationId handler
      forensics { filename lineNumber functionName }
      timeline { at kind occurrences }
      relatedErrors { message occurrences lastSeen logger }
    }
  }
}
"""


async def _page(gw: Gateway, **variables: Any) -> dict[str, Any]:
    data = await gw.data(PAGE, {"first": 100, **variables})
    page: dict[str, Any] = data["incidents"]
    return page


def _keys(page: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["node"]["firstSeenAt"], e["node"]["agentId"]) for e in page["edges"]]


async def test_severity_filter_and_count(gateway: Gateway) -> None:
    medium = await _page(gateway, agent="ally", severity=["MEDIUM"])
    assert medium["totalCount"] == 4
    assert [(e["node"]["firstSeenAt"], e["node"]["status"]) for e in medium["edges"]] == [
        ("2026-01-01T03:22:39.621308+00:00", "OPEN"),
        ("2026-01-01T01:48:17.661832+00:00", "RESOLVED"),
        ("2026-01-01T00:15:22.055163+00:00", "OPEN"),
        ("2026-01-01T00:15:17.086558+00:00", "OPEN"),
    ]
    high = await _page(gateway, agent="ally", severity=["HIGH"])
    assert high["totalCount"] == 8
    assert {e["node"]["severity"] for e in high["edges"]} == {"HIGH"}
    both = await _page(gateway, agent="ally", severity=["HIGH", "MEDIUM"])
    assert both["totalCount"] == 12
    assert (await _page(gateway, agent="ally", severity=["CRITICAL", "LOW"]))["totalCount"] == 0


async def test_status_filter_and_resolution_time(gateway: Gateway) -> None:
    assert (await _page(gateway, agent="ally", status=["OPEN"]))["totalCount"] == 11
    data = await gateway.data(DETAIL, {"status": ["RESOLVED"]})
    assert data["incidents"]["nodes"] == [
        {
            "id": data["incidents"]["nodes"][0]["id"],
            "severity": "MEDIUM",
            "status": "RESOLVED",
            "category": "log_warning",
            "title": "Circuit breaker 'ServiceType.LLM_OpenAICompatibleClient_primary' opened",
            "sourceComponent": "ciris_engine.logic.registries.circuit_breaker",
            "firstSeenAt": "2026-01-01T01:48:17.661832+00:00",
            "lastSeenAt": "2026-01-01T01:48:49.650479+00:00",
            "occurrences": 4,
            "resolvedAt": "2026-01-01T01:50:25.456430+00:00",
            # 01:50:25.456430 - 01:48:17.661832
            "resolutionSeconds": 127.794598,
            "resolutionNotes": "Circuit breaker 'ServiceType.LLM_OpenAICompatibleClient_primary' "
            "closed again after being half_open (registry)",
            "taskId": None,
            "thoughtId": None,
            "correlationId": None,
            "handler": None,
            "forensics": {
                "filename": "circuit_breaker.py",
                "lineNumber": 131,
                "functionName": "_transition_to_open",
            },
            "timeline": [
                {"at": "2026-01-01T01:48:17.661832+00:00", "kind": "FIRST_SEEN", "occurrences": 1},
                {"at": "2026-01-01T01:48:49.650479+00:00", "kind": "LAST_SEEN", "occurrences": 4},
                {"at": "2026-01-01T01:50:25.456430+00:00", "kind": "RESOLVED", "occurrences": 4},
            ],
            "relatedErrors": [],  # a warning: the agent logs no error for a trip
        }
    ]


async def test_an_error_incident_names_its_work_and_its_error_group(gateway: Gateway) -> None:
    data = await gateway.data(DETAIL, {"severity": ["HIGH"]})
    (node,) = data["incidents"]["nodes"]
    assert node["title"] == "Error executing MemorizeHandler: TimeoutError"
    assert node["firstSeenAt"] == "2026-01-01T05:27:13.289989+00:00"
    assert node["resolvedAt"] is None and node["resolutionSeconds"] is None
    assert node["timeline"] == [
        {"at": "2026-01-01T05:27:13.289989+00:00", "kind": "FIRST_SEEN", "occurrences": 1}
    ]
    assert node["taskId"] and node["thoughtId"] and node["correlationId"]
    assert node["handler"] == "MemorizeHandler"
    assert node["relatedErrors"] == [
        {
            "message": "Error executing MemorizeHandler: TimeoutError",
            "occurrences": 1,
            "lastSeen": "2026-01-01T05:27:13.289989+00:00",
            "logger": node["sourceComponent"],
        }
    ]


async def test_since_and_until_edges(gateway: Gateway) -> None:
    # The breaker incident: first seen 01:48:17.661832, last seen 01:48:49.650479.
    async def count(since: str, until: str | None = None) -> int:
        page = await _page(gateway, agent="ally", since=since, until=until)
        total: int = page["totalCount"]
        assert len(page["edges"]) == total
        return total

    assert await count("2026-01-01T01:48:49.650479Z", "2026-01-01T01:49:00Z") == 1
    assert await count("2026-01-01T01:48:49.650480Z", "2026-01-01T01:49:00Z") == 0
    assert await count("2026-01-01T01:48:00Z", "2026-01-01T01:48:17.661832Z") == 0
    assert await count("2026-01-01T01:48:00Z", "2026-01-01T01:48:17.661833Z") == 1
    # Seen during the window, though it began before it.
    assert await count("2026-01-01T01:48:30Z", "2026-01-01T01:48:40Z") == 1
    assert await count("2026-01-01T04:00:00Z") == 4


async def test_total_count_is_apart_from_the_page(gateway: Gateway) -> None:
    page = await _page(gateway, agent="ally", first=2)
    assert page["totalCount"] == 12
    assert len(page["edges"]) == 2
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": page["edges"][1]["cursor"]}


async def test_pages_have_no_duplicates_or_gaps_while_incidents_arrive(gateway: Gateway) -> None:
    before = _keys(await _page(gateway, agent="ally"))
    ids_before = [e["node"]["id"] for e in (await _page(gateway, agent="ally"))["edges"]]
    assert len(before) == 12
    collected: list[str] = []
    after = None
    while True:
        page = await _page(gateway, agent="ally", first=5, after=after)
        collected.extend(e["node"]["id"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        gateway.agent.advance(3600)  # new incidents land before the first page
    assert collected == ids_before
    grown = await _page(gateway, agent="ally")
    assert grown["totalCount"] == 16
    assert [e["node"]["id"] for e in grown["edges"]][-12:] == ids_before


async def test_fleet_is_newest_first_across_agents(fleet_gateway: Gateway) -> None:
    everything = await _page(fleet_gateway)
    assert everything["totalCount"] == 30
    assert everything["unreachableAgents"] == []
    keys = _keys(everything)
    assert keys[:3] == [
        ("2026-01-01T05:52:34.708314+00:00", "bolt"),
        ("2026-01-01T05:38:38.247601+00:00", "bolt"),
        ("2026-01-01T05:38:27.227771+00:00", "bolt"),
    ]
    assert keys[5] == ("2026-01-01T05:27:13.289989+00:00", "ally")
    assert keys == sorted(keys, reverse=True)
    assert [a for _, a in keys].count("ally") == 12
    # bolt records two incidents at 00:54:14.569182: pages of 7 split and rejoin them exactly.
    ids = [e["node"]["id"] for e in everything["edges"]]
    paged: list[str] = []
    after = None
    while True:
        page = await _page(fleet_gateway, first=7, after=after)
        assert page["totalCount"] == 30
        paged.extend(e["node"]["id"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == ids


async def test_agent_connection_matches_the_root_filtered_to_it(fleet_gateway: Gateway) -> None:
    data = await fleet_gateway.data(
        """{ agent(id: "bolt") { incidentConnection(first: 100, severity: [MEDIUM]) {
            totalCount nodes { id agentId } } } }"""
    )
    root = await _page(fleet_gateway, agent="bolt", severity=["MEDIUM"])
    connection = data["agent"]["incidentConnection"]
    assert connection["totalCount"] == root["totalCount"] == 6
    assert [n["id"] for n in connection["nodes"]] == [e["node"]["id"] for e in root["edges"]]
    assert {n["agentId"] for n in connection["nodes"]} == {"bolt"}


async def test_stack_traces_need_admin(gateway: Gateway) -> None:
    query = (
        '{ incidents(agentId: "ally", severity: [HIGH], first: 1) '
        "{ nodes { forensics { stackTrace } } } }"
    )
    admin = await gateway.data(query)
    assert admin["incidents"]["nodes"][0]["forensics"]["stackTrace"].startswith("Traceback")
    observer = await gateway.graphql(query, role=Role.OBSERVER)
    assert [e["extensions"]["code"] for e in observer["errors"]] == ["FORBIDDEN"]


async def _error(gw: Gateway, **variables: Any) -> tuple[str, str]:
    body = await gw.graphql(PAGE, {"first": 10, **variables})
    (error,) = body["errors"]
    return error["extensions"]["code"], error["message"]


async def test_bad_input_is_refused_clearly(gateway: Gateway) -> None:
    assert await _error(gateway, agent="nobody") == (
        "NOT_FOUND",
        "No agent with id 'nobody'. Known agents: ally.",
    )
    assert await _error(gateway, after="not-a-cursor") == (
        "BAD_USER_INPUT",
        "Invalid incidents cursor 'not-a-cursor' (not base64 JSON); pass a cursor from a "
        "previous page.",
    )
    code, message = await _error(gateway, after="WyJ4Il0")  # ["x"]
    assert code == "BAD_USER_INPUT" and "expected [first_seen_at, agent_id, incident_id]" in message
    for first in (0, 101):
        assert await _error(gateway, first=first) == (
            "BAD_USER_INPUT",
            f"`first` must be between 1 and 100; got {first}.",
        )
    assert await _error(gateway, since="2026-01-01T02:00:00Z", until="2026-01-01T01:00:00Z") == (
        "BAD_USER_INPUT",
        "`since` (2026-01-01T02:00:00+00:00) must be before `until` (2026-01-01T01:00:00+00:00).",
    )
    code, _ = await _error(gateway, severity=["SEVERE"])
    assert code == "BAD_USER_INPUT"
    code, _ = await _error(gateway, status=["DONE"])
    assert code == "BAD_USER_INPUT"
