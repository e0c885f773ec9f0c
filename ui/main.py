"""The Streamlit script behind `course_app.py`; everything else lives in importable modules,
because Streamlit recompiles this file and the page files on every rerun."""

import os
import sys

# `streamlit run` puts this folder, not the project root, on the import path. Once: this file
# runs on every click (and resolving a path on disk each time costs every learner).
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from ui import shell  # noqa: E402

shell.run()
