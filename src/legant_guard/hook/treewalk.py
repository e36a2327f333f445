"""A bounded walk of a folder, and the filters the walking programs apply to it.

A recursive search, copy or archive reaches whatever lies below its root. The hook looks at
what is on disk instead of guessing, but never walks a huge tree in full: a Budget caps the
entries visited and the time spent, and a caller that runs out decides conservatively.

Filters are applied the way the program applies them, and only where that is certain:
exclude globs (`--exclude`, `-g '!x'`, `-x`), the hidden-file default of ripgrep and ag, and
ignore files (`.gitignore`, `.ignore`, `.rgignore`). An ignore file with a `!` (re-include)
line is not trusted at all: it could bring a secret back.
"""

import os
import time

from legant_guard.hook.budget import tick
from legant_guard.hook.paths import glob_match, wildcard_match

# A big repository (100k files, node_modules left out by the ignore files) is walked within
# these; bench/bench_search.py measures it. Past them the search is denied as undecidable.
MAX_ENTRIES = 300000
MAX_SECONDS = 2.0
_IGNORE_FILE_BYTES = 65536


class TooBig(Exception):
    """The walk ran out of its budget: what lies further down is unknown."""


class Budget:
    """Entries and seconds one call may spend walking trees (shared by every walk of the call).

    The seconds are the process's CPU time: the work a walk may do, the same on a busy machine
    as on an idle one (with the entries, it bounds the walk; the hook's wall-clock deadline is
    held by the checks around it)."""

    __slots__ = ("left", "deadline")

    def __init__(self, entries=None, seconds=None):
        self.left = MAX_ENTRIES if entries is None else entries
        self.deadline = time.process_time() + (MAX_SECONDS if seconds is None else seconds)

    def spend(self, n=1):
        """Count `n` entries; past the entries or the seconds, TooBig. The clock is read each
        time the count crosses a multiple of 64 (not only when it lands on one: a walk of
        folders of 511 entries never did, and ran on for minutes)."""
        before = self.left
        self.left -= n
        if self.left < 0:
            raise TooBig()
        if (before ^ self.left) >> 6:
            if time.process_time() > self.deadline:
                raise TooBig()
            # the CPU seconds above run slowly on a loaded machine: the hook's wall-clock deadline
            # is held here too (a walk of /proc/*/cwd took 17 s of wall time for 2 s of CPU)
            tick()


def walk(root, budget, follow=False, prune=None):
    """(relative path, absolute path, is a folder, is a link) for everything below `root`.

    `prune(rel, name, is_dir)` True skips an entry and everything below it. With `follow`,
    links to folders are walked too (once per real folder: a link loop ends)."""
    seen = {os.path.realpath(root)} if follow else None
    stack = [("", root)]
    while stack:
        rel, path = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        budget.spend(1)
        for entry in entries:
            budget.spend(1)  # per entry: the filters below may cost as much as the listing
            r = rel + "/" + entry.name if rel else entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=follow)
            except OSError:
                is_link, is_dir = False, False
            if prune is not None and prune(r, entry.name, is_dir):
                continue
            yield r, entry.path, is_dir, is_link
            if not is_dir:
                continue
            if is_link:
                real = os.path.realpath(entry.path)
                if real in seen:
                    continue
                seen.add(real)
            stack.append((r, entry.path))


def trusted_exclusion(pattern):
    """Is an exclusion pattern read the same way by every program that takes one? Left out
    (the guard then checks what it would have excluded): a backslash (an escape to fnmatch,
    ripgrep and git, a plain character to others), a bracket inside a class (`[[:alpha:]]`: a
    POSIX class to fnmatch, a `[` to ripgrep), a leading `/` or `./` (anchored by rsync and
    ripgrep, matching nothing in tar) and a trailing `/` (folders only, or nothing in tar). An
    exclusion the guard reads wider than the program does lets a secret through."""
    return not ("\\" in pattern or "[[" in pattern or pattern.startswith(("/", "./")) or pattern.endswith("/"))


def unescape(pattern):
    """An fnmatch pattern's `\\x` as the literal x (`\\.env` is `.env` to grep, find and ripgrep)."""
    if "\\" not in pattern:
        return pattern
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            c = pattern[i + 1]
            out.append("[" + c + "]" if c in "*?[" else c)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def matches_any(patterns, rel):
    """Does a basename-style glob (`.env`, `*.key`) or a path glob (`conf/*.json`) match `rel`,
    a folder above it, or the trailing part of it? (tar --exclude, rsync --exclude: unanchored,
    `*` spanning `/`.) Patterns trusted_exclusion() refuses never match."""
    parts = rel.split("/")
    for pattern in patterns:
        p = pattern.strip()
        if not p or not trusted_exclusion(p):
            continue
        if "/" in p:
            for i in range(len(parts)):
                if wildcard_match(p, "/".join(parts[i:])) or wildcard_match(p, "/".join(parts[:i + 1])):
                    return True
        elif any(wildcard_match(p, part) for part in parts):
            return True
    return False


class IgnoreFiles:
    """The ignore files a search program honours, read once per folder.

    `names`: which files count (`.gitignore` only inside a git work tree). `rules(folder)` gives
    (folder, [(pattern, dir_only, anchored)]) for the trusted files in and above `folder`
    up to `top`."""

    def __init__(self, names, top):
        self.names = names
        self.top = top
        self.cache = {}

    def _texts(self, folder):
        """The texts of the honoured ignore files in `folder`; None for one the guard cannot read
        whole (a FIFO, a folder, too big), which the program may still read."""
        found = self.cache.get(("texts", folder))
        if found is None:
            from legant_guard.hook.scriptfiles import read_bytes

            found = []
            for name in self.names:
                try:
                    text = read_bytes(os.path.join(folder, name), _IGNORE_FILE_BYTES)  # not a FIFO
                except FileNotFoundError:
                    continue
                except OSError:
                    found.append(None)
                    continue
                found.append(None if len(text) > _IGNORE_FILE_BYTES else text.decode("utf-8", "replace"))
            self.cache[("texts", folder)] = found
        return found

    def _read(self, folder):
        """(the rules of the ignore files in `folder`, are they all trusted). One untrusted file
        (a `!` line that re-includes, escapes, classes, or too big to read) makes the folder
        untrusted: it can bring back what another file, here or above, ignores."""
        if folder in self.cache:
            return self.cache[folder]
        rules, trusted = [], True
        for text in self._texts(folder):
            if text is None:
                trusted = False
                continue
            for line in text.splitlines():
                line = line.rstrip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("!") or "\\" in line or "[[" in line:
                    trusted = False
                    break
                dir_only = line.endswith("/")
                line = line.rstrip("/")
                rules.append((line.lstrip("/"), dir_only, "/" in line))
        self.cache[folder] = (rules, trusted)
        return rules, trusted

    def _brings_back(self, folder, rel, is_dir):
        """Does an ignore file in `folder` bring `rel` (relative to it) back with a `!` line, or is
        one there the guard cannot read whole or parse (escapes, classes)?"""
        for text in self._texts(folder):
            if text is None:
                return True
            for line in text.splitlines():
                line = line.rstrip()
                if not line.startswith("!"):
                    if "\\" in line or "[[" in line:
                        return True
                    continue
                line = line[1:]
                if _ignore_match(line.lstrip("/").rstrip("/"), line.endswith("/"), "/" in line.rstrip("/"), rel,
                                 is_dir):
                    return True
        return False

    def may_whitelist(self, path, is_dir=False):
        """Could an ignore file in the folders above the absolute `path` (up to `top`) bring it
        back with a `!` line that matches it (`!.env`; not `.env*` then `!.env.example`), or one
        the guard cannot read? ripgrep (the ignore crate) then reads a hidden file it would skip:
        a whitelist match overrides the hidden-file default."""
        folder = os.path.dirname(path)
        while True:
            if self._brings_back(folder, os.path.relpath(path, folder), is_dir):
                return True
            if folder == self.top or os.path.dirname(folder) == folder or \
                    not (self.top == "/" or folder.startswith(self.top + "/")):
                return False
            folder = os.path.dirname(folder)

    def ignored(self, path, is_dir):
        """Is the absolute `path` ignored by the ignore files in the folders above it (up to
        `top`)? Never when one of those folders holds an untrusted file: `.rgignore`'s `!.env`
        overrides `.gitignore`'s `.env`, a deeper `.gitignore` a higher one."""
        chain, folder = [], os.path.dirname(path)
        while True:
            rules, trusted = self._read(folder)
            if not trusted:
                return False
            chain.append((folder, rules))
            if folder == self.top or os.path.dirname(folder) == folder or \
                    not (self.top == "/" or folder.startswith(self.top + "/")):
                break
            folder = os.path.dirname(folder)
        for folder, rules in chain:
            if rules:
                rel = os.path.relpath(path, folder)
                for pattern, dir_only, anchored in rules:
                    if _ignore_match(pattern, dir_only, anchored, rel, is_dir):
                        return True
        return False


def _ignore_match(pattern, dir_only, anchored, rel, is_dir):
    """gitignore matching of `rel` (relative to the ignore file's folder) and its parent folders."""
    parts = rel.split("/")
    for i in range(len(parts)):
        last = i == len(parts) - 1
        if dir_only and last and not is_dir:
            continue
        if anchored:
            if glob_match("/" + pattern, "/" + "/".join(parts[:i + 1])):
                return True
        elif "/" not in pattern and wildcard_match(pattern, parts[i]) and ("/" not in parts[i]):
            return True
    return False


def git_top(folder):
    """The work tree holding `folder` (the nearest ancestor with a `.git`), or None."""
    return nearest_holding(folder, ".git", os.path.exists)


def nearest_holding(folder, name, test):
    """`folder` or its nearest ancestor whose entry `name` passes `test` (os.path.exists,
    os.path.isfile), or None."""
    while True:
        if test(os.path.join(folder, name)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
