"""Which project a command run from some folder is about, so `status`, `doctor` and the
operating verbs work from any subfolder of a guarded project, not only from its root.

Walking up from the folder, the first one that has a guard setup in its default location, or
a hook config `legant guard install` wrote (each agent's project hook file, from the agent
registry), is the project. Nothing found: the folder itself.
"""

import os

from legant_guard import agents

PROJECT_MARKERS = tuple(os.path.join(*a.project_hook_file) for a in agents.REGISTRY)


def _ancestors(start):
    current = os.path.realpath(start)
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def _has_setup(folder):
    from legant_guard import guarddir

    return os.path.isfile(os.path.join(guarddir.default_guard_dir(folder), guarddir.SETUP_FILE))


def _has_our_hook(folder):
    for marker in PROJECT_MARKERS:
        try:
            with open(os.path.join(folder, marker), encoding="utf-8", errors="replace") as f:
                if "LEGANT_GUARD_" in f.read(1 << 20):
                    return True
        except OSError:
            continue
    return False


def find_project(start=None):
    """The guarded project `start` (default: the cwd) is in; `start` itself when none is."""
    start = os.path.realpath(start or os.getcwd())
    home = os.path.realpath(os.path.expanduser("~"))
    for folder in _ancestors(start):
        if folder == home and folder != start:
            break  # the home folder is nobody's project unless asked for by name
        if _has_setup(folder) or _has_our_hook(folder):
            return folder
    return start
