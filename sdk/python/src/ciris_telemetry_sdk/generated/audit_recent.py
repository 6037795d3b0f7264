from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import AuditOutcome, SignatureStatus


class AuditRecent(BaseModel):
    agent: Optional["AuditRecentAgent"]


class AuditRecentAgent(BaseModel):
    audit: Optional["AuditRecentAgentAudit"]


class AuditRecentAgentAudit(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "AuditRecentAgentAuditPageInfo" = Field(alias="pageInfo")
    chain_intact: Optional[bool] = Field(alias="chainIntact")
    nodes: list["AuditRecentAgentAuditNodes"]


class AuditRecentAgentAuditPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class AuditRecentAgentAuditNodes(BaseModel):
    id: str
    sequence_number: Optional[int] = Field(alias="sequenceNumber")
    recorded_at: datetime = Field(alias="recordedAt")
    event_type: str = Field(alias="eventType")
    actor: Optional[str]
    actor_key_id: Optional[str] = Field(alias="actorKeyId")
    entity_id: Optional[str] = Field(alias="entityId")
    subject_kind: Optional[str] = Field(alias="subjectKind")
    outcome: Optional[AuditOutcome]
    outcome_raw: Optional[str] = Field(alias="outcomeRaw")
    details: Optional[Any]
    previous_hash: Optional[str] = Field(alias="previousHash")
    entry_hash: Optional[str] = Field(alias="entryHash")
    signature: Optional[str]
    signing_key_id: Optional[str] = Field(alias="signingKeyId")
    signature_status: SignatureStatus = Field(alias="signatureStatus")


AuditRecent.model_rebuild()
AuditRecentAgent.model_rebuild()
AuditRecentAgentAudit.model_rebuild()
