"""The rules the OpenAPI document cannot state (a relation between two parameters, a bound
set by the agent's data or clock), applied to generated parameter sets. Each rule moves a set
to the nearest one the alias documents as valid, so that "valid data is accepted" is tested
on exactly that: what the document allows and the parameter descriptions add."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import date, datetime, timedelta
from typing import Any

import schemathesis

from ciris_telemetry.config import HistorySettings
from support.gateway_harness import SIMULATED_SECONDS, START

Query = MutableMapping[str, Any]
# The fuzzed gateway's reference agent: its clock, and a metric it records.
AGENT_CLOCK = START + timedelta(seconds=SIMULATED_SECONDS)
RECORDED_METRIC = "llm.tokens.total"


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None  # not a date-time the alias reads: left for it to refuse


def since_not_after_until(query: Query) -> None:
    since, until = _moment(query.get("since")), _moment(query.get("until"))
    if since is not None and until is not None and since > until:
        query["since"], query["until"] = query["until"], query["since"]


def a_recorded_metric_over_a_range(query: Query) -> None:
    """`metric` is one the agent records; `since` is before `until` (by default the agent's
    clock); with `step`, the range holds at most `[history] max_buckets` buckets."""
    query["metric"] = RECORDED_METRIC
    since_until(query)
    since = _moment(query.get("since"))
    end = _moment(query.get("until")) or AGENT_CLOCK
    step = query.get("step")
    if since is None or not isinstance(step, int) or step < 1:
        return
    try:
        # One bucket fewer than the limit: buckets align to the epoch, not to `since`.
        earliest = end - timedelta(seconds=step * (HistorySettings().max_buckets - 1))
    except OverflowError:
        return  # the widest step: no range from year 1 on holds too many buckets
    if since < earliest:
        query["since"] = earliest.isoformat()


def since_until(query: Query) -> None:
    since, until = _moment(query.get("since")), _moment(query.get("until"))
    if since is None:
        return
    if until is not None and since >= until:
        query["since"], query["until"] = query["until"], query["since"]
        if since == until:
            query.pop("until")
            until = None
    if until is None and since >= AGENT_CLOCK:
        query["since"] = (AGENT_CLOCK - timedelta(hours=1)).isoformat()


def recorded_metrics_of_a_day_that_has_ended(query: Query) -> None:
    """`metric` names metrics the agent records; `day` has ended by the agent's clock."""
    if query.get("metric"):
        query["metric"] = [RECORDED_METRIC]
    try:
        day = date.fromisoformat(str(query.get("day")))
    except ValueError:
        return
    if day >= AGENT_CLOCK.date():
        query["day"] = (AGENT_CLOCK.date() - timedelta(days=1)).isoformat()


RULES: dict[str, Callable[[Query], None]] = {
    "/v1/audit/recent": since_not_after_until,
    "/v1/telemetry/history": a_recorded_metric_over_a_range,
    "/v1/telemetry/summary/daily": recorded_metrics_of_a_day_that_has_ended,
    "/v1/incidents/recent": since_not_after_until,
}


def following_rules(path: str) -> Callable[[schemathesis.Case[Any]], schemathesis.Case[Any]]:
    rule = RULES.get(path)

    def apply(case: schemathesis.Case[Any]) -> schemathesis.Case[Any]:
        if rule is not None and case.query is not None:
            rule(case.query)
        return case

    return apply
