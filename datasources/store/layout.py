"""Where each generation of the agent's schema keeps what the store reader reads.

The persist substrate (agent 2.9+) and the legacy 2.8 schema hold the same facts in tables of
different names: `cirislens_thoughts` / `cirislens.thoughts` against `thoughts`, node
attributes in `attributes` against `attributes_json`, scopes in upper case against the agent's
own lower case, incidents in their own table against `audit_entry` nodes (AGENT_FACTS §3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# Rows of a legacy table without the column belong to the one occurrence that existed.
DEFAULT_OCCURRENCE = "default"


@dataclass(frozen=True, slots=True)
class Layout:
    """Table and column names of one schema generation on one database engine."""

    generation: str  # "persist" or "legacy 2.8", for messages
    tasks: str
    thoughts: str
    nodes: str
    attributes: str  # the nodes' JSON column
    local_scopes: tuple[str, ...]  # how the LOCAL scope is spelled
    incidents: str | None  # the incident table; None: incidents are audit_entry nodes
    # None when the tables predate multi-occurrence support (2.8 before its migration 004,
    # and 2.8 on PostgreSQL, where that migration was a no-op).
    occurrence_column: str | None = "agent_occurrence_id"

    @property
    def is_legacy(self) -> bool:
        return self.incidents is None

    def occurrence_expression(self) -> str:
        """SQL for a row's occurrence: its column, or the default when there is none."""
        return self.occurrence_column or f"'{DEFAULT_OCCURRENCE}'"

    def without_occurrence_column(self) -> Layout:
        return replace(self, occurrence_column=None)


SQLITE_PERSIST = Layout(
    generation="persist",
    tasks="cirislens_tasks",
    thoughts="cirislens_thoughts",
    nodes="cirisgraph_nodes",
    attributes="attributes",
    local_scopes=("LOCAL",),
    incidents="cirislens_incident_records",
)

POSTGRES_PERSIST = Layout(
    generation="persist",
    tasks="cirislens.tasks",
    thoughts="cirislens.thoughts",
    nodes="cirisgraph.nodes",
    attributes="attributes",
    local_scopes=("LOCAL",),
    incidents="cirislens.incident_records",
)

# The 2.8 agent wrote GraphScope values as they are ("local"); upper case is accepted too,
# so a database touched by later tooling still reads.
SQLITE_LEGACY = Layout(
    generation="legacy 2.8",
    tasks="tasks",
    thoughts="thoughts",
    nodes="graph_nodes",
    attributes="attributes_json",
    local_scopes=("local", "LOCAL"),
    incidents=None,
)

# Unqualified: the 2.8 tables live wherever the connection's search_path finds them.
POSTGRES_LEGACY = SQLITE_LEGACY

PERSIST_TABLES = {
    "sqlite": (SQLITE_PERSIST.tasks, SQLITE_PERSIST.thoughts, SQLITE_PERSIST.nodes),
    "postgresql": (POSTGRES_PERSIST.tasks, POSTGRES_PERSIST.thoughts, POSTGRES_PERSIST.nodes),
}
LEGACY_TABLES = (SQLITE_LEGACY.tasks, SQLITE_LEGACY.thoughts, SQLITE_LEGACY.nodes)
