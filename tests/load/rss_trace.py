"""A series of RSS samples and the numbers a leak check reads from it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RssTrace:
    seconds: list[float] = field(default_factory=list)
    kib: list[int] = field(default_factory=list)

    def add(self, at_seconds: float, rss_kib: int) -> None:
        self.seconds.append(at_seconds)
        self.kib.append(rss_kib)

    def after(self, from_seconds: float) -> RssTrace:
        """The samples taken at or after `from_seconds`."""
        kept = [(s, k) for s, k in zip(self.seconds, self.kib, strict=True) if s >= from_seconds]
        return RssTrace([s for s, _ in kept], [k for _, k in kept])

    def slope_kib_per_second(self) -> float:
        """The least-squares slope of RSS over time: steady growth, not one-off steps' noise."""
        n = len(self.seconds)
        if n < 2:
            raise ValueError("a slope needs two samples or more")
        mean_t = sum(self.seconds) / n
        mean_k = sum(self.kib) / n
        covariance = sum(
            (t - mean_t) * (k - mean_k) for t, k in zip(self.seconds, self.kib, strict=True)
        )
        variance = sum((t - mean_t) ** 2 for t in self.seconds)
        return covariance / variance

    @property
    def first(self) -> int:
        return self.kib[0]

    @property
    def last(self) -> int:
        return self.kib[-1]

    @property
    def peak(self) -> int:
        return max(self.kib)
