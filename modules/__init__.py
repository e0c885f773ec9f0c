"""The course engine: the module format, validation, question kinds, drawing and grading.

Plain Python with no database and no Streamlit, so the application, the CLI and the tests
all call the same code.
"""
