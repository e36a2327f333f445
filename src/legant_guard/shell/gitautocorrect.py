"""Could git run another command than the one typed? (`git pp`: not a git command, no alias)

git does not abbreviate its subcommands: for a word that is neither a command nor an alias it
prints "is not a git command" and stops, unless `help.autocorrect` is set, which makes it run
the most similar command instead (help.c help_unknown_cmd). The tripwires (tripwires.py) take
such a word as the destructive command it resembles (`git pp` as `git prune`) only where that
setting could be on: whenever the guard cannot read every config git reads, or one of them
mentions it, an include, or (in the system config, whose aliases the tripwires do not read)
an alias, or the command line could change them. Loaded only for an unknown git subcommand.
"""

import os

# Where git's system config lives for the usual prefixes (/usr: /etc/gitconfig; Homebrew,
# /usr/local, MacPorts builds: PREFIX/etc/gitconfig; Apple's command line tools), besides
# PREFIX/etc/gitconfig of the git found on PATH (system_configs).
SYSTEM_CONFIGS = ("/etc/gitconfig", "/usr/local/etc/gitconfig", "/opt/homebrew/etc/gitconfig",
                  "/opt/local/etc/gitconfig", "/usr/etc/gitconfig",
                  "/Library/Developer/CommandLineTools/usr/share/git-core/gitconfig",
                  "/Applications/Xcode.app/Contents/Developer/usr/share/git-core/gitconfig")
# Environment variables that add or replace config git reads (GIT_CONFIG_KEY_n: with COUNT).
CONFIG_VARIABLES = ("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG", "GIT_CONFIG_GLOBAL",
                    "GIT_CONFIG_SYSTEM", "GIT_DIR", "GIT_COMMON_DIR")
# Variables a command may set that move the config files (analysis.env_paths).
_MOVING = frozenset(("HOME", "XDG_CONFIG_HOME", "GIT_DIR", "GIT_COMMON_DIR", "GIT_WORK_TREE"))
# Other commands of the same line that cannot change git's config (they write nothing).
_WRITES_NOTHING = frozenset(("cd", "pwd", "echo", "printf", "true", "false", ":", "test", "[", "[[", "sleep"))
# git commands that write config, or make a repository with its own (`git clone -c KEY=V`, `git
# init --template`), whose config a later `git pp` there would read
_CONFIG_WRITERS = frozenset(("config", "clone", "init", "worktree", "submodule"))
_LIMIT = 1 << 20


def may_autocorrect(cmd, analysis, home=None):
    """Could `help.autocorrect` be on for this git command (so an unknown word may run a similar
    command)? True unless every config git would read is known and plain. `home`: the hook's HOME."""
    if any(name in os.environ for name in CONFIG_VARIABLES):
        return True
    if any(e[0] in _MOVING for e in analysis.env_paths):
        return True
    if any(w.startswith("-") for w in cmd.argv[1:2]):
        return True  # `git -c …`, `git -C dir`, `--git-dir`: another config, another repository
    if not all(_writes_no_config(other) for other in analysis.commands if other is not cmd):
        return True  # `git config help.autocorrect 1 && git pp`, a script or Makefile that does
    files = _repository_configs(cmd.cwd)
    if files is None:
        return True
    home = home or os.environ.get("HOME") or os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    files += [(os.path.join(home, ".gitconfig"), False), (os.path.join(xdg, "git", "config"), False)]
    files += [(path, True) for path in system_configs()]
    return any(_may_set_it(path, system) for path, system in files)


def system_configs():
    """The system config files git may read: SYSTEM_CONFIGS and PREFIX/etc/gitconfig (and
    PREFIX/share/git-core/gitconfig) for each `git` on PATH, PREFIX being the folder above the
    real file's bin/."""
    found = list(SYSTEM_CONFIGS)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        exe = os.path.join(folder or ".", "git")
        if os.path.isfile(exe):
            prefix = os.path.dirname(os.path.dirname(os.path.realpath(exe)))
            found += [os.path.join(prefix, "etc", "gitconfig"), os.path.join(prefix, "share", "git-core", "gitconfig")]
    return found


def _writes_no_config(cmd):
    from legant_guard.shell.tripwires import catalogue

    if cmd.executable in _WRITES_NOTHING:
        return all(r.target == "/dev/null" for r in cmd.redirects)
    if cmd.executable != "git" or cmd.redirects or len(cmd.argv) < 2 or cmd.argv[1].startswith("-"):
        return False
    return cmd.argv[1] not in _CONFIG_WRITERS and cmd.argv[1] in catalogue()["git_commands"]


def _repository_configs(cwd):
    """[(path, False)] of the repository's config files above `cwd`; None where the repository's
    config is elsewhere (a worktree's or submodule's `.git` file, a `commondir`) or where git may
    take a folder on the way for a bare repository and read ITS config (HEAD, objects/, refs/:
    `git prne` run inside one whose config sets help.autocorrect pruned it)."""
    from legant_guard.hook.gitplace import _is_git_dir

    folder = cwd
    while folder:
        dot_git = os.path.join(folder, ".git")
        if os.path.isdir(dot_git) and not os.path.lexists(os.path.join(dot_git, "commondir")):
            return [(os.path.join(dot_git, "config"), False), (os.path.join(dot_git, "config.worktree"), False)]
        if os.path.lexists(dot_git) or _is_git_dir(folder):
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return []


def _may_set_it(path, system):
    """Does the config file at `path` set (or could it set) help.autocorrect, or, in the system
    config, an alias? Absent: no. There but unreadable: it could."""
    if not os.path.lexists(path):
        return False
    from legant_guard.hook.scriptfiles import read_regular

    text = read_regular(path, _LIMIT)
    if text is None:
        return True
    text = text.lower()
    return "autocorrect" in text or "include" in text or (system and "alias" in text)
