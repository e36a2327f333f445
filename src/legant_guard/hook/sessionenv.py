"""Variables put into the environment of the sessions started later, without a file: the service
manager's, the terminal multiplexer's and the desktop's own environment (trustbase's part, loaded
for those programs only).

`systemctl --user set-environment CODEX_HOME=/tmp/x` (also `import-environment`, and
`dbus-update-activation-environment`, macOS's `launchctl setenv` and `launchctl config user path`,
upstart's `initctl set-env`,
`tmux set-environment -g`, `tmux new-window -e`, `screen -X setenv`, `kitty @ set-env`) does what a
line in `~/.bashrc` does: every terminal, pane or session started afterwards, and so the next agent
the user starts there, inherits the variable, and a hook variable (CODEX_HOME, CLAUDE_CONFIG_DIR,
OPENCODE_PURE, PATH ...: startuptext.HOOK_VARIABLES) switches the hooks off or moves them. The
start-up files' text is checked for those names; here the same names are refused in these
commands, for every role, and so is importing a whole environment the guard cannot read
(`import-environment` with no names, `--all`) or a name built at run time.
"""

from legant_guard.hook.model import deny

# program: {word that changes later sessions' environment: how its words name variables}
# "pairs": every operand is NAME or NAME=VALUE (none: the whole environment); "first": the first
# operand is the name; "dash_e": only the values of -e/--env are NAME=VALUE.
_SETTERS = {
    "systemctl": {"set-environment": "pairs", "import-environment": "pairs"},
    "initctl": {"set-env": "pairs"},
    "launchctl": {"setenv": "first", "config": "launchd_path"},
    "dbus-update-activation-environment": {"": "pairs"},
    "tmux": dict({"set-environment": "first", "setenv": "first"},
                 **{w: "dash_e" for w in ("new-window", "neww", "new-session", "new", "split-window", "splitw",
                                          "respawn-pane", "respawnp", "respawn-window", "respawnw", "display-popup",
                                          "popup")}),
    "screen": {"setenv": "first"},
    "kitty": {"set-env": "pairs", "launch": "dash_e"},
}
PROGRAMS = frozenset(_SETTERS)
# Options with a value that is no variable (a target, a socket, a format, a title ...)
_VALUED = frozenset(("-t", "-L", "-S", "-c", "-n", "-s", "-x", "-y", "-w", "-h", "-l", "-F", "-p", "-T", "-d",
                     "--to", "--match", "-m", "--title", "--type", "--cwd", "--window-title", "--tab-title", "-H",
                     "--host", "-M", "--machine"))


def _names(words, mode):
    """The variable names `words` set (None for the whole environment or a name unknown)."""
    names, operands, skip, dash_e = [], [], False, False
    for word in words:
        if skip:
            skip = False
            continue
        if dash_e:
            names.append(word.split("=", 1)[0])
            dash_e = False
            continue
        if word in ("-e", "--env", "--setenv"):
            dash_e = True
            continue
        if word.startswith(("-e", "--env=")) and not word.startswith("--"):
            names.append(word[2:].split("=", 1)[0])
            continue
        if word.startswith("--env="):
            names.append(word[6:].split("=", 1)[0])
            continue
        if word == "--all":
            names.append(None)
            continue
        if word in _VALUED:
            skip = True
            continue
        if word.startswith("-"):
            continue
        operands.append(word)
    if mode == "launchd_path":  # `launchctl config user path P`: the PATH launchd gives every program
        return ["PATH"] if "path" in operands else []
    if mode == "pairs":
        names += [w.split("=", 1)[0] for w in operands] or [None]
    elif mode == "first" and operands:
        names.append(operands[0].split("=", 1)[0])
    return names


def check(cmd):
    """A deny when `cmd` puts a hook variable (or variables the guard cannot name) into the
    environment of sessions started later, else None."""
    from legant_guard.hook.startuptext import HOOK_VARIABLE_PREFIXES, HOOK_VARIABLES

    setters = _SETTERS.get(cmd.executable)
    if not setters:
        return None
    words = cmd.argv[1:]
    if "" in setters:
        at, mode = -1, setters[""]
    else:
        at = next((i for i, w in enumerate(words) if w in setters), None)
        if at is None:
            return None
        mode = setters[words[at]]
    what = f"`{cmd.executable}{' ' + words[at] if at >= 0 else ''}`"
    for name in _names(words[at + 1:], mode):
        if name is None or not name or not name.replace("_", "").isalnum():
            return deny(f"{what} would put variables the guard cannot name into every session started later (a hook "
                        "variable among them switches the agents' hooks off); name each variable",
                        "trust-base:session-environment")
        if name in HOOK_VARIABLES or name.startswith(HOOK_VARIABLE_PREFIXES):
            return deny(f"{what} would set {name} in every session started later, as a line in a shell start-up "
                        "file would: it can switch the agents' hooks off or change what the guard runs; ask the "
                        "user to make this change", "trust-base:session-environment")
    return None
