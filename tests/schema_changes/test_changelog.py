"""Which breaking changes CHANGELOG.md records: coordinates in backticks on the bullets of
`## Unreleased` > `### Breaking`, and nowhere else."""

from __future__ import annotations

from pathlib import Path

from ciris_telemetry.schema_changes import recorded_coordinates

REPO_CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"


def test_bullets_under_unreleased_breaking_record_their_coordinates() -> None:
    text = """# Changelog

## Unreleased

### Breaking

- `Agent.version` became nullable; `Query.trace(agentId:)` is required.
* `Severity.LOW` was removed.
"""
    assert recorded_coordinates(text) == {
        "Agent.version",
        "Query.trace(agentId:)",
        "Severity.LOW",
    }


def test_a_wrapped_bullet_records_what_its_indented_lines_name() -> None:
    text = """## Unreleased
### Breaking
- Counts became nullable: `QueueStatus.pendingThoughts` and
  `QueueStatus.processingThoughts`.
`Fleet` (not a bullet, not indented)

- `Agent.version`
"""
    assert recorded_coordinates(text) == {
        "QueueStatus.pendingThoughts",
        "QueueStatus.processingThoughts",
        "Agent.version",
    }


def test_released_sections_and_other_subsections_do_not_record() -> None:
    text = """## [Unreleased]

### Changed

- `Agent.llm` changed.

### Breaking

Prose naming `Agent.health` is an explanation, not a record.

- `Agent.identity` became nullable.

### Added

- `Agent.incidents`

## 0.1.0 - 2026-01-01

### Breaking

- `Agent.version` became nullable.
"""
    assert recorded_coordinates(text) == {"Agent.identity"}


def test_headings_match_without_regard_to_case_but_exactly() -> None:
    assert recorded_coordinates("## unreleased\n### BREAKING\n- `A.b`\n") == {"A.b"}
    assert recorded_coordinates("## Unreleased changes\n### Breaking\n- `A.b`\n") == set()
    assert recorded_coordinates("## Unreleased\n### Breaking changes\n- `A.b`\n") == set()
    assert recorded_coordinates("### Breaking\n- `A.b`\n") == set()


def test_an_empty_changelog_records_nothing() -> None:
    assert recorded_coordinates("") == set()


def test_the_repositorys_changelog_records_the_nullable_fields() -> None:
    assert recorded_coordinates(REPO_CHANGELOG.read_text()) == {
        "Agent.identity",
        "Agent.version",
        "QueueStatus.pendingThoughts",
        "QueueStatus.processingThoughts",
    }
