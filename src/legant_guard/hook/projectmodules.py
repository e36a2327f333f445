"""`python -m NAME` where NAME is a module of the project itself, which Python runs first.

The python toolchain allows `-m` only for the tools it names (`-m pytest`, `-m venv`): `-m` loads
any importable module, `pip`, `http.server` among them. But `python -m app` in a folder holding
`app.py` (or a package `app/` with `__init__.py`) runs that file: for `-m`, Python puts the
working folder first on its path, before PYTHONPATH, the standard library and site-packages, and a
regular module or package found there wins (a folder without `__init__.py` is only a namespace
portion, which any later regular one beats, so it does not count). That is the project's code, as
`python app.py` is, which the toolchain allows.

Narrowed only when all of this holds: the program is a `python*` interpreter with `-m NAME` and
only options before it that change neither where `-m` looks nor what runs (`-u`, `-B`, `-O`, `-q`,
`-v`, `-s`, `-S`, `-E`; not `-P`/`-I`, which leave the working folder off the path, nor `-c`); PYTHONSAFEPATH is named neither in the command nor set in the environment the hook runs
in; NAME's first part is an identifier and `NAME.py` or `NAME/__init__.py` is a regular file in
the command's working folder whose physical path lies in the project. Anything else keeps the
allow-list's refusal. Loaded only for such a refusal.
"""

import os
import re

# Interpreter options that change neither where -m looks nor what runs: unbuffered, no bytecode,
# optimise, quiet, verbose, bytes warnings, no user site, no site, debug, ignore PYTHON* variables
_PLAIN = re.compile(r"-[uBObqvsSdE]+")


def project_module(cmd, command, project):
    """The project file `python -m NAME` runs, when NAME is a module of the project in the
    command's working folder (see above), else None."""
    args = cmd.argv[1:]
    k = 0
    while k < len(args) and args[k] != "-m":
        if not _PLAIN.fullmatch(args[k]):  # (`-P`, `-I`, `-c`, `-X opt`, `--long`: not taken)
            return None
        k += 1
    if k + 1 >= len(args) or "PYTHONSAFEPATH" in command or os.environ.get("PYTHONSAFEPATH"):
        return None
    first = args[k + 1].split(".", 1)[0]
    if not first.isidentifier():
        return None
    try:
        names = os.listdir(cmd.cwd)  # (the exact spelling: a case-insensitive disk finds `App.py` for `app`)
        if first in names and "__init__.py" not in os.listdir(os.path.join(cmd.cwd, first)):
            names.remove(first)
    except OSError:
        return None
    for name in (first + ".py", first):
        candidate = os.path.join(cmd.cwd, name) if name.endswith(".py") else os.path.join(cmd.cwd, name, "__init__.py")
        if name in names and os.path.isfile(candidate) and not os.path.islink(candidate):
            physical = os.path.realpath(candidate)
            if physical.startswith(os.path.realpath(project).rstrip("/") + "/"):
                return physical
    return None
