from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import EventHeader, RecordedErrorFields


class ErrorRecorded(BaseModel):
    error_recorded: "ErrorRecordedErrorRecorded" = Field(alias="errorRecorded")


class ErrorRecordedErrorRecorded(EventHeader):
    error: Optional["ErrorRecordedErrorRecordedError"]


ErrorRecordedErrorRecordedError = RecordedErrorFields
ErrorRecorded.model_rebuild()
ErrorRecordedErrorRecorded.model_rebuild()
