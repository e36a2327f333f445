"""What a person typed for `guard deny` (or the control panel's add box), turned into the
overlay entry the hook will compare, or refused with a reason: an entry that can never match
must not be stored silently, since the user would believe something is denied that is not.

- a host given as a URL (`https://pastebin.com/x`) or with a port becomes its host name, and
  the caller says so; anything that is not a host name, address or `*.` wildcard is refused;
- a command is a program name (deny-cmd compares the program a shell line starts): a value
  with spaces (`rm -rf`) or shell syntax is refused, naming the program to give instead;
- a tool is a tool name or glob: spaces, slashes and shell syntax are refused;
- a path must not be empty, whitespace, or a URL.
The overlay's own normal form (overlay.normalize_entry) is applied afterwards as before.
"""

from urllib.parse import urlsplit

_SHELL_SYNTAX = set(";|&<>`$(){}'\"\\\n\r\t")
_HOST_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_*:[]")
_TOOL_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:*?[]")


class InputError(ValueError):
    """The value cannot mean what the user wants; the message says what to give instead."""


def normalize_host(value):
    """(host, note or None): the host name of a URL or host[:port]; InputError for nonsense."""
    from legant_guard.hook.hosts import canonical_host

    raw = value.strip()
    text = raw
    if "://" in text or text.startswith("//"):
        try:
            text = urlsplit(text if "://" in text else "http:" + text).hostname or ""
        except ValueError:
            text = ""
    else:
        text = text.split("/", 1)[0]
        if text.count(":") == 1:  # host:port (an IPv6 address has several colons)
            text = text.split(":", 1)[0]
    text = text.strip("[]").lower().rstrip(".")
    wildcard = text.startswith("*.")
    bare = text[2:] if wildcard else text
    if not bare or not set(bare) <= _HOST_CHARS - {"*"} or canonical_host(bare) is None:
        raise InputError(f"--host {raw!r} is not a host name: give one like pastebin.com or *.example.com")
    host = ("*." if wildcard else "") + canonical_host(bare)
    return host, (f"--host {raw} is a URL or has a port: stored the host {host}" if host != raw.lower().rstrip(".") else None)


def check_cmd(value):
    text = value.strip()
    if not text:
        raise InputError("an empty --cmd means nothing: give a program name, e.g. --cmd terraform")
    if any(c.isspace() for c in text) or set(text) & _SHELL_SYNTAX:
        first = text.split()[0] if text.split() else text
        raise InputError(f"--cmd {value!r} is not a program name (deny-cmd matches the program a command runs): "
                         f"give e.g. --cmd {first.strip(''.join(_SHELL_SYNTAX)) or 'terraform'}")
    return text


def check_tool(value):
    text = value.strip()
    if not text or not set(text) <= _TOOL_CHARS:
        raise InputError(f"--tool {value!r} is not a tool name: give one like WebFetch, Bash or mcp__github__*")
    return text


def check_path(value):
    text = value.strip()
    if not text:
        raise InputError("an empty --path means nothing: give a path or glob, e.g. --path secrets/ or --path '**/.env'")
    if "://" in text:
        raise InputError(f"--path {value!r} is a URL, not a path: deny a host with --host")
    if "\x00" in text or "\n" in text:
        raise InputError("--path must be one line without NUL bytes")
    return text


def normalize(key, value):
    """(entry, note or None) for overlay key `key` (deny_paths, deny_cmds, deny_hosts, deny_tools)."""
    if not isinstance(value, str):
        raise InputError("the value must be a string")
    if key == "deny_hosts":
        return normalize_host(value)
    check = {"deny_cmds": check_cmd, "deny_tools": check_tool, "deny_paths": check_path}[key]
    return check(value), None
