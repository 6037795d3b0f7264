"""What the store-outage tests share: the routes they call and the stopped-store gateway."""

from __future__ import annotations

from dataclasses import dataclass

from faults.configured_gateway import ServedGateway
from faults.pg_cluster import PostgresCluster

JOBS = "/v1/telemetry/export/jobs"
THOUGHTS = "/v1/visibility/thoughts"
THOUGHTS_JOB = {"since": "2026-01-01T00:00:00Z", "kind": "thoughts", "agent": "datum"}


@dataclass
class StoreDown:
    """A gateway whose store's server was stopped after the keys and the job were made."""

    gw: ServedGateway
    cluster: PostgresCluster
    unchecked_key: str  # never presented: its check needs the store
    checked_key: str  # presented once before the stop: cached for a minute
    job_id: str
