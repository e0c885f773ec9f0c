"""Diplomas: issuing, the sealed PDF, the Open Badges 3.0 credential, LinkedIn links and the CLI.

Most tests share one diploma issued on the fixture course (module scope, SQLite); tests
that revoke or race issue their own. Concurrency runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import json
import logging
import math
import os
import re
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3VerificationError
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from sqlalchemy import func, select

from application import CourseApp, NotEligible, create_app
from application.diplomas import DiplomaService
from certificates import credential, linkedin
from certificates.keys import IssuerKeys
from certificates.keys import new_pdf_key as _new_pdf_key
from certificates.pdf import DiplomaContent, render
from certificates.sealing import Sealer, embedded_credential
from cli.diplomas import main as cli_main
from i18n import catalog
from storage import diplomas, learners
from storage.db import Database
from storage.inputs import DIPLOMA_CODES
from storage.schema import Diploma, DiplomaFile

from .certificates_fixtures import (
    BASE_URL,
    NFC_NAME,
    NFD_NAME,
    PASSPHRASE,
    WRONG,
    add_note,
    incremental_update,
    issue_new,
    make_settings,
    passed_learner,
    replace_embedded_credential,
    require_tool,
    run_tool,
    set_language,
    take_quiz,
)
from .conftest import FIXTURE_CONTENT, ROOT

SCHEMA = Path("/work/shared/schemas/openbadges-3.0/ob_v3p0_achievementcredential_schema.json")
ALPHABET, CODE_LENGTH = DIPLOMA_CODES.alphabet, DIPLOMA_CODES.length
format_code, new_code, normalize_code = DIPLOMA_CODES.format, DIPLOMA_CODES.new, DIPLOMA_CODES.normalize
VERDICTS = {
    lang: {
        key.removeprefix("verdict."): text
        for key, text in catalog(lang).items()
        if key.startswith("verdict.")
    }
    for lang in ("nl", "en")
}
CODE_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$")


@pytest.fixture(autouse=True, scope="module")
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for every rejected incremental update; the verdict is what counts."""
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


class World(SimpleNamespace):
    def __repr__(self) -> str:  # short, for Hypothesis's reports (the PDF is 60 kB)
        return f"World(code={self.diploma.code!r})"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """One app on a fresh SQLite file and one diploma, for the learner typed in NFD."""
    data_dir = tmp_path_factory.mktemp("diplomas")
    settings = make_settings(data_dir)
    app = create_app(settings)
    service = app.diplomas
    diploma = issue_new(app, NFD_NAME)
    pdf = service.pdf(diploma)
    path = data_dir / "diploma.pdf"
    path.write_bytes(pdf)
    yield World(
        settings=settings,
        app=app,
        db=app.db,
        service=service,
        diploma=diploma,
        pdf=pdf,
        path=path,
        dir=data_dir,
    )
    app.close()


def other_keys(issuer_name: str) -> IssuerKeys:
    """A complete second set of keys: what a forger would have."""
    key, certificate = _new_pdf_key(issuer_name)  # the same subject name as the real issuer
    return IssuerKeys(ed25519.Ed25519PrivateKey.generate(), key, certificate)


def approval_signer(key: Any, certificate: x509.Certificate) -> signers.SimpleSigner:
    der_cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    der_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return signers.SimpleSigner(
        signing_cert=der_cert,
        signing_key=der_key,
        cert_registry=SimpleCertificateStore.from_certs([der_cert]),
    )


def sign_plainly(pdf: bytes, signer: signers.SimpleSigner, field: str, certify: bool = False) -> bytes:
    metadata = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, certify=certify
    )
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer).getvalue()


def unsigned_pdf(service: DiplomaService, diploma: Any, name: str | None = None) -> bytes:
    """The diploma's page as drawn before sealing (optionally with another name)."""
    return render(
        DiplomaContent(
            name=name or diploma.name,
            course_title=diploma.course_title,
            modules=[m["title"] for m in diploma.modules],
            issued_at=diploma.issued_at,
            issuer_name=diploma.issuer_name,
            code=diploma.code,
            verify_url=service.verify_url(diploma.code),
            language=diploma.language,
        )
    )


def genuine_sealer(service: DiplomaService) -> Sealer:
    return Sealer(service.keys.pdf_key, service.keys.pdf_certificate, service.issuer_name)


def edited(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path, node


def base58_decode(text: str) -> bytes:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for char in text:
        number = number * 58 + alphabet.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


# --- 1. Issuing ------------------------------------------------------------------------------


def test_not_eligible_before_passing_names_the_missing_module(world):
    info, _ = learners.register(world.db, "Nog Niet Klaar")
    with pytest.raises(NotEligible) as before:
        world.service.issue(info.id)
    assert before.value.missing == ["mini"]
    assert not take_quiz(world.app, info.id, WRONG).passed
    with pytest.raises(NotEligible) as after_failing:
        world.service.issue(info.id)
    assert after_failing.value.missing == ["mini"]
    assert diplomas.for_learner(world.db, info.id, "testcursus", 1) is None


def test_issuing_for_an_unknown_learner_raises_key_error(world):
    with pytest.raises(KeyError):
        world.service.issue(987654)


def test_issue_after_passing_returns_the_record(world):
    diploma = world.diploma
    assert CODE_PATTERN.match(diploma.code)
    assert (diploma.course_id, diploma.course_version, diploma.course_title) == (
        "testcursus",
        1,
        "Testcursus",
    )
    assert diploma.modules == [{"id": "mini", "title": "Titel van de module", "version": 1}]
    assert diploma.issuer_name == "Testorganisatie"
    assert (diploma.language, diploma.issued_by) == ("nl", "learner")
    assert not diploma.revoked and diploma.revoked_at is None
    assert diploma.issued_at.tzinfo is not None
    assert world.service.find(diploma.code) == diploma
    assert diploma.credential["id"] == f"{BASE_URL}/verify/{diploma.code}"
    assert embedded_credential(world.pdf) == diploma.credential


def test_issuing_again_returns_the_same_code_and_identical_pdf(world):
    again = world.service.issue(world.diploma.learner_id)
    assert again == world.diploma
    assert world.service.pdf(again) == world.pdf
    # After a restart (new engine, keys read back from the database): still the same diploma.
    restarted = create_app(world.settings)
    try:
        service = restarted.diplomas
        assert service.keys.pdf_certificate == world.service.keys.pdf_certificate
        assert service.keys.public_key_multibase == world.service.keys.public_key_multibase
        assert service.issue(world.diploma.learner_id).code == world.diploma.code
        assert service.pdf(world.diploma) == world.pdf
        assert service.verify_pdf(world.pdf).valid
    finally:
        restarted.close()
    with world.db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(Diploma).where(Diploma.learner_id == world.diploma.learner_id)
        )
    assert count == 1


def test_name_is_kept_in_nfc_exactly_as_entered(world):
    assert NFD_NAME != NFC_NAME and unicodedata.normalize("NFC", NFD_NAME) == NFC_NAME
    assert world.diploma.name == NFC_NAME
    subject = world.diploma.credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == NFC_NAME
    assert embedded_credential(world.pdf)["credentialSubject"]["identifier"][0]["identityHash"] == NFC_NAME


def test_pdf_text_shows_the_nfc_name_the_code_and_the_url(world):
    result = run_tool("pdftotext", "-enc", "UTF-8", world.path, "-")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.decode("utf-8")
    assert NFC_NAME in printed.splitlines()
    assert world.diploma.code in printed
    assert world.service.verify_url(world.diploma.code) in printed


def test_code_has_at_least_128_bits_in_groups_of_four(world):
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CODE_LENGTH == 28 and CODE_LENGTH * math.log2(len(ALPHABET)) >= 128
    code = world.diploma.code
    groups = code.split("-")
    assert [len(g) for g in groups] == [4] * 7
    assert set("".join(groups)) <= set(ALPHABET)


def test_codes_are_random_and_never_repeat():
    codes = [new_code() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    assert all(CODE_PATTERN.match(c) for c in codes)
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)  # every symbol gets used


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "{compact}",
        "{lower_compact}",
        "  {spaced}  ",
        "{with_o}",
    ],
)
def test_normalize_code_accepts_what_people_type(typed):
    canonical = "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TVW"
    compact = canonical.replace("-", "")
    variants = {
        "code": canonical,
        "lower": canonical.lower(),
        "compact": compact,
        "lower_compact": compact.lower(),
        "spaced": " ".join(canonical.split("-")),
        "with_o": canonical.replace("0", "O").replace("1", "I").lower(),
    }
    assert normalize_code(typed.format(**variants)) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        None,
        "nonsense",
        "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TV",  # one short
        "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TVWX",  # one long
        "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TVU",  # U is not in the alphabet
        "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TV!",
        "0K3M_PQ9X_ABCD_EFGH_JKMN_PQRS_1TVW",
        "0K3M-PQ9X-ABCD-EFGH-JKMN-PQRS-1TVÉ",
        "<script>alert(1)</script>",
    ],
)
def test_normalize_code_rejects_malformed_codes(typed):
    assert normalize_code(typed) is None


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
@hypothesis_settings(max_examples=60, deadline=None)
def test_normalize_code_round_trips_any_code(compact):
    canonical = format_code(compact)
    assert normalize_code(canonical) == canonical
    assert normalize_code(compact.lower()) == canonical
    assert normalize_code(canonical.replace("-", " ")) == canonical


# --- 2. Concurrency -----------------------------------------------------------------------


def test_eight_concurrent_requests_issue_one_diploma(backend_app: CourseApp):
    db, service = backend_app.db, backend_app.diplomas
    learner_id = passed_learner(backend_app, "Gelijktijdig Gehaald")
    start = threading.Barrier(8)
    codes: list[str] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            start.wait()
            codes.append(service.issue(learner_id).code)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(codes) == 8 and len(set(codes)) == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Diploma)) == 1
        assert session.scalar(select(func.count()).select_from(DiplomaFile)) == 1
    # The stored PDF is the winner's: it carries the code everyone got.
    diploma = service.find(codes[0])
    verdict = service.verify_pdf(service.pdf(diploma))
    assert verdict.valid and verdict.diploma.code == codes[0]


# --- 3. Checking a PDF ----------------------------------------------------------------------


def _signed_ranges(pdf: bytes) -> list[range]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert match, "no /ByteRange in the sealed PDF"
    a, b, c, d = map(int, match.groups())
    return [range(a, a + b), range(c, c + d)]


def test_untouched_pdf_is_valid(world):
    verdict = world.service.verify_pdf(world.pdf)
    assert verdict.valid and verdict.problem is None
    assert verdict.diploma == world.diploma
    ranges = _signed_ranges(world.pdf)
    assert ranges[0].start == 0 and ranges[1].stop == len(world.pdf)  # the seal covers the file


def test_a_byte_flipped_in_the_middle_breaks_the_seal(world):
    middle = len(world.pdf) // 2
    assert any(middle in r for r in _signed_ranges(world.pdf))
    damaged = bytearray(world.pdf)
    damaged[middle] ^= 0x01
    assert world.service.verify_pdf(bytes(damaged)).problem == "seal_broken"


@given(data=st.data())
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_damaged_byte_in_the_signed_ranges_is_never_valid(world, data):
    """And checking never raises, whatever byte is hit (the signature dictionary included)."""
    ranges = _signed_ranges(world.pdf)
    position = data.draw(st.one_of(*(st.integers(r.start, r.stop - 1) for r in ranges)))
    mask = data.draw(st.integers(1, 255))
    damaged = bytearray(world.pdf)
    damaged[position] ^= mask
    verdict = world.service.verify_pdf(bytes(damaged))
    where = f"byte {position} ^ {mask:#04x} near {world.pdf[position - 20 : position + 10]!r}"
    assert not verdict.valid, where
    # Mostly seal_broken; seal_not_pdf when the damage makes the file unreadable, and
    # seal_unsigned when it hides the signature (e.g. a damaged xref offset).
    assert verdict.problem.startswith("seal_"), f"{where}: {verdict.problem}"


def test_signature_dictionary_damage_is_a_broken_seal_not_a_crash(world):
    """Regression: a damaged /M date made pyHanko raise PdfReadError out of verify_pdf."""
    dates = list(re.finditer(rb"/M \(D(?::|\\072)\d{4}", world.pdf))  # pyHanko writes ':' as \072
    assert dates, "no signing time in the signature dictionary"
    start = dates[-1].end() - 4  # the year; the month follows
    assert any(start in r for r in _signed_ranges(world.pdf))
    damaged = bytearray(world.pdf)
    damaged[start + 5] = ord("c")  # YYYYMM...: the month becomes "1c"
    assert world.service.verify_pdf(bytes(damaged)).problem == "seal_broken"


@pytest.mark.parametrize("change", ["append_comment", "append_zeros", "truncate"])
def test_bytes_added_or_cut_after_sealing_are_not_valid(world, change):
    data = {
        "append_comment": world.pdf + b"\n% added later\n",
        "append_zeros": world.pdf + b"\0" * 16,
        "truncate": world.pdf[:-20],
    }[change]
    verdict = world.service.verify_pdf(data)
    assert not verdict.valid and verdict.problem in {"seal_changed", "seal_not_pdf"}


@pytest.mark.parametrize("update", ["language", "annotation"])
def test_incremental_update_after_sealing_is_reported_as_changed(world, update):
    change = set_language("en") if update == "language" else add_note("Cum laude!")
    tampered = incremental_update(world.pdf, change)
    assert world.service.verify_pdf(tampered).problem == "seal_changed"


def test_replacing_the_embedded_credential_by_incremental_update_is_not_valid(world):
    forged = edited(
        world.diploma.credential, ("credentialSubject", "identifier", 0, "identityHash"), "Mallory Vervalst"
    )
    tampered = incremental_update(
        world.pdf, replace_embedded_credential(json.dumps(forged, ensure_ascii=False).encode("utf-8"))
    )
    assert embedded_credential(tampered) == forged  # the swap itself worked
    verdict = world.service.verify_pdf(tampered)
    assert not verdict.valid and verdict.problem == "seal_changed"


def test_forged_diploma_resealed_with_another_key_is_untrusted(world):
    """A forger draws a new PDF and signs both credential and PDF with keys of their own."""
    service, diploma = world.service, world.diploma
    forger = other_keys(service.issuer_name)
    forged = edited(
        diploma.credential, ("credentialSubject", "identifier", 0, "identityHash"), "Mallory Vervalst"
    )
    forged = credential.sign(
        {k: v for k, v in forged.items() if k != "proof"}, forger, BASE_URL, diploma.issued_at
    )
    sealed = Sealer(forger.pdf_key, forger.pdf_certificate, service.issuer_name).seal(
        unsigned_pdf(service, diploma, "Mallory Vervalst"), forged, "nl"
    )
    assert forger.pdf_certificate.subject == service.keys.pdf_certificate.subject  # same name, other key
    assert service.verify_pdf(sealed).problem == "seal_untrusted"


def test_genuine_content_sealed_by_another_certificate_is_untrusted(world):
    key, certificate = _new_pdf_key(world.service.issuer_name)
    sealed = Sealer(key, certificate, world.service.issuer_name).seal(
        unsigned_pdf(world.service, world.diploma), world.diploma.credential, "nl"
    )
    assert embedded_credential(sealed) == world.diploma.credential
    assert world.service.verify_pdf(sealed).problem == "seal_untrusted"


@pytest.mark.parametrize("forgery", ["edited_not_resigned", "signed_with_another_key"])
def test_credential_is_checked_even_under_a_genuine_seal(world, forgery):
    """Defence in depth: whoever holds the PDF key still cannot forge the credential."""
    service, diploma = world.service, world.diploma
    forged = edited(diploma.credential, ("credentialSubject", "achievement", "name"), "Meestertitel")
    if forgery == "signed_with_another_key":
        forged = credential.sign(
            {k: v for k, v in forged.items() if k != "proof"},
            other_keys(service.issuer_name),
            BASE_URL,
            diploma.issued_at,
        )
    sealed = genuine_sealer(service).seal(unsigned_pdf(service, diploma), forged, "nl")
    assert service.verify_pdf(sealed).problem == "credential_invalid"


def test_genuinely_signed_credential_that_is_not_in_the_register_is_unknown(world):
    service, diploma = world.service, world.diploma
    stranger = new_code()
    unsigned = {k: v for k, v in diploma.credential.items() if k != "proof"}
    unsigned["id"] = service.verify_url(stranger)
    signed = credential.sign(unsigned, service.keys, BASE_URL, diploma.issued_at)
    credential.verify(signed, service.keys.credential_public_key)  # a valid credential ...
    sealed = genuine_sealer(service).seal(unsigned_pdf(service, diploma), signed, "nl")
    assert service.verify_pdf(sealed).problem == "unknown"  # ... but not one we issued


@pytest.mark.parametrize("payload", ["none", "json_list"])
def test_genuine_seal_without_a_usable_credential(world, payload):
    service, diploma = world.service, world.diploma
    page = unsigned_pdf(service, diploma)
    if payload == "none":
        sealed = sign_plainly(
            page,
            approval_signer(service.keys.pdf_key, service.keys.pdf_certificate),
            "Diplomazegel",
            certify=True,
        )
    else:  # regression: a credential.json that is JSON but not an object crashed verify_pdf
        sealed = genuine_sealer(service).seal(page, [diploma.credential], "nl")  # type: ignore[arg-type]
    assert service.verify_pdf(sealed).problem == "no_credential"


def test_two_signatures_are_refused(world):
    signer = approval_signer(world.service.keys.pdf_key, world.service.keys.pdf_certificate)
    once = sign_plainly(unsigned_pdf(world.service, world.diploma), signer, "Eerste")
    twice = sign_plainly(once, signer, "Tweede")
    assert world.service.verify_pdf(twice).problem == "seal_several_signatures"


def test_revoked_diploma_is_genuine_but_not_valid(world):
    diploma = issue_new(world.app, "Ingetrokken Irma")
    pdf = world.service.pdf(diploma)
    assert world.service.verify_pdf(pdf).valid
    revoked = world.service.revoke(diploma.code.lower(), "Uitgereikt in fout", by="test")
    assert revoked.revoked and revoked.revoked_reason == "Uitgereikt in fout"
    verdict = world.service.verify_pdf(pdf)
    assert verdict.problem == "revoked" and not verdict.valid
    assert verdict.diploma.code == diploma.code and verdict.diploma.revoked_at == revoked.revoked_at
    again = world.service.revoke(diploma.code, "Andere reden", by="test")  # keeps the first
    assert (again.revoked_at, again.revoked_reason) == (revoked.revoked_at, "Uitgereikt in fout")
    # Revoking does not hand out a new diploma: issuing again returns the revoked one.
    assert world.service.issue(diploma.learner_id).revoked


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", "nonsense", ""])
def test_revoking_an_unknown_or_malformed_code_returns_none(world, code):
    assert world.service.revoke(code, "reden", by="test") is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        b"%PDF-1.7\n% nothing else\n",
        b"<html><body>diploma</body></html>",
    ],
)
def test_a_file_that_is_not_a_pdf(world, data):
    assert world.service.verify_pdf(data).problem == "seal_not_pdf"


def test_an_unsigned_pdf(world):
    assert world.service.verify_pdf(unsigned_pdf(world.service, world.diploma)).problem == "seal_unsigned"


def test_every_verdict_has_a_text_in_both_languages():
    problems = {
        "revoked",
        "unknown",
        "no_credential",
        "credential_invalid",
        "seal_not_pdf",
        "seal_unsigned",
        "seal_several_signatures",
        "seal_broken",
        "seal_untrusted",
        "seal_changed",
        "too_large",
        "valid",
    }
    assert set(VERDICTS["nl"]) == set(VERDICTS["en"]) == problems


# --- 3b. The command line ---------------------------------------------------------------------


def _run(app: CourseApp, *args: str | Path) -> SimpleNamespace:
    """One CLI command, in this process on `app` (what the command line builds from its settings)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main([str(a) for a in args], app)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


def _run_all(app: CourseApp, *commands: tuple[str | Path, ...]) -> list[SimpleNamespace]:
    return [_run(app, *command) for command in commands]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """Two diplomas issued through the CLI in a fresh data folder; the first one twice."""
    data_dir = tmp_path_factory.mktemp("cli")
    app = create_app(make_settings(data_dir))
    first = _run_all(app, ("issue", "--name", "Piet Klaassen", "--out", data_dir / "a.pdf"))[0]
    assert first.code == 0, first.err
    again, other = _run_all(
        app,
        ("issue", "--name", "Piet Klaassen", "--out", data_dir / "a-again.pdf"),
        (
            "issue",
            "--name",
            "Anna Jansen",
            "--email",
            "anna@example.nl",
            "--lang",
            "en",
            "--out",
            data_dir / "b.pdf",
        ),
    )
    assert other.code == 0, other.err
    yield SimpleNamespace(app=app, dir=data_dir, first=first, again=again, other=other)
    app.close()


def test_cli_issue_prints_the_code_and_is_idempotent(cli):
    code = cli.first.out.strip()
    assert CODE_PATTERN.match(code), cli.first.out
    assert cli.again.code == 0 and cli.again.out.strip() == code
    assert (cli.dir / "a.pdf").read_bytes() == (cli.dir / "a-again.pdf").read_bytes()
    assert cli.other.out.strip() != code and CODE_PATTERN.match(cli.other.out.strip())
    db = Database(f"sqlite:///{cli.dir / 'course.db'}")
    try:
        with db.read() as session:
            rows = session.execute(
                select(Diploma.code, Diploma.name, Diploma.issued_by, Diploma.language)
            ).all()
    finally:
        db.dispose()
    assert sorted(rows) == sorted(
        [(code, "Piet Klaassen", "cli", "nl"), (cli.other.out.strip(), "Anna Jansen", "cli", "en")]
    )


def test_cli_verify_exits_0_only_for_a_valid_diploma(cli):
    good = cli.dir / "a.pdf"
    pdf = good.read_bytes()
    damaged = bytearray(pdf)
    damaged[len(pdf) // 2] ^= 0x01
    (cli.dir / "damaged.pdf").write_bytes(bytes(damaged))
    (cli.dir / "changed.pdf").write_bytes(incremental_update(pdf, set_language("en")))
    (cli.dir / "text.pdf").write_text("geen pdf")
    valid, broken, changed, not_pdf = _run_all(
        cli.app,
        ("verify", good),
        ("verify", cli.dir / "damaged.pdf", "--lang", "en"),
        ("verify", cli.dir / "changed.pdf", "--lang", "en"),
        ("verify", cli.dir / "text.pdf"),
    )
    assert valid.code == 0, valid.out + valid.err
    assert VERDICTS["nl"]["valid"].format(issuer="Testorganisatie") in valid.out
    assert cli.first.out.strip() in valid.out and "Piet Klaassen" in valid.out
    assert (broken.code, broken.out.strip()) == (1, VERDICTS["en"]["seal_broken"])
    assert (changed.code, changed.out.strip()) == (1, VERDICTS["en"]["seal_changed"])
    assert (not_pdf.code, not_pdf.out.strip()) == (1, VERDICTS["nl"]["seal_not_pdf"])


def test_cli_revoke_then_verify_exits_1_with_the_reason(cli):
    code = cli.other.out.strip()
    revoked, unknown = _run_all(
        cli.app,
        ("revoke", code.lower().replace("-", ""), "--reason", "Uitgereikt in fout"),
        ("revoke", new_code(), "--reason", "x"),
    )
    assert revoked.code == 0, revoked.err
    assert revoked.out.startswith(f"{code} revoked on ") and "Uitgereikt in fout" in revoked.out
    assert unknown.code == 1 and "unknown diploma code" in unknown.err
    result = _run_all(cli.app, ("verify", cli.dir / "b.pdf", "--lang", "en"))[0]
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("This diploma is genuine but was revoked on ")
    assert code in lines[1] and "Anna Jansen" in lines[1]
    assert lines[2] == "reason: Uitgereikt in fout"


# --- 4. QR code -------------------------------------------------------------------------------


def test_qr_code_on_page_one_decodes_to_the_verification_url(world, tmp_path):
    import pypdfium2 as pdfium

    require_tool("zbarimg")
    document = pdfium.PdfDocument(world.pdf)
    try:
        image = document[0].render(scale=100 / 72).to_pil()  # 100 dpi
    finally:
        document.close()
    png = tmp_path / "page-1.png"
    image.save(png)
    result = run_tool("zbarimg", "--quiet", "--raw", png)
    assert result.returncode == 0, result.stderr
    decoded = result.stdout.decode("utf-8").strip().splitlines()
    assert decoded == [world.service.verify_url(world.diploma.code)]
    assert decoded[0] == f"{BASE_URL}/verify/{world.diploma.code}"


# --- 5. What poppler says about the PDF ---------------------------------------------------------


def _new_nss_db(directory: Path) -> str:
    directory.mkdir()
    result = run_tool("certutil", "-N", "-d", f"sql:{directory}", "--empty-password")
    assert result.returncode == 0, result.stderr
    return f"sql:{directory}"


def test_pdfsig_reports_a_valid_signature_over_the_whole_document(world):
    result = run_tool("pdfsig", world.path)
    report = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert report.count("Signature #") == 1
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Field Name: Diplomazegel" in report


def test_pdfsig_does_not_see_an_incremental_update_as_tampering_but_we_do(world, tmp_path):
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(incremental_update(world.pdf, add_note("Extra")))
    report = run_tool("pdfsig", changed).stdout.decode("utf-8")
    assert "Signature is Valid" in report and "Not total document signed" in report
    assert world.service.verify_pdf(changed.read_bytes()).problem == "seal_changed"


def test_pdfsig_trusts_the_issuer_certificate_once_imported_into_nss(world, tmp_path):
    require_tool("pdfsig")
    nss = _new_nss_db(tmp_path / "nss")
    before = run_tool("pdfsig", "-nssdir", nss, world.path).stdout.decode("utf-8")
    assert "Signature is Valid" in before and "Certificate is Trusted" not in before
    pem = tmp_path / "issuer.pem"
    pem.write_text(world.service.keys.certificate_pem)
    imported = run_tool("certutil", "-A", "-d", nss, "-n", "diplomazegel", "-t", "C,C,C", "-i", pem)
    assert imported.returncode == 0, imported.stderr
    after = run_tool("pdfsig", "-nssdir", nss, world.path).stdout.decode("utf-8")
    assert "Certificate Validation: Certificate is Trusted." in after


def test_pdfdetach_lists_and_extracts_the_credential(world, tmp_path):
    listing = run_tool("pdfdetach", "-list", world.path)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.decode("utf-8").splitlines()
    assert lines[0] == "1 embedded files" and lines[1].endswith("credential.json")
    target = tmp_path / "credential.json"
    saved = run_tool("pdfdetach", "-save", "1", "-o", target, world.path)
    assert saved.returncode == 0, saved.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == world.diploma.credential


# --- 6. Open Badges 3.0 credential ---------------------------------------------------------------


def test_credential_validates_against_the_official_schema(world):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(world.diploma.credential)
    ]
    assert errors == []
    broken = {k: v for k, v in world.diploma.credential.items() if k != "validFrom"}
    assert list(validator.iter_errors(broken)), "the validator must notice a missing validFrom"


def test_credential_subject_is_identified_and_the_document_is_complete(world):
    document = world.diploma.credential
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = document["credentialSubject"]
    assert subject.get("id") or subject.get("identifier"), "OB 3.0 wants an id or an identifier"
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": NFC_NAME, "identityType": "name", "hashed": False}
    ]
    achievement = subject["achievement"]
    assert achievement["id"] == f"{BASE_URL}/course/testcursus/1"
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert document["issuer"]["id"] == f"{BASE_URL}/issuer"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["validFrom"])


def test_proof_is_an_eddsa_rdfc_2022_data_integrity_proof(world):
    proof = world.diploma.credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == f"{BASE_URL}/issuer#key-{world.service.keys.kid}"
    assert proof["created"] == world.diploma.credential["validFrom"]
    assert proof["proofValue"].startswith("z") and len(base58_decode(proof["proofValue"][1:])) == 64


def test_openbadgeslib_verifies_the_proof_with_the_issuer_key_only(world):
    pem = world.service.keys.credential_public_pem.encode()
    checked = OB3LdpVerifier(pubkey_pem=pem).verify(copy.deepcopy(world.diploma.credential))
    assert checked is not None
    stranger = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(OB3VerificationError):
        OB3LdpVerifier(pubkey_pem=stranger).verify(copy.deepcopy(world.diploma.credential))
    with pytest.raises(credential.CredentialInvalid):
        credential.verify(world.diploma.credential, ed25519.Ed25519PrivateKey.generate().public_key())


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "identifier", 0, "identityHash"), "Mallory Vervalst"),
        (("validFrom",), "2020-01-01T00:00:00Z"),
        (("credentialSubject", "achievement", "name"), "Meestertitel"),
        (("name",), "Andere cursus"),
        (("issuer", "name"), "Nepuitgever"),
        (("credentialSubject", "achievement", "id"), f"{BASE_URL}/course/testcursus/2"),
        (("id",), f"{BASE_URL}/verify/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"),
        (("validUntil",), "2030-01-01T00:00:00Z"),  # added
        (("proof", "created"), "2020-01-01T00:00:00Z"),
    ],
)
def test_changing_a_field_invalidates_the_credential(world, path, value):
    document = world.diploma.credential
    credential.verify(document, world.service.keys.credential_public_key)  # untouched: fine
    with pytest.raises(credential.CredentialInvalid):
        credential.verify(edited(document, path, value), world.service.keys.credential_public_key)


def test_changing_any_leaf_of_the_credential_invalidates_it(world):
    document = world.diploma.credential
    accepted = []
    for path, value in leaves(document):
        if path[0] == "@context":
            continue
        if isinstance(value, bool):
            new: Any = not value
        elif path[-1] in {"validFrom", "created"}:
            new = value.replace(value[:4], str(int(value[:4]) + 1), 1)
        elif path[-1] == "proofValue":
            new = value[:-2] + ("11" if not value.endswith("11") else "22")
        else:
            new = value + "x"
        try:
            credential.verify(edited(document, path, new), world.service.keys.credential_public_key)
            accepted.append(path)
        except credential.CredentialInvalid:
            pass
    assert accepted == []


# --- 7. LinkedIn ------------------------------------------------------------------------------


def _query(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}",
        parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True),
    )


def test_add_to_profile_url_has_exactly_the_certification_fields(world):
    diploma, url = world.diploma, world.service.verify_url(world.diploma.code)
    base, pairs = _query(linkedin.add_to_profile_url(diploma, url, None))
    assert base == "https://www.linkedin.com/profile/add"
    assert [k for k, _ in pairs] == [
        "startTask",
        "name",
        "organizationName",
        "issueYear",
        "issueMonth",
        "certUrl",
        "certId",
    ]
    assert dict(pairs) == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Testcursus",
        "organizationName": "Testorganisatie",
        "issueYear": str(diploma.issued_at.year),
        "issueMonth": str(diploma.issued_at.month),
        "certUrl": f"{BASE_URL}/verify/{diploma.code}",
        "certId": diploma.code,
    }
    assert re.fullmatch(r"\d{4}", dict(pairs)["issueYear"])
    assert re.fullmatch(r"[1-9]|1[0-2]", dict(pairs)["issueMonth"])  # no leading zero


def test_add_to_profile_url_uses_the_organization_id_when_configured(world):
    _, pairs = _query(
        linkedin.add_to_profile_url(world.diploma, world.service.verify_url(world.diploma.code), "12345678")
    )
    names = [k for k, _ in pairs]
    assert names == ["startTask", "name", "organizationId", "issueYear", "issueMonth", "certUrl", "certId"]
    assert dict(pairs)["organizationId"] == "12345678" and "organizationName" not in names


def test_add_to_profile_url_survives_awkward_titles(world):
    awkward = dataclasses.replace(
        world.diploma,
        course_title="Sociale media & AI: 100% + meer ✓ #1?",
        issuer_name="Gemeente 's-Hertogenbosch & Co=",
    )
    url = linkedin.add_to_profile_url(awkward, "https://x.example/verify/A?b=c&d", None)
    _, pairs = _query(url)
    assert dict(pairs)["name"] == awkward.course_title
    assert dict(pairs)["organizationName"] == awkward.issuer_name
    assert dict(pairs)["certUrl"] == "https://x.example/verify/A?b=c&d"
    assert " " not in url and "+" not in urlsplit(url).query.replace("%2B", "")


def test_share_url_has_only_the_page_url(world):
    page = world.service.verify_url(world.diploma.code)
    base, pairs = _query(linkedin.share_url(page))
    assert base == "https://www.linkedin.com/sharing/share-offsite/"
    assert pairs == [("url", page)]


def test_suggested_post_names_the_course_and_links_the_page(world):
    page = world.service.verify_url(world.diploma.code)
    post = linkedin.suggested_post(world.diploma, page, "en")
    assert "Testcursus" in post and "Testorganisatie" in post and post.endswith(page)


def test_a_roster_is_issued_into_one_zip_on_several_processes(tmp_path):
    import zipfile

    from application.roster import RosterEntry, issue_roster_zip

    app = create_app(make_settings(tmp_path))
    roster = [RosterEntry(f"Deelnemer {i}", language="en" if i % 2 else "nl") for i in range(9)]
    first = zipfile.ZipFile(io.BytesIO(issue_roster_zip(app, roster, workers=2)))
    again = zipfile.ZipFile(io.BytesIO(issue_roster_zip(app, roster, workers=2)))
    assert len(first.namelist()) == 9 and sorted(first.namelist()) == sorted(again.namelist())
    for name in first.namelist():
        assert app.diplomas.verify_pdf(first.read(name)).valid
    app.close()


def test_the_command_line_reads_its_settings_from_the_environment(cli):
    """`python -m certificates` as an operator runs it: a process of its own, settings from
    the environment (the other CLI tests call `main` in this process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSE_", "DATABASE_", "PDF_"))}
    env |= {
        "COURSE_CONTENT_DIR": str(FIXTURE_CONTENT),
        "COURSE_DATA_DIR": str(cli.dir),
        "PUBLIC_BASE_URL": BASE_URL,
        "KEY_PASSPHRASE": PASSPHRASE,
    }
    done = subprocess.run(
        [sys.executable, "-m", "certificates", "verify", str(cli.dir / "a.pdf")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert VERDICTS["nl"]["valid"].format(issuer="Testorganisatie") in done.stdout
