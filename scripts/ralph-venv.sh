#!/usr/bin/env bash
# A virtualenv with the Ralph LRS for tests/test_xapi.py (see requirements-lrs.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-lrs/bin/ralph ]; then
  python -m venv .venv-lrs
  .venv-lrs/bin/pip install --quiet -r requirements-lrs.txt
fi
echo "Ralph: $(.venv-lrs/bin/ralph --version)"
