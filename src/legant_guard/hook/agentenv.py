"""The environment a nested agent session starts with, when the guard cannot read it.

`CLAUDE_CONFIG_DIR=/tmp/x claude -p ..` is refused (hook/agentflags.py): the variable moves the
agent's configuration, and with it the hook. The same variables reach the agent in ways the text
`NAME=` never shows: `export $(cat f); claude`, `declare -x "$(cat f)"`, `read V < f; export
"$V"`, `printf -v CLAUDE_CONFIG_DIR /tmp/x; export CLAUDE_CONFIG_DIR`, `env -u CLAUDE_CONFIG_DIR
claude` (a hook installed in that folder is left behind), `env $(cat f) claude`, `env -S "..."`,
`source f` or `direnv exec DIR` before it (a file that sets them), `$(cat f) claude`. A nested
session started so runs every later tool call with its hooks moved or off, so for every role:
an agent CLI is refused when the command line (a) names one of the hook variables in a command
that sets, exports, links or unsets variables, (b) sets variables the analysis cannot determine,
(c) sources a file (or lets direnv/mise load one) whose text would not pass as a start-up file,
(d) runs a program word built at run time with the agent's name among its words, or (e) starts
it in a folder other than the project (`cd /tmp/x && claude -p ..`, `codex exec -C /tmp/x`): the
nested session reads that folder's `.claude/settings.json` (which the agent may have written,
`disableAllHooks`) or none with the guard's hook in it.
"""

import os

from legant_guard.hook.model import deny

_SETTERS = frozenset(("export", "declare", "typeset", "local", "readonly", "read", "unset", "mapfile", "readarray",
                      "getopts", "printf", "let", "set"))
_UNKNOWN_ENV = ("the variable set by", "the variable linked by", "the variable unset by", "script run by `eval`",
                "script read by")
LOADERS = frozenset(("direnv", "mise", "rtx", "dotenv", "dotenvx", "envdir", "chpst", "with-env"))
# Programs that run a command with other files mounted over the real ones (`bwrap --bind /tmp/x
# .claude -- claude`) or inside another system: the agent there reads other settings.
SANDBOXES = frozenset(("unshare", "firejail", "chroot", "nsenter", "bwrap", "proot", "systemd-nspawn", "docker",
                       "podman", "nerdctl", "flatpak-spawn", "toolbox", "distrobox", "distrobox-enter", "lxc-execute",
                       "schroot", "fakechroot", "fakeroot", "newuidmap", "sudo", "doas", "su", "runuser", "pkexec"))
MAX_SOURCED = 256 * 1024


def _hook_variable(word):
    from legant_guard.hook.startuptext import HOOK_VARIABLE_PREFIXES, HOOK_VARIABLES

    name = word.lstrip("-").split("=", 1)[0].rstrip("+").split("[", 1)[0]
    return name if name in HOOK_VARIABLES or name.startswith(HOOK_VARIABLE_PREFIXES) else None


def _denied(agent, why):
    return deny(f"`{agent}` would start with an environment the guard cannot check: {why}. A nested agent session "
                "with its hook variables moved runs unguarded; start it without that", "trust-base:agent-config")


def _sourced_problem(path, env, text_problem=None):
    """Why the file `source`/`.` reads could set hook variables, or None when its text is clean."""
    from legant_guard.hook.startuptext import startup_text_problem

    text_problem = text_problem or startup_text_problem
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        return f"it sources {path}, which cannot be read ({e.strerror})"
    try:
        data = os.read(fd, MAX_SOURCED + 1)
    except OSError as e:
        return f"it sources {path}, which cannot be read ({e.strerror})"
    finally:
        os.close(fd)
    if len(data) > MAX_SOURCED:
        return f"it sources {path}, which is larger than {MAX_SOURCED // 1024} KiB"
    problem = text_problem(data.decode("utf-8", "replace"), env.get("PATH", ""))
    return f"it sources {path}: {problem}" if problem else None


def check(agent, cmd, analysis, env, raw_command, project=None):
    """A deny when the agent CLI `cmd` starts after (or inside) an environment change the guard
    cannot read, or in a folder other than the project, else None."""
    for what in analysis.undetermined:
        if what.startswith(_UNKNOWN_ENV):
            return _denied(agent, what)
        if what.startswith("working directory after") or "in an undetermined directory" in what:
            return _elsewhere(agent, "a folder the guard cannot determine")
    if project:
        folder = _working_folder(cmd)
        if os.path.realpath(folder) != os.path.realpath(project):
            return _elsewhere(agent, folder)
        tree = _worktree(agent, cmd)
        if tree:
            return _elsewhere(agent, tree)
    for via in cmd.via:
        if via.startswith("env") and any(w in via.split() for w in ("-S", "--split-string")):
            return _denied(agent, "`env -S` splits a string into variables and words at run time")
    for via in cmd.via:
        if via.split()[0] in LOADERS:
            return _denied(agent, f"`{via}` loads variables from a file the guard does not read")
        if via.split()[0] in SANDBOXES:
            return _denied(agent, f"`{via.split()[0]}` runs it with other files, users or mounts than the ones the "
                                  "guard protects")
    name = _unset_in(raw_command)
    if name:
        return _denied(agent, f"`env` unsets {name}")
    for c in analysis.commands:
        if c.executable in _SETTERS:
            nameref = any(w.startswith("-") and "n" in w for w in c.argv[1:])
            for word in c.argv[1:]:
                # (`declare -n R=CLAUDE_CONFIG_DIR`: R is that variable)
                name = _hook_variable(word) or (nameref and "=" in word and _hook_variable(word.split("=", 1)[1]))
                if name:
                    return _denied(agent, f"`{c.executable}` changes {name}")
        if c.executable in ("source", ".") and c.paths:
            problem = _sourced_problem(c.paths[0], env)
            if problem:
                return _denied(agent, problem)
    return None


# opencode's subcommands: any other first operand of `opencode` is the project folder its TUI opens
_OPENCODE_SUBCOMMANDS = frozenset(("run", "serve", "web", "attach", "acp", "auth", "agent", "mcp", "models", "stats",
                                   "export", "import", "github", "pr", "upgrade", "uninstall", "debug", "session",
                                   "plugin", "generate", "completion", "help", "tui", "providers", "db"))


_OPENCODE_VALUE_OPTIONS = frozenset(("-m", "--model", "-s", "--session", "-p", "--prompt", "--agent", "--port",
                                     "--hostname", "--log-level", "--mdns-domain", "--cors"))


def _working_folder(cmd):
    """Where the agent would start: the command's folder, codex's `-C/--cd DIR`, opencode's
    `--dir DIR` (`run`), `--cwd DIR` (`acp`) or the project folder its TUI is given."""
    from legant_guard.shell.words import absolute

    argv = cmd.argv
    opencode = os.path.basename(argv[0]) == "opencode" if argv else False
    options = ("-C", "--cd", "--dir", "--cwd") if opencode else ("-C", "--cd")
    for k, word in enumerate(argv[1:], 1):
        if word in options and k + 1 < len(argv):
            return absolute(argv[k + 1], cmd.cwd)
        for option in options[1:]:
            if word.startswith(option + "="):
                return absolute(word.split("=", 1)[1], cmd.cwd)
        if word[:2] == "-C" and len(word) > 2:  # clap and yargs take a glued value: `-C/tmp`, `-C=/tmp`
            return absolute(word[2:].removeprefix("="), cmd.cwd)
    if opencode:
        operands = [w for k, w in enumerate(argv[1:], 1)
                    if not w.startswith("-") and argv[k - 1] not in _OPENCODE_VALUE_OPTIONS]
        if operands and operands[0] not in _OPENCODE_SUBCOMMANDS:
            return absolute(operands[0], cmd.cwd)
    return cmd.cwd


def _worktree(agent, cmd):
    """`claude -w NAME` / `--worktree[=NAME]` (also `-p --worktree`) starts the session in a new git
    worktree, `.claude/worktrees/NAME`, a fresh checkout without the project's untracked
    `.claude/settings.local.json` (where the guard's hook is), so the session runs unguarded
    (red team #28). The folder it starts in, or None."""
    if agent != "claude":
        return None
    argv = cmd.argv
    for k, word in enumerate(argv[1:], 1):
        if word in ("-w", "--worktree") or word.startswith(("--worktree=", "-w")):
            if word[:3] not in ("-w", "--w"):  # commander takes a glued value: `-wNAME`, `-w=NAME`
                name = word[2:].removeprefix("=")
            elif "=" in word:
                name = word.split("=", 1)[1]
            else:
                name = argv[k + 1] if k + 1 < len(argv) and not argv[k + 1].startswith("-") else "NAME"
            return os.path.join(cmd.cwd, ".claude", "worktrees", name) + " (a new git worktree)"
    return None


def _elsewhere(agent, folder):
    return deny(f"`{agent}` would start in {folder}, not in the project: a nested agent session reads that folder's "
                "settings and hooks (which the agent may have written, or which carry no hook at all) and runs "
                "unguarded. Start it from the project folder", "trust-base:agent-config")


def _unset_in(raw_command):
    """The hook variable an `env -u NAME` / `--unset=NAME` of the command line removes, or None."""
    words = raw_command.replace("'", " ").replace('"', " ").split()
    for k, word in enumerate(words):
        if word in ("-u", "--unset") and k + 1 < len(words):
            name = _hook_variable(words[k + 1])
        elif word.startswith("--unset="):
            name = _hook_variable(word[len("--unset="):])
        elif word.startswith("-u") and len(word) > 2:
            name = _hook_variable(word[2:])
        else:
            continue
        if name:
            return name
    return None


def loader(cmd, env):
    """A deny when direnv or mise starts an agent with the variables of a file (`direnv exec DIR
    claude`), which the guard does not read, or approves a file whose text would not pass as a
    start-up file (`direnv allow DIR`, `mise trust FILE`: the user's shell then loads it when it
    enters the folder, and an agent started there inherits it)."""
    from legant_guard import agents

    verdict = _approval(cmd, env)
    if verdict:
        return verdict
    for word in cmd.argv[1:]:
        if os.path.basename(word) in agents.CLIS:
            how = "loads variables from a file the guard does not read" if cmd.executable in LOADERS else \
                "runs it with other files, users or mounts than the ones the guard protects"
            return _denied(os.path.basename(word), f"`{cmd.executable}` {how}")
    return None


def run_time_word(cmd):
    """A deny when a command word built at run time has an agent's name among its words
    (`$(cat f) claude -p x`, `env $(cat f) claude`): the hidden part may set its variables."""
    from legant_guard import agents

    if cmd.executable or not cmd.argv:
        return None
    for word in cmd.argv[1:]:
        if os.path.basename(word) in agents.CLIS:
            return _denied(os.path.basename(word), "the words before it are built at run time")
    return None


_APPROVERS = {"direnv": ("allow", "permit", "grant"), "mise": ("trust",), "rtx": ("trust",)}
_MISE_NAMES = ("mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml",
               ".config/mise/config.toml", ".mise/config.toml", ".rtx.toml")


def _approval(cmd, env):
    from legant_guard.hook.startuptext import mise_text_problem

    argv = cmd.argv
    if len(argv) < 2 or argv[1] not in _APPROVERS.get(cmd.executable, ()):
        return None
    from legant_guard.shell.words import absolute

    operands = [absolute(w, cmd.cwd) for w in argv[2:] if not w.startswith("-")]
    target = operands[0] if operands else cmd.cwd
    if cmd.executable == "direnv":
        files = [os.path.join(target, ".envrc")] if os.path.isdir(target) else [target]
        if not operands:  # direnv looks for the nearest .envrc up from the working folder
            folder = cmd.cwd
            while not os.path.exists(os.path.join(folder, ".envrc")) and os.path.dirname(folder) != folder:
                folder = os.path.dirname(folder)
            files = [os.path.join(folder, ".envrc")]
        check = None
    else:
        files = [os.path.join(target, n) for n in _MISE_NAMES] if os.path.isdir(target) else [target]
        files = [f for f in files if os.path.exists(f)] or files[:1]
        check = mise_text_problem
    for path in files:
        problem = _sourced_problem(path, env, check)
        if problem:
            return deny(f"`{cmd.executable} {argv[1]}` would approve {path}, which the user's shell then loads "
                        f"when it enters the folder: {problem.split(': ', 1)[-1]}. Ask the user to approve it",
                        "trust-base:startup")
    return None
