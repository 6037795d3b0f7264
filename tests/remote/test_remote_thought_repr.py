"""Reading the Thought repr a trace step carries, in the spellings agents have used."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.records import FinalActionRecord, ThoughtRecord
from ciris_telemetry.datasources.remote.thoughts import ReprError, thought_from_repr

# Older agents: datetimes as datetime reprs, enums printed as members, content wrapped.
OLDER_REPR = (
    "thought=Thought(thought_id='th_1', source_task_id='task_1', agent_occurrence_id='default', "
    "channel_id=None, thought_type=ThoughtType.PONDER, status=ThoughtStatus.PENDING, "
    "created_at=datetime.datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.timezone.utc), "
    "updated_at=datetime.datetime(2026, 1, 2, 3, 4, 6, tzinfo=datetime.timezone.utc), "
    "round_number=-1, content=ThoughtContent(text='Is (this) [balanced]? {yes}', metadata={}), "
    "thought_depth=3, ponder_notes=['a', 'b'], parent_thought_id='th_0', final_action=None, "
    "images=[<ImageContent object at 0x7f>]) conscience_results=None"
)


def test_an_older_spelling() -> None:
    assert thought_from_repr(OLDER_REPR) == ThoughtRecord(
        thought_id="th_1",
        source_task_id="task_1",
        channel_id=None,
        thought_type="ponder",
        status="pending",
        created_at=datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC),
        updated_at=datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC),
        round_number=-1,
        content="Is (this) [balanced]? {yes}",
        thought_depth=3,
        parent_thought_id="th_0",
        final_action=None,
        agent_occurrence_id="default",
    )


def test_enum_reprs_become_their_values() -> None:
    text = (
        "thought=Thought(thought_id='th_2', source_task_id='t', thought_type=<ThoughtType."
        "FOLLOW_UP: 'follow_up'>, status=<ThoughtStatus.COMPLETED: 'completed'>, "
        "created_at='2026-01-02T03:04:05Z', updated_at='2026-01-02T03:04:06+01:00', "
        "content='a < b: c > d', final_action=FinalAction(action_type=<HandlerActionType.TOOL: "
        "'tool'>, action_params={'name': 'curl', 'args': [1, -2.5, None, True]}, reasoning=None))"
    )
    thought = thought_from_repr(text)
    assert (thought.thought_type, thought.status, thought.content) == (
        "follow_up",
        "completed",
        "a < b: c > d",
    )
    assert thought.updated_at == datetime(2026, 1, 2, 2, 4, 6, tzinfo=UTC)
    assert thought.final_action == FinalActionRecord(
        action_type="tool",
        reasoning=None,
        params={"name": "curl", "args": [1, -2.5, None, True]},
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("speak: done", "no Thought(...) in the step"),
        ("thought=Thought(thought_id='th', source_task_id='t'", "is cut off"),
        ("thought=Thought(thought_id='th', status='pending')", "has no source_task_id"),
        (
            "thought=Thought(thought_id='th', source_task_id='t', thought_type='standard', "
            "status='pending', created_at='yesterday', updated_at='today')",
            "created_at is not a time: 'yesterday'",
        ),
        ("thought=Thought(thought_id='th' source_task_id='t')", "does not parse"),
    ],
)
def test_what_is_not_a_thought_is_refused(text: str, problem: str) -> None:
    with pytest.raises(ReprError) as caught:
        thought_from_repr(text)
    assert problem in str(caught.value)
