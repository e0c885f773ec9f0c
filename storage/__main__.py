"""`python -m storage`: Operators' tools (trainer accounts, module versions). The tool itself is `cli/admin.py`."""

import sys

from cli.admin import main

sys.exit(main())
