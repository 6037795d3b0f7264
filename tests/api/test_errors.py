"""`Agent.errors` over the reference agent's error collector (see errors_support); times come
from the agent's stepped clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.collectors.errors import ErrorCollector, ErrorGroup
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import SERVICE_TOKEN, Gateway

from . import errors_support
from .errors_support import codes, node, record_two_groups

NODE = """fingerprint typeName message level logger file line function firstSeen lastSeen
occurrences origin context { thoughtId taskId handler traceId }"""
ERRORS = (
    """query($since: DateTime, $level: ErrorLevel, $source: String, $fingerprint: String,
    $first: Int = 20, $after: String) { agent(id: "ally") { errors(since: $since,
    level: $level, source: $source, fingerprint: $fingerprint, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { """
    + NODE
    + """ } } } } }"""
)
WITH_TRACE = """{ agent(id: "ally") { errors(source: "test") { nodes { fingerprint
stackTrace } } } }"""


async def _page(gateway: Gateway, **variables: Any) -> dict[str, Any]:
    variables.setdefault("source", "test")
    data = await gateway.data(ERRORS, variables)
    page: dict[str, Any] = data["agent"]["errors"]
    return page


async def test_errors_are_the_collectors_groups_newest_first(gateway: Gateway) -> None:
    failed, disk = record_two_groups(gateway)
    page = await _page(gateway)
    assert page["totalCount"] == 2
    assert page["pageInfo"]["hasNextPage"] is False
    assert [e["node"] for e in page["edges"]] == [node(failed), node(disk)]
    first, second = (e["node"] for e in page["edges"])
    assert first == {
        "fingerprint": failed.fingerprint,
        "typeName": "ValueError",
        "message": "thought 2 failed",
        "level": "ERROR",
        "logger": "test.handlers",
        "file": errors_support.__file__,
        "line": failed.line,
        "function": "failure",
        "firstSeen": "2026-01-01T00:30:00+00:00",
        "lastSeen": "2026-01-01T00:30:10+00:00",
        "occurrences": 2,
        "origin": "COLLECTOR",
        "context": {
            "thoughtId": "th-2",
            "taskId": "task-2",
            "handler": "SpeakHandler",
            "traceId": None,
        },
    }
    assert second == {
        "fingerprint": disk.fingerprint,
        "typeName": "CRITICAL",
        "message": "disk 93% full",
        "level": "CRITICAL",
        "logger": "test.storage",
        "file": None,
        "line": None,
        "function": None,
        "firstSeen": "2026-01-01T00:30:05+00:00",
        "lastSeen": "2026-01-01T00:30:05+00:00",
        "occurrences": 1,
        "origin": "COLLECTOR",
        "context": {"thoughtId": None, "taskId": None, "handler": None, "traceId": None},
    }


async def test_errors_without_a_filter_are_every_group_of_the_collector(gateway: Gateway) -> None:
    record_two_groups(gateway)
    everything = gateway.agent.errors.groups()
    data = await gateway.data(
        f'{{ agent(id: "ally") {{ errors(first: 100) {{ totalCount nodes {{ {NODE} }} }} }} }}'
    )
    page = data["agent"]["errors"]
    assert page["totalCount"] == len(everything)
    assert (
        page["nodes"]
        == [
            node(g)
            for g in sorted(everything, key=lambda g: (g.last_seen, g.fingerprint), reverse=True)
        ][:100]
    )


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"level": "CRITICAL"}, ["disk"]),
        ({"level": "ERROR"}, ["failed"]),
        ({"level": "WARNING"}, []),
        ({"source": "test.storage"}, ["disk"]),
        ({"source": "test.stor"}, []),  # a logger name, not a text prefix
        ({"source": "test.handlers.speak"}, []),  # children of the source, not its parents
        ({"since": "2026-01-01T00:30:05+00:00"}, ["failed", "disk"]),  # at or after
        ({"since": "2026-01-01T00:30:06+00:00"}, ["failed"]),
        ({"since": "2026-01-01T01:30:06+01:00"}, ["failed"]),  # any zone
        ({"since": "2026-01-01T00:30:11Z"}, []),
    ],
)
async def test_filters(gateway: Gateway, variables: dict[str, Any], expected: list[str]) -> None:
    failed, disk = record_two_groups(gateway)
    assert gateway.agent.now().isoformat() == "2026-01-01T00:30:10+00:00"
    by_name = {"failed": failed.fingerprint, "disk": disk.fingerprint}
    page = await _page(gateway, **variables)
    assert [e["node"]["fingerprint"] for e in page["edges"]] == [by_name[n] for n in expected]
    assert page["totalCount"] == len(expected)


async def test_fingerprint_filter_finds_one_group(gateway: Gateway) -> None:
    failed, _ = record_two_groups(gateway)
    page = await _page(gateway, fingerprint=failed.fingerprint, source=None)
    assert [e["node"] for e in page["edges"]] == [node(failed)]
    assert (await _page(gateway, fingerprint="0" * 16))["totalCount"] == 0


def _record_five(errors: ErrorCollector, agent_advance: Any) -> list[ErrorGroup]:
    """Five groups: two at one time (a tie broken by fingerprint), the others 1 s apart."""
    groups = [errors.record_message("first", logger="test.page")]
    agent_advance(1)
    groups.append(errors.record_message("second", logger="test.page"))
    groups.append(errors.record_message("second, same time", logger="test.page"))
    agent_advance(1)
    groups.append(errors.record_message("third", logger="test.page"))
    agent_advance(1)
    groups.append(errors.record_message("fourth", logger="test.page"))
    return groups


async def test_pages_follow_cursors_and_ignore_groups_recorded_meanwhile(gateway: Gateway) -> None:
    groups = _record_five(gateway.agent.errors, gateway.agent.advance)
    order = sorted(groups, key=lambda g: (g.last_seen, g.fingerprint), reverse=True)
    first = await _page(gateway, first=2)
    assert [e["node"]["fingerprint"] for e in first["edges"]] == [g.fingerprint for g in order[:2]]
    assert first["totalCount"] == 5
    assert first["pageInfo"] == {"hasNextPage": True, "endCursor": first["edges"][1]["cursor"]}
    # A group recorded between two pages is newer than the cursor: not on the next page.
    gateway.agent.advance(1)
    newest = gateway.agent.errors.record_message("newest", logger="test.page")
    second = await _page(gateway, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["fingerprint"] for e in second["edges"]] == [
        g.fingerprint for g in order[2:4]
    ]
    assert second["totalCount"] == 6
    assert second["pageInfo"]["hasNextPage"] is True
    third = await _page(gateway, first=2, after=second["pageInfo"]["endCursor"])
    assert [e["node"]["fingerprint"] for e in third["edges"]] == [order[4].fingerprint]
    assert third["pageInfo"] == {"hasNextPage": False, "endCursor": third["edges"][0]["cursor"]}
    again = await _page(gateway, first=1)
    assert again["edges"][0]["node"]["fingerprint"] == newest.fingerprint


async def test_a_group_seen_again_between_pages_moves_to_the_front(gateway: Gateway) -> None:
    groups = _record_five(gateway.agent.errors, gateway.agent.advance)
    order = sorted(groups, key=lambda g: (g.last_seen, g.fingerprint), reverse=True)
    first = await _page(gateway, first=2)
    oldest = order[-1]
    gateway.agent.advance(1)
    gateway.agent.errors.record_message(oldest.message, logger="test.page")
    rest = await _page(gateway, first=10, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["fingerprint"] for e in rest["edges"]] == [g.fingerprint for g in order[2:4]]
    top = (await _page(gateway, first=1))["edges"][0]["node"]
    assert (top["fingerprint"], top["occurrences"]) == (oldest.fingerprint, 2)


async def test_stack_traces_are_for_admins(gateway: Gateway) -> None:
    failed, disk = record_two_groups(gateway)
    admin = await gateway.data(WITH_TRACE)
    assert admin["agent"]["errors"]["nodes"] == [
        {"fingerprint": failed.fingerprint, "stackTrace": failed.stack_trace},
        {"fingerprint": disk.fingerprint, "stackTrace": None},
    ]
    assert failed.stack_trace is not None
    assert failed.stack_trace.endswith("ValueError: thought 2 failed\n")
    body = await gateway.graphql(WITH_TRACE, role=Role.OBSERVER)
    assert body["data"]["agent"]["errors"]["nodes"] == [
        {"fingerprint": failed.fingerprint, "stackTrace": None},
        {"fingerprint": disk.fingerprint, "stackTrace": None},
    ]
    assert codes(body) == ["FORBIDDEN", "FORBIDDEN"]
    assert body["errors"][0]["path"] == ["agent", "errors", "nodes", 0, "stackTrace"]
    assert body["errors"][0]["message"] == (
        "CollectedError.stackTrace requires role ADMIN; this credential has OBSERVER."
    )
    # Without the stack trace an OBSERVER reads the same groups, without errors.
    observed = await gateway.data(ERRORS, {"source": "test"}, role=Role.OBSERVER)
    assert [e["node"] for e in observed["agent"]["errors"]["edges"]] == [
        node(failed),
        node(disk),
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 0}, "`first` must be between 1 and 100; got 0."),
        ({"first": 101}, "`first` must be between 1 and 100; got 101."),
        ({"after": "%%%"}, "Invalid errors cursor '%%%' (not base64 JSON); pass a cursor"),
        ({"after": "WyJ4Il0"}, "Invalid errors cursor 'WyJ4Il0' (expected [last_seen, fi"),
        (
            {"since": "2026-01-01T00:00:00"},
            "`since` must carry a time zone (e.g. 2026-01-01T00:00:00Z); got 2026-01-01T00:00:00.",
        ),
        ({"source": ""}, "`source` must be a logger name (e.g. ciris_engine); got ''."),
        ({"fingerprint": ""}, "`fingerprint` must be a group's fingerprint; got ''."),
    ],
)
async def test_bad_arguments_are_bad_user_input(
    gateway: Gateway, variables: dict[str, Any], message: str
) -> None:
    body = await gateway.graphql(ERRORS, variables)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"].startswith(message)
    assert body["data"]["agent"]["errors"] is None


@pytest.mark.parametrize(
    "variables", [{"level": "FATAL"}, {"since": "yesterday"}, {"first": "ten"}]
)
async def test_values_of_the_wrong_type_are_bad_user_input(
    gateway: Gateway, variables: dict[str, Any]
) -> None:
    body = await gateway.graphql(ERRORS, variables)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["data"] is None


async def test_an_unknown_level_literal_fails_validation(gateway: Gateway) -> None:
    body = await gateway.graphql('{ agent(id: "ally") { errors(level: FATAL) { totalCount } } }')
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_an_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql('{ agent(id: "nobody") { errors { totalCount } } }')
    assert codes(body) == ["NOT_FOUND"]
    assert body["data"] == {"agent": None}


async def test_an_agent_without_a_runtime_reports_its_errors_unavailable(
    tmp_path: Path, gateway: Gateway
) -> None:
    fleet = Fleet()
    store = SQLiteStoreReader(gateway.agent.db_path)
    runtime = UnavailableRuntime("agent 'db' is served from its database only")
    fleet.add(AgentSources(agent_id="db", runtime=runtime, store=store), store.close)
    settings = Settings.load(None, data_dir=tmp_path / "db-gw", service_token=SERVICE_TOKEN)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            response = await client.post(
                "/graphql",
                json={"query": '{ agent(id: "db") { id errors { totalCount } } }'},
                headers={"Authorization": f"Bearer service:{SERVICE_TOKEN}"},
            )
    await fleet.close()
    body = response.json()
    assert body["data"] == {"agent": {"id": "db", "errors": None}}
    assert codes(body) == ["SOURCE_UNAVAILABLE"]
    assert body["errors"][0]["message"] == (
        "Agent 'db': agent 'db' is served from its database only"
    )
