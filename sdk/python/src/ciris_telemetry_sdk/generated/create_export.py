from pydantic import Field

from .base_model import BaseModel
from .fragments import ExportJobFields


class CreateExport(BaseModel):
    create_export: "CreateExportCreateExport" = Field(alias="createExport")


CreateExportCreateExport = ExportJobFields
CreateExport.model_rebuild()
