from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import EventHeader, LlmCallFields


class LlmCall(BaseModel):
    llm_call: "LlmCallLlmCall" = Field(alias="llmCall")


class LlmCallLlmCall(EventHeader):
    llm_call: Optional["LlmCallLlmCallLlmCall"] = Field(alias="llmCall")


LlmCallLlmCallLlmCall = LlmCallFields
LlmCall.model_rebuild()
LlmCallLlmCall.model_rebuild()
