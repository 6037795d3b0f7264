"""What schemathesis should generate for the document's cursor formats.

A page's `after` is declared with the format `<connection>-cursor`: opaque, only a cursor the
gateway issued for that connection is valid. Any keyset position is one the gateway could have
issued (a cursor names a position, not an item that must still exist), so each strategy encodes
drawn positions with the gateway's own encoders.
"""

from __future__ import annotations

from datetime import UTC, datetime

import schemathesis
from hypothesis import strategies as st

from ciris_telemetry.datasources.store.cursor import encode_cursor, encode_time_key
from ciris_telemetry.datasources.store.timestamps import canonical_timestamp

_MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
_IDS = st.text(min_size=1, max_size=24)

# One strategy per connection, in the shape its decoder checks.
CURSORS: dict[str, st.SearchStrategy[str]] = {
    # [created_at, thought_id] and [last_seen, fingerprint]
    "thoughts": st.builds(encode_time_key, _MOMENTS, _IDS),
    "errors": st.builds(encode_time_key, _MOMENTS, _IDS),
    # [recorded_at, sequence_number, entry_id]
    "audit": st.builds(
        lambda at, sequence, entry: encode_cursor([canonical_timestamp(at), sequence, entry]),
        _MOMENTS,
        st.integers(min_value=0, max_value=2**53),
        _IDS,
    ),
    # [first_seen_at, agent_id, incident_id]
    "incidents": st.builds(
        lambda at, agent, incident: encode_cursor([canonical_timestamp(at), agent, incident]),
        _MOMENTS,
        _IDS,
        _IDS,
    ),
}


def register_cursor_formats() -> None:
    """Teach schemathesis each `<connection>-cursor` format (a process-wide registry)."""
    for connection, strategy in CURSORS.items():
        schemathesis.openapi.format(f"{connection}-cursor", strategy)
