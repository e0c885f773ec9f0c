"""The words on a diploma, its verification page and its LinkedIn post, in Dutch and English."""

from __future__ import annotations

from datetime import datetime

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "diploma": "Diploma",
        "awarded_to": "uitgereikt aan",
        "for_completing": "voor het met succes afronden van de cursus",
        "modules": "Behaalde modules",
        "date": "Datum",
        "issuer": "Uitgegeven door",
        "code": "Diplomacode",
        "verify_at": "Controleer de echtheid op",
        "scan": "Scan om te controleren",
        "criteria": "Alle {count} modules van de cursus gehaald, elk met een scenarioquiz met minstens {threshold}.",
        "description": "Cursus voor jonge ambtenaren in Nederland en Vlaanderen over het gebruik van sociale media in hun werk.",
        "post": "Ik heb de cursus '{course}' van {issuer} afgerond: {count} modules over onder meer "
        "boeiende content, strategie, crisiscommunicatie en privacygrenzen. Mijn diploma is "
        "hier te controleren: {url}",
    },
    "en": {
        "diploma": "Diploma",
        "awarded_to": "awarded to",
        "for_completing": "for successfully completing the course",
        "modules": "Modules passed",
        "date": "Date",
        "issuer": "Issued by",
        "code": "Diploma code",
        "verify_at": "Check that it is genuine at",
        "scan": "Scan to check",
        "criteria": "Passed all {count} modules of the course, each with a scenario quiz of at least {threshold}.",
        "description": "Course for young civil servants in the Netherlands and Flanders on using social media in their work.",
        "post": "I completed the course '{course}' by {issuer}: {count} modules on engaging content, "
        "strategy, crisis communication, privacy boundaries and more. My diploma can be "
        "checked here: {url}",
    },
}

VERDICTS: dict[str, dict[str, str]] = {
    "nl": {
        "valid": "Echt en geldig: dit diploma is door {issuer} uitgegeven en niet ingetrokken.",
        "revoked": "Dit diploma is echt, maar ingetrokken op {date}.",
        "unknown": "Dit diploma staat niet in ons register. Het is niet door ons uitgegeven of de gegevens erin zijn veranderd.",
        "no_credential": "In dit PDF-bestand zit geen digitaal diplomabewijs (credential.json). Het is geen diploma van deze cursus.",
        "credential_invalid": "Het digitale diplomabewijs in dit bestand klopt niet met de handtekening: de gegevens zijn veranderd.",
        "seal_not_pdf": "Dit is geen leesbaar PDF-bestand.",
        "seal_unsigned": "Dit PDF-bestand is niet digitaal ondertekend. Een echt diploma is dat altijd.",
        "seal_several_signatures": "Dit PDF-bestand heeft meer dan één handtekening; een echt diploma heeft er precies één.",
        "seal_broken": "De digitale handtekening klopt niet meer: het bestand is na ondertekening veranderd.",
        "seal_untrusted": "Het bestand is ondertekend, maar niet door de uitgever van deze diploma's.",
        "seal_changed": "Het bestand is na ondertekening aangevuld of gewijzigd. Vraag de eigenaar om het oorspronkelijke bestand.",
    },
    "en": {
        "valid": "Genuine and valid: this diploma was issued by {issuer} and has not been revoked.",
        "revoked": "This diploma is genuine but was revoked on {date}.",
        "unknown": "This diploma is not in our register. We did not issue it, or its data were changed.",
        "no_credential": "This PDF holds no digital diploma record (credential.json). It is not a diploma of this course.",
        "credential_invalid": "The digital diploma record in this file does not match its signature: its data were changed.",
        "seal_not_pdf": "This is not a readable PDF file.",
        "seal_unsigned": "This PDF is not digitally signed. A genuine diploma always is.",
        "seal_several_signatures": "This PDF has more than one signature; a genuine diploma has exactly one.",
        "seal_broken": "The digital signature no longer matches: the file was changed after signing.",
        "seal_untrusted": "The file is signed, but not by the issuer of these diplomas.",
        "seal_changed": "The file was added to or changed after signing. Ask the owner for the original file.",
    },
}


def verdict(lang: str, problem: str | None, **params: object) -> str:
    return VERDICTS.get(lang, VERDICTS["nl"])[problem or "valid"].format(**params)


_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def text(lang: str, key: str, **params: object) -> str:
    template = TEXTS.get(lang, TEXTS["nl"])[key]
    return template.format(**params) if params else template


def long_date(moment: datetime, lang: str) -> str:
    months = _MONTHS.get(lang, _MONTHS["nl"])
    return f"{moment.day} {months[moment.month - 1]} {moment.year}"
