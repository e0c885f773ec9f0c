"""Public verification of diplomas: server-rendered, no JavaScript, crawler-friendly.

    /verify/<code>        HTML with OpenGraph tags (LinkedIn preview card)
    /verify/<code>.json   the Open Badges credential and its status
    /verify/<code>.png    the 1200x627 preview image (rendered once, then kept)
    /issuer, /issuer.json, /issuer.pem   the issuer's public key and certificate

Unknown and malformed codes get the same 404, so a response says nothing about
which codes exist.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from application.diplomas import DiplomaService
from certificates.record import DiplomaRecord
from i18n import LANGUAGES, long_date, translate

# How long a CDN or browser may keep a verification answer: a diploma revoked now is shown as
# valid from a cache for at most this long.
CACHE_SECONDS = 60
PAGE = Template((Path(__file__).parent / "templates" / "verify.html").read_text(encoding="utf-8"))
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}


def _words(lang: str) -> Callable[[str], str]:
    """The page's texts in `lang` (`verify.*` in i18n/), placeholders left to fill."""
    return lambda key: translate(lang, f"verify.{key}")


def language_of(request: Request) -> str:
    """The language asked for by `?lang=`, else the browser's, else Dutch."""
    requested = request.query_params.get("lang")
    if requested in LANGUAGES:
        return requested
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return "nl"


def _lookup(request: Request, service: DiplomaService) -> DiplomaRecord | None:
    code = request.path_params["code"]
    return service.find(code) if code else None


def verify_page(request: Request, service: DiplomaService) -> Response:
    diploma = _lookup(request, service)
    lang = language_of(request)
    words = _words(lang)
    if diploma is None:
        body = _status_block("unknown", words("unknown"), words("unknown_text"))
        # The same page for every unknown or malformed code: it does not echo the code.
        return _page(
            request,
            lang,
            words("unknown"),
            words("unknown_text"),
            body,
            service,
            url=f"{service.base_url}/verify",
            image="",
            status_code=404,
        )
    state = "revoked" if diploma.revoked else "valid"
    date = long_date(diploma.issued_at, lang)
    status_text = words(f"{state}_text").format(
        issuer=diploma.issuer_name, date=long_date(diploma.revoked_at, lang) if diploma.revoked_at else ""
    )
    modules = "".join(f"<li>{html.escape(m['title'])}</li>" for m in diploma.modules)
    url = service.verify_url(diploma.code)
    rows = [] if diploma.erased else [(words("name"), html.escape(diploma.name))]  # kept no name
    rows += [
        (words("course"), html.escape(diploma.course_title)),
        *(
            [(words("country"), html.escape(translate(lang, f"country.{diploma.country}")))]
            if diploma.country
            else []
        ),
        (words("modules"), f"<ul>{modules}</ul>"),
        (words("date"), date),
        (words("issuer"), html.escape(diploma.issuer_name)),
        (words("code"), diploma.code),
    ]
    details = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    replaced = ""
    if diploma.replaced_by:
        new_url = html.escape(service.verify_url(diploma.replaced_by))
        replaced = f'<p>{words("replaced_by")} <a href="{new_url}">{html.escape(diploma.replaced_by)}</a></p>'
    body = (
        _status_block(state, words(state), status_text) + replaced + f"<dl>{details}</dl>"
        f"<p>{words('pdf_check')}</p>"
        f'<p><a href="{url}.json">{words("json")}</a> · '
        f'<a href="{service.base_url}/issuer">{words("issuer_page")}</a></p>'
    )
    description = words("description").format(
        status=words(state), course=diploma.course_title, issuer=diploma.issuer_name, date=date
    )
    if diploma.erased:  # the learner asked to be forgotten: the page names no one
        title, image, image_alt = f"{words(state)} – {diploma.course_title}", "", ""
    else:
        title = words("title").format(name=diploma.name, course=diploma.course_title)
        image, image_alt = (
            f"{url}.png",
            words("image_alt").format(course=diploma.course_title, name=diploma.name),
        )
    return _page(request, lang, title, description, body, service, url=url, image=image, image_alt=image_alt)


def _status_block(state: str, heading: str, text: str) -> str:
    return (
        f'<section class="status {state}" role="status"><h1>{html.escape(heading)}</h1>'
        f"<p>{html.escape(text)}</p></section>"
    )


def _page(
    request: Request,
    lang: str,
    title: str,
    description: str,
    body: str,
    service: DiplomaService,
    *,
    url: str,
    image: str,
    image_alt: str = "",
    status_code: int = 200,
) -> Response:
    words = _words(lang)
    locales = {"nl": "nl_NL", "en": "en_GB"}
    page = PAGE.substitute(
        lang=lang,
        title=html.escape(title),
        description=html.escape(description),
        site_name=html.escape(f"{words('site')} – {service.issuer_name}"),
        url=html.escape(url),
        image=html.escape(image),
        image_alt=html.escape(image_alt),
        og_locale=locales[lang],
        og_locale_alternate=locales["en" if lang == "nl" else "nl"],
        json_url=html.escape(f"{url}.json"),
        body=body,
        footer=html.escape(service.issuer_name),
    )
    return _cacheable(
        request,
        page.encode("utf-8"),
        "text/html; charset=utf-8",
        status_code,
        {**SECURITY_HEADERS, "Content-Language": lang, "Vary": "Accept-Language"},
    )


def _cacheable(
    request: Request,
    body: bytes,
    media_type: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    *,
    tag_of: bytes | None = None,
) -> Response:
    """A response a CDN or browser may keep for `CACHE_SECONDS`, with an ETag (of `tag_of`, by
    default of the body) so that asking again costs a 304 and no body."""
    tag = '"' + hashlib.sha256(body if tag_of is None else tag_of).hexdigest()[:32] + '"'
    headers = {**(headers or {}), "ETag": tag, "Cache-Control": f"public, max-age={CACHE_SECONDS}"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)


def verify_json(request: Request, service: DiplomaService) -> Response:
    diploma = _lookup(request, service)
    if diploma is None:
        return _cacheable(request, b'{"status":"unknown"}', "application/json", 404, SECURITY_HEADERS)
    status = {"status": "revoked" if diploma.revoked else "valid"}
    if diploma.revoked_at:
        status["revokedAt"] = diploma.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    credential = {} if diploma.erased else {"credential": diploma.credential}
    answer = {**status, **credential}
    checked = {"checkedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return _cacheable(
        request,
        _json({**status, **checked, **credential}),
        "application/json",
        headers=SECURITY_HEADERS,
        tag_of=_json(answer),  # the same answer, checked a moment later, is not new
    )


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def verify_image(request: Request, service: DiplomaService) -> Response:
    diploma = _lookup(request, service)
    if diploma is None or diploma.erased:  # an erased learner's name is drawn nowhere
        return _cacheable(request, b"Not found", "text/plain", 404)
    return _cacheable(
        request, service.preview_card(diploma), "image/png", headers={"X-Content-Type-Options": "nosniff"}
    )


def issuer_json(request: Request, service: DiplomaService) -> Response:
    keys, base = service.keys, service.base_url
    return JSONResponse(
        {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": f"{base}/issuer",
            "type": ["Profile"],
            "name": service.issuer_name,
            "url": base,
            "verificationMethod": [
                {
                    "id": f"{base}/issuer#key-{keys.kid}",
                    "type": "Multikey",
                    "controller": f"{base}/issuer",
                    "publicKeyMultibase": keys.public_key_multibase,
                }
            ],
            "publicKeyPem": keys.credential_public_pem,
            "pdfSealCertificatePem": keys.certificate_pem,
            "pdfSealCertificateSha256": keys.certificate_fingerprint,
        },
        headers=SECURITY_HEADERS,
    )


def issuer_certificate(request: Request, service: DiplomaService) -> Response:
    return Response(
        service.keys.certificate_pem,
        media_type="application/x-pem-file",
        headers={"Content-Disposition": 'attachment; filename="diplomazegel.pem"', **SECURITY_HEADERS},
    )


def issuer_page(request: Request, service: DiplomaService) -> Response:
    lang = language_of(request)
    keys = service.keys
    heading, intro = translate(lang, "verify.issuer_heading"), translate(lang, "verify.issuer_intro")
    body = (
        f"<h1>{heading}</h1><p>{intro}</p><dl>"
        f"<dt>Naam / Name</dt><dd>{html.escape(service.issuer_name)}</dd>"
        f"<dt>Ed25519 (Open Badges)</dt><dd><code>{keys.public_key_multibase}</code></dd>"
        f"<dt>PDF-zegel SHA-256</dt><dd><code>{keys.certificate_fingerprint}</code></dd></dl>"
        f'<p><a href="{service.base_url}/issuer.pem">diplomazegel.pem</a> · '
        f'<a href="{service.base_url}/issuer.json">issuer.json</a></p>'
        f"<pre>{html.escape(keys.credential_public_pem)}</pre>"
    )
    return _page(request, lang, heading, intro, body, service, url=f"{service.base_url}/issuer", image="")


def health(request: Request) -> Response:
    """For load balancers: the process answers (no database call)."""
    return Response("ok", media_type="text/plain")
