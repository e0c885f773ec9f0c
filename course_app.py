"""Entry point: `streamlit run course_app.py`.

One server: the Streamlit UI (`ui/main.py`) plus plain HTTP routes (`web/routes.py`), both on
the process's one application object (`application.current_app`, built at start-up from the
environment, the secrets file and the defaults). `streamlit run` finds `app` and serves it.
"""

from pathlib import Path

import streamlit as st

from application import current_app
from web.lifespan import lifespan
from web.routes import routes
from web.security import middleware

app = st.App(
    Path(__file__).with_name("ui") / "main.py",
    routes=routes(current_app),
    middleware=middleware(current_app),
    lifespan=lifespan(current_app),
)

if __name__ == "__main__":
    app.run()
