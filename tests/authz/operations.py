"""The GraphQL side of the matrix: every root Query field, Mutation and Subscription with the
requirement the gateway declares for it, and the field-level gates.

Requirements come from the README's Auth section and the code (`ctx.require(Role.ADMIN, ...)`
in resolvers/ and schema/; every HTTP operation needs a credential, gateway/gql/context.py;
subscriptions need one in connection_init, gateway/gql/router.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from support.gateway_harness import AGENT_ID

from .expectations import Need

# A W3C trace id a request of the test carries, so `trace` and its alias find something.
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
PRIMARY_BREAKER = "OpenAICompatibleClient_primary"
EXPORT_SINCE, EXPORT_UNTIL = "2026-01-01T01:00:00Z", "2026-01-01T01:01:00Z"


@dataclass(frozen=True)
class Operation:
    need: Need
    document: str


QUERY_FIELDS: dict[str, Operation] = {
    "agents": Operation(Need.OBSERVER, "{ agents { id } }"),
    "agent": Operation(Need.OBSERVER, f'{{ agent(id: "{AGENT_ID}") {{ id }} }}'),
    "fleet": Operation(Need.OBSERVER, "{ fleet { totals { agents } } }"),
    "gateway": Operation(Need.OBSERVER, "{ gateway { version agentCount } }"),
    "trace": Operation(Need.OBSERVER, f'{{ trace(id: "{TRACE_ID}") {{ id }} }}'),
    "audit": Operation(Need.OBSERVER, f'{{ audit(agentId: "{AGENT_ID}") {{ __typename }} }}'),
    "aggregate": Operation(Need.OBSERVER, '{ aggregate(id: "agg:h:unknown") { __typename } }'),
    "rateLimit": Operation(Need.OBSERVER, "{ rateLimit { cost } }"),
    "rateLimits": Operation(Need.OBSERVER, "{ rateLimits { __typename } }"),
    "incidents": Operation(Need.OBSERVER, "{ incidents(first: 1) { __typename } }"),
    "exportJob": Operation(Need.OBSERVER, '{ exportJob(id: "unknown") { id } }'),
}

MUTATIONS: dict[str, Operation] = {
    "resetCircuitBreaker": Operation(
        Need.ADMIN,
        f'mutation {{ resetCircuitBreaker(agentId: "{AGENT_ID}", source: LLM_BUS, '
        f'name: "{PRIMARY_BREAKER}") {{ auditEntryId breaker {{ state }} }} }}',
    ),
    # Any caller may ask for more; one pending request per caller and endpoint.
    "requestQuotaIncrease": Operation(
        Need.OBSERVER,
        'mutation { requestQuotaIncrease(endpoint: "/v1/telemetry/history", limit: 1200, '
        'reason: "authz matrix") { status } }',
    ),
    # `$id`: a pending request made for this caller to decide.
    "decideQuotaRequest": Operation(
        Need.ADMIN,
        'mutation ($id: ID!) { decideQuotaRequest(id: $id, approve: false, note: "authz") '
        "{ status } }",
    ),
    # Whoever may export may start an export job (README, Export jobs).
    "createExport": Operation(
        Need.OBSERVER,
        f'mutation {{ createExport(input: {{since: "{EXPORT_SINCE}", until: "{EXPORT_UNTIL}", '
        'metrics: ["llm.tokens.total"]}) { id state } }',
    ),
}


@dataclass(frozen=True)
class LiveOperation:
    need: Need
    document: str
    # The event kind the first replayed event has; None for samples and the mixed stream.
    kind: str | None


def _events(field: str, kind: str | None) -> LiveOperation:
    return LiveOperation(
        Need.OBSERVER,
        f'subscription {{ {field}(agentId: "{AGENT_ID}", since: 0) {{ sequence kind }} }}',
        kind,
    )


def _samples(field: str, arguments: str = "") -> LiveOperation:
    return LiveOperation(
        Need.OBSERVER,
        f'subscription {{ {field}(agentId: "{AGENT_ID}", intervalSeconds: 1{arguments}) '
        "{ sequence } }",
        None,
    )


SUBSCRIPTIONS: dict[str, LiveOperation] = {
    "agentEvents": _events("agentEvents", None),
    "circuitBreakerChanged": _events("circuitBreakerChanged", "CIRCUIT_BREAKER_CHANGED"),
    "cognitiveStateChanged": _events("cognitiveStateChanged", "COGNITIVE_STATE_CHANGED"),
    "healthChanged": _events("healthChanged", "HEALTH_CHANGED"),
    "incidentOpened": _events("incidentOpened", "INCIDENT_OPENED"),
    "thoughtUpdated": _events("thoughtUpdated", "THOUGHT_UPDATED"),
    "llmCall": _events("llmCall", "LLM_CALL"),
    "errorRecorded": _events("errorRecorded", "ERROR_RECORDED"),
    "queue": _samples("queue"),
    "systemSummary": _samples("systemSummary"),
    "metrics": _samples("metrics", ', names: ["llm.tokens.total"]'),
}


@dataclass(frozen=True)
class FieldGate:
    need: Need
    document: str
    # Keys from `data` to the gated values; "*" walks every item of a list.
    path: tuple[str, ...]


FIELD_GATES: dict[str, FieldGate] = {
    "Thought.content": FieldGate(
        Need.ADMIN,
        f'{{ agent(id: "{AGENT_ID}") {{ thoughts(first: 3) {{ nodes {{ id content }} }} }} }}',
        ("agent", "thoughts", "nodes", "*", "content"),
    ),
    "QueueItem.content": FieldGate(
        Need.ADMIN,
        f'{{ agent(id: "{AGENT_ID}") {{ queue {{ items {{ thoughtId content }} }} }} }}',
        ("agent", "queue", "items", "*", "content"),
    ),
    "CollectedError.stackTrace": FieldGate(
        Need.ADMIN,
        f'{{ agent(id: "{AGENT_ID}") {{ errors(first: 3) {{ nodes {{ fingerprint stackTrace }} }} '
        "} }",
        ("agent", "errors", "nodes", "*", "stackTrace"),
    ),
    "IncidentForensics.stackTrace": FieldGate(
        Need.ADMIN,
        f'{{ agent(id: "{AGENT_ID}") {{ incidentConnection(first: 3) {{ nodes {{ id '
        "forensics { stackTrace } } } } }",
        ("agent", "incidentConnection", "nodes", "*", "forensics", "stackTrace"),
    ),
}


def gated_values(data: object, path: tuple[str, ...]) -> list[object]:
    """The values at `path` in `data`."""
    if not path:
        return [data]
    head, rest = path[0], path[1:]
    if head == "*":
        assert isinstance(data, list), data
        return [value for item in data for value in gated_values(item, rest)]
    assert isinstance(data, dict), data
    return gated_values(data[head], rest)
