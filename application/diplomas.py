"""Diplomas: eligibility, issuing, finding, revoking and checking them. The one door the
pages, the verification routes and the CLI use.

A diploma is made here: the learner's modules, a new code, the signed Open Badges
credential (`certificates.credential`), the PDF (`certificates.pdf`) sealed with it
(`certificates.sealing`), stored together (`storage.diplomas`). Keys are read or created on
first use and kept for the life of the process, with a ready sealer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from certificates import credential, keys
from certificates.keys import IssuerKeys
from certificates.pdf import DiplomaContent, render
from certificates.preview import render_preview
from certificates.record import DiplomaRecord
from certificates.sealing import Sealer, check_seal, embedded_credential
from i18n import translate
from settings import Settings
from storage import diplomas, issuer_keys, learners, workshops
from storage.db import Database
from storage.diplomas import AlreadyIssued
from storage.inputs import DIPLOMA_CODES
from storage.schema import utcnow

from .catalog import Catalog
from .learning import LearningService
from .passphrase import key_passphrase

MAX_PDF_BYTES = 5 * 1024 * 1024


class NotEligible(Exception):
    """The learner has not passed every module yet (`missing` lists them)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class PdfVerdict:
    """The outcome of checking an uploaded PDF; `problem` None means valid and not revoked."""

    problem: str | None  # what is wrong: its text is "verdict.<problem>" in i18n/
    diploma: DiplomaRecord | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


class DiplomaService:
    def __init__(self, db: Database, settings: Settings, catalog: Catalog, learning: LearningService) -> None:
        self.db = db
        self.settings = settings
        self.catalog = catalog
        self.learning = learning
        self.base_url = settings.public_base_url
        # Called with each newly issued diploma (mail, xAPI); they only queue, so they are quick.
        self.on_issued: list[Callable[[DiplomaRecord], None]] = []
        self.issuer_name = settings.issuer_name or catalog.builtin.about("nl").organisation
        self._keys: IssuerKeys | None = None
        self._sealer: Sealer | None = None
        self._lock = threading.Lock()

    @property
    def keys(self) -> IssuerKeys:
        """The issuer's keys: the organisation's own files, or keys kept in the database
        (created on first use, so every replica signs with the same ones)."""
        with self._lock:
            if self._keys is None:
                self._keys = _issuer_keys(self.db, self.settings, self.issuer_name)
            return self._keys

    @property
    def sealer(self) -> Sealer:
        keys_ = self.keys
        with self._lock:
            if self._sealer is None:
                self._sealer = Sealer(keys_.pdf_key, keys_.pdf_certificate, self.issuer_name)
            return self._sealer

    # Issuing

    def current(self, learner_id: int) -> DiplomaRecord | None:
        """The learner's diploma for the current course version, if issued."""
        info = self.catalog.builtin.about("nl")
        return diplomas.for_learner(self.db, learner_id, info.id, info.version)

    def issue(
        self,
        learner_id: int,
        *,
        language: str = "nl",
        issued_by: str = "learner",
        require_passed: bool = True,
    ) -> DiplomaRecord:
        """The learner's diploma for the current course version, issued now if needed.

        NotEligible while modules are missing (unless an operator issues it regardless);
        KeyError for an unknown learner.
        """
        existing = self.current(learner_id)
        if existing:
            return existing
        learner = learners.get(self.db, learner_id)
        if learner is None:
            raise KeyError(learner_id)
        progress = self.learning.progress(learner_id)  # once: a module published meanwhile must not split it
        if require_passed and not progress.complete:
            raise NotEligible([m.id for m in progress.missing])
        modules: list[dict[str, Any]] = [
            {
                "id": m.id,
                "title": m.in_language(language).title,
                "version": found.best_version if (found := progress.of(m.id)) and found.passed else None,
            }
            for m in progress.modules
        ]
        info, title = self.catalog.builtin.about("nl"), self.catalog.builtin.about(language).title
        code, issued_at = DIPLOMA_CODES.new(), utcnow()
        workshop = next(
            (w.title for w in workshops.all_workshops(self.db) if w.code == learner.workshop_code), None
        )
        signed, pdf = self.make_documents(
            code,
            learner.name,
            language,
            [m["title"] for m in modules],
            issued_at,
            minutes=[m.in_language(language).estimated_minutes for m in progress.modules],
            workshop=workshop,
        )
        fields = dict(
            code=code,
            learner_id=learner_id,
            course_id=info.id,
            course_version=info.version,
            name=learner.name,
            language=language,
            country=learner.country,
            course_title=title,
            modules=modules,
            issuer_name=self.issuer_name,
            issued_at=issued_at,
            issued_by=issued_by,
            credential=signed,
        )
        try:
            record = diplomas.add(self.db, fields, pdf)
        except AlreadyIssued:  # a concurrent request won the race: everyone gets its diploma
            winner = self.current(learner_id)
            assert winner is not None
            return winner
        for listener in self.on_issued:  # e.g. the "diploma ready" mail, queued (never sent here)
            listener(record)
        return record

    def make_documents(
        self,
        code: str,
        name: str,
        language: str,
        module_titles: list[str],
        issued_at: datetime,
        *,
        minutes: list[int] | None = None,
        workshop: str | None = None,
    ) -> tuple[dict[str, Any], bytes]:
        """The signed credential and the sealed PDF that carries it (no database involved)."""
        signed = self._credential(code, name, language, issued_at)
        content = DiplomaContent(
            name=name,
            course_title=self.catalog.builtin.about(language).title,
            modules=module_titles,
            issued_at=issued_at,
            issuer_name=self.issuer_name,
            code=code,
            verify_url=self.verify_url(code),
            language=language,
            logo=self.settings.issuer_logo,
            module_minutes=minutes,
            signer_name=self.settings.diploma_signer_name,
            signer_role=self.settings.diploma_signer_role,
            workshop=workshop,
        )
        return signed, self.sealer.seal(render(content), signed, language)

    def _credential(self, code: str, name: str, language: str, issued_at: datetime) -> dict[str, Any]:
        about = self.catalog.builtin.about(language)
        modules = self.catalog.live().course.modules
        threshold = min(m.in_language("nl").quiz.pass_threshold for m in modules)
        achievement = credential.Achievement(
            course_id=about.id,
            course_version=about.version,
            title=about.title,
            description=translate(language, "certificate.description"),
            criteria=translate(
                language, "certificate.criteria", count=len(modules), threshold=f"{round(threshold * 100)}%"
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

    # Looking up

    def verify_url(self, code: str) -> str:
        return credential.credential_id(self.base_url, code)

    def find(self, code: str) -> DiplomaRecord | None:
        """The diploma with this code as typed or linked (None when unknown or malformed)."""
        return diplomas.find(self.db, code)

    def search(self, text_: str = "", limit: int = 500) -> list[DiplomaRecord]:
        """Diplomas whose name or code contains the text, newest first."""
        return diplomas.search(self.db, text_, limit)

    def pdf(self, diploma: DiplomaRecord) -> bytes:
        return diplomas.pdf(self.db, diploma.id)

    def preview_card(self, diploma: DiplomaRecord) -> bytes:
        """The 1200x627 card for link previews: drawn once, then kept (revoking redraws it)."""
        png = diplomas.preview(self.db, diploma.id)
        if png is None:
            png = render_preview(diploma, diploma.language)
            diplomas.store_preview(self.db, diploma.id, png)
        return png

    def workshop_zip(self, workshop_code: str) -> tuple[int, bytes]:
        """The PDFs of a workshop's valid diplomas in one ZIP: (count, bytes)."""
        return diplomas.workshop_zip(self.db, workshop_code)

    def revoke(self, code: str, reason: str, by: str) -> DiplomaRecord | None:
        """Revoke a diploma issued in error (once: the first date and reason stay)."""
        return diplomas.revoke(self.db, code, reason, by)

    # Checking a PDF someone hands in

    def verify_pdf(self, data: bytes) -> PdfVerdict:
        if len(data) > MAX_PDF_BYTES:  # whatever the page or a script sent: a diploma is ~70 kB
            return PdfVerdict("too_large")
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


def _issuer_keys(db: Database, settings: Settings, issuer_name: str) -> IssuerKeys:
    """The organisation's own key files when the settings name them, else keys made on the first
    run and kept in the database, encrypted with the key passphrase."""
    passphrase = key_passphrase(settings)
    if settings.credential_private_key:
        credential_key = keys.load_private_key(settings.credential_private_key.read_bytes())
    else:
        credential_key, _ = _stored_key(
            db, "credential", passphrase, lambda: (keys.new_credential_key(), None)
        )
    if not isinstance(credential_key, ed25519.Ed25519PrivateKey):
        raise ValueError("CREDENTIAL_PRIVATE_KEY must be an Ed25519 key")
    if settings.pdf_certificate and settings.pdf_private_key:
        file_passphrase = settings.pdf_key_passphrase.encode() if settings.pdf_key_passphrase else None
        pdf_key = keys.load_private_key(settings.pdf_private_key.read_bytes(), file_passphrase)
        certificate = x509.load_pem_x509_certificate(settings.pdf_certificate.read_bytes())
    else:
        pdf_key, certificate_pem = _stored_key(db, "pdf", passphrase, lambda: keys.new_pdf_key(issuer_name))
        assert certificate_pem is not None
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    return IssuerKeys(credential_key, pdf_key, certificate)


def _stored_key(
    db: Database,
    purpose: str,
    passphrase: bytes,
    make: Callable[[], tuple[PrivateKeyTypes, x509.Certificate | None]],
) -> tuple[PrivateKeyTypes, str | None]:
    """The key kept for `purpose`, made if there is none; a key stored unencrypted by an earlier
    version is encrypted now."""

    def create() -> issuer_keys.PemPair:
        key, certificate = make()
        return keys.private_pem(key, passphrase), keys.certificate_pem(certificate) if certificate else None

    pem, certificate_pem = issuer_keys.stored_key(db, purpose, create)
    if not keys.is_encrypted(pem):
        key = keys.load_private_key(pem.encode())
        issuer_keys.replace_private_pem(db, purpose, keys.private_pem(key, passphrase))
        return key, certificate_pem
    return keys.load_private_key(pem.encode(), passphrase), certificate_pem
