"""The PDF seal: embed `credential.json`, then a certifying PAdES signature (pyHanko)
over the whole file that forbids any later change; and checking such a seal.

`pdfsig` reports an incremental update after signing only as "not total document
signed", so the check relies on pyHanko's difference analysis, not on pdfsig.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

T = TypeVar("T")
CREDENTIAL_FILE = "credential.json"
_RESERVED = 8192  # bytes for the signature: signing once instead of twice to measure it


def _outside_event_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """pyHanko's synchronous API calls asyncio.run(), which fails inside a running event loop
    (an async web handler, a notebook, Playwright's sync API): then use a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


class _CachedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses the private key on every signature; keep it parsed."""

    def __init__(self, key: PrivateKeyTypes, certificate: x509.Certificate) -> None:
        der_key = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        der_cert = certificate.public_bytes(serialization.Encoding.DER)
        asn1_cert = asn1_x509.Certificate.load(der_cert)
        super().__init__(
            signing_cert=asn1_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([asn1_cert]),  # type: ignore[no-untyped-call]
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algorithm))
        if (
            isinstance(self._key, rsa.RSAPrivateKey)
            and self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo == "rsassa_pkcs1v15"
        ):
            return self._key.sign(data, padding.PKCS1v15(), hash_algorithm)
        return super().sign_raw(data, digest_algorithm)


class Sealer:
    """Seals diplomas with one key and certificate; build once and reuse (it is thread-safe)."""

    def __init__(self, key: PrivateKeyTypes, certificate: x509.Certificate, signer_name: str) -> None:
        self._signer = _CachedKeySigner(key, certificate)
        self._metadata = signers.PdfSignatureMetadata(
            field_name="Diplomazegel",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
            name=signer_name,
        )

    def seal(self, pdf: bytes, credential: dict[str, Any], language: str) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.root["/Lang"] = generic.pdf_string(language)
        data = json.dumps(credential, ensure_ascii=False, indent=2).encode("utf-8")
        embed.embed_file(
            writer,
            embed.FileSpec(
                file_spec_string=CREDENTIAL_FILE,
                file_name=CREDENTIAL_FILE,
                embedded_data=embed.EmbeddedFileObject.from_file_data(
                    writer, data, mime_type="application/ld+json"
                ),
                description="Open Badges 3.0 credential",
                af_relationship=generic.NameObject("/Data"),
            ),
        )
        output = io.BytesIO()
        signer = signers.PdfSigner(self._metadata, signer=self._signer)
        _outside_event_loop(signer.sign_pdf, writer, output=output, bytes_reserved=_RESERVED)
        return output.getvalue()


@dataclass(frozen=True)
class SealCheck:
    """What the seal says about a PDF. `problem` is None when all is well."""

    problem: str | None  # not_pdf | unsigned | several_signatures | broken | untrusted | changed
    signer: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_seal(pdf: bytes, trusted: x509.Certificate) -> SealCheck:
    """The seal must be intact, by `trusted`, cover the whole file, and nothing added since."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # anything pyHanko cannot parse is not a diploma PDF
        return SealCheck("not_pdf")
    if not signatures:
        return SealCheck("unsigned")
    if len(signatures) > 1:
        return SealCheck("several_signatures")
    root = asn1_x509.Certificate.load(trusted.public_bytes(serialization.Encoding.DER))
    try:
        status = _outside_event_loop(
            validate_pdf_signature, signatures[0], ValidationContext(trust_roots=[root])
        )
    except Exception:  # SignatureValidationError, and PdfReadError/KeyError on a damaged signature dict
        return SealCheck("broken")
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else None
    if not (status.intact and status.valid):
        return SealCheck("broken", signer)
    if not status.trusted:
        return SealCheck("untrusted", signer)
    if (
        status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        or status.modification_level != ModificationLevel.NONE
        or not status.docmdp_ok
    ):
        return SealCheck("changed", signer)
    return SealCheck(None, signer)


def embedded_credential(pdf: bytes) -> dict[str, Any] | None:
    """The `credential.json` inside a diploma PDF, or None."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names), 2):
            if str(names[index]) == CREDENTIAL_FILE:
                spec = names[index + 1].get_object()
                stream = spec["/EF"]["/F"].get_object()
                document = json.loads(stream.data.decode("utf-8"))
                return document if isinstance(document, dict) else None
    except Exception:  # a damaged or foreign PDF simply has no usable credential
        return None
    return None
