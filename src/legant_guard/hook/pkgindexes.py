"""Where an install takes its packages from when the command line does not say.

`pip install --user -f ./dist x` is read by hook/pkgscripts.py (every wheel in ./dist is a
package the install may take, and an index served from this machine is one whose packages the
guard cannot read). The same places come from the environment and from configuration files:
`PIP_FIND_LINKS=./dist pip install --user x`, `PIP_INDEX_URL=http://127.0.0.1:8000/simple`,
`PIP_CONFIG_FILE=./pip.conf` with `find-links`; uv's `UV_FIND_LINKS`, `UV_INDEX_URL`,
`UV_EXTRA_INDEX_URL`, `UV_INDEX`, `UV_DEFAULT_INDEX`, `UV_CONFIG_FILE`/`--config-file` and the
project's own `uv.toml` or `pyproject.toml [tool.uv]` (found from the working folder up, as uv
finds it, unless `--no-config`/`UV_NO_CONFIG`). This module turns each into the option it stands
for (`--find-links VALUE`, `--index-url VALUE`), so pkgscripts judges them alike. A variable set
to a value built at run time is returned as unknown (the install is then undetermined). The
variables come from the command line (SimpleCommand.environment) and from the agent's own
environment. Loaded only for installs onto PATH.
"""

import os

_MAX_BYTES = 256 * 1024
_MAX_LEVELS = 32
_PIP_VARIABLES = {"PIP_FIND_LINKS": "--find-links", "PIP_INDEX_URL": "--index-url",
                  "PIP_EXTRA_INDEX_URL": "--extra-index-url"}
_UV_VARIABLES = {"UV_FIND_LINKS": "--find-links", "UV_INDEX_URL": "--index-url", "UV_EXTRA_INDEX_URL": "--extra-index-url",
                 "UV_INDEX": "--index", "UV_DEFAULT_INDEX": "--default-index"}
_KEYS = {"find-links": "--find-links", "index-url": "--index-url", "extra-index-url": "--extra-index-url",
         "find_links": "--find-links", "index_url": "--index-url", "extra_index_url": "--extra-index-url"}


def index_options(cmd, trust, tool, args):
    """(option words standing for what the environment and configuration add, [(where, why it is
    unknown)]).
    `tool`: "pip" (pip, python -m pip, pipx's pip) or "uv"; `args`: the installer's own words."""
    env = dict(trust.env or {})
    env.update(getattr(cmd, "environment", None) or {})
    words, unknown = [], []
    table = _PIP_VARIABLES if tool == "pip" else _UV_VARIABLES
    for name, option in table.items():
        if name not in env:
            continue
        if env[name] is None:
            unknown.append(("the index `%s` names" % name, "its value is built at run time"))
            continue
        for value in env[name].replace(",", " ").split():
            words += [option, _index_value(value) if option == "--index" else value]
    if tool == "pip":
        config = env.get("PIP_CONFIG_FILE")
        if config is None and "PIP_CONFIG_FILE" in env:
            unknown.append(("the configuration `PIP_CONFIG_FILE` names", "its value is built at run time"))
        elif config and "--isolated" not in args:
            more, why = _pip_config(os.path.join(cmd.cwd, config))
            words += more
            if why:
                unknown.append(("the configuration `PIP_CONFIG_FILE` names", why))
    else:
        more, why = _uv_configs(cmd, env, args)
        words += more
        if why:
            unknown.append(("uv's configuration", why))
    return words, unknown


_TRUE = ("1", "true", "yes", "on", "y", "t")


def user_scope(cmd, trust):
    """Does pip install into the user's folders without `--user` on the line: `PIP_USER=1` (set
    on the line, earlier in it or in the agent's environment; one built at run time counts), or
    `user = true` in PIP_CONFIG_FILE's pip.conf?"""
    env = dict(trust.env or {})
    env.update(getattr(cmd, "environment", None) or {})
    if "PIP_USER" in env and (env["PIP_USER"] is None or env["PIP_USER"].strip().lower() in _TRUE):
        return True
    config = env.get("PIP_CONFIG_FILE")
    if not config:
        return False
    text, _why = _read(os.path.join(cmd.cwd, config))
    section = ""
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[]").strip().lower()
            continue
        key, eq, value = stripped.partition("=")
        if eq and section in ("global", "install") and key.strip().lower() == "user" and \
                value.strip().lower() in _TRUE:
            return True
    return False


def _index_value(value):
    """UV_INDEX entries are `URL` or `NAME=URL`."""
    name, eq, rest = value.partition("=")
    return rest if eq and "/" not in name and ":" not in name else value


def _read(path):
    """(text, None), (None, None) when there is no file, or (None, why) when it cannot be read."""
    if path == os.devnull or not os.path.lexists(path):
        return None, None
    from legant_guard.hook.scriptfiles import read_regular

    text = read_regular(path, _MAX_BYTES)
    if text is None:
        return None, "%s cannot be read (not a regular file, or over %d KiB)" % (path, _MAX_BYTES // 1024)
    return text, None


def _pip_config(path):
    """pip.conf's find-links, index-url and extra-index-url in [global] and [install]."""
    text, why = _read(path)
    if text is None:
        return [], why
    words, section, option = [], "", None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if line[:1] in " \t" and option is not None:
            words += [w for value in stripped.split() for w in (option, value)]  # a continuation line
            continue
        option = None
        if stripped.startswith("["):
            section = stripped.strip("[]").strip().lower()
            continue
        key, eq, value = stripped.replace(":", "=", 1).partition("=") if "=" not in stripped else stripped.partition("=")
        if section in ("global", "install", "download", "wheel") and eq:
            option = _KEYS.get(key.strip().lower())
            if option is not None:
                words += [w for v in value.split() for w in (option, v)]
    return words, None


def _uv_configs(cmd, env, args):
    """The index settings of the uv configuration the command reads."""
    named = [a.split("=", 1)[1] for a in args if a.startswith("--config-file=")] + \
        [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--config-file"]
    if env.get("UV_CONFIG_FILE") is None and "UV_CONFIG_FILE" in env:
        return [], "`UV_CONFIG_FILE` is built at run time"
    named += [env["UV_CONFIG_FILE"]] if env.get("UV_CONFIG_FILE") else []
    if named:
        files = [os.path.join(cmd.cwd, n) for n in named]
    elif "--no-config" in args or env.get("UV_NO_CONFIG") not in (None, "", "0", "false"):
        return [], None
    else:
        files = _uv_project_config(cmd.cwd)
    words = []
    for path in files:
        text, why = _read(path)
        if text is None:
            if why:
                return words, why
            continue
        try:
            import tomllib
        except ImportError:  # Python 3.10
            return words, "%s cannot be read by this Python (no TOML reader)" % path
        try:
            data = tomllib.loads(text)
        except ValueError:
            continue  # (uv refuses it too)
        if os.path.basename(path) == "pyproject.toml":
            data = (data.get("tool") or {}).get("uv") or {}
        found = _uv_settings(data) + _uv_settings(data.get("pip") if isinstance(data.get("pip"), dict) else {})
        # (a relative folder: from the working folder, and from the configuration's own folder)
        base = os.path.dirname(path)
        for option, value in zip(found[::2], found[1::2]):
            words += [option, value]
            if "://" not in value and not value.startswith("/"):
                words += [option, os.path.join(base, value)]
    return words, None


def _uv_project_config(folder):
    """The uv.toml, or pyproject.toml holding [tool.uv], nearest the working folder."""
    for _ in range(_MAX_LEVELS):
        for name in ("uv.toml", "pyproject.toml"):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                if name == "uv.toml":
                    return [path]
                text, _why = _read(path)
                if text is None or "[tool.uv" in text or "tool.uv" in text:
                    return [path]
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return []


def _uv_settings(data):
    words = []
    if not isinstance(data, dict):
        return words
    for key, option in (("find-links", "--find-links"), ("index-url", "--index-url"),
                        ("extra-index-url", "--extra-index-url")):
        value = data.get(key)
        for v in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
            words += [option, str(v)]
    index = data.get("index")
    for entry in index if isinstance(index, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            words += ["--index", entry["url"]]
    return words
