"""``python -m envmgr``."""

import sys

from envmgr.cli.main import main

sys.exit(main())
