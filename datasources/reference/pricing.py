"""What an LLM call costs: the one price table and the one energy/carbon formula."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelPrice:
    input_cents_per_1k: float
    output_cents_per_1k: float


# Cents per 1,000 tokens (list prices; a local model costs nothing).
MODEL_PRICES: dict[str, ModelPrice] = {
    "gpt-4o-mini": ModelPrice(input_cents_per_1k=0.015, output_cents_per_1k=0.06),
    "gpt-4.1-mini": ModelPrice(input_cents_per_1k=0.04, output_cents_per_1k=0.16),
    "llama3.1-8b-instruct": ModelPrice(input_cents_per_1k=0.0, output_cents_per_1k=0.0),
}

ENERGY_KWH_PER_1K_TOKENS = 0.0003
CARBON_GRAMS_PER_KWH = 400.0


@dataclass(frozen=True, slots=True)
class Usage:
    """The agent's ResourceUsage for one call."""

    tokens_input: int
    tokens_output: int
    cost_cents: float
    energy_kwh: float
    carbon_grams: float
    model_used: str

    @property
    def tokens_used(self) -> int:
        return self.tokens_input + self.tokens_output


def usage_for(model: str, tokens_input: int, tokens_output: int) -> Usage:
    price = MODEL_PRICES[model]
    cost = (
        tokens_input * price.input_cents_per_1k + tokens_output * price.output_cents_per_1k
    ) / 1000
    energy = (tokens_input + tokens_output) * ENERGY_KWH_PER_1K_TOKENS / 1000
    return Usage(
        tokens_input=tokens_input,
        tokens_output=tokens_output,
        cost_cents=cost,
        energy_kwh=energy,
        carbon_grams=energy * CARBON_GRAMS_PER_KWH,
        model_used=model,
    )
