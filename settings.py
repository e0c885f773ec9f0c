"""Runtime settings, from environment variables or Streamlit secrets.

Everything has a default that works on a fresh machine: an SQLite file in
`./data`, created on first run. Operators change one thing at a time, e.g.
`DATABASE_URL=postgresql+psycopg://...` to move to PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    content_dir: Path
    public_base_url: str

    @classmethod
    def load(cls, secrets: Mapping[str, object] | None = None) -> Settings:
        """Environment variables win over secrets; secrets over defaults."""

        def get(name: str, default: str) -> str:
            if name in os.environ:
                return os.environ[name]
            if secrets and name.lower() in secrets:
                return str(secrets[name.lower()])
            return default

        data_dir = Path(get("COURSE_DATA_DIR", str(PROJECT_ROOT / "data")))
        return cls(
            data_dir=data_dir,
            database_url=get("DATABASE_URL", f"sqlite:///{data_dir / 'course.db'}"),
            content_dir=Path(get("COURSE_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
            public_base_url=get("PUBLIC_BASE_URL", "http://localhost:8501").rstrip("/"),
        )
