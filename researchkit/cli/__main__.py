"""Run the command line with ``python -m researchkit.cli``."""

import sys

from researchkit.cli import main

sys.exit(main())
