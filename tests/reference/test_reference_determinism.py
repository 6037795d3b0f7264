"""Same seed and same steps give the same database, row for row; another seed does not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent

AgentFactory = Callable[..., ReferenceAgent]
Dump = Callable[[Path], list[str]]
SIX_HOURS = 6 * 3600.0


def run(agent: ReferenceAgent, steps: list[float]) -> ReferenceAgent:
    for step in steps:
        agent.advance(step)
    return agent


def test_same_seed_same_steps_gives_identical_rows(make_agent: AgentFactory, dump_db: Dump) -> None:
    steps = [0.25, 90.0, 3599.75, SIX_HOURS - 3690.0]
    first = run(make_agent("a.db", seed=7), steps)
    second = run(make_agent("b.db", seed=7), steps)
    rows = dump_db(first.db_path)
    assert len(rows) > 10_000
    assert rows == dump_db(second.db_path)
    assert first.stats == second.stats


def test_how_the_time_is_cut_into_steps_does_not_matter(
    make_agent: AgentFactory, dump_db: Dump
) -> None:
    whole = run(make_agent("whole.db", seed=3), [SIX_HOURS])
    pieces = run(make_agent("pieces.db", seed=3), [0.1] * 10 + [59.0] * 60 + [SIX_HOURS - 3541.0])
    assert dump_db(whole.db_path) == dump_db(pieces.db_path)


def test_another_seed_gives_another_history(make_agent: AgentFactory, dump_db: Dump) -> None:
    one = run(make_agent("one.db", seed=1), [3600.0])
    two = run(make_agent("two.db", seed=2), [3600.0])
    assert dump_db(one.db_path) != dump_db(two.db_path)
    assert one.stats.tasks_created != two.stats.tasks_created or (
        one.stats.llm_attempts != two.stats.llm_attempts
    )


def test_zero_and_sub_microsecond_steps_change_nothing(
    make_agent: AgentFactory, dump_db: Dump
) -> None:
    agent = run(make_agent(seed=1), [30.0])
    before_rows = dump_db(agent.db_path)
    before_now = agent.now()
    agent.advance(0)
    agent.advance(0.0000004)
    assert agent.now() == before_now
    assert dump_db(agent.db_path) == before_rows


def test_fractional_steps_move_the_clock_exactly(make_agent: AgentFactory) -> None:
    agent = make_agent(seed=1)
    start = agent.now()
    for _ in range(4):
        agent.advance(0.125)
    agent.advance(1.000001)
    assert (agent.now() - start).total_seconds() == 1.500001


def test_negative_steps_are_refused(make_agent: AgentFactory) -> None:
    agent = make_agent(seed=1)
    with pytest.raises(ValueError, match="backwards"):
        agent.advance(-1.0)


def test_restarting_on_the_same_file_starts_the_simulation_afresh(
    tmp_path: Path, dump_db: Dump
) -> None:
    path = tmp_path / "same.db"
    first = ReferenceAgent(db_path=path, seed=5)
    first.advance(1800.0)
    rows = dump_db(path)
    first.close()
    second = ReferenceAgent(db_path=path, seed=5)
    try:
        second.advance(1800.0)
        assert dump_db(path) == rows
    finally:
        second.close()
