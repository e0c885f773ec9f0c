"""`python -m certificates`: Diplomas (issue, verify, revoke, bulk). The tool itself is `cli/diplomas.py`."""

import sys

from cli.diplomas import main

sys.exit(main())
