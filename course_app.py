"""Entry point: `streamlit run course_app.py`.

One server: the Streamlit UI (`ui/main.py`) plus plain HTTP routes (`web/routes.py`).
`streamlit run` finds the `app` object below and serves both.
"""

from pathlib import Path

import streamlit as st

from web.routes import ROUTES

app = st.App(Path(__file__).with_name("ui") / "main.py", routes=ROUTES)

if __name__ == "__main__":
    app.run()
