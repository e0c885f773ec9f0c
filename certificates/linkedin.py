"""LinkedIn links: "Add to profile" (pre-filled certification) and "Share" (a post whose
preview card comes from the verification page's OpenGraph tags)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from i18n import translate

from .record import DiplomaRecord

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
SHARE = "https://www.linkedin.com/sharing/share-offsite/"


def profile_fields(diploma: DiplomaRecord, verify_url: str, organization_id: str | None) -> dict[str, str]:
    """The certification as LinkedIn's form wants it (also shown for copying by hand)."""
    fields = {"startTask": "CERTIFICATION_NAME", "name": diploma.course_title}
    if organization_id:
        fields["organizationId"] = organization_id
    else:
        fields["organizationName"] = diploma.issuer_name
    fields |= {
        "issueYear": str(diploma.issued_at.year),
        "issueMonth": str(diploma.issued_at.month),
        "certUrl": verify_url,
        "certId": diploma.code,
    }
    return fields


def add_to_profile_url(diploma: DiplomaRecord, verify_url: str, organization_id: str | None) -> str:
    return (
        f"{ADD_TO_PROFILE}?{urlencode(profile_fields(diploma, verify_url, organization_id), quote_via=quote)}"
    )


def share_url(verify_url: str) -> str:
    return f"{SHARE}?{urlencode({'url': verify_url}, quote_via=quote)}"


def suggested_post(diploma: DiplomaRecord, verify_url: str, lang: str) -> str:
    return translate(
        lang,
        "certificate.post",
        course=diploma.course_title,
        issuer=diploma.issuer_name,
        count=len(diploma.modules),
        url=verify_url,
    )
