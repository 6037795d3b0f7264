"""The complete snapshot through GraphQL over HTTP, exact against the stepped reference agent."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.snapshot_records import ScheduledTaskRecord
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import Gateway

from .expected import CHANNELS, FIRST_DECISION, GOALS, LAST_HOUR, LIMITS

SNAPSHOT = """query($n: Int!) { agent(id: "ally") { snapshot(recentDecisions: $n) {
  identity { agentId name version codename codeHash }
  goals { source description taskId name status scheduleCron deferUntil nextRunAt lastRunAt }
  resources { limits { resource limit warning critical } }
  activeChannels { channelId activeTasks pendingTasks lastActivityAt }
  recentDecisions { id task { id } updatedAt finalAction { action reasoning } }
  decisions { thoughtId taskId channelId action rationale decidedAt }
  cognitiveState
  lastHour { tokens costCents errorGroups incidents }
} usage { tokensLastHour costLastHourCents } } }"""


async def snapshot(gateway: Gateway, n: int = 5) -> dict[str, Any]:
    data = await gateway.data(SNAPSHOT, {"n": n})
    agent: dict[str, Any] = data["agent"]
    return agent


async def test_identity_carries_version_codename_and_code_hash(gateway: Gateway) -> None:
    identity = (await snapshot(gateway))["snapshot"]["identity"]
    assert identity == {
        "agentId": "ally",
        "name": "ally",
        "version": "2.16.5-reference",
        "codename": "Context Engineering",
        "codeHash": hashlib.sha256(b"2.16.5-reference").hexdigest(),
    }


async def test_goals_are_the_purpose_and_the_open_scheduled_tasks(gateway: Gateway) -> None:
    # The COMPLETE weekly digest is in the table but is no longer a goal.
    assert (await snapshot(gateway))["snapshot"]["goals"] == GOALS


async def test_resources_carry_the_monitor_budget(gateway: Gateway) -> None:
    assert (await snapshot(gateway))["snapshot"]["resources"]["limits"] == LIMITS


async def test_active_channels_count_open_tasks(gateway: Gateway) -> None:
    assert (await snapshot(gateway))["snapshot"]["activeChannels"] == CHANNELS


async def test_decisions_are_the_recent_decisions_flat(gateway: Gateway) -> None:
    snap = (await snapshot(gateway, 4))["snapshot"]
    decisions, thoughts = snap["decisions"], snap["recentDecisions"]
    assert len(decisions) == len(thoughts) == 4
    assert decisions[0] == FIRST_DECISION
    for decision, thought in zip(decisions, thoughts, strict=True):
        assert decision["thoughtId"] == thought["id"]
        assert decision["taskId"] == thought["task"]["id"]
        assert decision["action"] == thought["finalAction"]["action"]
        assert decision["rationale"] == thought["finalAction"]["reasoning"]
        assert decision["decidedAt"] == thought["updatedAt"]


async def test_no_decisions_when_none_are_asked_for(gateway: Gateway) -> None:
    snap = (await snapshot(gateway, 0))["snapshot"]
    assert snap["decisions"] == [] and snap["recentDecisions"] == []


async def test_last_hour_tokens_cost_errors_and_incidents(gateway: Gateway) -> None:
    agent = await snapshot(gateway)
    assert agent["snapshot"]["lastHour"] == LAST_HOUR
    assert agent["usage"] == {
        "tokensLastHour": LAST_HOUR["tokens"],
        "costLastHourCents": LAST_HOUR["costCents"],
    }
    errors = await gateway.data(
        '{ agent(id: "ally") { errors(since: "2026-01-01T03:00:00Z") { totalCount } } }'
    )
    assert errors["agent"]["errors"]["totalCount"] == LAST_HOUR["errorGroups"]


async def test_the_daily_goal_moves_on_at_its_trigger(gateway: Gateway) -> None:
    gateway.agent.advance(23 * 3600)  # 2026-01-02T03:00, the next trigger
    goals = (await snapshot(gateway))["snapshot"]["goals"]
    daily = next(g for g in goals if g["name"] == "Daily reflection")
    assert daily["lastRunAt"] == "2026-01-02T03:00:00+00:00"
    assert daily["nextRunAt"] == "2026-01-03T03:00:00+00:00"


class FailingScheduledTasks:
    """The real store reader, except that its scheduled tasks cannot be read."""

    def __init__(self, inner: StoreReader) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def scheduled_tasks(self) -> Sequence[ScheduledTaskRecord]:
        raise SourceUnavailable("scheduled tasks table is locked")


async def test_a_failing_part_is_that_fields_error_and_the_rest_answers(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = gateway.fleet.members["ally"]
    failing = AgentSources("ally", member.runtime, FailingScheduledTasks(member.store))  # type: ignore[arg-type]
    monkeypatch.setitem(gateway.fleet.members, "ally", failing)
    body = await gateway.graphql(SNAPSHOT, {"n": 2})
    [error] = body["errors"]
    assert error["path"] == ["agent", "snapshot", "goals"]
    assert error["extensions"]["code"] == "SOURCE_UNAVAILABLE"
    assert "scheduled tasks table is locked" in error["message"]
    snap = body["data"]["agent"]["snapshot"]
    assert snap["goals"] is None
    assert snap["activeChannels"] == CHANNELS
    assert snap["lastHour"] == LAST_HOUR
    assert snap["decisions"][0] == FIRST_DECISION


@pytest.mark.parametrize("n", [-1, 51])
async def test_recent_decisions_out_of_range_is_bad_input(gateway: Gateway, n: int) -> None:
    body = await gateway.graphql(SNAPSHOT, {"n": n})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "`recentDecisions` must be between 0 and 50."
    assert body["data"]["agent"]["snapshot"] is None
