"""A broker shared by gateway replicas through Redis Streams.

Each channel has a counter key and a stream. A Lua script increments the counter and appends
the event with stream ID `<sequence>-0` in one atomic step, so stream order is sequence order
and replay is an XRANGE by sequence. Each broker instance runs one XREAD BLOCK reader per
channel it has subscribers for and fans the events out to its local bounded queues.

A lease is a key holding its holder's id with a millisecond expiry; taking, renewing and
releasing it are Lua scripts, so each is one atomic round trip.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from datetime import UTC, datetime
from typing import Any, cast

from redis import asyncio as redis_asyncio
from redis.exceptions import RedisError

from .broker import DEFAULT_MAX_QUEUE, BrokerUnavailable, Subscription, check_lease
from .events import Event, as_utc
from .queue import SubscriberQueue
from .replay import replay_events

DEFAULT_REPLAY_SIZE = 1000
READ_BLOCK_MS = 1000
READ_BATCH = 500
RETRY_DELAY_S = 0.5

log = logging.getLogger(__name__)

# KEYS: counter, stream. ARGV: replay size, at, kind, payload. Returns the new sequence.
_PUBLISH_SCRIPT = """
local sequence = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], sequence .. '-0',
           'at', ARGV[2], 'kind', ARGV[3], 'payload', ARGV[4])
return sequence
"""

# KEYS: lease. ARGV: holder, ttl ms. Takes a free (or lapsed) lease or renews the holder's own;
# returns 1 when the holder has it afterwards, 0 when someone else does.
_HOLD_LEASE_SCRIPT = """
local current = redis.call('GET', KEYS[1])
if current == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""

# KEYS: lease. ARGV: holder. Deletes the lease only if the holder still has it.
_RELEASE_LEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

StreamEntry = tuple[str, dict[str, str]]


class RedisBroker:
    """Publish and subscribe through Redis; several instances on one Redis see each other."""

    def __init__(
        self,
        url: str,
        *,
        replay_size: int = DEFAULT_REPLAY_SIZE,
        key_prefix: str = "ctg:",
    ) -> None:
        if replay_size < 1:
            raise ValueError(f"replay_size must be at least 1, got {replay_size}")
        self._client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(url, decode_responses=True)
        self._replay_size = replay_size
        self._prefix = key_prefix
        self._publish_script = self._client.register_script(_PUBLISH_SCRIPT)
        self._hold_lease_script = self._client.register_script(_HOLD_LEASE_SCRIPT)
        self._release_lease_script = self._client.register_script(_RELEASE_LEASE_SCRIPT)
        self._subscribers: dict[str, set[SubscriberQueue]] = {}
        self._readers: dict[str, asyncio.Task[None]] = {}
        # Readers cancelled when their last subscriber left; close() waits for them to finish.
        self._stopping: set[asyncio.Task[None]] = set()
        self._reader_lock = asyncio.Lock()
        self._closed = False

    def counter_key(self, channel: str) -> str:
        return f"{self._prefix}seq:{channel}"

    def stream_key(self, channel: str) -> str:
        return f"{self._prefix}stream:{channel}"

    def lease_key(self, name: str) -> str:
        return f"{self._prefix}lease:{name}"

    async def publish(
        self, channel: str, kind: str, payload: dict[str, Any], at: datetime
    ) -> Event:
        if self._closed:
            raise RuntimeError("broker is closed")
        at_utc = as_utc(at)
        keys = [self.counter_key(channel), self.stream_key(channel)]
        args: list[str | int] = [self._replay_size, at_utc.isoformat(), kind, json.dumps(payload)]
        try:
            sequence = int(await self._publish_script(keys=keys, args=args))
        except (RedisError, OSError) as exc:
            raise BrokerUnavailable(f"publishing to {channel!r}: {exc}") from exc
        return Event(channel=channel, sequence=sequence, at=at_utc, kind=kind, payload=payload)

    def subscribe(
        self, channel: str, *, since: int | None = None, max_queue: int = DEFAULT_MAX_QUEUE
    ) -> Subscription:
        return Subscription(self, channel, since, max_queue)

    async def attach(self, channel: str, queue: SubscriberQueue, since: int | None) -> list[Event]:
        if self._closed:
            queue.close()
            return []
        try:
            await self._ensure_reader(channel)
        except (RedisError, OSError) as exc:
            raise BrokerUnavailable(f"subscribing to {channel!r}: {exc}") from exc
        # Registered before the buffer is read: anything newer than the read arrives live.
        self._subscribers.setdefault(channel, set()).add(queue)
        if since is None:
            return []
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.xrange(self.stream_key(channel), min=f"{since + 1}-0", max="+")
                pipe.get(self.counter_key(channel))
                entries, latest = await pipe.execute()
        except (RedisError, OSError) as exc:
            self.detach(channel, queue)
            raise BrokerUnavailable(f"replaying {channel!r} after {since}: {exc}") from exc
        buffered = [_decode(channel, entry) for entry in entries]
        return replay_events(channel, since, buffered, int(latest or 0))

    def detach(self, channel: str, queue: SubscriberQueue) -> None:
        queues = self._subscribers.get(channel)
        if queues is None:
            return
        queues.discard(queue)
        if not queues:
            del self._subscribers[channel]
            reader = self._readers.pop(channel, None)
            if reader is not None:
                reader.cancel()
                self._stopping.add(reader)
                reader.add_done_callback(self._stopping.discard)

    async def hold_lease(self, name: str, holder: str, ttl_seconds: float) -> bool:
        check_lease(name, holder, ttl_seconds)
        if self._closed:
            raise RuntimeError("broker is closed")
        # Rounded up, so a sub-millisecond ttl still lasts (PX must be at least 1).
        ttl_ms = max(1, math.ceil(ttl_seconds * 1000))
        try:
            held = await self._hold_lease_script(keys=[self.lease_key(name)], args=[holder, ttl_ms])
        except (RedisError, OSError) as exc:
            raise BrokerUnavailable(f"lease {name!r}: {exc}") from exc
        return int(held) == 1

    async def release_lease(self, name: str, holder: str) -> bool:
        check_lease(name, holder)
        if self._closed:
            raise RuntimeError("broker is closed")
        try:
            released = await self._release_lease_script(keys=[self.lease_key(name)], args=[holder])
        except (RedisError, OSError) as exc:
            raise BrokerUnavailable(f"lease {name!r}: {exc}") from exc
        return int(released) == 1

    async def close(self) -> None:
        self._closed = True
        readers = [*self._readers.values(), *self._stopping]
        self._readers.clear()
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        for queues in self._subscribers.values():
            for queue in queues:
                queue.close()
        self._subscribers.clear()
        await self._client.aclose()

    async def _ensure_reader(self, channel: str) -> None:
        async with self._reader_lock:
            if channel in self._readers:
                return
            # The reader starts after the current sequence, read before any subscriber registers,
            # so no event published after registration can slip past it.
            latest = await self._client.get(self.counter_key(channel))
            start_id = f"{int(latest or 0)}-0"
            self._readers[channel] = asyncio.create_task(
                self._read(channel, start_id), name=f"redis-broker-reader:{channel}"
            )

    async def _read(self, channel: str, last_id: str) -> None:
        stream = self.stream_key(channel)
        me = asyncio.current_task()
        # redis-py may turn a cancellation mid-read into a connection error (or absorb it), so the
        # loop also stops once it is no longer this channel's reader or was asked to cancel.
        while me is not None and not me.cancelling() and self._readers.get(channel) is me:
            try:
                response = cast(
                    "list[tuple[str, list[StreamEntry]]]",
                    await self._client.xread(
                        {stream: last_id}, count=READ_BATCH, block=READ_BLOCK_MS
                    ),
                )
            except RedisError as exc:
                if me.cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("reading %s from Redis failed, retrying: %s", stream, exc)
                await asyncio.sleep(RETRY_DELAY_S)
                continue
            for _stream, entries in response:
                for entry in entries:
                    last_id = entry[0]
                    event = _decode(channel, entry)
                    for queue in tuple(self._subscribers.get(channel, ())):
                        queue.put(event)


def _decode(channel: str, entry: StreamEntry) -> Event:
    entry_id, fields = entry
    return Event(
        channel=channel,
        sequence=int(entry_id.split("-", 1)[0]),
        at=datetime.fromisoformat(fields["at"]).astimezone(UTC),
        kind=fields["kind"],
        payload=json.loads(fields["payload"]),
    )
