"""Where the shipped data files (rules/, hooks/) are, in a wheel and in a source checkout.

In a wheel they sit inside the package (legant_guard/rules); in an editable install or a
checkout they are the top-level rules/ and hooks/ folders of the repository.
"""

import os

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def data_dir(name: str) -> str:
    """Absolute path of the shipped data folder `name` ("rules" or "hooks")."""
    inside = os.path.join(_PACKAGE_DIR, name)
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE_DIR)), name)
