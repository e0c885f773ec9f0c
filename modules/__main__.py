"""`python -m modules`: Course content tools (validate). The tool itself is `cli/content.py`."""

import sys

from cli.content import main

sys.exit(main())
