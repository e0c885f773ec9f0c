"""The Streamlit pages: thin views that read state, call the core and show the result."""
