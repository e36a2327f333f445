"""Path resolution and matching for path rules.

Invariant: paths are resolved before they are compared. `~`, `$HOME` and `${HOME}` are
expanded, relative paths are joined to the working directory, `..` is collapsed, and
symlinks are resolved on the longest existing prefix (os.path.realpath), so neither a
traversal nor a planted link escapes a root. Deny rules are checked against both the
literal (normalised) path and the resolved one: a link named `.env` is denied by name,
and a link pointing into `~/.ssh` is denied by destination.
"""

import os
import re

_GLOB_CHARS = frozenset("*?[")


def expand_home(path, home):
    """Expand a leading ~, $HOME or ${HOME} (only the current user's home: `~other` is left alone)."""
    if path == "~" or path.startswith("~/"):
        return home + path[1:]
    if path.startswith("$HOME") and (len(path) == 5 or path[5] == "/"):
        return home + path[5:]
    if path.startswith("${HOME}"):
        return home + path[7:]
    return path


def normalize(path, cwd, home):
    """Absolute, `..`-collapsed path (no symlink resolution). `//x` and `\\/` spellings fold to `/x`."""
    path = expand_home(path.replace("\\/", "/"), home)
    if not os.path.isabs(path):
        path = os.path.join(cwd, path)
    path = os.path.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    return path


def resolve(path, cwd, home):
    """normalize() then resolve symlinks on the longest existing prefix."""
    return os.path.realpath(normalize(path, cwd, home))


def is_inside(path, root):
    """True when `path` is `root` or below it (both absolute and normalised)."""
    if root == "/":
        return path.startswith("/")
    return path == root or path.startswith(root + "/")


def is_glob(pattern):
    return any(c in _GLOB_CHARS for c in pattern)


def glob_regex(pattern):
    """Compile a path glob: `**/` any number of folders, `*` and `?` within one name, `[...]` a class."""
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


class PathRule:
    """One path rule (a root, a file, or a glob), anchored to an absolute location.

    A plain path matches itself and everything below it. A glob matches a path when the
    path or any of its ancestors matches the glob, so `**/.env` also covers `.env/x`.
    """

    __slots__ = ("source", "anchored", "regex")

    def __init__(self, source, base, home):
        self.source = source
        self.anchored = normalize(source, base, home)
        self.regex = glob_regex(self.anchored) if is_glob(source) else None

    def matches(self, path):
        if self.regex is None:
            return is_inside(path, self.anchored)
        probe = path
        while True:
            if self.regex.match(probe):
                return True
            parent = os.path.dirname(probe)
            if parent == probe:
                return False
            probe = parent

    def contained_in(self, path):
        """True when this rule's location lies below `path` (a delete of `path` would remove it)."""
        root = self.anchored
        if self.regex is not None:
            # The fixed folder part of the glob, e.g. /proj for /proj/**/.env.
            parts = []
            for part in root.split("/"):
                if is_glob(part):
                    break
                parts.append(part)
            root = "/".join(parts) or "/"
        return is_inside(root, path)


def path_variants(path, cwd, home):
    """The literal-normalised and the symlink-resolved spelling of a path (one or two strings)."""
    literal = normalize(path, cwd, home)
    real = os.path.realpath(literal)
    return (literal,) if real == literal else (literal, real)
