"""``python -m thaibook``: the command line, as ``thaibook`` and ``python build.py``."""

import sys

from thaibook.cli.start import main

if __name__ == "__main__":
    sys.exit(main())
