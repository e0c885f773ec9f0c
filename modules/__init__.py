"""The course engine: the module format, validation, grading and attempts.

Plain Python with no Streamlit import, so the pages, the CLI and the tests all
call the same code.
"""
