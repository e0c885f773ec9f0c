"""The diploma as an Open Badges 3.0 `OpenBadgeCredential` (W3C VC 2.0 data model).

Proof format: a Data Integrity proof with the `eddsa-rdfc-2022` cryptosuite (the one
OB 3.0 certification uses): both the credential without its proof and the proof
options are canonicalised with RDFC-1.0, hashed with SHA-256, and the two hashes
signed with Ed25519; the signature travels as a base58btc multibase `proofValue`.

We sign with our own code (pyld + cryptography) and verify with an independent
implementation, openbadgeslib, so a mistake in one shows up in the other. JSON-LD
contexts are never fetched: canonicalisation uses openbadgeslib's pinned copies.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from openbadgeslib.ob3.contexts import document_loader
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3VerificationError
from pyld import jsonld

from .keys import IssuerKeys, base58

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
_LOADER = document_loader()


class CredentialInvalid(Exception):
    """The credential's proof does not verify (the message says why)."""


@dataclass(frozen=True)
class Achievement:
    course_id: str
    course_version: int
    title: str
    description: str
    criteria: str
    language: str


def credential_id(base_url: str, code: str) -> str:
    return f"{base_url}/verify/{code}"


def issuer_profile_id(base_url: str) -> str:
    return f"{base_url}/issuer"


def verification_method(base_url: str, keys: IssuerKeys) -> str:
    return f"{issuer_profile_id(base_url)}#key-{keys.kid}"


def build(
    *,
    base_url: str,
    code: str,
    issuer_name: str,
    learner_name: str,
    achievement: Achievement,
    issued_at: datetime,
) -> dict[str, Any]:
    """The unsigned credential. The learner is named, not e-mailed: the least that identifies."""
    return {
        "@context": list(CONTEXTS),
        "id": credential_id(base_url, code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_profile_id(base_url),
            "type": ["Profile"],
            "name": issuer_name,
            "url": base_url,
        },
        "validFrom": _iso(issued_at),
        "name": achievement.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": learner_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": f"{base_url}/course/{achievement.course_id}/{achievement.course_version}",
                "type": ["Achievement"],
                "name": achievement.title,
                "description": achievement.description,
                "criteria": {"narrative": achievement.criteria},
                "inLanguage": achievement.language,
            },
        },
    }


def sign(credential: dict[str, Any], keys: IssuerKeys, base_url: str, created: datetime) -> dict[str, Any]:
    """The credential with an `eddsa-rdfc-2022` DataIntegrityProof added."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": _iso(created),
        "verificationMethod": verification_method(base_url, keys),
        "proofPurpose": "assertionMethod",
    }
    signature = keys.credential_key.sign(_hash_data(credential, proof))
    return {**credential, "proof": {**proof, "proofValue": "z" + base58(signature)}}


def verify(credential: dict[str, Any], public_key: ed25519.Ed25519PublicKey) -> None:
    """Check the proof with openbadgeslib; raise CredentialInvalid with its reason."""
    pem = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        OB3LdpVerifier(pubkey_pem=pem).verify(copy.deepcopy(credential))
    except OB3VerificationError as exc:
        raise CredentialInvalid(str(exc)) from exc


def _hash_data(credential: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    proof_config = {"@context": credential["@context"], **proof_options}
    return _canonical_hash(proof_config) + _canonical_hash(unsecured)


def _canonical_hash(document: dict[str, Any]) -> bytes:
    nquads = jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _LOADER}
    )
    return hashlib.sha256(nquads.encode("utf-8")).digest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
