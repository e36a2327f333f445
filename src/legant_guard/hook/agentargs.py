"""Agent configuration named only on the agent's own command line.

`claude --settings ~/team.json` (or `--mcp-config x.json`, `--plugin-dir ./p`) loads settings,
MCP servers and plugins, with their hooks and `disableAllHooks`, from files no environment
variable names: the guard protected `.claude/settings*.json` but not the file the running
session was started with, so the agent could switch its own hooks off there (and every later
session started the same way). The hook reads the command lines of the processes above it
(Linux /proc: the agent starts the hook, directly or through a shell) and protects what the
agent's own options name. Bounded: a few ancestors, one small read each.
"""

import os

_MAX_ANCESTORS = 4
_MAX_CMDLINE = 64 * 1024
# Claude Code's options whose values are files or folders it loads code or settings from; the
# variadic ones take every word up to the next option.
_CLAUDE_OPTIONS = ("--settings", "--plugin-dir")
_CLAUDE_VARIADIC = ("--mcp-config",)


def _read(path, limit):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except (OSError, ValueError):
        return None


def _parent_of(pid):
    stat = _read(f"/proc/{pid}/stat", 4096)
    if not stat:
        return 0
    try:
        return int(stat[stat.rindex(b")") + 2:].split()[1])
    except (ValueError, IndexError):
        return 0


def _ancestors():
    """(argv, cwd) of the processes above this one, nearest first (none where /proc is missing)."""
    pid = os.getppid()
    for _ in range(_MAX_ANCESTORS):
        if pid <= 1:
            return
        raw = _read(f"/proc/{pid}/cmdline", _MAX_CMDLINE)
        if not raw:
            return
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            cwd = None
        yield [w.decode("utf-8", "surrogateescape") for w in raw.rstrip(b"\0").split(b"\0")], cwd
        pid = _parent_of(pid)


def is_claude(argv):
    """Is this Claude Code's command line (its launcher, or node running its cli.js)?"""
    words = argv[:1]
    if argv and os.path.basename(argv[0]).startswith(("node", "bun", "deno", "python")):
        words = argv[:2]  # (an interpreter running the launcher or cli.js)
    for word in words:
        name = os.path.basename(word)
        if name == "claude" or ("claude-code" in word and name.endswith((".js", ".mjs"))):
            return True
    return False


def claude_files(argv, cwd):
    """The files and folders Claude Code's options name on `argv` (JSON given inline is skipped)."""
    out = []
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name in _CLAUDE_OPTIONS + _CLAUDE_VARIADIC:
            values = [value] if eq else []
            j = i + 1
            if not eq:
                while j < len(argv) and not argv[j].startswith("-"):
                    values.append(argv[j])
                    j += 1
                    if name not in _CLAUDE_VARIADIC:
                        break
            out += [v for v in values if v and not v.lstrip().startswith(("{", "["))]
            i = j if not eq else i + 1
            continue
        i += 1
    return [os.path.normpath(v if os.path.isabs(v) else os.path.join(cwd or "/", v)) for v in out]


def config_files():
    """What the agent that started this hook loads, named on its command line (absolute paths)."""
    found = []
    for argv, cwd in _ancestors():
        if is_claude(argv):
            found += claude_files(argv, cwd)
            break
    return found
