"""Learners: starting without an account, coming back with a resume code or the
organisation's login, and the stand-in learner a trainer previews a module with."""

from __future__ import annotations

from collections.abc import Callable

from settings import Settings
from storage import learners, tokens, workshops
from storage.db import Database
from storage.inputs import InvalidLearnerInput
from storage.learners import LearnerInfo

from .clock import Clock


class LearnerService:
    def __init__(self, db: Database, settings: Settings, clock: Clock | None = None) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock or Clock()
        self.on_launched: list[Callable[[int], None]] = []  # a learner starts or comes back (xAPI)

    def start(
        self,
        name: str,
        *,
        email: str | None = None,
        workshop_code: str | None = None,
        language: str = "nl",
        oidc_subject: str | None = None,
        country: str | None = None,
    ) -> tuple[LearnerInfo, str]:
        """A new learner and their resume code (shown once). InvalidLearnerInput names the
        field that is not acceptable, also a workshop code that is unknown or closed. Without a
        country of their own, learners of a workshop get the workshop's."""
        workshop = None
        if (workshop_code or "").strip():
            workshop = workshops.find_open(self.db, workshop_code)
            if workshop is None:
                raise InvalidLearnerInput("workshop", "unknown")
        started = learners.register(
            self.db,
            name,
            email=email,
            workshop_code=workshop_code,
            language=language,
            oidc_subject=oidc_subject,
            country=country or (workshop.country if workshop else None),
        )
        self._launched(started[0])
        return started

    def _launched(self, learner: LearnerInfo | None) -> LearnerInfo | None:
        if learner is not None:
            for listener in self.on_launched:
                listener(learner.id)
        return learner

    def resume_link(self, code: str) -> str:
        """The link that signs the learner in on any device (the code is their key)."""
        return f"{self.settings.public_base_url}/?resume={code}"

    def resume(self, code: str) -> LearnerInfo | None:
        """The learner with this resume code, typed in any form; None when unknown."""
        return self._launched(learners.find_by_resume_code(self.db, code))

    def sign_in_with_link(self, token: str) -> LearnerInfo | None:
        """The learner of a mailed sign-in link (spent by this); None when unknown, used or expired."""
        learner_id = tokens.use_signin(self.db, token, self.clock.now())
        return self._launched(learners.get(self.db, learner_id)) if learner_id is not None else None

    def by_identity(self, subject: str) -> LearnerInfo | None:
        """The learner linked to an account of the organisation's identity provider."""
        return learners.find_by_subject(self.db, subject)

    def get(self, learner_id: int) -> LearnerInfo | None:
        return learners.get(self.db, learner_id)

    def set_language(self, learner_id: int, language: str) -> None:
        learners.set_language(self.db, learner_id, language)

    def set_country(self, learner_id: int, country: str) -> None:
        """Nederland or Vlaanderen: the variant of the course the learner gets from now on."""
        learners.set_country(self.db, learner_id, country)

    def rename(self, learner_id: int, name: str) -> LearnerInfo:
        """The learner corrects their own name before their diploma exists (NameLocked after;
        InvalidLearnerInput for an empty or too long name)."""
        return learners.rename_before_diploma(self.db, learner_id, name)

    def correct_name(self, learner_id: int, name: str, *, reason: str, by: str) -> str | None:
        """A trainer corrects a learner's name, with a reason (audit-logged without names); the
        diploma in force is revoked as replaced and its successor can be made at once."""
        if not reason.strip():
            raise InvalidLearnerInput("reason", "empty")
        return learners.correct_name(self.db, learner_id, name, reason=reason.strip(), by=by)

    def replace_resume_code(self, learner_id: int) -> str:
        """A new resume code; the old one stops working at once."""
        return learners.replace_resume_code(self.db, learner_id)

    def preview_learner(self, trainer_email: str, module_id: str, version: int) -> LearnerInfo:
        """The stand-in learner with which a trainer previews one module version (never in results)."""
        return learners.preview_learner(self.db, trainer_email, module_id, version)
