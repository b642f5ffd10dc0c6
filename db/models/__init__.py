"""All models; importing this package registers every table on `Base.metadata`."""

from db.models.artifact import Artifact
from db.models.project import Project
from db.models.script import Script
from db.models.stage_run import StageRun
from db.models.usage_entry import UsageEntry
from db.models.user import LOCAL_USER_NAME, User

__all__ = ["LOCAL_USER_NAME", "Artifact", "Project", "Script", "StageRun", "UsageEntry", "User"]
