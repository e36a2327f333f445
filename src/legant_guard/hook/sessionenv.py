"""Commands that set a variable in the environment of everything the user's session starts later.

`systemctl --user set-environment CLAUDE_CONFIG_DIR=/x` (also `import-environment NAME`),
`dbus-update-activation-environment [--systemd] NAME=VALUE`, `launchctl setenv NAME VALUE` /
`launchctl config user path P`, `tmux set-environment -g NAME VALUE` (`setenv`) and `screen -X
setenv NAME VALUE` change the environment the service manager, D-Bus activation, launchd or the
terminal multiplexer give every program started afterwards: the terminal a desktop opens
(GNOME Terminal's server is D-Bus activated), a new tmux window, and so the agent the user starts
there, hooks off. They are the command form of the start-up files the trust base content-checks
(`~/.config/environment.d`, `~/.tmux.conf`): the names and values they set meet the same text
check (trustbase.startup_text_problem), for every role; importing the whole environment (`--all`,
`import-environment` without names: a prefix assignment of the line goes along) is refused.
Loaded only for those programs (trustbase.SESSION_ENV_PROGRAMS).
"""


def check(cmd, path_var):
    """A deny (model.Decision) when `cmd` sets a hook variable in the session's environment, or None."""
    from legant_guard.hook.model import deny
    from legant_guard.hook.trustbase import startup_text_problem

    settings = _settings(cmd)
    if settings is None:
        return None
    if settings is _EVERYTHING:
        return deny(f"`{cmd.executable}` would copy the whole environment of this command (assignments on the line "
                    "included) into the environment of every program the session starts later; name the variables "
                    "(for every role)", "trust-base:startup")
    problem = startup_text_problem("\n".join(settings), path_var)
    if problem:
        return deny(f"`{' '.join(cmd.argv[:3])}` sets the environment of every program the user's session starts "
                    f"later (the terminal an agent is started from included): {problem}. Ask the user to make this "
                    "change (denied for every role)", "trust-base:startup")
    return None


_EVERYTHING = object()


def _settings(cmd):
    """The `NAME=VALUE` (or `NAME`) texts `cmd` puts into the session's environment, _EVERYTHING,
    or None (it sets nothing)."""
    argv = [w for w in cmd.argv[1:]]
    exe = cmd.executable
    if exe == "systemctl":
        words = [w for w in argv if not w.startswith("-")]
        if not words or words[0] not in ("set-environment", "import-environment"):
            return None
        if words[0] == "import-environment" and len(words) == 1:
            return _EVERYTHING
        return words[1:]
    if exe == "dbus-update-activation-environment":
        if "--all" in argv:
            return _EVERYTHING
        return [w for w in argv if not w.startswith("-")]
    if exe == "launchctl":
        if argv[:1] in (["setenv"], ["putenv"]) and len(argv) >= 2:
            return ["%s=%s" % (argv[1], " ".join(argv[2:]))]
        if argv[:3] in (["config", "user", "path"], ["config", "system", "path"]):
            return ["PATH=" + " ".join(argv[3:])]
        return None
    if exe in ("tmux", "screen"):
        for k, word in enumerate(argv):
            if word in ("set-environment", "setenv"):
                rest = argv[k + 1:]
                names = []
                while rest and rest[0].startswith("-"):
                    rest = rest[2:] if rest[0] in ("-t", "-F") else rest[1:]
                if rest:
                    names.append("%s=%s" % (rest[0], " ".join(rest[1:])))
                return names or None
        return None
    return None
