"""The audit trail over REST: the recorded answer of a real agent, and offset pages of a live
server whose list grows between pages (the remote source's cursor guarantee)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from remote.agent_server import TOKEN, AgentServer, serving
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.datasources.audit_records import AuditEntryRecord, AuditQuery
from ciris_telemetry.datasources.protocol import UnsupportedOperation
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.remote.audit import AuditEntries, record_of

from .audit_harness import Entry, b64, read_entries

SAMPLE = Path(__file__).parent / "samples" / "audit_entries.json"


def listed(entry: Entry) -> dict[str, Any]:
    """A persist entry as the agent's `/v1/audit/entries` lists it (samples/audit_entries)."""
    return {
        "id": entry.entry_id,
        "action": entry.action_type,
        "actor": entry.actor_id,
        "timestamp": entry.recorded_at_text,
        "context": {"entity_id": entry.subject_id, "description": entry.payload_text},
        "signature": entry.signature,
        "hash_chain": b64(entry.entry_hash),
        "storage_sources": ["sqlite"],
        "integrity_valid": True,
    }


class Listing:
    """What the served route lists, newest first; tests change it between pages."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    async def handler(self, request: Request) -> Response:
        limit = int(request.query_params.get("limit", "100"))
        offset = int(request.query_params.get("offset", "0"))
        kept = [
            e for e in self.entries if request.query_params.get("event_type") in (None, e["action"])
        ]
        data = {
            "entries": kept[offset : offset + limit],
            "total": len(kept),
            "offset": offset,
            "limit": limit,
        }
        return JSONResponse({"data": data, "metadata": {"timestamp": "2026-01-01T02:00:00Z"}})


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    found = ReferenceAgent(
        agent_id="ally",
        db_path=tmp_path / "ally.db",
        seed=7,
        start=datetime(2026, 1, 1, tzinfo=UTC),
    )
    found.advance(3600)
    yield found
    found.close()


@pytest.fixture
def listing() -> Listing:
    return Listing()


@pytest.fixture
def server(listing: Listing) -> Iterator[AgentServer]:
    with serving(overrides={"/v1/audit/entries": listing.handler}) as found:
        yield found


@pytest.fixture
async def source(server: AgentServer) -> AsyncIterator[RemoteSource]:
    found = RemoteSource(agent_id="ally", base_url=server.base_url, token=TOKEN, cache_seconds=0.0)
    yield found
    await found.close()


def test_the_recorded_answer_maps_both_kinds_of_entry() -> None:
    answer = AuditEntries.model_validate(json.loads(SAMPLE.read_text())["data"])
    description = answer.entries[0].context.description
    assert description is not None
    persist, graph = record_of(answer.entries[0]), record_of(answer.entries[1])
    assert persist == AuditEntryRecord(
        entry_id="315d3eac-d449-41fa-8589-040c84e414a0",
        recorded_at=datetime(2026, 11, 23, 22, 11, 58, 581802, tzinfo=UTC),
        event_type="handler_action_task_complete",
        actor="TaskCompleteHandler",
        actor_id="LOMXQowjkn9EX0nsWnmvA1xo+OssWR9WO4zZFQcB44M=",
        subject_id="LOMXQowjkn9EX0nsWnmvA1xo+OssWR9WO4zZFQcB44M=",
        outcome="success",
        details=json.loads(description)["details"],
        entry_hash="F8Vq4/bfIStzKJbaxUgO5wlCpZouZC5DXwX+Yr2uH4A=",
        signature="ygAMPkfwfwlrNQDsZkRuPL+0h1mq3L0GNCpOgRJ3XQhNb3fkDSZYV43qiavL8KgOJSap5CfOz0/3uiLJO9ukCQ==",
        integrity_valid=True,
    )
    assert persist.details is not None
    assert persist.details["thought_id"] == "th_followup_c0a97e09_2189dbac-7c6"
    assert (graph.entry_id, graph.event_type, graph.actor, graph.actor_id, graph.outcome) == (
        "audit_task_complete_315d3eac-d449-41fa-8589-040c84e414a0",
        "task_complete",
        "TaskCompleteHandler",
        None,
        "success",
    )
    assert graph.details is not None and graph.details["severity"] == "medium"
    assert answer.total == 42


async def test_pages_follow_the_last_entry_seen_while_entries_arrive(
    agent: ReferenceAgent, listing: Listing, source: RemoteSource
) -> None:
    before = read_entries(agent.db_path)
    listing.entries = [listed(e) for e in before]
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await source.audit_page(AuditQuery(), first=9, after=after)
        seen += [r.entry_id for r in page.items]
        if not page.has_next_page:
            break
        after = page.cursors[-1]
        agent.advance(300)  # newer entries are listed first and shift every offset down
        listing.entries = [listed(e) for e in read_entries(agent.db_path)]
    assert seen == [e.entry_id for e in before]
    assert len(listing.entries) > len(before)
    assert await source.count_audit(AuditQuery()) == len(listing.entries)


async def test_a_cursor_whose_entry_is_gone_is_refused(
    agent: ReferenceAgent, listing: Listing, source: RemoteSource
) -> None:
    listing.entries = [listed(e) for e in read_entries(agent.db_path)]
    page = await source.audit_page(AuditQuery(), first=5, after=None)
    listing.entries = [e for e in listing.entries if e["id"] != page.items[-1].entry_id]
    with pytest.raises(ValueError, match="no longer finds its entry"):
        await source.audit_page(AuditQuery(), first=5, after=page.cursors[-1])


async def test_filters_travel_as_the_agents_parameters(
    agent: ReferenceAgent, listing: Listing, source: RemoteSource
) -> None:
    listing.entries = [listed(e) for e in read_entries(agent.db_path)]
    query = AuditQuery(event_types=("system_event",))
    page = await source.audit_page(query, first=3, after=None)
    assert {r.event_type for r in page.items} == {"system_event"}
    assert await source.count_audit(query) == 4
    with pytest.raises(UnsupportedOperation, match="exactly one event type"):
        await source.audit_page(
            AuditQuery(event_types=("system_event", "handler_action_speak")), first=3, after=None
        )


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        # A cursor of the store readers: [recorded_at, sequence_number, entry_id].
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMDAwMCswMDowMCIsMSwiYSJd",
    ],
)
async def test_foreign_cursors_are_refused(source: RemoteSource, cursor: str) -> None:
    with pytest.raises(ValueError, match="Invalid audit cursor"):
        await source.audit_page(AuditQuery(), first=5, after=cursor)
