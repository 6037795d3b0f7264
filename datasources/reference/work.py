"""Tasks and thoughts moving through rounds, LLM calls and the ten handlers.

A task waits (pending) until the next round activates it and gives it a seed thought. A round
takes pending thoughts into the processing queue; each thought makes its LLM calls, selects an
action and is dispatched to that action's handler, which takes its time and may fail. Non-
terminal actions leave a follow-up thought one level deeper for a later round.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .content import USER_MESSAGES, action_params, reasoning_for
from .context import SimContext
from .enums import AgentState, HandlerActionType, TaskStatus, ThoughtStatus, ThoughtType
from .handlers import BaseActionHandler
from .incidents import CodeSite, Problem
from .ledger import Task, Thought
from .llm_traffic import LLMTraffic
from .processor import ProcessingQueueItem, ThoughtContent

A = HandlerActionType
ROUND_DELAY_SECONDS = 1.0
THOUGHT_STAGGER_SECONDS = 0.02
MAX_THOUGHT_DEPTH = 7
HANDLER_ERROR_PROBABILITY = 0.02
MEAN_TASK_GAP_SECONDS = 180.0
DISCORD_SHARE = 0.5
PROCESSING_STATES = frozenset({AgentState.WAKEUP, AgentState.WORK, AgentState.PLAY})
API_CHANNEL = "api_127.0.0.1_8080"
DISCORD_CHANNELS = ("1364300186003968060", "1382010877171073108", "1391477026395017296")

SEED_WEIGHTS: dict[HandlerActionType, int] = {
    A.SPEAK: 55, A.PONDER: 8, A.TOOL: 8, A.MEMORIZE: 5, A.RECALL: 6,
    A.OBSERVE: 4, A.FORGET: 1, A.DEFER: 3, A.REJECT: 2, A.TASK_COMPLETE: 8,
}  # fmt: skip
FOLLOW_UP_WEIGHTS: dict[HandlerActionType, int] = {
    A.TASK_COMPLETE: 60, A.SPEAK: 12, A.PONDER: 5, A.TOOL: 6, A.MEMORIZE: 5,
    A.RECALL: 4, A.OBSERVE: 2, A.FORGET: 1, A.DEFER: 3, A.REJECT: 2,
}  # fmt: skip
MAX_DEPTH_WEIGHTS: dict[HandlerActionType, int] = {A.TASK_COMPLETE: 80, A.DEFER: 15, A.REJECT: 5}
HANDLER_DURATION_MS: dict[HandlerActionType, tuple[float, float]] = {
    A.SPEAK: (40, 400), A.TOOL: (150, 3000), A.MEMORIZE: (20, 200), A.RECALL: (20, 250),
    A.FORGET: (15, 120), A.OBSERVE: (50, 600), A.PONDER: (5, 40), A.DEFER: (10, 80),
    A.REJECT: (5, 50), A.TASK_COMPLETE: (5, 60),
}  # fmt: skip

DISPATCH_SITE = CodeSite(
    source_component="ciris_engine.logic.infrastructure.handlers.action_dispatcher",
    filename="action_dispatcher.py",
    line_number=542,
    function_name="dispatch",
)

TaskListener = Callable[[Task], None]


class WorkSimulation:
    def __init__(self, sim: SimContext, llm: LLMTraffic) -> None:
        self._sim = sim
        self._llm = llm
        self._rng = sim.rng("actions")
        self._arrivals = sim.rng("arrivals")
        self._round_scheduled = False
        self._round_outstanding = 0
        self._task_listeners: list[TaskListener] = []
        self._arrivals_running = False
        self.discord_connected: Callable[[], bool] = lambda: False

    def add_task_listener(self, listener: TaskListener) -> None:
        self._task_listeners.append(listener)

    def submit(
        self,
        *,
        description: str,
        message: str,
        channel_id: str,
        priority: int,
        is_wakeup: bool,
        task_id: str | None = None,
    ) -> Task:
        task = self._sim.ledger.new_task(
            task_id=task_id or self._sim.ids.uuid(),
            channel_id=channel_id,
            description=description,
            message=message,
            priority=priority,
            is_wakeup=is_wakeup,
        )
        self.kick()
        return task

    def start_arrivals(self) -> None:
        if not self._arrivals_running:
            self._arrivals_running = True
            self._schedule_arrival()

    def kick(self) -> None:
        """Schedule the next round if there is work and the state lets the agent process it."""
        ledger = self._sim.ledger
        if self._round_scheduled or self._round_outstanding or not self._may_process():
            return
        if not (ledger.pending_tasks or ledger.pending_thoughts):
            return
        self._round_scheduled = True
        self._sim.after(ROUND_DELAY_SECONDS, self._round)

    def _may_process(self) -> bool:
        state = self._sim.runtime.agent_processor.state_manager.current_state
        return state in PROCESSING_STATES

    # --- arrivals ----------------------------------------------------------------------

    def _schedule_arrival(self) -> None:
        self._sim.after(self._arrivals.expovariate(1.0 / MEAN_TASK_GAP_SECONDS), self._arrive)

    def _arrive(self) -> None:
        rng = self._arrivals
        message = rng.choice(USER_MESSAGES)
        from_discord = self.discord_connected() and rng.random() < DISCORD_SHARE
        channel = rng.choice(DISCORD_CHANNELS) if from_discord else API_CHANNEL
        author = f"user_{rng.randint(1, 40)}"
        self.submit(
            description=f"Respond to message from @{author} in channel {channel}: '{message}'",
            message=message,
            channel_id=channel,
            priority=rng.choice((0, 0, 0, 1, 5)),
            is_wakeup=False,
        )
        self._schedule_arrival()

    # --- rounds ------------------------------------------------------------------------

    def _round(self) -> None:
        self._round_scheduled = False
        if not self._may_process():
            return
        sim = self._sim
        processor = sim.runtime.agent_processor
        manager = processor.work_processor.thought_manager
        processor.current_round_number += 1
        round_number = processor.current_round_number
        room = max(0, manager.max_active_thoughts - len(sim.ledger.pending_thoughts))
        for task in sim.ledger.activate_pending_tasks(room):
            sim.ledger.new_thought(
                task,
                thought_type=ThoughtType.STANDARD,
                depth=0,
                parent_id=None,
                content=task.description,
                round_number=round_number,
            )
        batch = sim.ledger.take_pending(manager.max_active_thoughts)
        if not batch:
            return
        for thought in batch:
            manager.processing_queue.append(_queue_item(thought))
        self._round_outstanding = len(batch)
        for position, thought in enumerate(batch):
            sim.after(position * THOUGHT_STAGGER_SECONDS, _bind(self._start, thought))

    def _start(self, thought: Thought) -> None:
        self._sim.ledger.start(thought)
        self._sim.reasoning.thought_start(thought)
        self._sim.metrics.record(
            "thought_processing_started",
            1.0,
            {
                "thought_id": thought.thought_id,
                "path_type": "hot",
                "source_module": "thought_processor",
            },
        )
        self._llm.run(
            thought,
            on_done=_bind(self._decide, thought),
            on_failed=lambda reason: self._fail_without_action(thought, reason),
        )

    # --- action selection and dispatch -------------------------------------------------

    def _decide(self, thought: Thought) -> None:
        sim = self._sim
        action = self._choose_action(thought)
        sim.metrics.record(
            "thought_processing_completed",
            1.0,
            {
                "thought_id": thought.thought_id,
                "path_type": "hot",
                "source_module": "thought_processor",
            },
        )
        sim.metrics.record(
            f"action_selected_{action.value}",
            1.0,
            {
                "thought_id": thought.thought_id,
                "action": action.value,
                "path_type": "hot",
                "source_module": "thought_processor",
            },
        )
        handler = sim.runtime.agent_processor.action_dispatcher.get_handler(action)
        self._handler_metric("invoked", handler)
        sim.stats.dispatches[action.value] += 1
        params = action_params(action, thought.task.message, thought.task.channel_id, self._rng)
        low, high = HANDLER_DURATION_MS[action]
        duration_us = round(self._rng.uniform(low, high) * 1000)
        fails = self._rng.random() < HANDLER_ERROR_PROBABILITY
        started_us = sim.clock.micros
        sim.events.at(
            started_us + duration_us,
            lambda: self._handled(thought, handler, params, started_us, fails),
        )

    def _choose_action(self, thought: Thought) -> HandlerActionType:
        if thought.task.is_wakeup:
            return A.SPEAK if thought.depth == 0 else A.TASK_COMPLETE
        if thought.depth >= MAX_THOUGHT_DEPTH:
            weights = MAX_DEPTH_WEIGHTS
        elif thought.depth == 0:
            weights = SEED_WEIGHTS
        else:
            weights = FOLLOW_UP_WEIGHTS
        actions = list(weights)
        return self._rng.choices(actions, weights=[weights[a] for a in actions])[0]

    def _handled(
        self,
        thought: Thought,
        handler: BaseActionHandler,
        params: dict[str, Any],
        started_us: int,
        fails: bool,
    ) -> None:
        sim = self._sim
        action = handler.action
        handler_name = type(handler).__name__
        execution_ms = (sim.clock.micros - started_us) / 1000
        final_action = {
            "action_type": action.value,
            "action_params": params,
            "reasoning": reasoning_for(action),
        }
        thought.task.actions_taken.append(action.value)
        # Timed as the adapter times a real agent's handlers: by class name, with the exception.
        error = TimeoutError(_timeout_message(handler_name, action)) if fails else None
        sim.handler_metrics.record(handler_name, execution_ms / 1000, error)
        if fails:
            message = f"{handler_name} failed to execute {action.value}: TimeoutError"
            self._handler_metric("error", handler)
            sim.stats.handler_errors[action.value] += 1
            problem = self._handler_problem(thought, handler_name, action)
            sim.incidents.capture(problem)
            sim.log_error(
                problem,
                {
                    "thought_id": thought.thought_id,
                    "task_id": thought.task.task_id,
                    "handler": handler_name,
                },
            )
            self._audit(thought, handler_name, action, params, execution_ms, outcome="failure")
            sim.ledger.finish_thought(thought, ThoughtStatus.FAILED, final_action)
            self._finish_task(thought.task, TaskStatus.FAILED, message, [message])
        else:
            self._handler_metric("completed", handler)
            sim.stats.handler_completions[action.value] += 1
            self._audit(thought, handler_name, action, params, execution_ms, outcome="success")
            sim.ledger.finish_thought(thought, handler.thought_status, final_action)
            if handler.task_status is not None:
                summary = f"Task ended by {action.value}"
                self._finish_task(thought.task, handler.task_status, summary, [])
            elif handler.creates_follow_up:
                self._follow_up(thought, action)
        sim.reasoning.action_result(thought, action_type=action.value, success=not fails)
        self._thought_done(thought)

    def _follow_up(self, thought: Thought, action: HandlerActionType) -> None:
        notes = ["What does the user actually need here?"] if action is A.PONDER else None
        self._sim.ledger.new_thought(
            thought.task,
            thought_type=ThoughtType.FOLLOW_UP,
            depth=thought.depth + 1,
            parent_id=thought.thought_id,
            content=f"Follow-up after {action.value}: {thought.task.message}",
            round_number=self._sim.runtime.agent_processor.current_round_number,
            ponder_notes=notes,
        )

    def _fail_without_action(self, thought: Thought, reason: str) -> None:
        self._sim.ledger.finish_thought(thought, ThoughtStatus.FAILED, None)
        self._sim.stats.thoughts_without_llm += 1
        self._finish_task(thought.task, TaskStatus.FAILED, reason, [reason])
        self._thought_done(thought)

    def _finish_task(self, task: Task, status: TaskStatus, summary: str, errors: list[str]) -> None:
        self._sim.ledger.finish_task(task, status, summary, errors)
        for listener in self._task_listeners:
            listener(task)

    def _thought_done(self, thought: Thought) -> None:
        sim = self._sim
        if thought.started_us is not None:
            elapsed_ms = (sim.clock.micros - thought.started_us) / 1000
            sim.runtime.runtime_control_service.record_thought_time(elapsed_ms)
        queue = sim.runtime.agent_processor.work_processor.thought_manager.processing_queue
        for item in queue:
            if item.thought_id == thought.thought_id:
                queue.remove(item)
                break
        self._round_outstanding -= 1
        if self._round_outstanding == 0:
            self.kick()

    # --- what a dispatch leaves behind -------------------------------------------------

    def _handler_metric(self, kind: str, handler: BaseActionHandler) -> None:
        name = type(handler).__name__
        action = handler.action.value
        common = {"handler": name, "path_type": "hot", "source_module": "action_dispatcher"}
        self._sim.metrics.record(f"handler_{kind}_{action}", 1.0, {**common, "action": action})
        self._sim.metrics.record(f"handler_{kind}_total", 1.0, dict(common))

    def _audit(
        self,
        thought: Thought,
        handler_name: str,
        action: HandlerActionType,
        params: dict[str, Any],
        execution_ms: float,
        *,
        outcome: str,
    ) -> None:
        sim = self._sim
        sim.audit.append(
            entry_id=sim.ids.uuid(),
            action_type=f"handler_action_{action.value}",
            event_type=action.value,
            actor=handler_name,
            details={
                "action_type": action.value,
                "handler_name": handler_name,
                "metadata": "{}",
                "parameters": json.dumps(params, sort_keys=True),
                "task_id": thought.task.task_id,
                "thought_id": thought.thought_id,
                "execution_time_ms": f"{execution_ms:.3f}",
            },
            outcome=outcome,
            recorded_at=sim.clock.iso(),
        )
        sim.stats.audit_entries += 1

    def _handler_problem(
        self, thought: Thought, handler_name: str, action: HandlerActionType
    ) -> Problem:
        return Problem(
            severity="error",
            title=f"Error executing {handler_name}: TimeoutError",
            description=(
                f"{handler_name} raised TimeoutError while handling {action.value} for thought "
                f"{thought.thought_id}"
            ),
            site=DISPATCH_SITE,
            correlation_keys=(
                f"corr:{thought.task.correlation_id}",
                f"task:{thought.task.task_id}",
                f"thought:{thought.thought_id}",
                f"handler:{handler_name}",
            ),
            handler_name=handler_name,
            exception_type="TimeoutError",
            stack_trace=(
                "Traceback (most recent call last):\n"
                '  File "/app/ciris_engine/logic/infrastructure/handlers/action_dispatcher.py", '
                "line 542, in dispatch\n"
                "    follow_up_thought_id = await handler_instance.handle(result, thought, ctx)\n"
                f"TimeoutError: {_timeout_message(handler_name, action)}"
            ),
        )


def _timeout_message(handler_name: str, action: HandlerActionType) -> str:
    """What the TimeoutError of a failed handler says (in its stack trace and collector)."""
    return f"{handler_name} did not finish {action.value} in time"


def _queue_item(thought: Thought) -> ProcessingQueueItem:
    return ProcessingQueueItem(
        thought_id=thought.thought_id,
        source_task_id=thought.task.task_id,
        thought_type=thought.thought_type,
        content=ThoughtContent(text=thought.content),
        thought_depth=thought.depth,
        initial_context={"round_number": thought.round_number},
        ponder_notes=thought.ponder_notes,
    )


def _bind(function: Callable[[Thought], None], thought: Thought) -> Callable[[], None]:
    return lambda: function(thought)
