"""Results for trainers: the progress funnel, pass rates per module, and item analysis (which
questions and options people get wrong), for everyone or one workshop and period."""

from __future__ import annotations

import pandas as pd

from modules.catalog import ModuleBundle
from modules.item_analysis import option_frequencies
from storage import results
from storage.db import Database
from storage.results import EVERYONE, Scope

from .catalog import Catalog


class ResultsService:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self.db = db
        self.catalog = catalog

    def funnel(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Learners per stage: started, read a lesson, took a quiz, passed the course, diploma."""
        return results.funnel(self.db, self.catalog.live().course.module_ids, scope)

    def per_module(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Per module: learners, pass rate, median score, attempts until passed, minutes."""
        return results.modules(self.db, scope)

    def participants(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Per learner in scope: name, workshop, started, lessons read, modules passed, diploma,
        and a column `best:<module id>` per module of the course (in course order)."""
        course = self.catalog.live().course
        people = results.participants(self.db, course.module_ids, scope)
        scores = results.best_scores(self.db, scope)
        for module_id in course.module_ids:
            mine = scores[scores["module_id"] == module_id].set_index("learner_id")["best_score"]
            people[f"best:{module_id}"] = people["id"].map(mine)
        people["diploma"] = people["diplomas"] > 0
        return people

    def versions_taken(self, module_id: str) -> list[int]:
        """The versions of a module that have submitted attempts, newest first."""
        return results.versions_taken(self.db, module_id)

    def module(self, module_id: str, version: int | None = None) -> ModuleBundle:
        """The module as published, or at `version` (its questions for the item analysis)."""
        if version is None:
            return self.catalog.live().course.module(module_id)
        return self.catalog.module_at(module_id, version)

    def items(self, module_id: str, scope: Scope = EVERYONE, version: int | None = None) -> pd.DataFrame:
        """Facility, discrimination and flags per question, over first attempts."""
        return results.item_statistics(self.db, module_id, scope, version)

    def options(self, module_id: str, scope: Scope = EVERYONE, version: int | None = None) -> pd.DataFrame:
        """How often each option was chosen in first attempts, and by how many who got it right."""
        return option_frequencies(results.first_attempt_answers(self.db, module_id, scope, version))
