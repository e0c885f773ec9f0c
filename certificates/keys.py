"""The issuer's keys: Ed25519 for the credential proof, a certificate for the PDF seal.

Keys come from files named in settings, or are created on the first run and kept
in the database so that every replica signs with the same ones. Loading parses
the keys once; the result is cached per database and settings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from settings import Settings
from storage.db import Database
from storage.schema import IssuerKey

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@dataclass(frozen=True)
class IssuerKeys:
    credential_key: ed25519.Ed25519PrivateKey
    pdf_key: PrivateKeyTypes
    pdf_certificate: x509.Certificate

    @property
    def credential_public_key(self) -> ed25519.Ed25519PublicKey:
        return self.credential_key.public_key()

    @property
    def kid(self) -> str:
        """Key id: the start of the SHA-256 of the raw public key."""
        raw = self.credential_public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return hashlib.sha256(raw).hexdigest()[:16]

    @property
    def public_key_multibase(self) -> str:
        """The Ed25519 public key as a Multikey (multicodec 0xed01, base58btc)."""
        raw = self.credential_public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return "z" + base58(b"\xed\x01" + raw)

    @property
    def credential_public_pem(self) -> str:
        return self.credential_public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @property
    def certificate_pem(self) -> str:
        return self.pdf_certificate.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def certificate_fingerprint(self) -> str:
        return self.pdf_certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, rest = divmod(number, 58)
        encoded = _B58[rest] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def issuer_keys(db: Database, settings: Settings, issuer_name: str) -> IssuerKeys:
    return _cached_keys(db, settings, issuer_name)


@lru_cache(maxsize=8)
def _cached_keys(db: Database, settings: Settings, issuer_name: str) -> IssuerKeys:
    if settings.credential_private_key:
        credential_key = _load_private_key(settings.credential_private_key.read_bytes(), None)
    else:
        credential_key = _stored_key(db, "credential", _new_credential_key, issuer_name)[0]
    if not isinstance(credential_key, ed25519.Ed25519PrivateKey):
        raise ValueError("CREDENTIAL_PRIVATE_KEY must be an Ed25519 key")
    if settings.pdf_certificate and settings.pdf_private_key:
        passphrase = settings.pdf_key_passphrase.encode() if settings.pdf_key_passphrase else None
        pdf_key = _load_private_key(settings.pdf_private_key.read_bytes(), passphrase)
        certificate = x509.load_pem_x509_certificate(settings.pdf_certificate.read_bytes())
    else:
        pdf_key, certificate = _stored_key(db, "pdf", _new_pdf_key, issuer_name)
    return IssuerKeys(credential_key, pdf_key, certificate)  # type: ignore[arg-type]


def _load_private_key(pem: bytes, passphrase: bytes | None) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(pem, password=passphrase)


def _stored_key(db: Database, purpose: str, make, issuer_name: str):  # type: ignore[no-untyped-def]
    """The key kept in the database for `purpose`, created if there is none yet."""

    def load_or_create(session: Session):  # type: ignore[no-untyped-def]
        row = session.get(IssuerKey, purpose)
        if row is not None:
            key = _load_private_key(row.private_pem.encode(), None)
            cert = (
                x509.load_pem_x509_certificate(row.certificate_pem.encode()) if row.certificate_pem else None
            )
            return key, cert
        key, cert = make(issuer_name)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode() if cert else None
        session.add(IssuerKey(purpose=purpose, kid=purpose, private_pem=pem, certificate_pem=cert_pem))
        return key, cert

    return db.write_retrying(load_or_create)  # another replica created it first: the retry uses it


def _new_credential_key(_issuer_name: str) -> tuple[ed25519.Ed25519PrivateKey, None]:
    return ed25519.Ed25519PrivateKey.generate(), None


def _new_pdf_key(issuer_name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed P-256 sealing certificate (P-256 signs 4x faster than RSA-2048)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{issuer_name} – diplomazegel"[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, issuer_name[:64]),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_cert_sign=True,
                crl_sign=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate
