"""schema.graphql is the code's schema, to the byte."""

from __future__ import annotations

from pathlib import Path

from ciris_telemetry.gql.schema_factory import schema_sdl

COMMITTED = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    assert COMMITTED.read_text() == schema_sdl(), (
        "schema.graphql is stale: run `ciris-telemetry export-schema --output schema.graphql`"
    )


def test_schema_follows_the_conventions() -> None:
    sdl = schema_sdl()
    assert "thoughtsPerSecond: Float!" in sdl
    assert "costCents: Float!" in sdl
    assert "processing_rate" not in sdl
    assert "enum BreakerSource {\n  REGISTRY\n  LLM_BUS\n}" in sdl
