"""Judge a loop's `(cd "$d" && …)` in every folder it may go to.

`for d in packages/*/; do (cd "$d" && npm test); done`: each round runs the body in another
folder. shell/severaldirs.py records such a cd as a site; here the command is analysed again
once per folder the site may reach (each match of a pattern, expanded as bash expands it when
the loop starts, each plain value, and the cd failing, which leaves the folder as it was), and
the engine judges every one of those analyses as it judges any command: the call is allowed
only when all are. Only where that list is complete and every round starts in the same folder:
one site, in a `( … )` subshell, no other cd outside one (but a leading `cd DIR &&`), no command of the line that makes or
moves links and folders (which would change what the pattern finds or where a folder leads),
at most MAX_FOLDERS folders. Otherwise the folder stays undetermined (deny).
"""

import os

from legant_guard.hook.paths import expand_glob

MAX_FOLDERS = 16
# Programs of the same line that could make, move or swap a folder or a link a round goes to.
_TREE_CHANGERS = frozenset((
    "ln", "link", "cp", "mv", "rsync", "install", "tar", "bsdtar", "unzip", "7z", "7za", "cpio", "pax", "ditto",
    "git", "svn", "hg", "mount", "bindfs", "ar", "patch",
))
# Programs that make no folder (a redirect makes a file only): what may run before a loop's pattern is expanded.
_QUIET = frozenset(("echo", "printf", "true", "false", ":", "test", "[", "[[", "pwd", "ls", "cd", "set", "shopt",
                    "export", "cat", "head", "tail", "wc", "grep", "sleep", "date", "which", "type", "command"))
# git that only reads (`(cd "$d" && git status --short)`)
_GIT_READS = frozenset(("status", "diff", "log", "show", "rev-parse", "ls-files", "grep", "describe", "shortlog", "blame"))


def variants(analysis, reanalyze, globopts, command=""):
    """The analyses of the command, one per folder its cd may reach, or None where the list of
    folders cannot be complete. `reanalyze(choice)`: the command analysed with cd_choice.
    `command`: its text, for a leading `cd DIR &&` (Claude Code's `cd /abs/project && for …`)."""
    sites = analysis.cd_sites
    if len(sites) != 1 or analysis.shared_cds > _leading_cd(command) or not sites[0].subshell:
        return None
    for cmd in analysis.commands:
        if cmd.executable in _TREE_CHANGERS and not _reads_git(cmd) or cmd.code is not None or \
                (not cmd.executable and cmd.runs_output_of):
            return None
    if not all(_makes_no_folder(cmd) for cmd in analysis.commands[:sites[0].before]):
        return None  # `mkdir -p zz/a/b; for d in zz/**/; …`: a folder made first is matched too
    folders = _folders(sites[0], globopts)
    if folders is None:
        return None
    return [reanalyze({0: folder}) for folder in folders + [None]]


def _leading_cd(command):
    """1 when the command begins with one plain `cd DIR &&` (hook/precision.after_cd), else 0.
    That cd runs once, before the loop, and every round starts in DIR: it is the one cd outside a
    subshell such a line may hold (any other one moves where the next round starts)."""
    if not command.startswith("cd "):
        return 0
    from legant_guard.hook.precision import after_cd

    return int(after_cd(command) is not command)


def _makes_no_folder(cmd):
    """Can a command run before the folders are fixed make none (nor a link to one)?"""
    return cmd.executable in _QUIET or _reads_git(cmd)


def _reads_git(cmd):
    return cmd.executable == "git" and len(cmd.argv) > 1 and cmd.argv[1] in _GIT_READS


def _folders(site, globopts):
    dotglob, globstar, nocase = globopts
    folders = []
    for text, pattern in zip(site.texts, site.patterns):
        if not pattern:
            folders.append(text)
            continue
        if ".." in text.split("/"):
            return None
        full = text if text.startswith("/") else os.path.join(site.cwd, text)
        matches = expand_glob(full, dotglob, globstar=globstar, nocase=nocase)
        if matches is None:
            return None
        for match in matches:
            # (a word that matches nothing stays as written, as bash leaves it, and a word the walk
            # marks as a pattern may have no wildcard at all, `~/.ssh` beside `packages/*/`: either
            # way the cd goes there when such a folder exists, so it is judged there too)
            if not text.startswith("/"):
                match = os.path.relpath(match, site.cwd) + ("/" if match.endswith("/") else "")
            folders.append(match)
        if len(folders) > MAX_FOLDERS:
            return None
    return folders if len(folders) <= MAX_FOLDERS else None
