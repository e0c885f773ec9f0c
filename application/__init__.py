"""The application layer: one `CourseApp` per process, with a service per job.

Pages (`ui/`), HTTP routes (`web/`) and command-line tools (`cli/`) call these services and
nothing below them, so each job has one door: learning, authoring, diplomas, learners,
trainers, workshops and results. The records the services return are exported here too.
"""

from certificates.record import DiplomaRecord
from modules.catalog import ContentError
from storage.audit import AuditRecord
from storage.backup import BackupRefused
from storage.errors import RefusedInput
from storage.inputs import InvalidLearnerInput
from storage.learners import LearnerInfo, NameLocked
from storage.progress import AttemptState, ModuleProgress
from storage.publishing import Publication, PublishRefused
from storage.results import Scope
from storage.trainers import TrainerError, TrainerInfo
from storage.workshops import WorkshopError, WorkshopInfo

from .app import AppHolder, CourseApp, create_app, current_app
from .authoring import Upload, VersionDiff, VersionInfo
from .catalog import LiveCourse
from .diplomas import NotEligible, PdfVerdict
from .learning import CourseProgress, LessonsFirst

__all__ = [
    "AppHolder",
    "AttemptState",
    "AuditRecord",
    "BackupRefused",
    "ContentError",
    "CourseApp",
    "CourseProgress",
    "DiplomaRecord",
    "InvalidLearnerInput",
    "LearnerInfo",
    "LessonsFirst",
    "LiveCourse",
    "ModuleProgress",
    "NameLocked",
    "NotEligible",
    "PdfVerdict",
    "Publication",
    "PublishRefused",
    "RefusedInput",
    "Scope",
    "TrainerError",
    "TrainerInfo",
    "Upload",
    "VersionDiff",
    "VersionInfo",
    "WorkshopError",
    "WorkshopInfo",
    "create_app",
    "current_app",
]
