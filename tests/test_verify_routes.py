"""The public verification routes (`web/verify.py`) over HTTP, with Starlette's TestClient.

The routes serve a module-scoped app on the fixture course, a fresh SQLite file and a public
https base URL; diplomas are issued through the same app.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from PIL import Image
from starlette.applications import Starlette
from starlette.testclient import TestClient

import application.diplomas
from application import create_app
from certificates.sealing import check_seal
from i18n import long_date
from settings import Settings
from storage import diplomas
from storage.inputs import DIPLOMA_CODES
from web.routes import routes

from .certificates_fixtures import BASE_URL, NFC_NAME, NFD_NAME, issue_new, parse_page
from .conftest import FIXTURE_CONTENT

LINKEDIN_BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
TRICKY_NAME = 'Jan <script>alert("x")</script> $title & Co'
new_code = DIPLOMA_CODES.new


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    environ = {
        "COURSE_CONTENT_DIR": str(FIXTURE_CONTENT),
        "COURSE_DATA_DIR": str(tmp_path_factory.mktemp("verify-site")),
        "PUBLIC_BASE_URL": BASE_URL + "/",  # a trailing slash is dropped
        "KEY_PASSPHRASE": "een wachtzin",
    }
    app = create_app(Settings.load(environ=environ, secrets={}))
    service = app.diplomas
    valid = issue_new(app, NFD_NAME)
    revoked = issue_new(app, "Piet Klaassen", language="en")
    revoked = service.revoke(revoked.code, "Uitgereikt in fout", by="test")
    tricky = issue_new(app, TRICKY_NAME)
    yield SimpleNamespace(
        app=app,
        service=service,
        db=app.db,
        valid=valid,
        revoked=revoked,
        tricky=tricky,
        client=TestClient(Starlette(routes=routes(lambda: app))),
    )
    app.close()


def get_page(site: SimpleNamespace, path: str, **kwargs):  # type: ignore[no-untyped-def]
    response = site.client.get(path, **kwargs)
    return response, parse_page(response.text)


# --- the page -------------------------------------------------------------------------------


def test_valid_diploma_page_has_the_open_graph_tags(site):
    code = site.valid.code
    response, page = get_page(site, f"/verify/{code}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    url = f"{BASE_URL}/verify/{code}"
    assert page.og("og:type") == "website"
    assert page.og("og:url") == url and page.links["canonical"] == url
    assert page.og("og:title") == f"{NFC_NAME} – Testcursus" == page.title
    assert page.og("og:description").startswith("Geldig diploma: Testcursus, uitgegeven door Testorganisatie")
    assert page.meta_names["description"] == page.og("og:description")
    assert page.og("og:site_name").endswith("Testorganisatie")
    image = urlsplit(page.og("og:image"))
    assert (image.scheme, image.netloc) == ("https", "diploma.example.org")  # absolute
    assert image.path == f"/verify/{code}.png" and page.og("og:image") == url + ".png"
    assert page.og("og:image:type") == "image/png"
    assert (page.og("og:image:width"), page.og("og:image:height")) == ("1200", "627")
    assert NFC_NAME in page.og("og:image:alt") and "Testcursus" in page.og("og:image:alt")
    assert page.og("og:locale") == "nl_NL" and page.og("og:locale:alternate") == "en_GB"
    assert page.links["alternate"] == url + ".json"


def test_valid_diploma_page_shows_the_diploma(site):
    _, page = get_page(site, f"/verify/{site.valid.code}")
    assert "valid" in page.classes and "revoked" not in page.classes
    text = page.body_text
    for shown in (
        NFC_NAME,
        "Testcursus",
        "Titel van de module",
        "Testorganisatie",
        site.valid.code,
        long_date(site.valid.issued_at, "nl"),
    ):
        assert shown in text, shown


def test_og_image_link_serves_the_png(site):
    _, page = get_page(site, f"/verify/{site.valid.code}")
    response = site.client.get(urlsplit(page.og("og:image")).path)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"


def test_linkedin_bot_gets_the_same_page_as_a_browser(site):
    path = f"/verify/{site.valid.code}"
    browser = site.client.get(path, headers={"User-Agent": BROWSER})
    bot = site.client.get(path, headers={"User-Agent": LINKEDIN_BOT, "Accept": "*/*"})
    assert bot.status_code == 200 and bot.headers["content-type"].startswith("text/html")
    assert bot.content == browser.content
    assert parse_page(bot.text).og("og:title") == f"{NFC_NAME} – Testcursus"


@pytest.mark.parametrize("which", ["valid", "revoked", "tricky", "unknown", "issuer"])
def test_pages_have_no_script(site, which):
    path = {
        "valid": f"/verify/{site.valid.code}",
        "revoked": f"/verify/{site.revoked.code}",
        "tricky": f"/verify/{site.tricky.code}",
        "unknown": f"/verify/{new_code()}",
        "issuer": "/issuer",
    }[which]
    response, page = get_page(site, path)
    assert "script" not in page.tags
    assert "<script" not in response.text.lower()
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_names_are_escaped_and_not_substituted(site):
    response, page = get_page(site, f"/verify/{site.tricky.code}")
    assert response.status_code == 200
    assert page.og("og:title") == f"{TRICKY_NAME} – Testcursus"  # "$title" kept as typed
    assert TRICKY_NAME in page.body_text
    assert "script" not in page.tags


@pytest.mark.parametrize(
    ("query", "headers", "lang"),
    [
        ({}, {}, "nl"),
        ({"lang": "en"}, {}, "en"),
        ({}, {"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({}, {"Accept-Language": "fr-FR, nl-BE;q=0.8"}, "nl"),
        ({"lang": "nl"}, {"Accept-Language": "en-GB"}, "nl"),  # the explicit choice wins
        ({"lang": "xx"}, {"Accept-Language": "en"}, "en"),  # an unknown choice is ignored
    ],
)
def test_page_language_follows_the_query_and_accept_language(site, query, headers, lang):
    response, page = get_page(site, f"/verify/{site.valid.code}", params=query, headers=headers)
    assert page.html_lang == lang
    assert response.headers["content-language"] == lang
    assert "accept-language" in response.headers["vary"].lower()
    locale, other = {"nl": ("nl_NL", "en_GB"), "en": ("en_GB", "nl_NL")}[lang]
    assert (page.og("og:locale"), page.og("og:locale:alternate")) == (locale, other)
    status = {"nl": "Geldig diploma", "en": "Valid diploma"}[lang]
    assert page.og("og:description").startswith(status)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_revoked_diploma_page_says_so_with_the_date(site, lang):
    response, page = get_page(site, f"/verify/{site.revoked.code}", params={"lang": lang})
    assert response.status_code == 200
    assert "revoked" in page.classes and "valid" not in page.classes
    date = long_date(site.revoked.revoked_at, lang)
    expected = {"nl": f"Dit diploma is ingetrokken op {date}.", "en": f"This diploma was revoked on {date}."}
    assert expected[lang] in page.body_text
    assert page.og("og:description").startswith({"nl": "Ingetrokken diploma", "en": "Revoked diploma"}[lang])


def test_unknown_and_malformed_codes_get_identical_404_pages(site):
    real = site.valid.code
    reference = site.client.get(f"/verify/{new_code()}")
    assert reference.status_code == 404
    assert reference.headers["content-type"].startswith("text/html")
    for code in [
        new_code(),
        real[:-1] + ("0" if real[-1] != "0" else "1"),
        real[:-5],
        "nonsense",
        "%3Cscript%3Ealert(1)%3C.script%3E",
        "x" * 300,
        "AAAA-BBBB-CCCC-DDDD",
    ]:
        response = site.client.get(f"/verify/{code}")
        assert response.status_code == 404, code
        assert response.content == reference.content, code
    page = parse_page(reference.text)
    assert "unknown" in page.classes and "script" not in page.tags
    assert page.og("og:image") == ""  # no card for codes that do not exist


def test_a_code_typed_in_lower_case_finds_the_diploma_under_its_canonical_url(site):
    typed = site.valid.code.lower().replace("-", "")
    response, page = get_page(site, f"/verify/{typed}")
    assert response.status_code == 200
    assert page.og("og:url") == f"{BASE_URL}/verify/{site.valid.code}"


# --- JSON -----------------------------------------------------------------------------------


def test_json_of_a_valid_diploma(site):
    response = site.client.get(f"/verify/{site.valid.code}.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "valid" and "revokedAt" not in body
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["checkedAt"])
    assert body["credential"] == site.valid.credential
    assert body["credential"]["credentialSubject"]["identifier"][0]["identityHash"] == NFC_NAME


def test_json_of_a_revoked_diploma(site):
    body = site.client.get(f"/verify/{site.revoked.code}.json").json()
    assert body["status"] == "revoked"
    assert body["revokedAt"] == site.revoked.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["credential"] == site.revoked.credential


@pytest.mark.parametrize("code", ["unknown", "nonsense"])
def test_json_and_png_of_unknown_codes_are_404(site, code):
    code = new_code() if code == "unknown" else code
    response = site.client.get(f"/verify/{code}.json")
    assert (response.status_code, response.json()) == (404, {"status": "unknown"})
    assert site.client.get(f"/verify/{code}.png").status_code == 404


# --- the preview card ------------------------------------------------------------------------


def test_preview_is_a_1200x627_png_rendered_once(site, monkeypatch):
    diploma = issue_new(site.app, "Kaart Eenmaal")
    calls = []
    original = application.diplomas.render_preview

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(application.diplomas, "render_preview", counting)
    assert diplomas.preview(site.db, diploma.id) is None
    first = site.client.get(f"/verify/{diploma.code}.png")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(first.content))
    assert (image.format, image.size) == ("PNG", (1200, 627))
    assert diplomas.preview(site.db, diploma.id) == first.content  # kept
    second = site.client.get(f"/verify/{diploma.code}.png")
    assert second.content == first.content
    assert len(calls) == 1, "the second request must not render again"
    assert "max-age" in second.headers["cache-control"]


def test_revoking_replaces_the_preview_card(site):
    diploma = issue_new(site.app, "Kaart Ingetrokken")
    before = site.client.get(f"/verify/{diploma.code}.png").content
    site.service.revoke(diploma.code, "Uitgereikt in fout", by="test")
    assert diplomas.preview(site.db, diploma.id) is None  # the old card is dropped
    after = site.client.get(f"/verify/{diploma.code}.png").content
    assert after != before and Image.open(io.BytesIO(after)).size == (1200, 627)


# --- the issuer --------------------------------------------------------------------------------


def _multikey_to_public_key(multibase: str) -> ed25519.Ed25519PublicKey:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    assert multibase.startswith("z")
    number = 0
    for char in multibase[1:]:
        number = number * 58 + alphabet.index(char)
    raw = number.to_bytes(34, "big")
    assert raw[:2] == b"\xed\x01", "multicodec ed25519-pub"
    return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])


def test_issuer_json_publishes_the_key_and_the_certificate(site):
    response = site.client.get("/issuer.json")
    assert response.status_code == 200
    body = response.json()
    keys = site.service.keys
    assert body["id"] == f"{BASE_URL}/issuer" and "Profile" in body["type"]
    assert body["name"] == "Testorganisatie"
    [method] = body["verificationMethod"]
    assert method["type"] == "Multikey" and method["controller"] == f"{BASE_URL}/issuer"
    assert method["id"] == site.valid.credential["proof"]["verificationMethod"]
    assert method["publicKeyMultibase"].startswith("z6Mk")  # how every Ed25519 Multikey starts
    published = _multikey_to_public_key(method["publicKeyMultibase"])
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    assert published.public_bytes(*raw) == keys.credential_public_key.public_bytes(*raw)
    certificate = x509.load_pem_x509_certificate(body["pdfSealCertificatePem"].encode())
    assert certificate == keys.pdf_certificate
    assert body["pdfSealCertificateSha256"] == certificate.fingerprint(hashes.SHA256()).hex(":").upper()
    # Anyone can check a credential with only what is published here.
    pem = published.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert pem.decode() == body["publicKeyPem"]
    OB3LdpVerifier(pubkey_pem=pem).verify(copy.deepcopy(site.valid.credential))


def test_issuer_pem_is_the_sealing_certificate(site):
    response = site.client.get("/issuer.pem")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-pem-file"
    assert response.text.startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(response.content)
    assert certificate == site.service.keys.pdf_certificate
    assert check_seal(site.service.pdf(site.valid), certificate).ok  # it checks our PDFs


def test_issuer_page_shows_the_fingerprint(site):
    response, page = get_page(site, "/issuer", params={"lang": "en"})
    assert response.status_code == 200 and page.html_lang == "en"
    assert site.service.keys.certificate_fingerprint in page.body_text
    assert site.service.keys.public_key_multibase in page.body_text


def test_healthz_answers_ok(site):
    response = site.client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")
    assert response.headers["content-type"].startswith("text/plain")


# --- caching ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".json", ".png"])
def test_answers_are_fit_for_a_cdn_and_revalidate_with_an_etag(site, suffix):
    first = site.client.get(f"/verify/{site.valid.code}{suffix}")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=60"
    again = site.client.get(
        f"/verify/{site.valid.code}{suffix}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_a_revoked_diploma_gets_a_new_etag_and_no_cache_keeps_it_valid_longer_than_a_minute(site):
    diploma = issue_new(site.app, "Snel Ingetrokken")
    before = {s: site.client.get(f"/verify/{diploma.code}{s}") for s in ("", ".json", ".png")}
    site.service.revoke(diploma.code, "Uitgereikt in fout", by="test")
    for suffix, old in before.items():
        new = site.client.get(
            f"/verify/{diploma.code}{suffix}", headers={"If-None-Match": old.headers["etag"]}
        )
        assert new.status_code == 200 and new.headers["etag"] != old.headers["etag"], suffix
        max_age = int(old.headers["cache-control"].split("max-age=")[1])
        assert max_age <= 60 and "immutable" not in old.headers["cache-control"]
    assert site.client.get(f"/verify/{diploma.code}.json").json()["status"] == "revoked"


def test_unknown_codes_are_cached_briefly_too(site):
    response = site.client.get(f"/verify/{new_code()}")
    assert response.status_code == 404 and response.headers["cache-control"] == "public, max-age=60"


def test_the_page_names_the_country_the_course_was_taken_for(site):
    from storage import learners

    from .certificates_fixtures import RIGHT, take_quiz

    info, _ = learners.register(site.db, "Lies Peeters", country="vlaanderen")
    assert take_quiz(site.app, info.id, RIGHT).passed
    diploma = site.service.issue(info.id)
    _, page = get_page(site, f"/verify/{diploma.code}")
    assert "Gevolgd voor" in page.body_text and "Vlaanderen" in page.body_text
    _, page = get_page(site, f"/verify/{diploma.code}?lang=en")
    assert "Taken for" in page.body_text and "Flanders" in page.body_text
    _, page = get_page(site, f"/verify/{site.valid.code}")
    assert "Gevolgd voor" not in page.body_text  # a diploma from before the choice existed
