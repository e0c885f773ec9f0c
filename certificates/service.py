"""Issuing, verifying and revoking diplomas: the one place the pages, routes and CLI call.

A `DiplomaService` holds what signing needs (parsed keys, a ready sealer), so it is
built once per process (`service_for`) and shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from modules.catalog import Course, cached_course
from settings import Settings
from storage import learners, progress
from storage.db import Database
from storage.publishing import live_course
from storage.schema import utcnow

from . import credential, registry
from .keys import IssuerKeys, issuer_keys
from .pdf import DiplomaContent, render
from .registry import AlreadyIssued, DiplomaRecord
from .sealing import Sealer, check_seal, embedded_credential
from .texts import text


class NotEligible(Exception):
    """The learner has not passed every module yet (`missing` lists them)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class PdfVerdict:
    """The outcome of checking an uploaded PDF; `problem` None means valid and not revoked."""

    problem: str | None  # a key of VERDICTS
    diploma: DiplomaRecord | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


class DiplomaService:
    def __init__(self, db: Database, settings: Settings, course: Course | Callable[[], Course]) -> None:
        """`course` may be a function giving the course as it is now (modules get published)."""
        self.db = db
        self.settings = settings
        self._course = course if callable(course) else (lambda: course)
        self.base_url = settings.public_base_url
        self.issuer_name = settings.issuer_name or self.course.about("nl").organisation
        self.keys: IssuerKeys = issuer_keys(db, settings, self.issuer_name)
        self._sealer = Sealer(self.keys.pdf_key, self.keys.pdf_certificate, self.issuer_name)

    @property
    def course(self) -> Course:
        return self._course()

    # Issuing

    def issue(
        self,
        learner_id: int,
        *,
        language: str = "nl",
        issued_by: str = "learner",
        require_passed: bool = True,
    ) -> DiplomaRecord:
        """The learner's diploma for the current course version, issued now if needed."""
        info = self.course.about("nl")
        existing = registry.for_learner(self.db, learner_id, info.id, info.version)
        if existing:
            return existing
        learner = learners.get(self.db, learner_id)
        if learner is None:
            raise KeyError(learner_id)
        modules = self._modules_passed(learner_id, language, require_passed)
        code, issued_at = registry.new_code(), utcnow()
        signed, pdf = self.make_documents(
            code, learner.name, language, [m["title"] for m in modules], issued_at
        )
        fields = dict(
            code=code,
            learner_id=learner_id,
            course_id=info.id,
            course_version=info.version,
            name=learner.name,
            language=language,
            course_title=self.course.about(language).title,
            modules=modules,
            issuer_name=self.issuer_name,
            issued_at=issued_at,
            issued_by=issued_by,
            credential=signed,
        )
        try:
            return registry.add(self.db, fields, pdf)
        except AlreadyIssued:  # a concurrent request won the race: everyone gets its diploma
            winner = registry.for_learner(self.db, learner_id, info.id, info.version)
            assert winner is not None
            return winner

    def _modules_passed(self, learner_id: int, language: str, require_passed: bool) -> list[dict[str, Any]]:
        results = progress.progress(self.db, learner_id)
        course_modules = self.course.modules  # once: a module published meanwhile must not split the list
        missing = [m.id for m in course_modules if not (m.id in results and results[m.id].passed)]
        if require_passed and missing:
            raise NotEligible(missing)
        versions = progress.passed_versions(self.db, learner_id)
        return [
            {"id": m.id, "title": m.in_language(language).title, "version": versions.get(m.id)}
            for m in course_modules
        ]

    def _credential(self, code: str, name: str, language: str, issued_at: datetime) -> dict[str, Any]:
        about = self.course.about(language)
        threshold = min(m.in_language("nl").quiz.pass_threshold for m in self.course.modules)
        achievement = credential.Achievement(
            course_id=about.id,
            course_version=about.version,
            title=about.title,
            description=text(language, "description"),
            criteria=text(
                language, "criteria", count=len(self.course.modules), threshold=f"{round(threshold * 100)}%"
            ),
            language=language,
        )
        unsigned = credential.build(
            base_url=self.base_url,
            code=code,
            issuer_name=self.issuer_name,
            learner_name=name,
            achievement=achievement,
            issued_at=issued_at,
        )
        return credential.sign(unsigned, self.keys, self.base_url, issued_at)

    def make_documents(
        self, code: str, name: str, language: str, module_titles: list[str], issued_at: datetime
    ) -> tuple[dict[str, Any], bytes]:
        """The signed credential and the sealed PDF that carries it (no database involved)."""
        signed = self._credential(code, name, language, issued_at)
        content = DiplomaContent(
            name=name,
            course_title=self.course.about(language).title,
            modules=module_titles,
            issued_at=issued_at,
            issuer_name=self.issuer_name,
            code=code,
            verify_url=self.verify_url(code),
            language=language,
            logo=self.settings.issuer_logo,
        )
        return signed, self._sealer.seal(render(content), signed, language)

    # Looking up

    def verify_url(self, code: str) -> str:
        return credential.credential_id(self.base_url, code)

    def find(self, code: str) -> DiplomaRecord | None:
        return registry.find(self.db, code)

    def pdf(self, diploma: DiplomaRecord) -> bytes:
        return registry.pdf(self.db, diploma.id)

    def revoke(self, code: str, reason: str, by: str) -> DiplomaRecord | None:
        return registry.revoke(self.db, code, reason, by)

    # Checking a PDF someone hands in

    def verify_pdf(self, data: bytes) -> PdfVerdict:
        seal = check_seal(data, self.keys.pdf_certificate)
        if not seal.ok:
            return PdfVerdict(f"seal_{seal.problem}")
        embedded = embedded_credential(data)
        if embedded is None:
            return PdfVerdict("no_credential")
        try:
            credential.verify(embedded, self.keys.credential_public_key)
        except credential.CredentialInvalid:
            return PdfVerdict("credential_invalid")
        code = str(embedded.get("id", "")).rsplit("/", 1)[-1]
        diploma = self.find(code)
        if diploma is None or _canonical(diploma.credential) != _canonical(embedded):
            return PdfVerdict("unknown")
        if diploma.revoked:
            return PdfVerdict("revoked", diploma)
        return PdfVerdict(None, diploma)


def _canonical(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False)


def service_for(db: Database, settings: Settings) -> DiplomaService:
    return _cached_service(db, settings)


@lru_cache(maxsize=8)
def _cached_service(db: Database, settings: Settings) -> DiplomaService:
    return live_service(db, settings)


def live_service(db: Database, settings: Settings) -> DiplomaService:
    """A service over the course as published now (the built-in course plus trainers' uploads)."""
    builtin = cached_course(str(settings.content_dir))
    return DiplomaService(db, settings, lambda: live_course(db, builtin).course)
