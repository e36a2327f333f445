"""`python -m legant_guard` is the same as the `legant` command."""

from legant_guard.entry import main

if __name__ == "__main__":
    raise SystemExit(main())
