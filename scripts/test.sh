#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's Chromium for the browser
# tests), run the gates (ruff lint and format, mypy) and the whole suite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pinned, hash-checked set (requirements.lock, made from the ranges in requirements*.txt
# by `uv pip compile --generate-hashes`): CI tests exactly what the lock file names.
python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock

# Debian tools the tests use as independent checkers: a browser, a QR decoder, poppler's
# pdfsig/pdftoppm/pdfdetach, NSS's certutil, and nginx in front of replicas.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
command -v pdfsig >/dev/null || missing+=(poppler-utils)
command -v certutil >/dev/null || missing+=(libnss3-tools)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: missing ${missing[*]}; tests that need them are skipped (apt-get install ${missing[*]})" >&2
  fi
fi

# The Learning Record Store the xAPI tests send to (Ralph), in a virtualenv of its own: it needs
# an older Starlette than Streamlit (requirements-lrs.txt).
bash scripts/ralph-venv.sh >/dev/null || echo "note: no Ralph LRS; the xAPI tests are skipped" >&2

# Gates: they keep the code as the architecture test and the style guide describe it.
python -m ruff check --quiet .
python -m ruff format --check --quiet .
python -m mypy

exec python -m pytest "$@"
