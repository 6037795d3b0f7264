"""`audit` at the root and on `Agent`, and `/v1/audit/recent`, through the app over real HTTP.

Expected values are read straight from the stepped reference agent's database; the agent
keeps stepping between pages, so new entries arrive while a client pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent, verify_chain
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import AGENT_ID, START, Gateway, open_gateway

from .audit_harness import NODE_FIELDS, Entry, as_node, read_entries

PAGE = f"""
query Page($agent: ID!, $first: Int!, $after: String, $since: DateTime, $until: DateTime,
           $actor: String, $outcome: [AuditOutcome!], $eventType: [String!],
           $entityId: String) {{
  audit(agentId: $agent, first: $first, after: $after, since: $since, until: $until,
        actor: $actor, outcome: $outcome, eventType: $eventType, entityId: $entityId) {{
    totalCount
    chainIntact
    pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor }}
    nodes {{ {NODE_FIELDS} }}
  }}
}}
"""


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    found = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    found.advance(7200)
    yield found
    found.close()


@pytest.fixture
async def gateway(tmp_path: Path, agent: ReferenceAgent) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {AGENT_ID: agent}):
        yield gw


async def _page(gateway: Gateway, **variables: Any) -> dict[str, Any]:
    data = await gateway.data(PAGE, {"agent": AGENT_ID, "first": 20, **variables}, Role.OBSERVER)
    page: dict[str, Any] = data["audit"]
    return page


def _entries(agent: ReferenceAgent) -> list[Entry]:
    return read_entries(agent.db_path)


async def test_a_page_holds_the_agents_entries_exactly(
    gateway: Gateway, agent: ReferenceAgent
) -> None:
    entries = _entries(agent)
    page = await _page(gateway, first=25)
    assert page["totalCount"] == len(entries) == 137
    assert page["nodes"] == [as_node(e) for e in entries[:25]]
    assert page["chainIntact"] is True
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
    conn = sqlite3.connect(agent.db_path)
    try:
        assert verify_chain(conn, AGENT_ID, agent.signing_identity) == page["totalCount"]
    finally:
        conn.close()


async def test_agent_audit_answers_as_the_root_field(gateway: Gateway) -> None:
    query = f"""query($id: ID!) {{ agent(id: $id) {{
      audit(first: 5, outcome: [FAILURE]) {{ totalCount nodes {{ {NODE_FIELDS} }} }} }} }}"""
    nested = (await gateway.data(query, {"id": AGENT_ID}))["agent"]["audit"]
    root = await _page(gateway, first=5, outcome=["FAILURE"])
    assert nested == {"totalCount": root["totalCount"], "nodes": root["nodes"]}
    assert [(n["eventType"], n["actor"], n["outcome"]) for n in nested["nodes"]] == [
        ("handler_action_speak", "SpeakHandler", "FAILURE")
    ]


async def test_pages_have_no_duplicates_or_gaps_while_the_agent_keeps_writing(
    gateway: Gateway, agent: ReferenceAgent
) -> None:
    before = _entries(agent)
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await _page(gateway, first=15, after=after)
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        agent.advance(600)  # new entries land before the first page, not in the later ones
    assert seen == [e.entry_id for e in before]
    now = _entries(agent)
    assert len(now) > len(before)
    fresh = await _page(gateway, first=100)
    assert fresh["totalCount"] == len(now)
    assert [n["id"] for n in fresh["nodes"]] == [e.entry_id for e in now[:100]]


async def test_filters_and_their_counts(gateway: Gateway, agent: ReferenceAgent) -> None:
    entries = _entries(agent)
    speak = await _page(gateway, actor="SpeakHandler", eventType=["handler_action_speak"])
    expected = [e for e in entries if e.actor == "SpeakHandler"]
    assert speak["totalCount"] == len(expected) == 39
    assert [n["id"] for n in speak["nodes"]] == [e.entry_id for e in expected[:20]]
    # Some speak entries follow each other in the chain: those links are checked, and hold.
    assert speak["chainIntact"] is True
    system = await _page(gateway, eventType=["system_event"], outcome=["SUCCESS"])
    assert [n["details"]["event"] for n in system["nodes"]] == ["cognitive_state_transition"] * 6
    assert (await _page(gateway, first=1))["chainIntact"] is None  # one entry: no link
    assert [(n["details"]["from_state"], n["details"]["to_state"]) for n in system["nodes"]][
        -1
    ] == ("shutdown", "wakeup")
    by_entity = await _page(gateway, entityId=entries[0].subject_id, first=1)
    assert by_entity["totalCount"] == len(entries)
    none = await _page(gateway, outcome=["PARTIAL", "SKIPPED"])
    assert (none["totalCount"], none["nodes"], none["pageInfo"]) == (
        0,
        [],
        {"hasNextPage": False, "endCursor": None},
    )


async def test_since_and_until_edges(gateway: Gateway, agent: ReferenceAgent) -> None:
    entries = _entries(agent)
    edge = entries[30].recorded_at.isoformat()
    since = await _page(gateway, since=edge, first=100)
    until = await _page(gateway, until=edge, first=100)
    assert since["totalCount"] == 31
    assert since["nodes"][-1]["id"] == entries[30].entry_id
    assert until["totalCount"] == len(entries) - 31
    assert until["nodes"][0]["id"] == entries[31].entry_id


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"after": "not-a-cursor"}, "Invalid audit cursor"),
        ({"first": 0}, "`first` must be between 1 and 100; got 0."),
        ({"first": 101}, "`first` must be between 1 and 100; got 101."),
        (
            {"since": "2026-01-01T02:00:00Z", "until": "2026-01-01T01:00:00Z"},
            "`since` (2026-01-01T02:00:00+00:00) must not be after `until` "
            "(2026-01-01T01:00:00+00:00).",
        ),
        ({"since": "2026-01-01T02:00:00"}, "`since` must carry a time zone"),
        ({"actor": " "}, "`actor` must not be empty."),
        ({"entityId": ""}, "`entityId` must not be empty."),
        ({"eventType": [""]}, "`eventType` values must not be empty."),
    ],
)
async def test_bad_input_is_a_clear_error(
    gateway: Gateway, variables: dict[str, Any], message: str
) -> None:
    body = await gateway.graphql(PAGE, {"agent": AGENT_ID, "first": 20, **variables})
    assert body["data"] == {"audit": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


async def test_an_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql(PAGE, {"agent": "nobody", "first": 5})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "nobody" in error["message"]


async def test_an_unknown_outcome_is_refused(gateway: Gateway) -> None:
    body = await gateway.graphql(PAGE, {"agent": AGENT_ID, "first": 5, "outcome": ["MAYBE"]})
    assert body["errors"][0]["message"] == (
        "Variable '$outcome' has invalid value at [0]: Value 'MAYBE' does not exist in "
        "'AuditOutcome' enum."
    )


# --- the REST alias ------------------------------------------------------------------------


async def test_rest_alias_answers_the_graphql_page(gateway: Gateway) -> None:
    params: dict[str, int | list[str]] = {
        "first": 3,
        "outcome": ["success"],
        "event_type": ["handler_action_speak"],
    }
    response = await gateway.client.get("/v1/audit/recent", params=params, headers=gateway.auth())
    assert response.status_code == 200, response.text
    body = response.json()
    direct = await gateway.data(
        load_operation("audit_recent.graphql"),
        {
            "agent": AGENT_ID,
            "first": 3,
            "outcome": ["SUCCESS"],
            "eventType": ["handler_action_speak"],
        },
    )
    assert body["data"] == direct["agent"]["audit"]
    assert body["data"]["totalCount"] == 38
    second = await gateway.client.get(
        "/v1/audit/recent",
        params={**params, "after": body["data"]["pageInfo"]["endCursor"]},
        headers=gateway.auth(Role.OBSERVER),
    )
    first_ids = [n["id"] for n in body["data"]["nodes"]]
    second_ids = [n["id"] for n in second.json()["data"]["nodes"]]
    assert len(second_ids) == 3 and not set(first_ids) & set(second_ids)


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"outcome": "maybe"}, 400, "BAD_USER_INPUT"),
        ({"after": "garbage"}, 400, "BAD_USER_INPUT"),
        ({"first": 0}, 400, "BAD_USER_INPUT"),
        ({"first": 500}, 400, "BAD_USER_INPUT"),
        ({"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, 400, "BAD_USER_INPUT"),
        ({"since": "yesterday"}, 400, "BAD_USER_INPUT"),
        ({"agent": "nobody"}, 404, "NOT_FOUND"),
    ],
)
async def test_rest_bad_input_gets_a_clear_4xx(
    gateway: Gateway, params: dict[str, Any], status: int, code: str
) -> None:
    response = await gateway.client.get("/v1/audit/recent", params=params, headers=gateway.auth())
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
