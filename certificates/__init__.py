"""Diplomas as documents: the PDF, its PAdES seal, the Open Badges credential and its proof,
the issuer's keys, the preview card and the LinkedIn links.

Plain Python, no database and no Streamlit: `application.diplomas` decides what is issued
to whom and keeps it; this package makes and checks the documents.
"""
