"""Path resolution and matching for path rules.

Invariant: paths are resolved before they are compared. `~`, `$HOME` and `${HOME}` are
expanded, relative paths are joined to the working directory, `..` is collapsed, and
symlinks are resolved on the longest existing prefix (os.path.realpath), so neither a
traversal nor a planted link escapes a root. Deny rules are checked against both the
literal (normalised) path and the resolved one: a link named `.env` is denied by name,
and a link pointing into `~/.ssh` is denied by destination.
"""

import os

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


def wildcard_match(pattern, text):
    """fnmatch-style match of one name: `*` any run, `?` one char, `[abc]`/`[!a-z]` a class.

    Hand-written (no `re`, no `fnmatch`): importing `re` costs ~12 ms on the hook path.
    Case-sensitive, like paths and tool names.
    """
    p = t = 0
    star_p = star_t = -1
    while t < len(text):
        if p < len(pattern):
            c = pattern[p]
            if c == "*":
                star_p, star_t = p, t
                p += 1
                continue
            if c == "?":
                p += 1
                t += 1
                continue
            if c == "[":
                matched, end = _class_match(pattern, p, text[t])
                if end is not None:
                    if matched:
                        p, t = end, t + 1
                        continue
                elif text[t] == "[":
                    p += 1
                    t += 1
                    continue
            elif c == text[t]:
                p += 1
                t += 1
                continue
        if star_p == -1:
            return False
        star_t += 1
        p, t = star_p + 1, star_t
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _class_match(pattern, start, char):
    """(matched, index after `]`) for a `[...]` class at `start`; (False, None) if unterminated."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    first = i
    matched = False
    while i < len(pattern) and (pattern[i] != "]" or i == first):
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            if pattern[i] <= char <= pattern[i + 2]:
                matched = True
            i += 3
        else:
            if pattern[i] == char:
                matched = True
            i += 1
    if i >= len(pattern):
        return False, None
    return matched != negate, i + 1


def glob_match(pattern, path):
    """Match an absolute path against an absolute glob; a `**` segment is any number of folders."""
    return _match_segments(pattern.split("/"), path.split("/"))


def _match_segments(pats, parts):
    if not pats:
        return not parts
    head = pats[0]
    if head == "**":
        return any(_match_segments(pats[1:], parts[i:]) for i in range(len(parts) + 1))
    if not parts:
        return False
    return wildcard_match(head, parts[0]) and _match_segments(pats[1:], parts[1:])


def glob_overlaps(pattern, path, dotglob=False):
    """Could the shell glob `pattern` (absolute) name `path`, a folder above it or a path below it?

    Component by component, with bash's rule that `*`, `?` and `[...]` never match a leading
    dot unless the pattern spells the dot: `~/.ss*/id_rsa` overlaps `~/.ssh`, `src/*` does not
    overlap `src/.claude`.
    """
    pats = [c for c in pattern.split("/") if c]
    parts = [c for c in path.split("/") if c]
    for pat, part in zip(pats, parts):
        if part.startswith(".") and not pat.startswith(".") and not dotglob:
            return False
        if not wildcard_match(pat, part):
            return False
    return True


class PathRule:
    """One path rule (a root, a file, or a glob), anchored to an absolute location.

    A plain path matches itself and everything below it. A glob matches a path when the
    path or any of its ancestors matches the glob, so `**/.env` also covers `.env/x`.
    A deny-side rule (`fold=True`) ignores case and Unicode normalisation: on a case-insensitive
    file system (macOS, Windows) `.ENV` and `~/.SSH/id_rsa` open the denied files, and realpath
    keeps the spelling it was given. Allow-side rules stay exact.
    """

    __slots__ = ("source", "anchored", "glob", "fold")

    def __init__(self, source, base, home, fold=False):
        self.source = source
        self.fold = fold
        anchored = normalize(source, base, home)
        self.anchored = fold_path(anchored) if fold else anchored
        self.glob = is_glob(source)

    def matches(self, path):
        if self.fold:
            path = fold_path(path)
        if not self.glob:
            return is_inside(path, self.anchored)
        probe = path
        while True:
            if glob_match(self.anchored, probe):
                return True
            parent = os.path.dirname(probe)
            if parent == probe:
                return False
            probe = parent

    def contained_in(self, path):
        """True when this rule's location lies below `path` (a delete of `path` would remove it)."""
        root = self.anchored
        if self.fold:
            path = fold_path(path)
        if self.glob:
            # The fixed folder part of the glob, e.g. /proj for /proj/**/.env.
            parts = []
            for part in root.split("/"):
                if is_glob(part):
                    break
                parts.append(part)
            root = "/".join(parts) or "/"
        return is_inside(root, path)


def fold_path(path):
    """Case- and normalisation-insensitive form of a path: macOS (APFS) opens `.ENV` as `.env`
    and an NFD `josé` as the NFC one. unicodedata is imported only for non-ASCII paths."""
    if not path.isascii():
        import unicodedata

        path = unicodedata.normalize("NFC", path)
    return path.casefold()


def path_variants(path, cwd, home):
    """The literal-normalised and the symlink-resolved spelling of a path (one or two strings)."""
    literal = normalize(path, cwd, home)
    real = os.path.realpath(literal)
    return (literal,) if real == literal else (literal, real)
