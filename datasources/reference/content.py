"""What the simulated users ask and what the simulated agent answers: text, parameters, reasons."""

from __future__ import annotations

import random
from typing import Any

from .enums import HandlerActionType as A

USER_MESSAGES: tuple[str, ...] = (
    "What is on my calendar tomorrow?",
    "Remind me to water the plants at 6pm.",
    "Summarise the last three emails from the landlord.",
    "Turn the living room lights down to 40 percent.",
    "Can you find a vegetarian recipe with lentils?",
    "How long is the drive to the airport right now?",
    "Add oat milk and coffee beans to the shopping list.",
    "What did we decide about the holiday budget?",
    "Please draft a polite reply declining Thursday's meeting.",
    "Is it going to rain this weekend?",
    "Track that I ran 5 km today.",
    "Who was the plumber we used last spring?",
)

WAKEUP_STEPS: tuple[str, ...] = (
    "VERIFY_IDENTITY",
    "VALIDATE_INTEGRITY",
    "EVALUATE_RESILIENCE",
    "ACCEPT_INCOMPLETENESS",
    "EXPRESS_GRATITUDE",
)

_REPLIES: tuple[str, ...] = (
    "Here is what I found.",
    "Done - I have taken care of it.",
    "I have drafted that for you; please review it.",
    "I could not find anything matching that.",
)

_TOOLS: tuple[str, ...] = ("http_get", "calendar_lookup", "smart_home_set", "weather_forecast")


def action_params(action: A, message: str, channel_id: str, rng: random.Random) -> dict[str, Any]:
    """The parameters an action carries in `final_action_json` and the audit entry."""
    if action is A.SPEAK:
        return {"content": rng.choice(_REPLIES), "channel_id": channel_id}
    if action is A.TOOL:
        return {"name": rng.choice(_TOOLS), "parameters": {"query": message}}
    if action is A.MEMORIZE:
        return {"node": {"id": f"concept/{rng.getrandbits(32):08x}", "type": "concept"}}
    if action is A.RECALL:
        return {"query": message, "limit": 10}
    if action is A.FORGET:
        return {"node": {"id": f"concept/{rng.getrandbits(32):08x}"}, "reason": "superseded"}
    if action is A.OBSERVE:
        return {"channel_id": channel_id, "active": True}
    if action is A.PONDER:
        return {"questions": ["What does the user actually need here?"]}
    if action is A.DEFER:
        return {"reason": "Needs a human decision", "defer_until": None}
    if action is A.REJECT:
        return {"reason": "Request conflicts with the agent's guidelines", "create_filter": False}
    return {"completion_reason": "The request has been handled."}


def reasoning_for(action: A) -> str:
    return f"Selected {action.value}: it is the most appropriate next step for this thought."
