from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import ExportJobFields


class ExportJob(BaseModel):
    export_job: Optional["ExportJobExportJob"] = Field(alias="exportJob")


ExportJobExportJob = ExportJobFields
ExportJob.model_rebuild()
