"""A learner's rights under the AVG (GDPR), for the learner on "Mijn gegevens" and for the
privacy officer on the command line: see everything stored, take it along, be erased; and
the retention periods that erase what is no longer needed.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from i18n import long_date, translate
from settings import Settings
from storage import privacy
from storage.db import Database
from storage.privacy import Purge, Retention

ERASED_BY_LEARNER = "learner"


@dataclass(frozen=True)
class LearnerExport:
    """Everything stored about one learner, table by table, as of `made_at`."""

    learner_id: int
    made_at: datetime
    source: str  # the app's public address
    tables: dict[str, list[dict[str, Any]]]

    def to_json(self) -> bytes:
        document = {"exported_at": self.made_at, "source": self.source, "tables": self.tables}
        return json.dumps(document, default=_plain, ensure_ascii=False, indent=2).encode("utf-8")

    def to_html(self, lang: str) -> bytes:
        """The same data as a page anyone can read: a section per kind of data, a list of
        fields per record, every value escaped."""

        def t(key: str, **params: object) -> str:
            return html.escape(translate(lang, f"mydata.{key}", **params))

        sections = []
        for table, rows in self.tables.items():
            records = "".join(_record_html(lang, row) for row in rows) or f"<p>{t('none')}</p>"
            sections.append(
                f"<section><h2>{label(lang, 'table', table)} ({len(rows)})</h2>{records}</section>"
            )
        return PAGE.format(
            lang=html.escape(lang),
            title=t("export_title"),
            intro=t("export_intro", when=long_date(self.made_at, lang), source=self.source),
            sections="\n".join(sections),
        ).encode("utf-8")


def label(lang: str, kind: str, name: str) -> str:
    """The readable name of a table or column of the export (the name itself when none)."""
    key = f"mydata.{kind}.{name}"
    text = translate(lang, key)
    return html.escape(name if text == key else text)


class PrivacyService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    @property
    def retention(self) -> Retention:
        s = self.settings
        return Retention(
            inactive_learners=timedelta(days=round(s.retain_learners_months * 365.25 / 12)),
            audit_log=timedelta(days=round(s.retain_audit_years * 365.25)),
            failed_logins=timedelta(days=s.retain_failed_logins_days),
            sent_messages=timedelta(days=s.retain_sent_messages_days),
        )

    def find(self, key: str) -> list[int]:
        """The learners meant by a resume code, a diploma code or an e-mail address."""
        return privacy.find_learners(self.db, key)

    def export(self, learner_id: int, now: datetime | None = None) -> LearnerExport:
        made_at = now or datetime.now().astimezone()
        tables = privacy.learner_data(self.db, learner_id)
        return LearnerExport(learner_id, made_at, self.settings.public_base_url, tables)

    def counts(self, learner_id: int) -> dict[str, int]:
        """Records kept about the learner, per table (cheap: nothing is read)."""
        return privacy.record_counts(self.db, learner_id)

    def erase(self, learner_id: int, *, by: str = ERASED_BY_LEARNER) -> list[str]:
        """Erase the learner; returns the codes of the diplomas now revoked without a name."""
        return privacy.erase(self.db, learner_id, by=by)

    def purge(self, *, dry_run: bool = False, now: datetime | None = None) -> Purge:
        return privacy.purge(self.db, self.retention, now=now, dry_run=dry_run)


def _record_html(lang: str, row: dict[str, Any]) -> str:
    fields = "".join(
        f"<dt>{label(lang, 'column', name)}</dt><dd>{html.escape(_shown(value))}</dd>"
        for name, value in row.items()
    )
    return f"<dl>{fields}</dl>"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem;
         line-height: 1.5; color: #1b1b1b; }}
  section {{ margin-top: 1.5rem; }}
  dl {{ display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.2rem 1rem;
        border-top: 1px solid #ccc; padding-top: 0.5rem; }}
  dt {{ font-weight: 600; }} dd {{ margin: 0; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{intro}</p>
{sections}
</main>
</body>
</html>
"""
