"""The Streamlit script behind `course_app.py`; everything else lives in importable modules,
because Streamlit recompiles this file and the page files on every rerun."""

import sys
from pathlib import Path

# `streamlit run` puts this folder, not the project root, on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ui import shell  # noqa: E402

shell.run()
