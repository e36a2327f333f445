"""Where a git command finds its repository, and whether what git reads there is guarded.

The guard content-checks writes to the configuration files of the usual layout (`.git/config`,
`.git/modules/*/config`, `.git/worktrees/*/config.worktree`) and refuses writes into `.git/hooks`
(hook/gitcode.py). But git does not only read `.git/`: a `.git` *file* saying `gitdir: /elsewhere`
(written in any subfolder), `GIT_DIR=`/`--git-dir`, a `commondir` file, or a folder that is itself
a bare repository (`cd /tmp/x && git log`) make git read the configuration and run the hooks of a
folder whose files the guard never checked: `core.fsmonitor = curl .. | sh` there runs at the
next `git status`, under any role, where the guard sees only `git status`.

So, for each git command, the repository is found the way git finds it (bounded: -C, --git-dir,
GIT_DIR/GIT_COMMON_DIR, then each folder up from the working directory: its `.git` folder or
`gitdir:` file, or the folder itself as a bare repository; `commondir`). When the configuration
git would read lies outside the guarded layout (after following symlinks), it is read: a key that
loads code or names a program (include, core.fsmonitor, core.pager, aliases ...; the same test as
for text written into a git config) or a hook in its hooks folder is a deny, as is one that cannot
be read, or a folder the same command line writes into before git runs. The usual layout costs a
few stat calls.

The same holds for git's own global configuration when the command moves it: `HOME=. git st`
reads ./.gitconfig and `XDG_CONFIG_HOME=cfg git log` reads cfg/git/config, files of the project
the guard never content-checked (a `.gitconfig` in a project is just a file), in or out of a
repository (aliases work anywhere).
"""

import os

from legant_guard.hook.model import deny

MAX_LEVELS = 128
MAX_CONFIG_BYTES = 256 * 1024
MAX_HOOK_ENTRIES = 512


class _Undetermined(Exception):
    pass


def _read(path, limit):
    """The text of a small file, None when it does not exist; _Undetermined when it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as e:
        raise _Undetermined(f"{path} cannot be read ({e.strerror})")
    if len(data) > limit:
        raise _Undetermined(f"{path} is larger than {limit // 1024} KiB")
    return data.decode("utf-8", "surrogateescape")


def _gitfile(path):
    """The folder a `.git` file points at (`gitdir: X`, relative to the file's folder)."""
    text = _read(path, 4096)
    if text is None:
        return None
    line = text.split("\n", 1)[0].strip()
    if not line.startswith("gitdir:"):
        raise _Undetermined(f"{path} is a file that does not start with `gitdir:`")
    target = line[len("gitdir:"):].strip()
    if not target:
        raise _Undetermined(f"{path} names no folder")
    return os.path.normpath(os.path.join(os.path.dirname(path), target))


def _is_git_dir(d):
    """git's is_git_directory: HEAD, objects/ and refs/ (a bare repository, or a git dir)."""
    return os.path.isfile(os.path.join(d, "HEAD")) and os.path.isdir(os.path.join(d, "objects")) and \
        os.path.isdir(os.path.join(d, "refs"))


def _as_git_dir(path):
    """GIT_DIR / --git-dir may name a git dir or a `.git` file."""
    return _gitfile(path) if os.path.isfile(path) else path


def discover(cwd, git_dir=None):
    """The git dir a git command started in `cwd` uses (None: not in a repository)."""
    if git_dir:
        return _as_git_dir(git_dir)
    d = cwd
    for _ in range(MAX_LEVELS):
        dotgit = os.path.join(d, ".git")
        if os.path.isdir(dotgit):
            return dotgit
        if os.path.lexists(dotgit) and not os.path.isdir(dotgit):
            found = _gitfile(dotgit) if os.path.isfile(dotgit) else None
            if found:
                return found
        if _is_git_dir(d):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    raise _Undetermined(f"{cwd} is more than {MAX_LEVELS} folders deep")


def _common_dir(git_dir, env_common=None):
    if env_common:
        return env_common
    text = _read(os.path.join(git_dir, "commondir"), 4096)
    if text is None or not text.strip():
        return git_dir
    return os.path.normpath(os.path.join(git_dir, text.strip().split("\n", 1)[0]))


def _config_guarded(real):
    """Is this configuration file one whose writes the guard content-checks (gitcode.config_files)?"""
    if real.endswith("/.git/config") or real.endswith("/.git/config.worktree"):
        return True
    parts = real.split("/")
    if "/.git/modules/" in real and parts[-1] == "config":
        return True
    return len(parts) >= 4 and parts[-4] == ".git" and parts[-3] == "worktrees" and parts[-1] == "config.worktree"


def _hooks_guarded(real):
    return real.endswith("/.git/hooks") or ("/.git/modules/" in real and real.endswith("/hooks"))


def _git_options(cmd):
    """(folder after every -C, --git-dir value or None) from git's own options."""
    cwd, git_dir = cmd.cwd, None
    argv = cmd.argv
    k = 1
    while k < len(argv):
        word = argv[k]
        # (git changes to -C's folder and opens --git-dir's as written: a `..` after a symlink
        # is the kernel's, the parent of the link's target)
        if word == "-C" and k + 1 < len(argv):
            cwd = _opened(argv[k + 1], cwd)
            k += 2
            continue
        if word == "--git-dir" and k + 1 < len(argv):
            git_dir = _opened(argv[k + 1], cwd)
            k += 2
            continue
        if word.startswith("--git-dir="):
            git_dir = _opened(word.split("=", 1)[1], cwd)
        elif word in ("-c", "--work-tree", "--namespace", "--exec-path", "--config-env") and k + 1 < len(argv):
            k += 1
        elif not word.startswith("-"):
            break
        k += 1
    return cwd, git_dir


def _opened(word, cwd):
    from legant_guard.hook.paths import opened_at

    return opened_at("./" + word if word.startswith("~") else word, cwd)


def _environment_dirs(analysis):
    """GIT_DIR / GIT_COMMON_DIR the command sets (any of its assignments), else the agent's own."""
    found = {e.variable: e.folder for e in analysis.env_paths if e.variable in ("GIT_DIR", "GIT_COMMON_DIR")}
    for name in ("GIT_DIR", "GIT_COMMON_DIR"):
        if name not in found and os.environ.get(name):
            found[name] = os.path.abspath(os.environ[name])
    return found.get("GIT_DIR"), found.get("GIT_COMMON_DIR")


def _written_earlier(analysis, cmd, folders):
    """A path an earlier command of the line names (writes, links, copies into) inside `folders`."""
    for other in analysis.commands:
        if other is cmd:
            break
        for path in list(other.paths) + [r.target for r in other.redirects]:
            for folder in folders:
                if path == folder or path.startswith(folder.rstrip("/") + "/") or os.path.basename(path) == ".git":
                    return path
    return None


def check(cmd, analysis):
    """A deny Decision when git would read configuration or run hooks the guard does not guard."""
    try:
        return _check(cmd, analysis)
    except _Undetermined as e:
        return deny(f"could not tell which git configuration `git` would read: {e}; git runs programs named there "
                    "(denied for every role)", "trust-base:git-config")


def _moved_global_configs(analysis):
    """The global configuration files git reads in place of the user's when the command line sets
    HOME or XDG_CONFIG_HOME (`HOME=. git st` reads ./.gitconfig): [(variable, file)]."""
    moved = {e.variable: e.folder for e in analysis.env_paths if e.variable in ("HOME", "XDG_CONFIG_HOME")}
    files = []
    if "HOME" in moved:
        files.append(("HOME", os.path.join(moved["HOME"], ".gitconfig")))
        if "XDG_CONFIG_HOME" not in moved and not os.environ.get("XDG_CONFIG_HOME"):
            files.append(("HOME", os.path.join(moved["HOME"], ".config", "git", "config")))
    if "XDG_CONFIG_HOME" in moved:
        files.append(("XDG_CONFIG_HOME", os.path.join(moved["XDG_CONFIG_HOME"], "git", "config")))
    return files


def _check_global(cmd, analysis, moved):
    """A deny when the global configuration a moved HOME/XDG_CONFIG_HOME makes git read loads code,
    or is written earlier in the same command line."""
    from legant_guard.hook import gitcode

    for variable, path in moved:
        text = _read(os.path.realpath(path), MAX_CONFIG_BYTES)
        problem = gitcode.config_text_problem(text) if text is not None else None
        if problem:
            return deny(f"`git` here reads its global configuration from {path} (${variable} is set), which the guard "
                        f"does not protect, and {problem} (denied for every role); ask the user to check it",
                        "trust-base:git-config")
    if len(analysis.commands) > 1:
        paths = [p for _, p in moved]
        written = _written_earlier(analysis, cmd, paths + [os.path.realpath(p) for p in paths])
        if written:
            return deny(f"`git` reads its global configuration from {paths[0]} (HOME/XDG_CONFIG_HOME is set), and "
                        f"{written} is written earlier in the same command line, so what git will read is not what "
                        "the guard can check now; run them as two calls", "trust-base:git-config")
    return None


def _check(cmd, analysis):
    from legant_guard.hook import gitcode

    moved = _moved_global_configs(analysis) if analysis.env_paths else ()
    if moved:
        verdict = _check_global(cmd, analysis, moved)
        if verdict:
            return verdict
    cwd, git_dir = _git_options(cmd)
    env_dir, env_common = _environment_dirs(analysis)
    git_dir = git_dir or env_dir
    found = discover(cwd, git_dir)
    if found is None:
        return None
    common = _common_dir(found, env_common)
    configs = [os.path.join(common, "config"), os.path.join(common, "config.worktree")]
    if found != common:
        configs.append(os.path.join(found, "config.worktree"))
    hooks = os.path.join(common, "hooks")
    for path in configs:
        real = os.path.realpath(path)
        if _config_guarded(real):
            continue
        text = _read(real, MAX_CONFIG_BYTES)
        if text is None:
            continue
        problem = gitcode.config_text_problem(text)
        if problem:
            return deny(f"`git` here reads its configuration from {path}, which is outside the repository layout the "
                        f"guard protects, and {problem} (denied for every role); ask the user to check it",
                        "trust-base:git-config")
    real_hooks = os.path.realpath(hooks)
    if not _hooks_guarded(real_hooks):
        try:
            with os.scandir(real_hooks) as entries:
                for n, entry in enumerate(entries):
                    if n >= MAX_HOOK_ENTRIES:
                        raise _Undetermined(f"{hooks} holds more than {MAX_HOOK_ENTRIES} entries")
                    if not entry.name.endswith(".sample"):
                        return deny(f"`git` here runs the hooks in {hooks}, which is outside the repository layout "
                                    f"the guard protects, and it holds `{entry.name}` (denied for every role); ask the "
                                    "user to check it", "trust-base:git-hooks")
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as e:
            raise _Undetermined(f"{hooks} cannot be listed ({e.strerror})")
    if len(analysis.commands) > 1:
        folders = [found, common] + [os.path.realpath(p) for p in (found, common)]
        written = _written_earlier(analysis, cmd, folders)
        if written:
            return deny(f"`git` reads its configuration and hooks from {common}, and {written} is written earlier in "
                        "the same command line, so what git will read is not what the guard can check now; run them "
                        "as two calls", "trust-base:git-config")
    return None
