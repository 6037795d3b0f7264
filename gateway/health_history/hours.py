"""The stored shape of service health history: one node per agent and hour.

Why hourly nodes: availability is asked for over 1 h, 24 h and 7 d, and 7 days must stay cheap
to read. One node per agent-hour makes 7 days 168 nodes, read in one ordered `list_nodes` call.
Each node holds, for its hour:

- `slots`: the offsets (seconds from the hour's start) of the sample slots recorded;
- per service `up`/`total` counts, plus `down` and `absent` offset lists (usually empty), so a
  window that cuts an hour is still counted exactly, sample by sample;
- the overall level's `overall_up` count and `overall_down` offsets, alike;
- `changes`: the state changes seen at its samples, and `last`: the states of its newest sample,
  which the next sample (possibly another replica's) compares against.

Node ids are `service_health:<agent_id>:<8-digit inverted hour number>`: the hour counts down
from a fixed maximum, so the store's ascending node_id order lists one agent's hours newest
first (the same byte-order requirement as the handler snapshots). A sample belongs to the slot
`floor(time / sample_seconds)`; a slot is written only when it is newer than the node's newest
slot, so a second replica's write of the same slot is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ciris_telemetry.datasources.records import ServiceHealthRecord
from ciris_telemetry.store import JsonObject, JsonValue, StoredNode

HOUR_NODE_TYPE = "service_health_hour"
NODE_ID_PREFIX = "service_health"
HOUR = timedelta(hours=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# 10**8 hours reach past the year 13000, so the inverted part keeps 8 digits.
_INVERSION_BASE = 10**8 - 1
HEALTHY = "healthy"

# A service's state at one sample: whether it reported healthy, and its breaker state.
ServiceState = tuple[bool, str | None]


def agent_prefix(agent_id: str) -> str:
    return f"{NODE_ID_PREFIX}:{agent_id}:"


def hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def hour_node_id(agent_id: str, hour: datetime) -> str:
    index = (hour - _EPOCH) // HOUR
    if not 0 <= index <= _INVERSION_BASE:
        raise ValueError(f"hour {hour.isoformat()} is outside the history id range")
    return f"{agent_prefix(agent_id)}{_INVERSION_BASE - index:08d}"


def slot_time(moment: datetime, sample_seconds: int) -> datetime:
    """The start of the sample slot `moment` falls in."""
    micros = (moment.astimezone(UTC) - _EPOCH) // timedelta(microseconds=1)
    width = sample_seconds * 1_000_000
    return _EPOCH + timedelta(microseconds=(micros // width) * width)


@dataclass(frozen=True, slots=True)
class ServiceCounts:
    up: int
    total: int
    down: tuple[int, ...]  # offsets sampled unhealthy
    absent: tuple[int, ...]  # offsets of this hour's samples that did not report the service


@dataclass(frozen=True, slots=True)
class Change:
    """A state change seen at a sample: of one service (`service` set) or of the overall level."""

    at: datetime
    service: str | None
    previous: ServiceState | str
    current: ServiceState | str


@dataclass(frozen=True, slots=True)
class HourRecord:
    agent_id: str
    hour: datetime
    slots: tuple[int, ...]
    overall_up: int
    overall_down: tuple[int, ...]
    services: dict[str, ServiceCounts]
    changes: tuple[Change, ...]
    last_overall: str | None
    last_services: dict[str, ServiceState]

    @property
    def last_slot(self) -> int | None:
        return self.slots[-1] if self.slots else None


def empty_hour(
    agent_id: str,
    hour: datetime,
    last_overall: str | None = None,
    last_services: Mapping[str, ServiceState] | None = None,
) -> HourRecord:
    """A new hour carrying the newest known states of the hour before it."""
    return HourRecord(
        agent_id=agent_id,
        hour=hour,
        slots=(),
        overall_up=0,
        overall_down=(),
        services={},
        changes=(),
        last_overall=last_overall,
        last_services=dict(last_services or {}),
    )


def service_states(report: ServiceHealthRecord) -> dict[str, ServiceState]:
    return {
        s.key: (s.healthy, s.breaker_state.value if s.breaker_state is not None else None)
        for s in report.services
    }


def with_sample(hour: HourRecord, offset: int, report: ServiceHealthRecord) -> HourRecord:
    """`hour` with the sample of slot `offset` added (the caller checked the slot is new)."""
    at = hour.hour + timedelta(seconds=offset)
    states = service_states(report)
    changes = list(hour.changes)
    if hour.last_overall is not None and hour.last_overall != report.overall:
        changes.append(Change(at, None, hour.last_overall, report.overall))
    for key, state in states.items():
        before = hour.last_services.get(key)
        if before is not None and before != state:
            changes.append(Change(at, key, before, state))
    services: dict[str, ServiceCounts] = {}
    for key in sorted(set(hour.services) | set(states)):
        # A service first seen now was absent from this hour's earlier samples.
        counts = hour.services.get(key, ServiceCounts(0, 0, (), hour.slots))
        sampled = states.get(key)
        if sampled is None:
            counts = ServiceCounts(counts.up, counts.total, counts.down, (*counts.absent, offset))
        elif sampled[0]:
            counts = ServiceCounts(counts.up + 1, counts.total + 1, counts.down, counts.absent)
        else:
            counts = ServiceCounts(
                counts.up, counts.total + 1, (*counts.down, offset), counts.absent
            )
        services[key] = counts
    overall_up = report.overall == HEALTHY
    return HourRecord(
        agent_id=hour.agent_id,
        hour=hour.hour,
        slots=(*hour.slots, offset),
        overall_up=hour.overall_up + overall_up,
        overall_down=hour.overall_down if overall_up else (*hour.overall_down, offset),
        services=services,
        changes=tuple(changes),
        last_overall=report.overall,
        last_services=states,
    )


# --- encoding ------------------------------------------------------------------------------


def _state_json(state: ServiceState | str) -> JsonValue:
    return state if isinstance(state, str) else [state[0], state[1]]


def hour_attributes(hour: HourRecord) -> JsonObject:
    return {
        "agent_id": hour.agent_id,
        "hour": hour.hour.isoformat(),
        "slots": list(hour.slots),
        "overall_up": hour.overall_up,
        "overall_down": list(hour.overall_down),
        "services": {
            key: {"up": c.up, "total": c.total, "down": list(c.down), "absent": list(c.absent)}
            for key, c in hour.services.items()
        },
        "changes": [
            [c.at.isoformat(), c.service, _state_json(c.previous), _state_json(c.current)]
            for c in hour.changes
        ],
        "last_overall": hour.last_overall,
        "last_services": {key: [s[0], s[1]] for key, s in hour.last_services.items()},
    }


def _ints(value: object) -> tuple[int, ...]:
    return tuple(v for v in value if isinstance(v, int)) if isinstance(value, list) else ()


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _state(value: object) -> ServiceState | str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], bool):
        return (value[0], value[1] if isinstance(value[1], str) else None)
    return None


def _service_state(value: object) -> ServiceState | None:
    state = _state(value)
    return state if isinstance(state, tuple) else None


def _counts(value: object) -> ServiceCounts:
    item = value if isinstance(value, Mapping) else {}
    return ServiceCounts(
        up=_int(item.get("up")),
        total=_int(item.get("total")),
        down=_ints(item.get("down")),
        absent=_ints(item.get("absent")),
    )


def _change(value: object) -> Change | None:
    if not isinstance(value, list) or len(value) != 4 or not isinstance(value[0], str):
        return None
    previous, current = _state(value[2]), _state(value[3])
    if previous is None or current is None:
        return None
    service = value[1] if isinstance(value[1], str) else None
    return Change(datetime.fromisoformat(value[0]), service, previous, current)


def hour_from_node(node: StoredNode) -> HourRecord:
    """Read an hour node back (ValueError if it is not one)."""
    a = node.attributes
    hour_text = a.get("hour")
    if node.node_type != HOUR_NODE_TYPE or not isinstance(hour_text, str):
        raise ValueError(f"node {node.node_id} is not a service health hour")
    hour = datetime.fromisoformat(hour_text)
    agent_id = str(a.get("agent_id", ""))
    services = a.get("services")
    last_services = a.get("last_services")
    changes = a.get("changes")
    last_overall = a.get("last_overall")
    return HourRecord(
        agent_id=agent_id,
        hour=hour,
        slots=_ints(a.get("slots")),
        overall_up=_int(a.get("overall_up")),
        overall_down=_ints(a.get("overall_down")),
        services=(
            {str(k): _counts(v) for k, v in services.items()}
            if isinstance(services, Mapping)
            else {}
        ),
        changes=tuple(
            c for c in (_change(v) for v in (changes if isinstance(changes, list) else [])) if c
        ),
        last_overall=last_overall if isinstance(last_overall, str) else None,
        last_services=(
            {
                str(k): s
                for k, s in ((k, _service_state(v)) for k, v in last_services.items())
                if s is not None
            }
            if isinstance(last_services, Mapping)
            else {}
        ),
    )
