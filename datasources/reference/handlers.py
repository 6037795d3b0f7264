"""The ten action handlers and the dispatcher that maps actions to them.

Each handler class states what its action does to the thought and the task, as the agent's
handlers do: terminal actions end the task, the others leave a follow-up thought.
"""

from __future__ import annotations

from typing import ClassVar

from .enums import HandlerActionType, TaskStatus, ThoughtStatus


class BaseActionHandler:
    action: ClassVar[HandlerActionType]
    thought_status: ClassVar[ThoughtStatus] = ThoughtStatus.COMPLETED
    task_status: ClassVar[TaskStatus | None] = None
    creates_follow_up: ClassVar[bool] = True


class MemorizeHandler(BaseActionHandler):
    action = HandlerActionType.MEMORIZE


class SpeakHandler(BaseActionHandler):
    action = HandlerActionType.SPEAK


class ObserveHandler(BaseActionHandler):
    action = HandlerActionType.OBSERVE


class DeferHandler(BaseActionHandler):
    action = HandlerActionType.DEFER
    thought_status = ThoughtStatus.DEFERRED
    task_status = TaskStatus.DEFERRED
    creates_follow_up = False


class RejectHandler(BaseActionHandler):
    action = HandlerActionType.REJECT
    thought_status = ThoughtStatus.FAILED
    task_status = TaskStatus.REJECTED
    creates_follow_up = False


class TaskCompleteHandler(BaseActionHandler):
    action = HandlerActionType.TASK_COMPLETE
    task_status = TaskStatus.COMPLETED
    creates_follow_up = False


class ToolHandler(BaseActionHandler):
    action = HandlerActionType.TOOL


class RecallHandler(BaseActionHandler):
    action = HandlerActionType.RECALL


class ForgetHandler(BaseActionHandler):
    action = HandlerActionType.FORGET


class PonderHandler(BaseActionHandler):
    action = HandlerActionType.PONDER


HANDLER_CLASSES: tuple[type[BaseActionHandler], ...] = (
    MemorizeHandler,
    SpeakHandler,
    ObserveHandler,
    DeferHandler,
    RejectHandler,
    TaskCompleteHandler,
    ToolHandler,
    RecallHandler,
    ForgetHandler,
    PonderHandler,
)


class ActionDispatcher:
    def __init__(self) -> None:
        self.handlers: dict[HandlerActionType, BaseActionHandler] = {
            cls.action: cls() for cls in HANDLER_CLASSES
        }

    def get_handler(self, action: HandlerActionType) -> BaseActionHandler:
        return self.handlers[action]
