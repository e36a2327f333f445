"""`python -m legant_guard` is the same as the `legant` command."""

import sys

from legant_guard.entry import main

if __name__ == "__main__":
    _code = main()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        import os

        os._exit(_code)  # a closed stdout: the exit code (2 = deny) is the answer, not Python's 120
    raise SystemExit(_code)
