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
from legant_guard.hook.trustbase import PACKAGE_MANAGERS as MANAGERS
from legant_guard.hook.trustbase import PROJECT_MANAGERS

_PIP_MUTATING = frozenset(("install", "uninstall"))
_UV_PROJECT = frozenset(("sync", "add", "remove", "run", "venv"))
_PIPX_ONE = frozenset(("install", "uninstall", "upgrade", "reinstall", "inject", "uninject", "runpip", "pin", "unpin"))
_PIPX_ALL = frozenset(("uninstall-all", "reinstall-all", "upgrade-all", "upgrade-shared"))
_CONDA_MUTATING = frozenset(("install", "remove", "uninstall", "update", "upgrade", "create", "env"))


def check(cmd, trust, activated=(), raw_command=""):
    """A deny when the analysed command `cmd` would change the guard's environment, else None.
    `activated`: venvs the command line activates before it (see `activated_envs`);
    `raw_command`: the whole command line, for the variables it sets (`VIRTUAL_ENV=... uv pip`)."""
    exe = cmd.executable or ""
    argv = cmd.argv
    _COMMAND_LINE[0], _COMMAND_CWD[0] = raw_command or "", cmd.cwd
    if raw_command and _is_manager(exe, argv) and any(w in _CHANGING for w in argv[1:]):
        verdict = _redirecting_variables(cmd, trust, raw_command)
        if verdict:
            return verdict
    own_activated = list(activated)  # (uv run syncs the project's env, not the one `-p` names)
    if cmd.via:  # (before any judge below answers for the program `uv run` starts: `uv run pip list`)
        verdict = uv_run_sync(cmd, trust, own_activated)
        if verdict:
            return verdict
    activated = own_activated + _runner_envs(cmd, trust)
    module, rest, code = _python_module(argv) if exe.startswith("python") else (None, (), None)
    if module == "runpy" and rest:  # `python -m runpy pip install x` runs pip
        module, rest = rest[0].split(".", 1)[0], list(rest[1:])
    if code is None and exe.startswith("python") and cmd.code is not None and not cmd.code.dynamic:
        code = cmd.code.text  # `python - <<< 'import pip ...'`: code read from its input
    if exe.startswith("python") and _installs_itself(argv, module, rest) and \
            _is_guard_env(_envs_of(cmd, trust, argv[0], activated)):
        return _denied(os.path.basename(argv[0]), "`-m uv pip`/`setup.py install` install into the Python that runs "
                                                  "it, the guard's")
    if exe.startswith("python") and module is None and _installs_itself(argv, None, ()):
        # (red team #34: `python3 setup.py install --prefix GUARD_VENV` with any Python)
        hit = _into_installation(cmd, trust, _option_values(argv[2:], _SETUP_DESTINATIONS))
        if hit:
            return _denied(os.path.basename(argv[0]), f"`setup.py` would install into {hit}")
    if module == "installer":  # PyPA's wheel installer: into the Python that runs it, or --prefix/--destdir
        where = _option_values(rest, ("--prefix", "-p", "--destdir", "-d"))
        hit = _into_installation(cmd, trust, where) if where else None
        if hit or (not where and _is_guard_env(_envs_of(cmd, trust, argv[0], activated))):
            return _denied(os.path.basename(argv[0]), "`-m installer` installs a wheel into "
                                                       f"{hit or 'the Python that runs it, the guard' + chr(39) + 's'}")
        return None
    if module == "ensurepip":  # installs pip (and its files) into that Python
        return _pip(cmd, trust, argv[0], ["install"] + rest, activated, raw_command)
    if _is_pip(exe):
        return _pip(cmd, trust, argv[0], argv[1:], activated, raw_command)
    if module in ("pip", "easy_install"):
        return _pip(cmd, trust, argv[0], (["install"] if module == "easy_install" else []) + list(rest), activated,
                    raw_command)
    if module in ("venv", "virtualenv"):
        return _venv_creator(cmd, trust)
    if code is not None and _drives_a_manager(code) and \
            _is_guard_env(_envs_of(cmd, trust, argv[0], activated) + _path_assigned(cmd, trust, raw_command, argv[0])):
        return _denied(os.path.basename(argv[0]), "the code it runs drives pip, ensurepip or venv on the Python "
                                                   "the guard runs on")
    if exe == "virtualenv":
        return _venv_creator(cmd, trust)
    # (trustbase.may_manage_packages lets only pip*, python*, easy_install and MANAGERS here)
    if exe == "uv":
        return _uv(cmd, trust, activated)
    if exe == "pipx":
        return _tool_manager(cmd, trust, "pipx", "/pipx/venvs/", _PIPX_ONE, _PIPX_ALL)
    if exe in ("conda", "mamba", "micromamba"):
        return _conda(cmd, trust)
    if exe in PROJECT_MANAGERS or exe == "pip-sync":
        return _project_manager(cmd, trust, activated)
    return None


# setup.py's options (install, develop, easy_install) that say where it writes: any Python's
# `setup.py install --prefix GUARD_VENV` fills the guard's site-packages (and its easy-install.pth).
_SETUP_DESTINATIONS = ("--prefix", "--root", "--home", "--install-lib", "--install-purelib", "--install-platlib",
                       "--install-scripts", "--install-data", "--install-headers", "--install-base",
                       "--install-platbase", "--install-dir", "-d", "--script-dir", "-s", "--exec-prefix")


# Variables that move where a package manager installs (or which environment it acts on), set
# on the command line itself (`VIRTUAL_ENV=/guard/venv uv pip install x`, `export PIP_TARGET=..`):
# folders, interpreters, on/off switches, and config files whose content the hook does not read.
_FOLDER_VARS = ("VIRTUAL_ENV", "CONDA_PREFIX", "UV_PROJECT_ENVIRONMENT", "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT",
                "PYTHONUSERBASE", "PIPX_HOME", "PIPX_BIN_DIR", "PIPX_GLOBAL_HOME", "UV_TOOL_DIR", "UV_TOOL_BIN_DIR",
                "UV_TARGET", "UV_PREFIX", "PYTHONHOME")
_PYTHON_VARS = ("UV_PYTHON", "PIP_PYTHON", "PIPX_DEFAULT_PYTHON", "PDM_PYTHON", "PIPENV_PYTHON")
_SWITCH_VARS = ("PIP_USER", "UV_SYSTEM_PYTHON", "UV_BREAK_SYSTEM_PACKAGES")
_CONFIG_VARS = ("PIP_CONFIG_FILE", "UV_CONFIG_FILE", "CONDARC", "PIP_REQUIRE_VIRTUALENV")
# What each project manager runs to install into (or remove from) its environment; pip-sync always does.
_PROJECT_CHANGING = {"poetry": frozenset(("install", "add", "remove", "update", "sync", "upgrade")),
                     "pdm": frozenset(("install", "add", "remove", "update", "sync", "use", "import")),
                     "pipenv": frozenset(("install", "uninstall", "sync", "update", "upgrade", "clean")),
                     "maturin": frozenset(("develop",)), "flit": frozenset(("install",)),
                     "rye": frozenset(("sync", "add", "remove", "install", "uninstall"))}
_CHANGING = _PIP_MUTATING | _UV_PROJECT | _PIPX_ONE | _PIPX_ALL | _CONDA_MUTATING | \
    frozenset(w for words in _PROJECT_CHANGING.values() for w in words) | frozenset(("ensurepip", "venv", "tool"))
_WORD_END = " \t\n;&|)<>"


def _is_manager(exe, argv):
    if _is_pip(exe) or exe in MANAGERS or exe in PROJECT_MANAGERS or exe == "pip-sync":
        return True
    if exe.startswith("python"):
        return _python_module(argv)[0] in ("pip", "easy_install", "ensurepip", "venv", "virtualenv")
    return False


# Interpreter options that take a value (`-W ignore`, `-X dev`), so the value is not the module.
_PYTHON_VALUE_OPTIONS = "WXQ"


def _python_module(argv):
    """(top-level module `python -m MOD` runs, its arguments, -c code) of a python command line:
    `-mpip`, `-Im pip`, `-m pip.__main__` and `-m pip._internal.cli.main` all run pip."""
    i = 1
    while i < len(argv):
        word = argv[i]
        if not word.startswith("-") or word in ("-", "--"):
            return None, (), None  # a script (or stdin): not a module
        if word.startswith("--"):
            i += 1
            continue
        for j, c in enumerate(word[1:], 1):
            if c in "mc":
                value = word[j + 1:] or (argv[i + 1] if i + 1 < len(argv) else "")
                after = argv[i + 1:] if word[j + 1:] else argv[i + 2:]
                if c == "c":
                    return None, (), value
                return value.split(".", 1)[0], list(after), None
            if c in _PYTHON_VALUE_OPTIONS:
                i += 0 if word[j + 1:] else 1
                break
        i += 1
    return None, (), None


# Ways code imports or runs a module named at run time: with the guard's own Python any of them can
# be pip (red team 44: `importlib.import_module('p' + 'ip._internal.cli.main').main(['install', x])`).
_DYNAMIC_IMPORTS = ("import_module", "__import__", "importlib", "exec(", "eval(", "compile(", "sys.modules",
                    "pkgutil", "find_spec", "spec_from", "load_module", "exec_module", "getattr(", "sys.executable")


def _drives_a_manager(code):
    """Does inline code name pip, ensurepip, venv or runpy (`import pip; pip.main([...])`), also
    in string literals run together (`'p' + 'ip'`), or import a module named at run time?"""
    import re

    if any(w in code for w in _DYNAMIC_IMPORTS):
        return True
    flat = re.sub(r"""(['"])\s*[+]?\s*(['"])""", "", code)  # 'p' + 'ip', 'p' 'ip' -> 'pip'
    for text in (code, flat) if flat != code else (code,):
        for name in ("pip", "ensurepip", "venv", "virtualenv", "runpy", "easy_install", "setuptools"):
            k = text.find(name)
            while k >= 0:
                before = text[k - 1] if k else " "
                after = text[k + len(name)] if k + len(name) < len(text) else " "
                if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                    return True
                k = text.find(name, k + 1)
    return False


def _path_assigned(cmd, trust, raw, tool):
    """Environments `tool` (a bare name) resolves to on a PATH the command line itself assigns
    (`PATH=/guard/venv/bin:$PATH pip install x`, `export PATH=...; pip ...`)."""
    from legant_guard.hook.paths import normalize
    from legant_guard.hook.trustbase import _which
    from legant_guard.hook.trustderivation import env_prefix

    if "/" in tool or "PATH=" not in (raw or ""):
        return []
    out, start = [], 0
    while True:
        i = raw.find("PATH=", start)
        if i < 0:
            return out
        start = i + 5
        if i > 0 and (raw[i - 1].isalnum() or raw[i - 1] == "_"):
            continue
        j = start
        while j < len(raw) and raw[j] not in _WORD_END:
            j += 1
        for folder in raw[start:j].strip("'\"").split(":"):
            if folder and "$" not in folder and "`" not in folder:
                found = _which(tool, normalize(folder, cmd.cwd, trust.home))
                if found:
                    out.append(env_prefix(found))


def _assignments(raw, name):
    """The values `raw` assigns to `name` (`NAME=v`, `export NAME=v`); None for one built at run time."""
    out, start = [], 0
    while True:
        i = raw.find(name + "=", start)
        if i < 0:
            return out
        start = i + len(name) + 1
        if i > 0 and (raw[i - 1].isalnum() or raw[i - 1] == "_"):
            continue
        j = start
        while j < len(raw) and raw[j] not in _WORD_END:
            j += 1
        value = raw[start:j]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" and value[0] not in value[1:-1]:
            value = value[1:-1]
        out.append(None if (not value or any(c in value for c in "$`\"'\\")) else value)


def _redirecting_variables(cmd, trust, raw):
    from legant_guard.hook.paths import normalize
    from legant_guard.hook.trustderivation import env_prefix

    tool = os.path.basename(cmd.argv[0]) if cmd.argv else cmd.executable
    for name in _FOLDER_VARS + _PYTHON_VARS + _SWITCH_VARS + _CONFIG_VARS:
        if name + "=" not in raw:
            continue
        for value in _assignments(raw, name):
            if value is None:
                return _denied(tool, f"{name} is set to a value built at run time, so the environment it changes "
                                     "cannot be known")
            if name in _CONFIG_VARS:
                return _denied(tool, f"{name} points it at a configuration file the guard does not read")
            if name in _SWITCH_VARS:
                if value.lower() in ("", "0", "false", "no", "off"):
                    continue
                if _user_site_protected(trust) or _is_guard_env(_envs_of(cmd, trust, "python3")):
                    return _denied(tool, f"{name}={value} installs into the Python the guard runs on")
                continue
            if name in _PYTHON_VARS:
                if "/" in value or value.startswith("."):
                    path = normalize(value, cmd.cwd, trust.home)
                    prefixes = [path if os.path.isdir(path) else env_prefix(path)]
                elif name in ("PDM_PYTHON", "PIPENV_PYTHON"):
                    continue  # (a version: pdm and pipenv make a venv of their own from it)
                else:
                    prefixes = _envs_of(cmd, trust, value) + _version_request(value)
                if _is_guard_env(prefixes):
                    return _denied(tool, f"{name}={value} names the guard's Python")
                continue
            hit = _into_installation(cmd, trust, [value])
            if hit or _is_guard_env([normalize(value, cmd.cwd, trust.home)]):
                return _denied(tool, f"{name}={value} sends it into the guard's environment")
    return None


def _is_pip(exe):
    return exe == "easy_install" or (exe.startswith("pip") and all(c.isdigit() or c == "." for c in exe[3:]))


def _guard_prefixes():
    from legant_guard.hook.trustderivation import installation_prefix

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
    from legant_guard.hook.trustbase import _which
    from legant_guard.hook.trustderivation import env_prefix

    if "/" in tool:
        path = normalize(tool, cmd.cwd, trust.home)
        return [env_prefix(path)] + _behind(path, trust)
    on_path = _which(tool, trust.env.get("PATH", ""))
    found = [env_prefix(on_path)] + _behind(on_path, trust) if on_path else []
    for label in cmd.via:  # `pyenv exec pip`: the manager's selected version, whatever PATH says
        manager = label.split(" ", 1)[0]
        if manager in _VERSION_MANAGERS and " exec" in label:
            found += _manager_versions(trust, manager, os.path.basename(tool))
    return found + list(analysis_activated)


# Version managers whose `exec` and shims pick an installed Python at run time (PYENV_VERSION,
# `.python-version`, `.tool-versions`, `mise.toml`: files and variables the agent can set), with
# the folders (under their data folder) that hold those installs.
_VERSION_MANAGERS = {"pyenv": ("PYENV_ROOT", ".pyenv", ("versions",)),
                     "asdf": ("ASDF_DATA_DIR", ".asdf", ("installs/python",)),
                     "mise": ("MISE_DATA_DIR", ".local/share/mise", ("installs/python",)),
                     "rtx": ("RTX_DATA_DIR", ".local/share/rtx", ("installs/python",))}
_MAX_VERSIONS = 256


def _behind(path, trust):
    """The environments a program at `path` really acts on, besides its own folder's:
    - a version manager's shim (`~/.pyenv/shims/pip`, asdf's, mise's, rtx's) runs the pip of
      whichever installed version is selected when it runs, so every one of them;
    - a link out of a folder that is no venv (`~/.local/bin/python3.11` -> a uv-managed or pyenv
      Python) is the Python it leads to (a venv's own `bin/python` links to its base, yet acts
      on the venv);
    - a script whose `#!` names a Python (`~/.local/bin/pip3.11`) installs into that Python."""
    from legant_guard.hook.trustderivation import env_prefix

    folder = os.path.dirname(path)
    if os.path.basename(folder) == "shims":
        return _shim_targets(os.path.dirname(folder), os.path.basename(path), trust)
    out = []
    if os.path.isfile(os.path.join(env_prefix(path), "pyvenv.cfg")):
        return out
    if os.path.islink(path):
        out.append(env_prefix(os.path.realpath(path)))
    interpreter = _shebang(path)
    if interpreter and os.path.basename(interpreter).startswith("python"):
        out.append(env_prefix(interpreter))
        if not os.path.isfile(os.path.join(env_prefix(interpreter), "pyvenv.cfg")):
            out.append(env_prefix(os.path.realpath(interpreter)))
    return out


# What selects the version a pyenv shim runs; a command line naming one of them may change it
# before the shim runs (`echo 3.11.7 > .python-version && pip install x`).
_PYENV_SELECTORS = (".python-version", "PYENV_VERSION", "pyenv local", "pyenv global", "pyenv shell", "/version")
_COMMAND_LINE = [""]  # the whole command line being judged (set by check)


def _shim_targets(root, tool, trust):
    """The installs a version manager's shim in `root/shims` may run. pyenv's choice is read as
    pyenv makes it (PYENV_VERSION, the nearest `.python-version` up from the working folder, the
    global `version` file; `system` is the next `tool` on PATH), unless the command line may
    change it first; other managers' shims (asdf, mise, rtx) may run any of their installs."""
    from legant_guard.hook.trustbase import _which
    from legant_guard.hook.trustderivation import env_prefix

    line = _COMMAND_LINE[0]
    assigned = _assignments(line, "PYENV_VERSION") if "PYENV_VERSION=" in line else []
    if assigned and None not in assigned and line.count("PYENV_VERSION") == len(assigned):
        line = line.replace("PYENV_VERSION", "")  # `PYENV_VERSION=3.12.1 pip ...`: that version
    else:
        assigned = []
    if not os.path.isdir(os.path.join(root, "versions")) or any(word in line for word in _PYENV_SELECTORS):
        return _installs_below(root, ("versions", "installs/python"))
    names = " ".join(assigned) or trust.env.get("PYENV_VERSION", "")
    folder = _COMMAND_CWD[0] or "/"
    while not names:
        names = _first_text(os.path.join(folder, ".python-version"))
        if folder == os.path.dirname(folder):
            break
        folder = os.path.dirname(folder)
    names = names or _first_text(os.path.join(root, "version")) or "system"
    out = []
    for name in names.replace(":", " ").split():
        if name == "system":
            rest = os.pathsep.join(f for f in trust.env.get("PATH", "").split(os.pathsep)
                                   if f and os.path.basename(f.rstrip("/")) != "shims")
            found = _which(tool, rest)
            out += [env_prefix(found)] if found else []
        else:
            out.append(os.path.join(root, "versions", name))
    return out


_COMMAND_CWD = [None]


def _first_text(path):
    """The words of a small version file (`.python-version`), '' when there is none."""
    try:
        with open(path, "rb") as f:
            return " ".join(line.split("#", 1)[0].strip() for line in f.read(4096).decode("utf-8", "replace")
                            .splitlines()).strip()
    except OSError:
        return ""


def _shebang(path):
    """The interpreter a script's `#!` line names (absolute), or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(256)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return None
    words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
    return words[0] if words and words[0].startswith("/") else None


def _installs_below(root, subfolders):
    out = []
    for sub in subfolders:
        base = os.path.join(root, sub)
        try:
            names = sorted(os.listdir(base))[:_MAX_VERSIONS]
        except OSError:
            continue
        for name in names:
            out.append(os.path.join(base, name))
            envs = os.path.join(base, name, "envs")  # pyenv-virtualenv's environments of that version
            if os.path.isdir(envs):
                out += [os.path.join(envs, e) for e in sorted(os.listdir(envs))[:_MAX_VERSIONS]]
    return out


def _manager_versions(trust, manager, tool):
    variable, default, subfolders = _VERSION_MANAGERS[manager]
    root = trust.env.get(variable) or os.path.join(trust.home, default)
    if manager in ("mise", "rtx") and not trust.env.get(variable) and trust.env.get("XDG_DATA_HOME"):
        root = os.path.join(trust.env["XDG_DATA_HOME"], manager)
    return _shim_targets(root, tool, trust) if manager == "pyenv" else _installs_below(root, subfolders)


def _version_request(value):
    """uv's and pipx's Python requests by version (`--python 3.11`, `UV_PYTHON=cpython@3.11`,
    `>=3.10`): the Python the guard's venv is built on when its version answers the request
    (uv finds it among the installed ones, wherever they live)."""
    import sys

    text = value.lower()
    for prefix in ("cpython", "python", "py"):
        if text.startswith(prefix) and text[len(prefix):len(prefix) + 1] in ("@", "-", "") + tuple("0123456789"):
            text = text[len(prefix):].lstrip("@-")
            break
    if not text or not (text[0].isdigit() or text[0] in "<>=~!"):
        return []
    if text[0] in "<>=~!" or "," in text:
        return sorted(_base_prefixes())  # a range: assume it includes the guard's
    wanted = text.split("-", 1)[0].split("+", 1)[0].split(".")
    have = [str(sys.version_info.major), str(sys.version_info.minor), str(sys.version_info.micro)]
    return sorted(_base_prefixes()) if wanted == have[:len(wanted)] else []


def _base_prefixes():
    """The Python the guard's venv is built on (pyenv's `versions/X`, /usr/local ...): its
    interpreter and standard library are the guard's, and pip installs a wheel's data files
    relative to that prefix (`X.data/data/lib/python3.11/os.py` replaces the standard library)."""
    import sys

    base = os.path.normpath(getattr(sys, "base_prefix", sys.prefix))
    return {base, os.path.realpath(base)}


def _is_guard_env(prefixes):
    guard = _guard_prefixes() | _base_prefixes()
    return any(p in guard or os.path.realpath(p) in guard for p in prefixes)


def _env_label(prefixes):
    """How the deny names the environment: the guard's own, or the Python its venv is built on."""
    guard = _guard_prefixes()
    if any(p in guard or os.path.realpath(p) in guard for p in prefixes):
        return "belongs to the guard's environment"
    return ("belongs to the Python the guard's venv is built on (its interpreter and standard library, which a "
            "wheel's data files can replace)")


def _pip(cmd, trust, tool, args, activated, raw_command=""):
    name = os.path.basename(tool)
    from legant_guard.hook import pipconfig

    setting = pipconfig.set_location(args)  # `pip config set global.prefix VENV`: every later install
    if setting and _into_installation(cmd, trust, [setting[1]]):
        return _denied(name, f"`config set {setting[0]}` would send every later install into {setting[1]}")
    change = pipconfig.source_change(args)
    if change and ("--site" not in args or _is_guard_env(_envs_of(cmd, trust, tool, activated))):
        return deny(f"`{name} config {change[0]} {change[1]}` changes where every later pip install comes from or "
                    "goes, the user's own upgrade of the guard included (the user's or the system's configuration); "
                    "pass the option to the install itself, or set it with `--site` in the project's environment",
                    "trust-base:package-manager")
    if not any(w in _PIP_MUTATING for w in args) and name != "easy_install":
        return None
    # pip's own `--python X` (pip 22.3+) runs pip in X: an interpreter, or a venv's folder (red team #30)
    for value in _option_values(args, ("--python",)):
        if _is_guard_env(_interpreter_prefixes(cmd, trust, value)):
            return _denied(name, f"--python {value} names it")
    where = _option_values(args, ("--target", "-t", "--prefix", "--root"))
    for value in _option_values(args, ("--install-option", "--global-option")):  # (pip < 23.1 hands them to setup.py)
        where += _option_values(value.split(), _SETUP_DESTINATIONS)
    if where:
        hit = _into_installation(cmd, trust, where)
        return _denied(name, f"it would write into {hit}") if hit else None
    envs = _envs_of(cmd, trust, tool, activated)
    for path, key, value in pipconfig.pip_locations(pipconfig.pip_files(trust.env, trust.home, envs)):
        if key == "(unreadable)":
            return _denied(name, f"its configuration file {path} cannot be read, so where it installs is unknown")
        if value and _into_installation(cmd, trust, [value]):
            return _denied(name, f"{path} sets {key} = {value}")
    if "--user" in args and _user_site_protected(trust):
        return _denied(name, "--user installs into the user site folder the guard's Python reads at start")
    envs = _envs_of(cmd, trust, tool, activated) + _path_assigned(cmd, trust, raw_command, tool)
    if _is_guard_env(envs):
        how = tool if "/" in tool else "the one the command activates or its runner starts" \
            if _is_guard_env(list(activated)) else "the one on the agent's PATH"
        return _denied(name, f"{how} {_env_label([e for e in envs if _is_guard_env([e])])}")
    return None


def _installs_itself(argv, module, rest):
    """`python -m uv pip install ...` (uv run from a Python acts on that Python), `python setup.py
    install/develop`: an install into the interpreter that runs it."""
    if module == "uv":
        return any(w in _PIP_MUTATING or w == "sync" or w in _UV_PROJECT for w in rest)
    words = argv[1:]
    return bool(words) and words[0].endswith("setup.py") and any(w in ("install", "develop") for w in words[1:])


# Runners that start a command inside their project's environment (its bin/ first on PATH,
# VIRTUAL_ENV set): `poetry run pip install x` is that environment's pip (red team #34).
# With the options naming the project's folder, where the working folder is not it.
_RUNNER_PROJECT = {"uv": ("--project",), "poetry": ("-P", "--project"), "pdm": ("-p", "--project"), "pipenv": (),
                   "rye": ()}
# Options of the project managers (before or after their subcommand) that take the next word as
# their value, and those of them that name the project's folder.
_MANAGER_VALUES = {"poetry": ("-C", "--directory", "-P", "--project"), "pdm": ("-p", "--project", "-c", "--config"),
                   "pipenv": ("--python", "--pypi-mirror"), "uv": ("--project", "--directory", "--python", "-p"),
                   "rye": ("--pyproject",)}
_PROJECT_FOLDER = ("-C", "--directory", "-P", "--project", "-p")


def _runner_envs(cmd, trust):
    """The environments a runner starts the command in: `uv run --python X` (or `-p X`) that
    Python's, and for `uv run`, `poetry run`, `pdm run`, `pipenv run`, `rye run` the project's
    (the active virtualenv, else the nearest `.venv` up from the project's folder)."""
    from legant_guard.hook.paths import normalize
    from legant_guard.hook.trustderivation import env_prefix

    found = []
    for label in cmd.via:
        words = label.split()
        if words[:1] and words[0] in _RUNNER_PROJECT and "run" in words:
            # (a `--directory`/`-C` folder is the command's working folder already: shell/wrappers.py)
            for start in [cmd.cwd] + _option_values(words[1:], _RUNNER_PROJECT[words[0]]):
                found += _project_envs(normalize(start, cmd.cwd, trust.home), trust)
        if words[:2] != ["uv", "run"]:
            continue
        for j, word in enumerate(words):
            value = words[j + 1] if word in ("--python", "-p") and j + 1 < len(words) else \
                word.split("=", 1)[1] if word.startswith("--python=") else None
            if value and ("/" in value or value.startswith(".")):
                path = normalize(value, cmd.cwd, trust.home)
                found.append(path if os.path.isdir(path) else env_prefix(path))
            elif value:
                found += _version_request(value)
    return found


def activated_envs(analysis):
    """Venvs a command line activates (`source X/bin/activate && pip ...`): X."""
    from legant_guard.hook.trustderivation import env_prefix

    return [env_prefix(p) for c in analysis.commands if c.executable in ("source", ".")
            for p in c.paths if os.path.basename(p).startswith("activate")]


def _venv_creator(cmd, trust):
    from legant_guard.hook.trustbase import venv_interpreters

    # (`uv venv --python .venv/bin/python DIR`: the interpreter it is built from is no venv it makes)
    made = [p for p in cmd.paths if p not in venv_interpreters(cmd, trust.home)] if cmd.executable in ("uv", "uvx") else cmd.paths
    hit = _into_installation(cmd, trust, made)
    return _denied(cmd.executable, f"it would create or clear a venv at {hit}") if hit else None


# uv's subcommands: the first of them is the one it runs (a global option's value, `uv --project P
# sync`, is not; red team #30)
_UV_SUBCOMMANDS = frozenset(("run", "init", "add", "remove", "version", "sync", "lock", "export", "tree", "tool",
                             "python", "pip", "venv", "build", "publish", "cache", "self", "help", "format", "auth"))


def _uv(cmd, trust, activated=()):
    args = cmd.argv[1:]
    sub = next((w for w in args if w in _UV_SUBCOMMANDS), "")
    if sub == "tool":
        return _tool_manager(cmd, trust, "uv tool", "/uv/tools/", _PIPX_ONE, frozenset(("--all",)))
    if sub == "venv":
        return _venv_creator(cmd, trust) or _uv_default_env(cmd, trust, "uv venv")
    if sub == "pip":
        if not any(w in _PIP_MUTATING or w == "sync" for w in args):
            return None
        verdict = _uv_configured(cmd, trust, args)
        if verdict:
            return verdict
        where = _option_values(args, ("--target", "--prefix"))
        if where:
            hit = _into_installation(cmd, trust, where)
            return _denied("uv pip", f"it would write into {hit}") if hit else None
        pythons = _option_values(args, ("--python", "-p"))
        if pythons:
            prefixes = [p for value in pythons for p in _interpreter_prefixes(cmd, trust, value)]
            return _denied("uv pip", "--python names it") if _is_guard_env(prefixes) else None
        if "--system" in args:
            return _denied("uv pip", "--system is the Python the guard runs on") \
                if _is_guard_env(_envs_of(cmd, trust, "python3")) else None
        return _uv_default_env(cmd, trust, "uv pip", activated)
    if sub in _UV_PROJECT:
        return _uv_default_env(cmd, trust, f"uv {sub}", activated)
    return None


def _interpreter_prefixes(cmd, trust, value):
    """The environments an interpreter option's value names: a path (a venv's folder, or an
    interpreter inside one), else a program name or version request."""
    if "/" in value or value.startswith("."):
        from legant_guard.hook.paths import normalize

        path = normalize(value, cmd.cwd, trust.home)
        return [path if os.path.isdir(path) else os.path.dirname(os.path.dirname(path))]
    return _envs_of(cmd, trust, value) + _version_request(value)


def uv_run_sync(cmd, trust, activated=()):
    """`uv run [--project P] CMD` syncs the project's environment before it runs CMD (unless
    `--no-sync`): it is `uv sync` there, whatever CMD is (red team #30: `cd GUARD && uv run true`)."""
    for label in cmd.via:
        words = label.split()
        if words[:1] != ["uv"] or "run" not in words or {"--no-sync", "--no-project", "--isolated"} & set(words):
            continue
        verdict = _uv_default_env(cmd, trust, "uv run", activated, [w for w in words[1:] if w != "run"])
        if verdict:
            return verdict
    return None


def _uv_configured(cmd, trust, args):
    """uv's configuration files setting [pip] target/prefix/python into the guard's environment
    (unless --no-config or the command line sets the same)."""
    if "--no-config" in args or trust.env.get("UV_NO_CONFIG"):
        return None
    from legant_guard.hook import pipconfig
    from legant_guard.hook.paths import normalize

    for path, key, value in pipconfig.uv_locations(pipconfig.uv_files(trust.env, trust.home, cmd.cwd)):
        if key == "(unreadable)":
            return _denied("uv pip", f"its configuration file {path} cannot be read, so where it installs is unknown")
        if key == "pip.python":
            target = normalize(value, os.path.dirname(path), trust.home) if "/" in value or value.startswith(".") \
                else None
            prefixes = ([target if os.path.isdir(target) else os.path.dirname(os.path.dirname(target))] if target
                        else _envs_of(cmd, trust, value))
            if _is_guard_env(prefixes):
                return _denied("uv pip", f"{path} sets {key} = {value}")
        elif value and _into_installation(cmd, trust, [value]):
            return _denied("uv pip", f"{path} sets {key} = {value}")
    return None


def _uv_default_env(cmd, trust, tool, activated=(), args=None):
    """uv acts on $VIRTUAL_ENV (a venv the command activates sets it), else the nearest `.venv`
    from the working folder up, or from the folder `--project`/`--directory` names, or the folder
    UV_PROJECT_ENVIRONMENT names (the command's or the agent's)."""
    from legant_guard.hook.paths import normalize

    args = cmd.argv[1:] if args is None else args
    candidates = list(activated) + ([trust.env["VIRTUAL_ENV"]] if trust.env.get("VIRTUAL_ENV") else [])
    starts = [normalize(v, cmd.cwd, trust.home) for v in _option_values(args, ("--project", "--directory"))]
    named = [v for v in _assignments(_COMMAND_LINE[0], "UV_PROJECT_ENVIRONMENT") if v] + \
        ([trust.env["UV_PROJECT_ENVIRONMENT"]] if trust.env.get("UV_PROJECT_ENVIRONMENT") else [])
    for start in starts or [cmd.cwd]:
        candidates += [normalize(v, start, trust.home) for v in named]
        folder = start
        while folder and folder != os.path.dirname(folder):
            candidates.append(os.path.join(folder, ".venv"))
            folder = os.path.dirname(folder)
    for env in candidates:
        if _is_guard_env([env]):
            return _denied(tool, f"its default environment {env} is the guard's")
    return None


def _project_manager(cmd, trust, activated=()):
    """poetry, pdm, pipenv, maturin, flit, rye and pip-tools' pip-sync install into the active
    virtualenv ($VIRTUAL_ENV, or a venv the command line activates first), else the project's
    `.venv` (pdm: the interpreter its `.pdm-python` names, `pdm use PATH` chooses it for later
    calls); an interpreter option (`flit --python`, `pip-sync --python-executable`) decides instead."""
    from legant_guard.hook.paths import normalize

    exe, args = cmd.executable, cmd.argv[1:]
    words = _operands(args, _MANAGER_VALUES.get(exe, ()))
    removes = words[:2] in _ENV_REMOVERS.get(exe, ()) or (exe == "pipenv" and "--rm" in args)
    if exe != "pip-sync" and not removes and not (words and words[0] in _PROJECT_CHANGING[exe]):
        return None
    tool = exe if exe == "pip-sync" else f"{exe} --rm" if not words else \
        f"{exe} {' '.join(words[:2 if removes else 1])}"
    folder = next(iter(_option_values(args, _PROJECT_FOLDER) if exe in ("poetry", "pdm") else ()), None)
    cwd = normalize(folder, cmd.cwd, trust.home) if folder else cmd.cwd
    # an interpreter named by its path (`poetry add --python ">=3.11"` is a version constraint, and a
    # version `pdm use 3.11` picks gets a venv of its own)
    pythons = _option_values(args, {"flit": ("--python",), "pip-sync": ("--python-executable",)}.get(exe, ()))
    if exe == "pdm" and words[0] == "use" and len(words) > 1:
        pythons.append(words[1])
    if exe == "pip-sync":
        pythons.append(cmd.argv[0])
    for value in pythons:
        if "/" in value or value.startswith("."):
            path = normalize(value, cwd, trust.home)
            if _is_guard_env([path if os.path.isdir(path) else env_prefix_of(path)]):
                return _denied(tool, f"{value} is the guard's Python")
    if exe == "pdm":
        chosen = _pdm_python(cwd)
        if chosen == "":
            return _denied(tool, "the project's .pdm-python cannot be read, so the interpreter it installs for is unknown")
        if chosen and _is_guard_env([env_prefix_of(normalize(chosen, cwd, trust.home))]):
            return _denied(tool, f".pdm-python names {chosen}, the guard's Python")
    for env in list(activated) + _project_envs(cwd, trust):
        if _is_guard_env([env]):
            what = "removes or makes anew" if removes else "installs into"
            return _denied(tool, f"the environment it {what}, {env}, is the guard's")
    return None


# A project manager's commands that delete or rebuild its environment (red team #34): `pipenv
# --rm`, `poetry env remove|use`, `pdm venv remove|create --force|purge`.
_ENV_REMOVERS = {"poetry": (["env", "remove"], ["env", "use"]),
                 "pdm": (["venv", "remove"], ["venv", "create"], ["venv", "purge"])}


def _operands(args, valued):
    """`args` without options and the values of the options in `valued` (`poetry -C DIR install`:
    DIR is no subcommand; red team #34)."""
    out, skip = [], False
    for word in args:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in valued
        else:
            out.append(word)
    return out


def _project_envs(folder, trust):
    """The environments a project manager acts on from `folder`: the active virtualenv, else the
    nearest `.venv` up from `folder` (each of them, conservatively)."""
    candidates = [trust.env["VIRTUAL_ENV"]] if trust.env.get("VIRTUAL_ENV") else []
    here = folder
    while here and here != os.path.dirname(here):
        candidates.append(os.path.join(here, ".venv"))
        here = os.path.dirname(here)
    return candidates


def env_prefix_of(path):
    from legant_guard.hook.trustderivation import env_prefix

    return env_prefix(path)


def _pdm_python(folder):
    """The interpreter a project's `.pdm-python` (the nearest one up from `folder`) names, None
    when there is none, "" when it cannot be read (opened without blocking: a FIFO would hang)."""
    import stat

    while folder and folder != os.path.dirname(folder):
        path = os.path.join(folder, ".pdm-python")
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            folder = os.path.dirname(folder)
            continue
        except OSError:
            return ""
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            return os.read(fd, 4096).decode("utf-8", "replace").strip()
        except OSError:
            return ""
        finally:
            os.close(fd)
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
    prefixes = _option_values(args, ("--prefix", "-p", "--target-prefix"))
    if prefixes:  # `conda create -y -p /guard/venv python` writes over any folder, a conda env or not
        hit = _into_installation(cmd, trust, prefixes)
        return _denied(cmd.executable, f"--prefix {hit}") if hit else None
    if not any(os.path.isdir(os.path.join(p, "conda-meta")) for p in guard):
        return None
    names = _option_values(args, ("--name", "-n"))
    if names:
        own = {os.path.basename(p.rstrip("/")) for p in guard}
        return _denied(cmd.executable, f"the environment named {names[0]}") if own & set(names) or "base" in names \
            else None
    active = trust.env.get("CONDA_PREFIX")
    return _denied(cmd.executable, "it acts on the active environment") if not active or _is_guard_env([active]) \
        else None
