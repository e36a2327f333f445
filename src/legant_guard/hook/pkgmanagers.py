"""Package managers acting on the guard's own environment (part of the trust base).

`pip uninstall legant-guard`, or `pip install` of a package whose `.pth` file runs at every
interpreter start, rewrites the guard without ever naming one of its files. So pip, `python
-m pip`, easy_install, `uv pip`/`uv sync`/`uv tool`, pipx and conda are judged by the
environment they would change:
- an executable given with a folder (`/x/.venv/bin/pip`, `.venv/bin/python -m pip`) belongs
  to `<folder>/..`;
- a bare name (`pip`, `python3`) is looked up on the PATH the agent gave the hook, and also
  in every venv the command activates first (`source X/bin/activate`): when any of them is
  the guard's environment, the command is denied (conservative: the agent's shell could run
  either);
- `--target`/`--prefix`/`--root` decide instead when given; `--user` is denied when the
  guard's Python reads the user site folder.
Installing into another environment (the project's `.venv/bin/pip`, `uv pip install --python
.venv`) stays allowed.
"""

import os

from legant_guard.hook.model import deny

_PIP_MUTATING = frozenset(("install", "uninstall"))
_UV_PROJECT = frozenset(("sync", "add", "remove", "run", "venv"))
_PIPX_ONE = frozenset(("install", "uninstall", "upgrade", "reinstall", "inject", "uninject", "runpip", "pin", "unpin"))
_PIPX_ALL = frozenset(("uninstall-all", "reinstall-all", "upgrade-all", "upgrade-shared"))
_CONDA_MUTATING = frozenset(("install", "remove", "uninstall", "update", "upgrade", "create", "env"))


def check(cmd, trust, activated=()):
    """A deny when the analysed command `cmd` would change the guard's environment, else None.
    `activated`: venvs the command line activates before it (see `activated_envs`)."""
    exe = cmd.executable or ""
    argv = cmd.argv
    if _is_pip(exe):
        return _pip(cmd, trust, argv[0], argv[1:], activated)
    if exe.startswith("python") and "-m" in argv:
        i = argv.index("-m")
        if i + 1 < len(argv) and argv[i + 1] in ("pip", "easy_install"):
            return _pip(cmd, trust, argv[0], argv[i + 2:], activated)
        if i + 1 < len(argv) and argv[i + 1] in ("venv", "virtualenv"):
            return _venv_creator(cmd, trust)
    if exe == "virtualenv":
        return _venv_creator(cmd, trust)
    if exe == "uv":
        return _uv(cmd, trust)
    if exe == "pipx":
        return _tool_manager(cmd, trust, "pipx", "/pipx/venvs/", _PIPX_ONE, _PIPX_ALL)
    if exe in ("conda", "mamba", "micromamba"):
        return _conda(cmd, trust)
    return None


def _is_pip(exe):
    return exe == "easy_install" or (exe.startswith("pip") and all(c.isdigit() or c == "." for c in exe[3:]))


def _guard_prefixes():
    from legant_guard.hook.trustbase import installation_prefix

    prefix = installation_prefix()
    return {prefix, os.path.realpath(prefix)}


def _denied(tool, why):
    return deny(f"`{tool}` would change the guard's own Python environment ({why}); install into the project's "
                "environment instead (e.g. `.venv/bin/pip install ...`, `uv pip install --python .venv ...`)",
                "trust-base:package-manager")


def _option_values(args, names):
    out = []
    for i, word in enumerate(args):
        for name in names:
            if word == name and i + 1 < len(args):
                out.append(args[i + 1])
            elif name.startswith("--") and word.startswith(name + "="):
                out.append(word.split("=", 1)[1])
            elif not name.startswith("--") and word.startswith(name) and len(word) > len(name):
                out.append(word[len(name):])
    return out


def _into_installation(cmd, trust, folders):
    """The first folder among `folders` that is, holds or lies in the guard's installation."""
    from legant_guard.hook.paths import path_variants

    for folder in folders:
        variants = path_variants(folder, cmd.cwd, trust.home)
        if trust.installation.hit(variants) or trust.installation.contained_in(variants) or \
                any(v in _guard_prefixes() for v in variants):
            return variants[0]
    return None


def _user_site_protected(trust):
    return any(what == "the user site folder" for what, _ in trust.entries)


def _envs_of(cmd, trust, tool, analysis_activated=()):
    """The environments (prefixes) an executable named `tool` could belong to."""
    from legant_guard.hook.paths import normalize
    from legant_guard.hook.trustbase import _which, env_prefix

    if "/" in tool:
        return [env_prefix(normalize(tool, cmd.cwd, trust.home))]
    found = [env_prefix(p) for p in [_which(tool, trust.env.get("PATH", ""))] if p]
    return found + list(analysis_activated)


def _is_guard_env(prefixes):
    guard = _guard_prefixes()
    return any(p in guard or os.path.realpath(p) in guard for p in prefixes)


def _pip(cmd, trust, tool, args, activated):
    name = os.path.basename(tool)
    if not any(w in _PIP_MUTATING for w in args) and name != "easy_install":
        return None
    where = _option_values(args, ("--target", "-t", "--prefix", "--root"))
    if where:
        hit = _into_installation(cmd, trust, where)
        return _denied(name, f"it would write into {hit}") if hit else None
    if "--user" in args and _user_site_protected(trust):
        return _denied(name, "--user installs into the user site folder the guard's Python reads at start")
    if _is_guard_env(_envs_of(cmd, trust, tool, activated)):
        how = "the one on the agent's PATH" if "/" not in tool else tool
        return _denied(name, f"{how} belongs to the guard's environment")
    return None


def activated_envs(analysis):
    """Venvs a command line activates (`source X/bin/activate && pip ...`): X."""
    from legant_guard.hook.trustbase import env_prefix

    return [env_prefix(p) for c in analysis.commands if c.executable in ("source", ".")
            for p in c.paths if os.path.basename(p).startswith("activate")]


def _venv_creator(cmd, trust):
    hit = _into_installation(cmd, trust, [p for p in cmd.paths])
    return _denied(cmd.executable, f"it would create or clear a venv at {hit}") if hit else None


def _uv(cmd, trust):
    args = cmd.argv[1:]
    sub = next((w for w in args if not w.startswith("-")), "")
    if sub == "tool":
        return _tool_manager(cmd, trust, "uv tool", "/uv/tools/", _PIPX_ONE, frozenset(("--all",)))
    if sub == "venv":
        return _venv_creator(cmd, trust) or _uv_default_env(cmd, trust, "uv venv")
    if sub == "pip":
        if not any(w in _PIP_MUTATING or w == "sync" for w in args):
            return None
        where = _option_values(args, ("--target", "--prefix"))
        if where:
            hit = _into_installation(cmd, trust, where)
            return _denied("uv pip", f"it would write into {hit}") if hit else None
        pythons = _option_values(args, ("--python", "-p"))
        if pythons:
            prefixes = []
            for value in pythons:
                if "/" in value or value.startswith("."):
                    from legant_guard.hook.paths import normalize

                    path = normalize(value, cmd.cwd, trust.home)
                    prefixes.append(path if os.path.isdir(path) else os.path.dirname(os.path.dirname(path)))
                else:
                    prefixes += _envs_of(cmd, trust, value)
            return _denied("uv pip", "--python names it") if _is_guard_env(prefixes) else None
        if "--system" in args:
            return _denied("uv pip", "--system is the Python the guard runs on") \
                if _is_guard_env(_envs_of(cmd, trust, "python3")) else None
        return _uv_default_env(cmd, trust, "uv pip")
    if sub in _UV_PROJECT:
        return _uv_default_env(cmd, trust, f"uv {sub}")
    return None


def _uv_default_env(cmd, trust, tool):
    """uv acts on $VIRTUAL_ENV, else the nearest `.venv` from the working folder up."""
    candidates = [trust.env["VIRTUAL_ENV"]] if trust.env.get("VIRTUAL_ENV") else []
    folder = cmd.cwd
    while folder and folder != os.path.dirname(folder):
        candidates.append(os.path.join(folder, ".venv"))
        folder = os.path.dirname(folder)
    for env in candidates:
        if _is_guard_env([env]):
            return _denied(tool, f"its default environment {env} is the guard's")
    return None


def _tool_manager(cmd, trust, tool, marker, one, every):
    """pipx / `uv tool`: only matters when the guard itself was installed with it."""
    prefix = sorted(_guard_prefixes())[0]
    if marker not in prefix + "/":
        return None
    name = os.path.basename(prefix.rstrip("/"))
    args = cmd.argv[1:]
    if any(w in every for w in args) or (any(w in one for w in args) and any(name in w for w in args)):
        return _denied(tool, f"the guard is installed as the {tool} package {name}")
    return None


def _conda(cmd, trust):
    args = cmd.argv[1:]
    if not any(w in _CONDA_MUTATING for w in args):
        return None
    guard = sorted(_guard_prefixes())
    if not any(os.path.isdir(os.path.join(p, "conda-meta")) for p in guard):
        return None
    prefixes = _option_values(args, ("--prefix", "-p"))
    names = _option_values(args, ("--name", "-n"))
    if prefixes:
        hit = _into_installation(cmd, trust, prefixes)
        return _denied(cmd.executable, f"--prefix {hit}") if hit else None
    if names:
        own = {os.path.basename(p.rstrip("/")) for p in guard}
        return _denied(cmd.executable, f"the environment named {names[0]}") if own & set(names) or "base" in names \
            else None
    active = trust.env.get("CONDA_PREFIX")
    return _denied(cmd.executable, "it acts on the active environment") if not active or _is_guard_env([active]) \
        else None
