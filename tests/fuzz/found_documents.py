"""Operations the fuzzers found failing, kept so tests can replay them exactly."""

from __future__ import annotations

from support.gateway_harness import AGENT_ID

# `aggregates` is non-null and refuses `last: 1513`, so `agent` becomes null while its
# sibling `llm` still waits on reads that `fleet.totals` shares.
CANCELLED_SIBLING = (
    f'{{ agent(id: "{AGENT_ID}") {{ llm {{ maxInFlightPerProvider }} '
    'aggregates(metric: "x", period: DAY, last: 1513) { sum } } '
    "fleet { totals { unreachable } } }"
)
