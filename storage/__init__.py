"""Persistence: the database connection, the tables and migrations, and the queries.

Only this package speaks SQL. It keeps what the application hands it and answers what it
asks; rules (drawing, grading, which version is live, who may issue) are not decided here.
"""
