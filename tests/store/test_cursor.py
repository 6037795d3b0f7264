from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.records import ThoughtRecord
from ciris_telemetry.datasources.store import ThoughtCursor, decode_thought_cursor, thought_cursor


def _record(thought_id: str, created_at: datetime) -> ThoughtRecord:
    return ThoughtRecord(
        thought_id=thought_id,
        source_task_id="task-1",
        channel_id=None,
        thought_type="standard",
        status="completed",
        created_at=created_at,
        updated_at=created_at,
        round_number=0,
        content="",
        thought_depth=0,
        parent_thought_id=None,
        final_action=None,
        agent_occurrence_id="default",
    )


def _b64(payload: bytes) -> str:
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def test_cursor_is_unpadded_urlsafe_base64_of_created_at_and_id() -> None:
    record = _record("th-1", datetime(2026, 1, 1, 0, 0, 5, tzinfo=UTC))
    cursor = thought_cursor(record)
    assert cursor == _b64(b'["2026-01-01T00:00:05.000000+00:00","th-1"]')
    assert decode_thought_cursor(cursor) == ThoughtCursor(record.created_at, "th-1")


def test_cursor_survives_ids_that_need_escaping() -> None:
    record = _record('th/"ü"?+', datetime(2026, 1, 1, 0, 0, 5, 1, tzinfo=UTC))
    cursor = thought_cursor(record)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_thought_cursor(cursor) == ThoughtCursor(record.created_at, 'th/"ü"?+')


@pytest.mark.parametrize(
    ("cursor", "why"),
    [
        ("", "wrong length"),
        ("A" * 1025, "wrong length"),
        ("!!!!", "not base64 JSON"),
        ("abc", "not base64 JSON"),  # decodes to bytes that are not JSON
        ("é", "not base64 JSON"),
        (_b64(b'{"created_at": "2026-01-01T00:00:00Z", "id": "x"}'), "expected \\[created_at"),
        (_b64(b'["2026-01-01T00:00:00Z"]'), "expected \\[created_at"),
        (_b64(b'["2026-01-01T00:00:00Z", "x", "y"]'), "expected \\[created_at"),
        (_b64(b'["2026-01-01T00:00:00Z", 7]'), "expected \\[created_at"),
        (_b64(b'["2026-01-01T00:00:00Z", ""]'), "expected \\[created_at"),
        (_b64(json.dumps(["tomorrow", "x"]).encode()), "not an ISO 8601 timestamp"),
        (_b64(b"\xff\xfe"), "not base64 JSON"),
    ],
)
def test_bad_cursor_is_a_value_error_saying_why(cursor: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"Invalid thoughts cursor .*{why}"):
        decode_thought_cursor(cursor)
