"""The issuer's keys: Ed25519 for the credential proof, a certificate for the PDF seal.

Only cryptography here: where the keys come from (the organisation's files, or keys made on
the first run and kept in the database) is decided by `application.diplomas`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID

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


def load_private_key(pem: bytes, passphrase: bytes | None = None) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(pem, password=passphrase)


def private_pem(key: PrivateKeyTypes, passphrase: bytes | None = None) -> str:
    """PKCS#8 PEM, encrypted with `passphrase` when there is one."""
    protection: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection
    ).decode()


def is_encrypted(pem: str) -> bool:
    return "ENCRYPTED PRIVATE KEY" in pem


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def new_credential_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def new_pdf_key(issuer_name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
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
