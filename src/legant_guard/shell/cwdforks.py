"""Working folders a command may be in after a `cd` that may fail or may not run.

`cd ~; cd /tmp/nope; cat .netrc`: the second cd fails (no such folder), so cat reads
~/.netrc; `cd ~; false && cd /tmp; cat .netrc` never runs its cd; `cd ~ || cd /tmp; cat .netrc`
stays home. The walk followed each cd as done, so cat was judged in /tmp. Here the folder after
such a point is a *fork*: one of several folders. The walk goes on in one of them (the one a
plain reading gives, as before), and records the fork; the engine analyses the command again
once per combination of folders (hook/engine.py, `fork_choice`), and the call is allowed only
when every analysis is. Where the folders are too many to try (MAX_COMBINATIONS), the folder is
undetermined (a deny under path rules).

A cd may fail when its folder is not there now (unless an earlier `mkdir` of the line makes
exactly it), is not searchable, or an earlier command of the line that may change the tree names
it or a folder above it (`rm -rf x; cd x`). An and-or list (`a && b || c`) ends in the folder
after any of its pipelines (a later one may not run), or where it started when its first
pipeline is a cd that may fail; a pipeline after `||` runs in any folder the list reached before
it. Pure and cheap: no fork, no cost beyond one `stat` per cd.
"""

import os

MAX_COMBINATIONS = 16


class Fork:
    """One point where the working folder is one of `folders` (the walk took the last)."""

    __slots__ = ("folders", "what")

    def __init__(self, folders, what):
        self.folders = folders
        self.what = what  # how the command said it, for the reason when the forks are too many


def choose(w, scope, folders, what):
    """The folder the walk goes on in after a fork between `folders` (deduplicated, the walk's
    own reading last); records the fork. `w.fork_choice`: {fork number: index} for a re-analysis."""
    folders = list(dict.fromkeys(folders))
    if len(folders) < 2:
        return folders[0] if folders else scope.cwd
    number = len(w.cwd_forks)
    w.cwd_forks.append(Fork(folders, what))
    choice = (w.fork_choice or {}).get(number)
    if choice is None or choice >= len(folders):
        return folders[-1]
    return folders[choice]


def go_to(scope, folder):
    """Put the walk's state in `folder` (PWD follows; OLDPWD is left as the walk had it)."""
    if folder == scope.cwd:
        return
    scope.cwd = folder
    scope.vars["PWD"] = [folder]


# Programs that make, remove or move no folder: after only these, a folder there now is there
# when cd runs (shell/state.py keeps the same list for `cd link/..`).
_KEEPS_TREE = frozenset(("cd", "pushd", "popd", "echo", "printf", "true", "false", ":", "test", "[", "[[", "pwd",
                         "ls", "cat", "head", "tail", "wc", "grep", "sleep", "date", "which", "type", "set", "shopt",
                         "export", "readlink", "realpath", "stat", "basename", "dirname", "mkdir"))


def may_fail(w, path):
    """Can `cd PATH` fail when it runs, given what ran before it in the line (w.out)?"""
    for cmd in w.out:
        if cmd.executable in _KEEPS_TREE:
            continue
        if any(_is_at_or_above(p, path) for p in cmd.paths) or \
                any(_is_at_or_above(r.target, path) for r in cmd.redirects):
            return True  # `rm -rf x; cd x`, `mv x y; cd x`
    if os.path.isdir(path):
        return not os.access(path, os.X_OK)
    if os.path.lexists(path):
        return True  # a file, or a link to nothing
    # `mkdir -p build; cd build`: made by an earlier command of the line, named exactly
    return not any(cmd.executable == "mkdir" and path in cmd.paths for cmd in w.out)


def _is_at_or_above(p, path):
    """`p` is `path` or one of its folders (both absolute, normal). A string comparison: a line
    of hundreds of cd's reaches a folder hundreds deep, and listing its ancestors for each cd
    made the walk quadratic in Python calls."""
    if not isinstance(p, str) or not p.startswith("/"):
        return False
    p = p.rstrip("/")
    return not p or p == path or path.startswith(p + "/")


def variants(analysis, reanalyze):
    """(analysis, choice) for every choice of folder at the command's forks: `analysis` (the
    walk's own choice, the last folder everywhere; choice None) first, then `reanalyze(choice)`
    with choice {fork number: index}. A choice made at one fork can change the forks after it (a cd from
    another folder may fail or not), so they are explored as a tree, each once. (None, None) is
    yielded (and the walk stops) past MAX_COMBINATIONS analyses."""
    pending = [(analysis, ())]
    count = 1
    while pending:
        current, prefix = pending.pop()
        yield current, (dict(enumerate(prefix)) if prefix else None)
        forks = current.cwd_forks
        count += sum(len(fork.folders) - 1 for fork in forks[len(prefix):])
        if count > MAX_COMBINATIONS:  # (known before analysing any of them again)
            yield None, None
            return
        for j in range(len(prefix), len(forks)):
            last = len(forks[j].folders) - 1
            for k in range(last):
                choice = prefix + tuple(len(f.folders) - 1 for f in forks[len(prefix):j]) + (k,)
                pending.append((reanalyze(dict(enumerate(choice))), choice))
