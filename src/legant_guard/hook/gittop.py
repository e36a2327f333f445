"""What `git rev-parse --show-toplevel` prints, where the guard can know it for certain.

`cd "$(git rev-parse --show-toplevel)" && make test` is how agents go back to the top of the
repository; the shell analysis took the folder as unknown, so every path after it was
undetermined and the call refused under path rules. The top is on disk when the hook runs:
the nearest folder above the working directory holding a `.git` folder, as git finds it. A
wrong answer would move every relative path after it, so anything that could make git answer
otherwise gives no answer (the folder stays unknown, as before):

- the command itself mentions GIT_ (GIT_DIR, GIT_WORK_TREE ... set before it), PATH or `hash`
  (another `git`), defines a function or an alias (a `git` of its own); the hook's environment
  sets a variable that moves or bounds git's search (GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES,
  GIT_DISCOVERY_ACROSS_FILESYSTEM, GIT_COMMON_DIR, GIT_CONFIG*);
- the working directory is inside a `.git` folder or a bare repository (git then prints an
  error, not a folder), `.git` is a file (a linked work tree or a submodule), not a repository
  git would accept, or on another file system than a folder on the way;
- a configuration git reads (the repository's, the user's, the system's) mentions a work tree
  or includes another file (core.worktree moves the top anywhere);
- the folder belongs to another user (safe.directory: git refuses it).

Used by the shell analysis through shell.analyze(..., repo_top=...), only for a command that
says `rev-parse`.
"""

import os

# Variables that move, bound or reconfigure git's search for the repository.
_MOVING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_COMMON_DIR",
           "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS",
           "GIT_CONFIG_NOSYSTEM")
# Words in a command that could make `git` another program or point it elsewhere.
_COMMAND_WORDS = ("GIT_", "PATH", "hash", "()", "function", "alias", "enable")


def resolver(command, env, home):
    """A function folder -> the top git prints there (or None), for `command` run with the
    hook's environment `env`; None when nothing about it can be known."""
    if any(word in command for word in _COMMAND_WORDS) or any(env.get(name) for name in _MOVING):
        return None
    if _config_moves(_global_configs(env, home)):
        return None
    return _top


def _global_configs(env, home):
    xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return (os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"), "/etc/gitconfig")


def _config_moves(paths):
    """Does one of these git configuration files name a work tree, say the repository is bare or
    include another file (or could it not be read)?"""
    for path in paths:
        try:
            with open(path, "rb") as f:
                text = f.read(1 << 20).lower()
        except FileNotFoundError:
            continue
        except OSError:
            return True
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(b"[include"):
                return True
            key, eq, value = line.partition(b"=")
            key, value = key.strip(), value.strip().strip(b'"')
            if b"worktree" in key or (key == b"bare" and value not in (b"false", b"no", b"off", b"0")):
                return True
    return False


def _is_git_dir(folder):
    """Would git take `folder` itself as a repository (a bare one, or a .git folder)?"""
    return os.path.isfile(os.path.join(folder, "HEAD")) and os.path.isdir(os.path.join(folder, "objects")) \
        and os.path.isdir(os.path.join(folder, "refs"))


def _top(cwd):
    try:
        folder = os.path.realpath(cwd)
        device = os.stat(folder).st_dev
        while True:
            if os.path.basename(folder) == ".git" or _is_git_dir(folder):
                return None  # inside a git directory: no work tree
            marker = os.path.join(folder, ".git")
            if os.path.lexists(marker):
                if os.path.islink(marker) or not os.path.isdir(marker) or not _is_git_dir(marker):
                    return None  # a gitdir file (linked work tree, submodule), a link, or no repository
                if _config_moves([os.path.join(marker, "config")]):
                    return None
                if os.stat(folder).st_uid != os.getuid():
                    return None
                return folder
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            if os.stat(parent).st_dev != device:
                return None  # git stops at a file system boundary
            folder = parent
    except (OSError, ValueError):
        return None
