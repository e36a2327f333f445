"""Where pip's (and uv's) own configuration sends an install: a persistent `--target`.

`pip config set global.target VENV/lib/python3.X/site-packages` was refused, but `global.prefix
VENV`, `install.root`, a pip.conf written by any other means, or uv's `[pip] python = VENV/bin/python`
in uv.toml make every later plain `pip install x` (`uv pip install x`) of the project's own
environment install into the guard's. So an install is also judged by the locations the
configuration files it reads give (read only when a package manager installs: stdlib parsers),
and `pip config set` of those keys by the value it sets.
"""

import os

# pip: (section, key) whose value is a folder it installs below; uv: keys of its [pip] table.
_PIP_KEYS = ("target", "prefix", "root")
_UV_KEYS = ("target", "prefix", "python")
MAX_BYTES = 256 * 1024


def pip_files(env, home, prefixes):
    """pip's configuration files, in the order pip reads them (PIP_CONFIG_FILE, global, user, site)."""
    xdg_dirs = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    config_home = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    files = [os.path.join(d, "pip", "pip.conf") for d in xdg_dirs if d] + ["/etc/pip.conf",
             os.path.join(home, ".pip", "pip.conf"), os.path.join(config_home, "pip", "pip.conf")]
    files += [os.path.join(p, "pip.conf") for p in prefixes if p]
    if env.get("PIP_CONFIG_FILE") and env["PIP_CONFIG_FILE"] != os.devnull:
        files.append(env["PIP_CONFIG_FILE"])
    return files


def uv_files(env, home, cwd):
    """uv's configuration files: the system's, the user's, and the project's (uv.toml, pyproject.toml)
    from `cwd` up (none without it)."""
    xdg_dirs = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    config_home = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    files = [os.path.join(d, "uv", "uv.toml") for d in xdg_dirs if d] + ["/etc/uv/uv.toml",
             os.path.join(config_home, "uv", "uv.toml")]
    folder = cwd
    while folder:
        files += [os.path.join(folder, "uv.toml"), os.path.join(folder, "pyproject.toml")]
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    if env.get("UV_CONFIG_FILE"):
        files.append(env["UV_CONFIG_FILE"])
    return files


def _read(path):
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    return data[:MAX_BYTES].decode("utf-8", "replace")


def pip_locations(files):
    """(file, key, value) of every install location the pip configuration files set."""
    import configparser

    found = []
    for path in files:
        text = _read(path)
        if text is None:
            continue
        parser = configparser.RawConfigParser(strict=False, interpolation=None)
        try:
            parser.read_string(text)
        except configparser.Error:
            found.append((path, "(unreadable)", ""))
            continue
        for section in parser.sections():
            for key in _PIP_KEYS:
                for spelled in (key, "--" + key):
                    if parser.has_option(section, spelled):
                        found.append((path, f"{section}.{key}", parser.get(section, spelled).strip()))
    return found


def uv_locations(files):
    """(file, key, value) of uv's [pip] target/prefix/python (`[tool.uv.pip]` in pyproject.toml)."""
    import tomllib

    found = []
    for path in files:
        text = _read(path)
        if text is None:
            continue
        if path.endswith("pyproject.toml") and "uv" not in text:
            continue
        try:
            doc = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError):
            if not path.endswith("pyproject.toml"):
                found.append((path, "(unreadable)", ""))
            continue
        table = doc.get("tool", {}).get("uv", {}) if path.endswith("pyproject.toml") else doc
        pip = table.get("pip") if isinstance(table, dict) else None
        if isinstance(pip, dict):
            for key in _UV_KEYS:
                if isinstance(pip.get(key), str):
                    found.append((path, f"pip.{key}", pip[key]))
    return found


def set_location(args):
    """(key, value) when `pip config [--global|--user|--site] set SECTION.KEY VALUE` sets an install
    location, else None."""
    words = [w for w in args if not w.startswith("-")]
    if len(words) >= 4 and words[0] == "config" and words[1] == "set":
        key = words[2].rsplit(".", 1)[-1].lstrip("-")
        if key in _PIP_KEYS:
            return words[2], words[3]
    return None


# Settings that choose where pip installs from or into, or what it trusts: in the user's or the
# system's file they steer the user's own later `pip install -U legant-guard` as well.
_SOURCE_KEYS = frozenset((
    "index-url", "i", "extra-index-url", "find-links", "f", "trusted-host", "no-index", "cert", "client-cert", "proxy",
    "target", "t", "prefix", "root", "user", "src", "pre", "constraint", "c", "requirement", "r", "editable", "e",
    "config-settings", "no-build-isolation", "use-pep517", "only-binary", "no-binary", "force-reinstall",
    "upgrade-strategy", "use-feature", "keyring-provider", "index", "extra-index",
))


def source_change(args):
    """(action, key) when `pip config set/unset/edit` changes a setting of _SOURCE_KEYS (any
    setting for `edit`), else None."""
    words = [w for w in args if not w.startswith("-")]
    if len(words) < 2 or words[0] != "config" or words[1] not in ("set", "unset", "edit"):
        return None
    if words[1] == "edit":
        return "edit", "(any setting)"
    if len(words) < 3:
        return None
    key = words[2].rsplit(".", 1)[-1].lstrip("-").lower().replace("_", "-")
    return (words[1], words[2]) if key in _SOURCE_KEYS else None
