"""Validation messages in Dutch and English, written for trainers, not programmers.

Each message says what is wrong and how to fix it. Placeholders come from the
problem's params; `field` is always available (e.g. `quiz.questions[3].options`).
The messages about one kind of question are that kind's own (`modules/questions/`).
"""

from __future__ import annotations

from typing import Any

from .questions import KINDS

MESSAGES: dict[str, dict[str, str]] = {
    "file_language": {
        "nl": "de bestandsnaam moet eindigen op .<taal>.yaml met taal {languages}, bijvoorbeeld module.nl.yaml",
        "en": "the file name must end in .<language>.yaml with language {languages}, e.g. module.nl.yaml",
    },
    "yaml_too_large": {
        "nl": "het bestand is groter dan {limit_kb} kB; splits de module op",
        "en": "the file is larger than {limit_kb} kB; split the module",
    },
    "yaml_encoding": {
        "nl": "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
        "en": "the file is not UTF-8 text; save it as UTF-8",
    },
    "yaml_syntax": {
        "nl": "dit is geen geldige YAML ({detail}); controleer inspringing, dubbele punten en aanhalingstekens",
        "en": "this is not valid YAML ({detail}); check indentation, colons and quotes",
    },
    "yaml_too_deep": {
        "nl": "de structuur is dieper genest dan {limit} niveaus",
        "en": "the structure is nested deeper than {limit} levels",
    },
    "yaml_empty": {"nl": "het bestand is leeg", "en": "the file is empty"},
    "yaml_alias": {
        "nl": "ankers en verwijzingen (&, * en <<) zijn niet toegestaan; schrijf de tekst voluit",
        "en": "anchors and aliases (&, * and <<) are not allowed; write the text out in full",
    },
    "yaml_tag": {
        "nl": "de YAML-tag {tag} is niet toegestaan",
        "en": "the YAML tag {tag} is not allowed",
    },
    "yaml_key": {
        "nl": "een sleutel moet een gewoon woord zijn",
        "en": "a key must be a plain word",
    },
    "yaml_duplicate_key": {
        "nl": "de sleutel '{key}' staat hier twee keer; laat er één over",
        "en": "the key '{key}' appears twice here; keep one",
    },
    "not_a_mapping": {
        "nl": "het bestand moet beginnen met sleutels zoals 'id:' en 'title:'",
        "en": "the file must start with keys such as 'id:' and 'title:'",
    },
    "unknown_key": {
        "nl": "onbekende sleutel '{key}' in {field}; toegestaan zijn: {allowed}",
        "en": "unknown key '{key}' in {field}; allowed are: {allowed}",
    },
    "unknown_key_suggest": {
        "nl": "onbekende sleutel '{key}'; bedoelde u '{suggestion}'?",
        "en": "unknown key '{key}'; did you mean '{suggestion}'?",
    },
    "missing_key": {
        "nl": "'{key}' ontbreekt in {field}; voeg '{key}:' toe",
        "en": "'{key}' is missing in {field}; add '{key}:'",
    },
    "unknown_kind": {
        "nl": "{field}: onbekende vraagsoort; gebruik 'kind:' met een van: {kinds}",
        "en": "{field}: unknown question kind; use 'kind:' with one of: {kinds}",
    },
    "bad_choice": {
        "nl": "{field} moet een van deze waarden hebben: {expected}",
        "en": "{field} must be one of: {expected}",
    },
    "type:string_type": {
        "nl": "{field} moet tekst zijn; zet de waarde eventueel tussen aanhalingstekens",
        "en": "{field} must be text; put the value in quotes if needed",
    },
    "type:string_too_short": {
        "nl": "{field} is leeg; vul een tekst in",
        "en": "{field} is empty; fill in a text",
    },
    "type:string_too_long": {
        "nl": "{field} is te lang (maximaal {max_length} tekens)",
        "en": "{field} is too long (at most {max_length} characters)",
    },
    "type:string_pattern_mismatch": {
        "nl": "{field} heeft niet de juiste vorm: gebruik kleine letters, cijfers en streepjes (bij een url: begin met https://)",
        "en": "{field} has the wrong form: use lower-case letters, digits and hyphens (for a URL: start with https://)",
    },
    "type:int_type": {"nl": "{field} moet een geheel getal zijn", "en": "{field} must be a whole number"},
    "type:int_parsing": {"nl": "{field} moet een geheel getal zijn", "en": "{field} must be a whole number"},
    "type:int_from_float": {
        "nl": "{field} moet een geheel getal zijn",
        "en": "{field} must be a whole number",
    },
    "type:float_type": {"nl": "{field} moet een getal zijn", "en": "{field} must be a number"},
    "type:float_parsing": {"nl": "{field} moet een getal zijn", "en": "{field} must be a number"},
    "type:bool_type": {"nl": "{field} moet true of false zijn", "en": "{field} must be true or false"},
    "type:bool_parsing": {"nl": "{field} moet true of false zijn", "en": "{field} must be true or false"},
    "type:list_type": {
        "nl": "{field} moet een lijst zijn (regels die beginnen met '- ')",
        "en": "{field} must be a list (lines starting with '- ')",
    },
    "type:model_type": {
        "nl": "{field} moet sleutels met waarden bevatten (zoals 'text: ...')",
        "en": "{field} must contain keys with values (such as 'text: ...')",
    },
    "type:dict_type": {
        "nl": "{field} moet sleutels met waarden bevatten (zoals 'text: ...')",
        "en": "{field} must contain keys with values (such as 'text: ...')",
    },
    "type:too_short": {
        "nl": "{field} heeft te weinig items (minimaal {min_length})",
        "en": "{field} has too few items (at least {min_length})",
    },
    "type:too_long": {
        "nl": "{field} heeft te veel items (maximaal {max_length})",
        "en": "{field} has too many items (at most {max_length})",
    },
    "type:greater_than_equal": {
        "nl": "{field} moet minstens {ge} zijn",
        "en": "{field} must be at least {ge}",
    },
    "type:greater_than": {
        "nl": "{field} moet groter zijn dan {gt}",
        "en": "{field} must be greater than {gt}",
    },
    "type:less_than_equal": {"nl": "{field} mag hoogstens {le} zijn", "en": "{field} must be at most {le}"},
    "type:less_than": {"nl": "{field} moet kleiner zijn dan {lt}", "en": "{field} must be less than {lt}"},
    "text_cut_by_comment": {
        "nl": "{field}: de tekst na ' #' valt weg, want YAML leest dat als commentaar; zet de hele tekst tussen aanhalingstekens",
        "en": "{field}: the text after ' #' is lost because YAML reads it as a comment; put the whole text in quotes",
    },
    "html_not_allowed": {
        "nl": "{field} bevat HTML; gebruik Markdown (bijv. **vet**, [link](https://...)) in plaats van HTML-tags",
        "en": "{field} contains HTML; use Markdown (e.g. **bold**, [link](https://...)) instead of HTML tags",
    },
    "link_not_https": {
        "nl": "{field}: de link '{url}' moet beginnen met https://",
        "en": "{field}: the link '{url}' must start with https://",
    },
    "image_no_alt": {
        "nl": "{field}: de afbeelding '{image}' heeft geen alternatieve tekst; schrijf ![beschrijving]({image})",
        "en": "{field}: the image '{image}' has no alt text; write ![description]({image})",
    },
    "image_not_local": {
        "nl": "{field}: de afbeelding '{image}' moet een bestand in de map van de module zijn, bijv. images/foto.png",
        "en": "{field}: the image '{image}' must be a file in the module's folder, e.g. images/photo.png",
    },
    "image_format": {
        "nl": "{field}: de afbeelding '{image}' moet een van deze formaten hebben: {formats}",
        "en": "{field}: the image '{image}' must have one of these formats: {formats}",
    },
    "image_missing": {
        "nl": "{field}: het afbeeldingsbestand '{image}' bestaat niet in de map van de module",
        "en": "{field}: the image file '{image}' does not exist in the module's folder",
    },
    "duplicate_id": {
        "nl": "het id '{id}' komt al eerder voor; elk id moet uniek zijn",
        "en": "the id '{id}' is used before; every id must be unique",
    },
    "unknown_source": {
        "nl": "de bron '{source}' staat niet onder 'sources:'",
        "en": "the source '{source}' is not listed under 'sources:'",
    },
    "draw_too_large": {
        "nl": "draw is {draw}, maar er zijn maar {pool} vragen; verlaag draw of voeg vragen toe",
        "en": "draw is {draw} but there are only {pool} questions; lower draw or add questions",
    },
    "translation_mismatch": {
        "nl": "deze vertaling wijkt af van de Nederlandse versie bij {field}: {detail}",
        "en": "this translation differs from the Dutch version at {field}: {detail}",
    },
    "translation_without_dutch": {
        "nl": "er is geen Nederlandse versie (module.nl.yaml) naast deze vertaling",
        "en": "there is no Dutch version (module.nl.yaml) next to this translation",
    },
    "course_unknown_module": {
        "nl": "de module '{module}' bestaat niet in deze inhoud",
        "en": "the module '{module}' does not exist in this content",
    },
    "duplicate_module": {
        "nl": "de module-id '{id}' wordt ook gebruikt in {other}",
        "en": "the module id '{id}' is also used in {other}",
    },
    "upload_too_large": {
        "nl": "het bestand is groter dan {limit_mb} MB",
        "en": "the file is larger than {limit_mb} MB",
    },
    "upload_type": {
        "nl": "upload een module als .yaml-bestand of als .zip van de modulemap",
        "en": "upload a module as a .yaml file or as a .zip of the module folder",
    },
    "zip_broken": {
        "nl": "dit is geen leesbaar ZIP-bestand",
        "en": "this is not a readable ZIP file",
    },
    "zip_too_many_files": {
        "nl": "de ZIP bevat meer dan {limit} bestanden",
        "en": "the ZIP holds more than {limit} files",
    },
    "zip_bad_path": {
        "nl": "'{path}' ligt buiten de modulemap; zip alleen de map zelf",
        "en": "'{path}' lies outside the module folder; zip only the folder itself",
    },
    "zip_file_type": {
        "nl": "'{path}' hoort niet in een module: alleen .yaml en afbeeldingen (.png, .jpg, .webp)",
        "en": "'{path}' does not belong in a module: only .yaml and images (.png, .jpg, .webp)",
    },
    "zip_file_too_large": {
        "nl": "'{path}' is uitgepakt groter dan {limit_mb} MB",
        "en": "'{path}' is larger than {limit_mb} MB unpacked",
    },
    "zip_too_large": {
        "nl": "de ZIP is uitgepakt samen groter dan {limit_mb} MB",
        "en": "the ZIP is larger than {limit_mb} MB unpacked in all",
    },
    "image_invalid": {
        "nl": "de afbeelding '{image}' is geen geldige PNG, JPEG of WebP, of groter dan {megapixels} megapixel",
        "en": "the image '{image}' is not a valid PNG, JPEG or WebP, or larger than {megapixels} megapixels",
    },
    "no_files": {
        "nl": "geen YAML-bestanden gevonden",
        "en": "no YAML files found",
    },
    "not_found": {
        "nl": "bestand of map bestaat niet",
        "en": "file or folder does not exist",
    },
}


def templates(code: str) -> dict[str, str] | None:
    """The message for `code` per language: a general one, else a question kind's."""
    if code in MESSAGES:
        return MESSAGES[code]
    for kind in KINDS.values():
        if code in kind.texts.get("nl", {}):
            return {lang: texts[code] for lang, texts in kind.texts.items() if code in texts}
    return None


def render(code: str, lang: str, params: dict[str, Any]) -> str:
    found = templates(code)
    if found is None:
        return f"{code} ({params.get('field', '')})"
    template = found.get(lang) or found["nl"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
