"""DDL of the agent tables the store reader reads, where the project has none of its own.

PostgreSQL persist (AGENT_FACTS §3.2: schemas cirisgraph / cirislens, JSONB, TIMESTAMPTZ,
UUID incident ids) and the legacy 2.8 tables (§3.3, from the 2.8 agent's
schemas/persistence/{sqlite,postgres}/tables.py): on SQLite with the agent_occurrence_id
columns its migration 004 added, on PostgreSQL without them (that migration was a no-op there).
"""

from __future__ import annotations

POSTGRES_PERSIST_DDL = """
CREATE SCHEMA cirisgraph;
CREATE SCHEMA cirislens;

CREATE TABLE cirisgraph.nodes (
    node_id TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('LOCAL', 'IDENTITY', 'ENVIRONMENT', 'COMMUNITY')),
    node_type TEXT NOT NULL,
    attributes JSONB NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    signature TEXT,
    signing_key_id TEXT,
    signature_verified BOOLEAN NOT NULL DEFAULT FALSE,
    original_content_hash BYTEA,
    persist_row_hash TEXT,
    consolidation_level TEXT NOT NULL DEFAULT 'basic'
        CHECK (consolidation_level IN ('basic', 'daily', 'weekly', 'monthly')),
    PRIMARY KEY (node_id, scope)
);
CREATE INDEX nodes_type_scope ON cirisgraph.nodes (node_type, scope);
CREATE INDEX nodes_updated_at ON cirisgraph.nodes (updated_at);
CREATE INDEX nodes_attributes ON cirisgraph.nodes USING GIN (attributes);

CREATE TABLE cirislens.tasks (
    task_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    description TEXT NOT NULL,
    -- As the project's SQLite DDL (persist_schema.py), which also allows 'rejected': the
    -- reference agent writes it. AGENT_FACTS §1.7 says persist's own CHECK lacks it.
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'active', 'completed', 'failed', 'cancelled', 'deferred', 'rejected')),
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    parent_task_id TEXT REFERENCES cirislens.tasks (task_id),
    context_json JSONB,
    outcome_json JSONB,
    retry_count INTEGER NOT NULL DEFAULT 0,
    signed_by TEXT,
    signature TEXT,
    signed_at TIMESTAMPTZ,
    updated_info_available BOOLEAN NOT NULL DEFAULT FALSE,
    updated_info_content TEXT,
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default',
    images_json JSONB
);

CREATE TABLE cirislens.thoughts (
    thought_id TEXT PRIMARY KEY,
    source_task_id TEXT NOT NULL REFERENCES cirislens.tasks (task_id) ON DELETE CASCADE,
    channel_id TEXT,
    thought_type TEXT NOT NULL DEFAULT 'standard',
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'processing', 'completed', 'failed', 'deferred')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    round_number INTEGER NOT NULL DEFAULT 0,
    content TEXT NOT NULL,
    context_json JSONB,
    thought_depth INTEGER NOT NULL DEFAULT 0,
    ponder_notes_json JSONB,
    parent_thought_id TEXT REFERENCES cirislens.thoughts (thought_id),
    final_action_json JSONB,
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default'
);
CREATE INDEX thoughts_status_occurrence
    ON cirislens.thoughts (agent_occurrence_id, status, updated_at DESC);

CREATE TABLE cirislens.incident_records (
    incident_id UUID PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN
        ('info', 'warning', 'error', 'critical', 'low', 'medium', 'high')),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    correlation_keys JSONB NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state IN
        ('open', 'investigating', 'resolved', 'closed', 'recurring')),
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    resolution_notes TEXT,
    occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    signature TEXT,
    signing_key_id TEXT,
    signature_verified BOOLEAN NOT NULL DEFAULT FALSE,
    persist_row_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
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
CREATE INDEX incident_first_seen ON cirislens.incident_records (tenant_id, first_seen_at);
"""

SQLITE_LEGACY_DDL = """
CREATE TABLE tasks (
    task_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    parent_task_id TEXT,
    context_json TEXT,
    outcome_json TEXT,
    retry_count INTEGER DEFAULT 0,
    signed_by TEXT,
    signature TEXT,
    signed_at TEXT,
    updated_info_available INTEGER DEFAULT 0,
    updated_info_content TEXT,
    agent_occurrence_id TEXT DEFAULT 'default',
    images_json TEXT
);

CREATE TABLE thoughts (
    thought_id TEXT PRIMARY KEY,
    source_task_id TEXT NOT NULL,
    channel_id TEXT,
    thought_type TEXT DEFAULT 'standard',
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    round_number INTEGER DEFAULT 0,
    content TEXT NOT NULL,
    context_json TEXT,
    thought_depth INTEGER DEFAULT 0,
    ponder_notes_json TEXT,
    parent_thought_id TEXT,
    final_action_json TEXT,
    agent_occurrence_id TEXT DEFAULT 'default',
    FOREIGN KEY (source_task_id) REFERENCES tasks(task_id)
);

CREATE TABLE graph_nodes (
    node_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    node_type TEXT NOT NULL,
    attributes_json TEXT,
    version INTEGER DEFAULT 1,
    updated_by TEXT,
    updated_at TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (node_id, scope)
);
CREATE INDEX idx_graph_nodes_scope ON graph_nodes(scope);

CREATE TABLE graph_edges (
    edge_id TEXT PRIMARY KEY,
    source_node_id TEXT NOT NULL,
    target_node_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    relationship TEXT NOT NULL,
    weight REAL DEFAULT 1.0,
    attributes_json TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""

POSTGRES_LEGACY_DDL = """
CREATE TABLE tasks (
    task_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    parent_task_id TEXT,
    context_json JSONB,
    outcome_json JSONB,
    retry_count INTEGER DEFAULT 0,
    signed_by TEXT,
    signature TEXT,
    signed_at TIMESTAMP
);

CREATE TABLE thoughts (
    thought_id TEXT PRIMARY KEY,
    source_task_id TEXT NOT NULL,
    channel_id TEXT,
    thought_type TEXT DEFAULT 'standard',
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    round_number INTEGER DEFAULT 0,
    content TEXT NOT NULL,
    context_json JSONB,
    thought_depth INTEGER DEFAULT 0,
    ponder_notes_json JSONB,
    parent_thought_id TEXT,
    final_action_json JSONB,
    FOREIGN KEY (source_task_id) REFERENCES tasks(task_id)
);

CREATE TABLE graph_nodes (
    node_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    node_type TEXT NOT NULL,
    attributes_json JSONB,
    version INTEGER DEFAULT 1,
    updated_by TEXT,
    updated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (node_id, scope)
);
CREATE INDEX idx_graph_nodes_scope ON graph_nodes(scope);
"""
