"""How an API key is kept in the gateway store, and what listing a key shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from ..store import JsonObject, StoredNode, StoreError
from .keys import API_KEY_NODE_TYPE, KEY_PREFIX
from .roles import Role


class ApiKeyRecordError(StoreError):
    """A stored api_key node does not have the expected attributes."""


class ApiKeyAttributes(BaseModel):
    """The attributes of an `api_key` node. There is no field for the secret itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    role: Role
    secret_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    created_at: AwareDatetime
    last_used_at: AwareDatetime | None = None
    revoked_at: AwareDatetime | None = None

    @classmethod
    def from_node(cls, node: StoredNode) -> ApiKeyAttributes:
        if node.node_type != API_KEY_NODE_TYPE:
            raise ApiKeyRecordError(f"node '{node.node_id}' is a {node.node_type}, not an API key")
        try:
            return cls.model_validate(node.attributes)
        except ValidationError as exc:
            raise ApiKeyRecordError(f"API key node '{node.node_id}' is malformed: {exc}") from None

    def to_attributes(self) -> JsonObject:
        dumped: JsonObject = self.model_dump(mode="json")
        return dumped


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """An API key as operators see it: never the secret, nor its digest."""

    key_id: str
    name: str
    role: Role
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_prefix(self) -> str:
        """What identifies the key in logs and listings: `ctg_<key_id>_…`."""
        return f"{KEY_PREFIX}{self.key_id}_"

    @classmethod
    def of(cls, key_id: str, attributes: ApiKeyAttributes) -> ApiKeyInfo:
        return cls(
            key_id=key_id,
            name=attributes.name,
            role=attributes.role,
            created_at=attributes.created_at,
            last_used_at=attributes.last_used_at,
            revoked_at=attributes.revoked_at,
        )
