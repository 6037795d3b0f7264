from pydantic import Field

from .base_model import BaseModel


class GatewayInfo(BaseModel):
    gateway: "GatewayInfoGateway"


class GatewayInfoGateway(BaseModel):
    version: str
    agent_count: int = Field(alias="agentCount")


GatewayInfo.model_rebuild()
