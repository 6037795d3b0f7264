"""Identifiers in the agent's formats, drawn from one seeded stream."""

from __future__ import annotations

import hashlib
import random
import uuid


class IdFactory:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def seed_thought(self, task_id: str) -> str:
        return f"th_seed_{task_id[:8]}_{self.uuid()[:12]}"

    def follow_up_thought(self, task_id: str) -> str:
        return f"th_followup_{task_id[:8]}_{self.uuid()[:12]}"

    def span(self) -> str:
        return f"{self._rng.getrandbits(64):016x}"


def trace_id_of(thought_id: str, task_id: str, step: str) -> str:
    """The pipeline's trace id for one step of one thought."""
    return hashlib.sha256(f"{thought_id}_{task_id}_{step}".encode()).hexdigest()[:32].upper()


def thought_span_of(thought_id: str) -> str:
    return hashlib.sha256(thought_id.encode()).hexdigest()[:16]
