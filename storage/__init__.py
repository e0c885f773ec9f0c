"""Persistence: the database connection, the tables, and the operations the app needs.

No Streamlit here; the pages and the CLI call these functions.
"""
