"""Keeping the generated project files out of commits.

A project install writes files that hold absolute paths of this machine (the `legant`
program, the guard dir in the user's config folder): `.claude/settings.local.json`,
`.codex/hooks.json`, `.opencode/plugins/legant-guard.js`. Committed, they leak the home path
and break the hook for everyone else. `.git/info/exclude` (per clone, never committed) is the
place to ignore them; install adds the lines on request and records them, and uninstall takes
out exactly the lines it added.
"""

import os
import shlex
import subprocess


def exclude_file(project):
    """(repository root, path of its info/exclude) of the git repository `project` is in, or None."""
    try:
        out = subprocess.run(["git", "-C", project, "rev-parse", "--show-toplevel", "--git-path", "info/exclude"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.splitlines()
    if out.returncode != 0 or len(lines) != 2:
        return None
    root, path = lines
    return os.path.realpath(root), os.path.normpath(os.path.join(project, path))


def pattern(root, path):
    """The exclude line for `path` (anchored at the repository root), or None outside it."""
    rel = os.path.relpath(os.path.realpath(path), root)
    if rel.startswith(".."):
        return None
    return "/" + rel.replace(os.sep, "/")


def _read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def missing_lines(project, files):
    """(exclude file, [lines not in it yet]) for `files`, or (None, []) outside a git repository."""
    found = exclude_file(project)
    if not found:
        return None, []
    root, path = found
    have = set(_read_lines(path))
    wanted = [p for p in (pattern(root, f) for f in files) if p]
    return path, [p for p in dict.fromkeys(wanted) if p not in have]


def add_lines(path, lines):
    """Append `lines` to the exclude file (created, with its folder, when missing)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    prefix = "\n" if os.path.isfile(path) and os.path.getsize(path) and not _ends_with_newline(path) else ""
    with open(path, "a", encoding="utf-8") as f:
        f.write(prefix + "".join(line + "\n" for line in lines))


def _ends_with_newline(path):
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def remove_lines(path, lines):
    """Take exactly `lines` out of the exclude file (each once); everything else stays."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    kept, removed = [], []
    todo = list(lines)
    for line in text.splitlines(keepends=True):
        if line.rstrip("\n") in todo:
            todo.remove(line.rstrip("\n"))
            removed.append(line.rstrip("\n"))
        else:
            kept.append(line)
    if removed:
        from legant_guard.atomicfile import write_atomic

        write_atomic(path, "".join(kept), 0o644, keep_mode=True)
    return removed


def shell_command(path, lines):
    """The command a person can run to add the lines themselves."""
    return f"printf '%s\\n' {' '.join(shlex.quote(x) for x in lines)} >> {shlex.quote(path)}"
