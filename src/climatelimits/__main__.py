"""Run the command line with ``python -m climatelimits``."""

import sys

from climatelimits.cli import main

sys.exit(main())
