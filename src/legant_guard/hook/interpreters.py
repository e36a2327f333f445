"""Managers of Python installations acting on the one the guard's venv is built on.

`pyenv uninstall 3.11.7`, `uv python uninstall 3.11`, `asdf uninstall python 3.11.7`, `mise
uninstall python@3.11.7`, `brew uninstall python@3.11` remove the interpreter and standard
library the guard runs on (the hook can no longer start: Codex then runs the tool, the others
refuse everything); `pyenv install -f 3.11.7`, `uv python install --reinstall` replace them,
from a mirror the command line or its environment may name (`PYTHON_BUILD_MIRROR_URL`,
`UV_PYTHON_INSTALL_MIRROR`), and the next hook runs that build. Denied when the command names
that version (or every version); other versions stay manageable. Loaded only for
trustbase.INTERPRETER_MANAGERS (and `uv python`).
"""

import os
import sys

from legant_guard.hook.model import deny

_REMOVING = {
    "pyenv": ("uninstall",), "asdf": ("uninstall",), "mise": ("uninstall", "rm", "remove", "prune", "upgrade", "up"),
    "rtx": ("uninstall", "rm", "remove", "prune", "upgrade", "up"),
    "brew": ("uninstall", "remove", "rm", "reinstall", "upgrade", "cleanup", "autoremove"),
}
_FORCED_INSTALL = {"pyenv": ("install",), "asdf": ("install",), "mise": ("install", "i"), "rtx": ("install", "i")}


def base():
    """(manager, version) of the Python the guard's venv is built on, when a manager made it."""
    prefix = os.path.realpath(getattr(sys, "base_prefix", sys.prefix))
    parts = prefix.split("/")
    for i, part in enumerate(parts[:-1]):
        if part == "versions" and i > 0 and parts[i - 1] in (".pyenv", "pyenv"):
            return "pyenv", parts[i + 1]
        if part == "python" and i > 0 and parts[i - 1] == "installs":
            return ("mise" if "mise" in parts or "rtx" in parts else "asdf"), parts[i + 1]
        if part == "python" and i > 0 and parts[i - 1] == "uv":
            return "uv", parts[i + 1]
        if part == "Cellar" and parts[i + 1].startswith("python"):
            return "brew", parts[i + 1]
    return None


def check(cmd):
    found = base()
    if found is None:
        return None
    manager, version = found
    exe = cmd.executable
    args = cmd.argv[1:]
    words = [w for w in args if not w.startswith("-")]
    if exe == "uv":
        if manager != "uv" or words[:1] != ["python"] or len(words) < 2:
            return None
        sub, targets = words[1], words[2:]
        forced = sub == "uninstall" or (sub in ("install", "upgrade") and
                                        any(w in ("--reinstall", "-r", "--force", "-f") for w in args))
        return _verdict("uv python " + sub, version, targets, forced, every=not targets and sub == "upgrade")
    if exe in ("rtx",):
        exe = "mise"
    if exe != manager and not (exe == "mise" and manager == "mise"):
        return None
    if not words:
        return None
    sub, targets = words[0], words[1:]
    if exe == "asdf" and targets[:1] == ["python"]:
        targets = targets[1:]
    if exe == "brew":
        if sub not in _REMOVING["brew"]:
            return None
        every = not targets and sub in ("upgrade", "cleanup", "autoremove")
        return _verdict(f"brew {sub}", version, targets, True, every=every, prefix_match=True)
    if sub in _REMOVING.get(exe, ()):
        every = exe == "mise" and (sub in ("prune", "upgrade", "up") and not targets)
        return _verdict(f"{exe} {sub}", version, targets, True, every=every)
    if sub in _FORCED_INSTALL.get(exe, ()):
        forced = any(w in ("-f", "--force") for w in args)
        return _verdict(f"{exe} {sub}", version, targets, forced)
    return None


def _verdict(what, version, targets, forced, every=False, prefix_match=False):
    if not forced and not every:
        return None
    names = [t.split("@", 1)[-1] if "@" in t and not prefix_match else t for t in targets]
    hit = every or any(_same(version, n, prefix_match) for n in names)
    if not hit:
        return None
    return deny(f"`{what}` would remove or replace Python {version}, the interpreter and standard library the "
                "guard's own venv runs on (the hook would stop, or run another build); manage other versions, or "
                "ask the user", "trust-base:package-manager")


def _same(version, name, prefix_match):
    name = name.strip()
    if not name:
        return False
    if prefix_match:  # brew: python@3.11 or python3
        return version.startswith(name) or name.startswith("python") and version.startswith(name)
    return version == name or version.startswith(name + ".") or name in ("python", "all", "--all")
