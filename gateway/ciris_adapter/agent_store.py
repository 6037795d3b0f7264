"""The agent's database as a read-only store reader, or the reason there is none.

The adapter opens the database with plain read-only SQL rather than the agent's persist
Engine: the Engine is a process-wide singleton owned by the agent, and a reader must not touch
its configuration. A missing or unreadable database never stops the adapter: live views still
answer, stored views answer SourceUnavailable with the reason.
"""

from __future__ import annotations

import logging

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.store import open_store_reader
from ciris_telemetry.datasources.unavailable import UnavailableStore

from .locations import AGENT_DB_FILENAME, Locations

logger = logging.getLogger(__name__)


async def open_agent_store(locations: Locations) -> StoreReader:
    database = locations.agent_database
    if database is None:
        looked_at = locations.ciris_data_dir / AGENT_DB_FILENAME
        return UnavailableStore(
            f"no agent database: set CIRIS_DB_URL (or the adapter's database_url) or "
            f"CIRIS_HOME; {looked_at} does not exist"
        )
    try:
        return await open_store_reader(database, occurrence_id=locations.occurrence_id)
    except Exception as exc:  # whatever the driver raises, the adapter keeps serving live data
        logger.warning("ciris_telemetry: the agent database cannot be read: %s", exc)
        return UnavailableStore(f"the agent database cannot be read: {exc}")
