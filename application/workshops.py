"""Workshops: a trainer opens one with a join code, follows who is how far, and closes it."""

from __future__ import annotations

from datetime import date

import pandas as pd

from settings import Settings
from storage import results, workshops
from storage.db import Database
from storage.workshops import WorkshopInfo

from .catalog import Catalog


class WorkshopService:
    def __init__(self, db: Database, settings: Settings, catalog: Catalog) -> None:
        self.db = db
        self.settings = settings
        self.catalog = catalog

    def open(self, title: str, held_on: date, by: str, *, country: str | None = None) -> WorkshopInfo:
        """A new workshop with a fresh join code (WorkshopError for an empty or long title).
        With a country, its learners start with that variant of the course (they can change it)."""
        return workshops.create(self.db, title, held_on, by, country=country)

    def join_link(self, code: str) -> str:
        """The link on the projector: the start page with the join code filled in."""
        return f"{self.settings.public_base_url}/?workshop={code}"

    def close(self, code: str, by: str) -> None:
        workshops.close(self.db, code, by)

    def set_testing_out(self, code: str, allowed: bool, by: str) -> None:
        """Let this workshop's learners take a quiz before reading the lessons (audit-logged)."""
        workshops.set_testing_out(self.db, code, allowed, by)

    def all(self) -> list[WorkshopInfo]:
        """Every workshop, newest first, with the number of learners who joined."""
        return workshops.all_workshops(self.db)

    def progress(self, code: str) -> pd.DataFrame:
        """Per learner of the workshop: lessons read, modules of the course passed, diploma."""
        return results.learners_progress(
            self.db, self.catalog.live().course.module_ids, results.Scope(workshop=code)
        )
