"""Page entry (kept tiny: Streamlit recompiles page files on every run)."""

from ui.screens import trainer_projector

trainer_projector.render()
