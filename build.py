#!/usr/bin/env python3
"""Build the book in content/ into dist/*.pdf. Run ``python build.py --help``."""

import sys

from thaibook.cli.start import main

if __name__ == "__main__":
    sys.exit(main())
