"""Page entry (kept tiny: Streamlit recompiles page files on every run)."""

from ui.screens import refresher

refresher.render()
