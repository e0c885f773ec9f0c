"""Page entry (kept tiny: Streamlit recompiles page files on every run)."""

from ui.screens import trainer_retention

trainer_retention.render()
