"""DDL of the CIRIS persist tables that carry telemetry, SQLite flavour.

Table and column names, types and CHECK vocabularies follow the persist substrate
(`cirisgraph_*`, `cirislens_*`). The reference agent creates these; readers only read them.
"""

from __future__ import annotations

import sqlite3

SQLITE_DDL = """
CREATE TABLE IF NOT EXISTS cirisgraph_nodes (
    node_id TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('LOCAL', 'IDENTITY', 'ENVIRONMENT', 'COMMUNITY')),
    node_type TEXT NOT NULL,
    attributes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    signature TEXT,
    signing_key_id TEXT,
    signature_verified INTEGER NOT NULL DEFAULT 0,
    original_content_hash BLOB,
    persist_row_hash TEXT,
    consolidation_level TEXT NOT NULL DEFAULT 'basic'
        CHECK (consolidation_level IN ('basic', 'daily', 'weekly', 'monthly')),
    PRIMARY KEY (node_id, scope)
);
CREATE INDEX IF NOT EXISTS cirisgraph_nodes_type_scope ON cirisgraph_nodes (node_type, scope);
CREATE INDEX IF NOT EXISTS cirisgraph_nodes_updated_at ON cirisgraph_nodes (updated_at);
CREATE INDEX IF NOT EXISTS cirisgraph_nodes_metric
    ON cirisgraph_nodes (node_type, json_extract(attributes, '$.metric_name'), created_at);

CREATE TABLE IF NOT EXISTS cirisgraph_edges (
    edge_id TEXT PRIMARY KEY,
    source_node_id TEXT NOT NULL,
    target_node_id TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('LOCAL', 'IDENTITY', 'ENVIRONMENT', 'COMMUNITY')),
    relationship TEXT NOT NULL,
    weight REAL,
    attributes TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS cirisgraph_telemetry_metrics (
    metric_id TEXT PRIMARY KEY,
    metric_name TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    value REAL NOT NULL,
    labels TEXT NOT NULL DEFAULT '{}',
    observed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS cirislens_tasks (
    task_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'active', 'completed', 'failed', 'cancelled', 'deferred', 'rejected')),
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    parent_task_id TEXT REFERENCES cirislens_tasks(task_id),
    context_json TEXT,
    outcome_json TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    signed_by TEXT,
    signature TEXT,
    signed_at TEXT,
    updated_info_available INTEGER NOT NULL DEFAULT 0,
    updated_info_content TEXT,
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default',
    images_json TEXT
);
CREATE INDEX IF NOT EXISTS tasks_status_occurrence
    ON cirislens_tasks (agent_occurrence_id, status, updated_at DESC);

CREATE TABLE IF NOT EXISTS cirislens_thoughts (
    thought_id TEXT PRIMARY KEY,
    source_task_id TEXT NOT NULL REFERENCES cirislens_tasks(task_id) ON DELETE CASCADE,
    channel_id TEXT,
    thought_type TEXT NOT NULL DEFAULT 'standard',
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'processing', 'completed', 'failed', 'deferred')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    round_number INTEGER NOT NULL DEFAULT 0 CHECK (round_number >= 0),
    content TEXT NOT NULL,
    context_json TEXT,
    thought_depth INTEGER NOT NULL DEFAULT 0 CHECK (thought_depth >= 0),
    ponder_notes_json TEXT,
    parent_thought_id TEXT REFERENCES cirislens_thoughts(thought_id),
    final_action_json TEXT,
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default'
);
CREATE INDEX IF NOT EXISTS thoughts_task_recency
    ON cirislens_thoughts (source_task_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS thoughts_status_occurrence
    ON cirislens_thoughts (agent_occurrence_id, status, updated_at DESC);
CREATE INDEX IF NOT EXISTS thoughts_created ON cirislens_thoughts (created_at, thought_id);

CREATE TABLE IF NOT EXISTS cirislens_service_correlations (
    correlation_id TEXT PRIMARY KEY,
    service_type TEXT NOT NULL,
    handler_name TEXT NOT NULL,
    action_type TEXT NOT NULL,
    request_data TEXT,
    response_data TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
        ('pending', 'active', 'completed', 'failed', 'cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    correlation_type TEXT NOT NULL DEFAULT 'service_interaction' CHECK (correlation_type IN
        ('service_interaction', 'metric', 'trace', 'log')),
    timestamp TEXT,
    metric_name TEXT,
    metric_value REAL,
    log_level TEXT,
    trace_id TEXT,
    span_id TEXT,
    parent_span_id TEXT,
    tags TEXT,
    retention_policy TEXT NOT NULL DEFAULT 'raw' CHECK (retention_policy IN
        ('raw', 'aggregated', 'summary', 'retained_indefinitely')),
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default'
);
CREATE INDEX IF NOT EXISTS service_correlations_trace_id
    ON cirislens_service_correlations (trace_id) WHERE trace_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS cirislens_audit_log (
    entry_id TEXT PRIMARY KEY,
    sequence_number INTEGER NOT NULL CHECK (sequence_number >= 1),
    tenant_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action_type TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    entry_hash BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    signature TEXT NOT NULL,
    signing_key_id TEXT NOT NULL,
    signature_verified INTEGER NOT NULL DEFAULT 0,
    persist_row_hash TEXT NOT NULL,
    content_hash BLOB,
    UNIQUE (tenant_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS audit_log_recorded_at ON cirislens_audit_log (recorded_at);

CREATE TABLE IF NOT EXISTS cirislens_incident_records (
    incident_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN
        ('info', 'warning', 'error', 'critical', 'low', 'medium', 'high')),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    correlation_keys TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state IN
        ('open', 'investigating', 'resolved', 'closed', 'recurring')),
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution_notes TEXT,
    occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    signature TEXT,
    signing_key_id TEXT,
    signature_verified INTEGER NOT NULL DEFAULT 0,
    persist_row_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    incident_type TEXT,
    source_component TEXT,
    handler_name TEXT,
    exception_type TEXT,
    stack_trace TEXT,
    filename TEXT,
    line_number INTEGER,
    function_name TEXT,
    impact TEXT,
    urgency TEXT,
    detection_method TEXT
);
CREATE INDEX IF NOT EXISTS incident_first_seen
    ON cirislens_incident_records (tenant_id, first_seen_at);

CREATE TABLE IF NOT EXISTS cirislens_scheduled_tasks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    goal_description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'PENDING',
    defer_until TEXT,
    schedule_cron TEXT,
    trigger_prompt TEXT NOT NULL,
    origin_thought_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_triggered_at TEXT,
    next_trigger_at TEXT,
    deferral_count INTEGER NOT NULL DEFAULT 0,
    deferral_history TEXT NOT NULL DEFAULT '[]',
    created_by_agent TEXT,
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default'
);
"""


def create_persist_tables(conn: sqlite3.Connection) -> None:
    """Create the persist telemetry tables on an open SQLite connection (idempotent)."""
    conn.executescript(SQLITE_DDL)
