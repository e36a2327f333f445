"""The options wget and curl read from their configuration, as option words (downloads.py's part).

wget runs every command of `/etc/wgetrc`, of `--config FILE` (else `$WGETRC`, else `~/.wgetrc`)
and of each `-e CMD` as if its option were on the command line; curl reads `-K FILE` (`-` is its
input) and, unless its first option is `-q`, the `.curlrc` of `$CURL_HOME`, `$XDG_CONFIG_HOME` or
the home folder. So `wget -e output_document=.claude/settings.json URL` or `curl -K rc URL` with
`output = ".claude/settings.json"` in rc wrote a hook config the command line never named (red
team 39). The words returned go before the command line's own (which win where both name one).
A configuration file the guard cannot read, a variable built at run time, or a file this command
line writes first is a reason the names are unknown. Loaded only for wget and curl.
"""

import os

from legant_guard.hook.downloads import option_values as _values

_MAX_BYTES = 64 * 1024
_MAX_DEPTH = 4
# wgetrc commands that decide where files land (names lower-case, without `_` and `-`, as wget
# compares them): -> the option words they stand for ("{}" is the value; a bool only when on)
_WGET_COMMANDS = {
    "outputdocument": ("-O", "{}"), "dirprefix": ("-P", "{}"), "cutdirs": ("--cut-dirs={}",),
    "input": ("-i", "{}"), "contentdisposition": ("--content-disposition",),
    "trustservernames": ("--trust-server-names",), "protocoldirectories": ("--protocol-directories",),
    "recursive": ("-r",), "mirror": ("-m",), "pagerequisites": ("-p",), "dirstruct": ("-x",),
}
_ON = ("on", "1", "yes", "true")
_OFF = ("off", "0", "no", "false")


def configured(exe, words, cmd, ctx):
    """(option words from the configuration, why they are unknown or None)."""
    env = dict(getattr(getattr(ctx.protected, "trust", None), "env", None) or {})
    env.update(getattr(cmd, "environment", None) or {})
    home = env.get("HOME") or ctx.home or os.path.expanduser("~")
    if exe == "curl":
        return _curl(words, cmd, ctx, env, home)
    return _wget(words, cmd, ctx, env, home)


def _read(path, cmd, ctx, required):
    """(text or None, why it is unknown or None)."""
    from legant_guard.hook.paths import opened_at

    path = opened_at(path, cmd.cwd)
    if path in getattr(ctx, "mentioned", ()):
        return None, f"the configuration {path} is written earlier in this command"
    if path == "/dev/null":
        return "", None
    from legant_guard.hook.scriptfiles import read_bytes  # (no blocking open: a FIFO would hang the hook)

    try:
        data = read_bytes(path, _MAX_BYTES)
    except FileNotFoundError:
        return None, (f"its configuration {path} is not on disk yet" if required else None)
    except OSError as e:
        return None, f"its configuration {path} cannot be read ({e.strerror})"
    if len(data) > _MAX_BYTES:
        return None, f"its configuration {path} is larger than the guard reads"
    return data.decode("utf-8", "replace"), None


def _variable(env, name):
    """(value or None, why unknown): a variable set at run time is unknown."""
    if name in env and env[name] is None:
        return None, f"`{name}` is built at run time"
    return env.get(name), None


# ---- wget ------------------------------------------------------------------------------------

def _wget(words, cmd, ctx, env, home):
    out = []
    files = [(env.get("SYSTEM_WGETRC") or "/etc/wgetrc", False)]
    if "--no-config" not in words:
        config = _values(words, ("--config",))
        wgetrc, why = _variable(env, "WGETRC")
        if why and not config:
            return [], f"wget reads the configuration {why}"
        files.append((config[-1], True) if config else (wgetrc, True) if wgetrc else
                     (os.path.join(home, ".wgetrc"), False))
    for path, required in files:
        text, why = _read(path, cmd, ctx, required)
        if why:
            return [], f"wget reads options from a file the guard cannot read: {why}"
        out += _wget_commands((text or "").splitlines())
    out += _wget_commands(_values(words, ("-e", "--execute")))
    return out, None


def _wget_commands(lines):
    out = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        name = name.strip().lower().replace("_", "").replace("-", "")
        value = value.strip()
        if name == "addhostdir":  # (add_hostdir = off is -nH)
            out += ["-nH"] if value.lower() in _OFF else []
        elif name in _WGET_COMMANDS and "{}" in "".join(_WGET_COMMANDS[name]):
            out += [t.replace("{}", value) for t in _WGET_COMMANDS[name]]
        elif name in _WGET_COMMANDS and value.lower() in _ON:
            out += _WGET_COMMANDS[name]
    return out


# ---- curl ------------------------------------------------------------------------------------

def _curl(words, cmd, ctx, env, home):
    out, pending = [], []
    if words[:1] not in (["-q"], ["--disable"]):
        for name, folder in (("CURL_HOME", None), ("XDG_CONFIG_HOME", None), ("HOME", home)):
            value, why = _variable(env, name)
            if why:
                return [], f"curl reads its .curlrc from a folder {why}"
            value = value or folder
            if value:
                pending.append((os.path.join(value, ".curlrc"), False))
    stdin = next((r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")), None)
    for path in _values(words, ("-K", "--config")):
        if path == "-" and stdin is None:
            return [], "`curl -K -` reads options from its input, which the guard cannot read"
        pending.append((stdin if path == "-" else path, True))
    depth = 0
    while pending and depth < _MAX_DEPTH * 4:
        path, required = pending.pop(0)
        depth += 1
        text, why = _read(path, cmd, ctx, required)
        if why:
            return [], f"curl reads options from a file the guard cannot read: {why}"
        more = curlrc_words(text or "")
        out += more
        pending += [(p, True) for p in _values(more, ("-K", "--config"))]
    if pending:
        return [], "curl's configuration files name more configuration files than the guard follows"
    return out, None


def curlrc_words(text):
    """A .curlrc as option words: `name = value`, `name: value`, `name value`, `-o value`,
    `--name value`, a value in double quotes with backslash escapes."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        i = 0
        while i < len(line) and line[i] not in " \t=:":
            i += 1
        name, rest = line[:i], line[i:].lstrip(" \t")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t")
        out.append(name if name.startswith("-") else "--" + name)
        if rest.startswith('"'):
            value, j = [], 1
            while j < len(rest) and rest[j] != '"':
                if rest[j] == "\\" and j + 1 < len(rest):
                    j += 1
                    value.append({"t": "\t", "n": "\n", "r": "\r", "v": "\v"}.get(rest[j], rest[j]))
                else:
                    value.append(rest[j])
                j += 1
            out.append("".join(value))
        elif rest:
            out.append(rest.split()[0])
    return out
