"""Diplomas: issuing, the signed PDF, the Open Badges credential, verification, revocation.

Plain Python with no Streamlit import; the pages, the HTTP routes and the CLI call it.
"""
