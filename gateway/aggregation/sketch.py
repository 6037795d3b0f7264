"""A mergeable value sketch (DDSketch, 1% relative accuracy) and its stored text form.

The bins are serialized with the ddsketch library's own protobuf message, base64-encoded so
the sketch fits in a JSON node attribute. That message carries no sum, min or max (the
library documents the loss), so `MetricSketch` keeps those exactly beside the bins; the
aggregate node stores them as its own fields and hands them back when decoding.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ddsketch import DDSketch
from ddsketch.ddsketch import BaseDDSketch
from ddsketch.pb.ddsketch_pb2 import DDSketch as DDSketchMessage
from ddsketch.pb.proto import DDSketchProto
from google.protobuf.message import DecodeError

# Every quantile read from a sketch is within 1% of the exact value (relative).
RELATIVE_ACCURACY = 0.01
# The library's protobuf helpers carry no annotations.
_EMPTY_MESSAGE = DDSketchProto.to_proto(  # type: ignore[no-untyped-call]
    DDSketch(relative_accuracy=RELATIVE_ACCURACY)
)


def _new_sketch() -> BaseDDSketch:
    """An empty sketch whose index mapping is the one its decoded copies get.

    Decoding rebuilds the mapping from its gamma, which differs from a mapping built from the
    relative accuracy in the last bits; starting every sketch from the decoded form makes
    encode/decode a fixed point, so quantiles survive storage exactly.
    """
    return DDSketchProto.from_proto(_EMPTY_MESSAGE)  # type: ignore[no-untyped-call,no-any-return]


class SketchDecodeError(ValueError):
    """Stored sketch text that is not a sketch, or disagrees with its stored count."""


@dataclass(frozen=True, slots=True)
class ExactStats:
    """What the sketch's bins cannot give back exactly: count, sum, min and max."""

    count: int
    total: float
    minimum: float
    maximum: float


class MetricSketch:
    """A DDSketch plus the exact count, sum, min and max of the values it holds."""

    def __init__(self, sketch: BaseDDSketch, stats: ExactStats) -> None:
        self._sketch = sketch
        self.stats = stats

    @classmethod
    def of(cls, values: Sequence[float]) -> MetricSketch:
        """The sketch of `values` (at least one)."""
        if not values:
            raise ValueError("a sketch needs at least one value")
        sketch = _new_sketch()
        for value in values:
            sketch.add(value)
        # fsum: the exactly rounded sum, whatever order the points arrive in.
        stats = ExactStats(len(values), math.fsum(values), min(values), max(values))
        return cls(sketch, stats)

    @classmethod
    def merged(cls, parts: Iterable[MetricSketch]) -> MetricSketch:
        """One sketch holding every value of `parts` (at least one); no part is changed."""
        items = list(parts)
        if not items:
            raise ValueError("merging needs at least one sketch")
        sketch = _new_sketch()
        for part in items:
            sketch.merge(part._sketch)
        stats = ExactStats(
            count=sum(part.stats.count for part in items),
            total=math.fsum(part.stats.total for part in items),
            minimum=min(part.stats.minimum for part in items),
            maximum=max(part.stats.maximum for part in items),
        )
        return cls(sketch, stats)

    def quantile(self, q: float) -> float:
        """The value at quantile `q` (0..1), within RELATIVE_ACCURACY of the exact one."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile must be between 0 and 1, got {q}")
        value = self._sketch.get_quantile_value(q)
        assert value is not None  # a sketch always holds at least one value
        return float(value)

    def encode(self) -> str:
        """The bins as base64 text of the library's protobuf message."""
        message = DDSketchProto.to_proto(self._sketch)  # type: ignore[no-untyped-call]
        return base64.b64encode(message.SerializeToString()).decode("ascii")

    @classmethod
    def decode(cls, text: str, stats: ExactStats) -> MetricSketch:
        """The sketch stored as `text`, with the exact `stats` stored beside it."""
        try:
            message = DDSketchMessage.FromString(base64.b64decode(text, validate=True))
            sketch = DDSketchProto.from_proto(message)  # type: ignore[no-untyped-call]
        except (binascii.Error, DecodeError, ValueError) as exc:
            raise SketchDecodeError(f"stored sketch cannot be decoded: {exc}") from None
        if sketch.count != stats.count:
            raise SketchDecodeError(
                f"stored sketch holds {sketch.count:g} values but its aggregate says {stats.count}"
            )
        return cls(sketch, stats)
