"""An agent's own command-line program started with what moves or switches off its hooks: a
variable (`CLAUDE_CONFIG_DIR=/tmp/x claude -p ..`), a flag (`claude --settings '{..}'`,
`opencode --pure`, `codex -c hooks=..`) or a subcommand that writes its configuration without
naming the file (`claude mcp add`, `codex features disable`).

Loaded only for a command behind which trustbase.agent_behind finds an agent.
"""

from legant_guard.hook.startuptext import HOOK_VARIABLE_PREFIXES, HOOK_VARIABLES


# The agents' own command-line programs: a nested session started with variables or settings
# that move or switch off its hooks (`CLAUDE_CONFIG_DIR=/tmp/x claude -p ..`, `claude --settings
# '{"disableAllHooks":true}'`, `OPENCODE_PURE=1 opencode run`), or a subcommand that writes the
# agent's configuration without naming the file (`claude mcp add`, `codex mcp add`).
_AGENT_CONFIG_FLAGS = ("--settings", "--mcp-config", "--plugin-dir", "--setting-sources", "--add-dir")


# Flags that start a nested session with the hooks (or the plugins that carry them) off:
# a session started so from inside the agent runs every later tool call unguarded.
_HOOKLESS_FLAGS = {"claude": ("--bare", "--safe-mode", "--agents"), "opencode": ("--pure",),
                   "codex": ("--disable", "-p", "--profile")}


# codex's short options that take a value (clap reads `-cVALUE` and `-c=VALUE` as `-c VALUE`)
_CODEX_SHORT_VALUES = frozenset(("-c", "-p"))


_AGENT_CONFIG_SUBCOMMANDS = {
    "mcp": frozenset(("add", "add-json", "add-from-claude-desktop", "remove", "rm", "login", "logout", "reset-project-choices")),
    "config": frozenset(("set", "add", "remove", "rm", "unset")),
    "plugin": None, "plugins": None, "agent": frozenset(("create",)), "auth": None,
    "features": frozenset(("enable", "disable", "set", "unset")),  # codex: writes config.toml ([features] hooks)
    # opencode: deletes its configuration folder (the guard's plugin with it) unless -c, and its data
    # (auth.json, opencode.db, bin/) unless -d; a reinstalled opencode then starts unguarded (red team 39)
    "uninstall": None,
}


def check(exe, args, raw_command):
    """A deny when the agent `exe`, started with `args` by the command line `raw_command`, would
    run with its hooks moved or off, or change its own configuration; else None."""
    import re

    from legant_guard.hook.model import deny

    for m in re.finditer(r"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\+?=", raw_command or ""):
        name = m.group(1)
        if name in HOOK_VARIABLES or name.startswith(HOOK_VARIABLE_PREFIXES):
            return deny(f"`{exe}` would start with {name} set, which can move or switch off the agents' hooks (the "
                        "guard's trust base); run it without that variable", "trust-base:agent-config")
    for i, word in enumerate(args):
        flag = word.split("=", 1)[0]
        if exe == "codex" and word[:2] in _CODEX_SHORT_VALUES and len(word) > 2:
            # clap takes a short option's value glued to it: `-cfeatures.hooks=false`, `-pPROFILE`, `-c=K=V`
            flag, word = word[:2], word[:2] + "=" + word[2:].removeprefix("=")
        if flag in _HOOKLESS_FLAGS.get(exe, ()):
            return deny(f"`{exe} {flag}` starts a session whose hooks or plugins may be off (the guard's trust base); "
                        "ask the user to start it", "trust-base:agent-config")
        if exe == "claude" and flag in _AGENT_CONFIG_FLAGS:
            return deny(f"`claude {flag}` loads settings or servers the guard does not check (they can switch its "
                        "hooks off)", "trust-base:agent-config")
        if exe == "codex" and flag in ("-c", "--config"):
            value = word.split("=", 1)[1] if "=" in word else (args[i + 1] if i + 1 < len(args) else "")
            text, names = _codex_override_text(value)
            if any(k in text for k in ("hook", "mcp", "notify", "profile", "home", "trust_level", "projects")):
                return deny(f"`codex {flag} {value}` overrides configuration that can switch the guard's hooks off",
                            "trust-base:agent-config")
            # `shell_environment_policy.set={LD_PRELOAD = "/x.so"}`: a TOML key the `NAME=` test above
            # does not see (blanks, quotes) sets a variable of every command codex runs (red team 44)
            name = next((n for n in names if n in HOOK_VARIABLES or n.startswith(HOOK_VARIABLE_PREFIXES)), None)
            if name:
                return deny(f"`codex {flag} {value}` sets {name} for the commands codex runs, which can move or switch "
                            "off the agents' hooks (the guard's trust base); run it without that variable",
                            "trust-base:agent-config")
    words = [w for w in args if not w.startswith("-")]
    if words and words[0] in _AGENT_CONFIG_SUBCOMMANDS:
        changing = _AGENT_CONFIG_SUBCOMMANDS[words[0]]
        if changing is None or (len(words) > 1 and words[1] in changing):
            return deny(f"`{exe} {' '.join(words[:2])}` changes the agent's configuration (servers and settings that "
                        "load code or switch hooks off); ask the user to make this change", "trust-base:agent-config")
    return None


def _codex_override_text(override):
    """(`codex -c KEY=VALUE` as codex reads it, lower-cased: the key, and the value parsed as TOML
    (its keys and strings with their escapes decoded: `features={"\\u0068ooks"=false}` is
    `features.hooks=false`); the names it sets, as written: the key's parts and the value's keys).
    An untrusted project (`projects."P".trust_level`) runs no project hooks."""
    text = override.lower()
    key, eq, value = override.partition("=")
    names = [part.strip().strip("\"'") for part in key.split(".")]
    if not eq or not any(c in value for c in "\\\"'{["):
        return text, names
    try:
        import tomllib
    except ImportError:  # Python 3.10: escapes it cannot decode are refused
        return text + (" hook" if "\\" in value else ""), names
    try:
        parsed = tomllib.loads("_x_ = " + value)
    except (tomllib.TOMLDecodeError, ValueError):
        return text, names  # codex takes an unparsable value as a plain string
    found = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                found.append(str(k))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            found.append(node)

    walk(parsed)
    return text + " " + " ".join(found).lower(), names + found
