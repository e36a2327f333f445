"""Path resolution and matching for path rules.

Invariant (DESIGN 5): paths are resolved as the kernel resolves them before they are compared.
`~`, `$HOME` and `${HOME}` are expanded and relative paths are joined to the working directory;
then the path is walked component by component: each symlink is followed before the next
`..` applies, so `link/../x` goes to the parent of the link's TARGET, as bash, the kernel and
Codex's apply_patch do (a lexical `..` collapse would read it as `./x`). Components after the
last existing one are taken lexically; more than 40 links in one walk is ELOOP, as in Linux.
Deny rules are checked against every spelling: the lexical one (a link named `.env` is denied
by name), the name in its physical folder, and the destination (a link into `~/.ssh`).

Matching is linear: one two-pointer matcher for `*` inside a name and for `**` across folders,
and the rules of a call are built once and indexed (RuleSet).
"""

import errno
import os

from legant_guard.hook.budget import tick

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
    if _already_normal(path):  # most paths the hook builds itself (protected files, realpaths)
        return path
    path = expand_home(path.replace("\\/", "/"), home)
    if not os.path.isabs(path):
        path = os.path.join(cwd, path)
    path = os.path.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    return path


def opened_at(path, cwd):
    """`path` (`~` expanded) joined to `cwd` as a program that opens it reaches it: each `..`
    applied by the kernel (after a symlink, the parent of its target), the rest collapsed.
    `grep -r x sub/link/..`, `tar -cf o.tar link/..`, `find link/..` start in the link target's
    parent, not in `sub`: a `..`-collapsed root hid the home folder behind a project folder."""
    if path[:1] == "~":
        path = os.path.expanduser(path)
    if path[:1] != "/":
        path = cwd + path if not cwd or cwd.endswith("/") else cwd + "/" + path
    if "/../" in path or path.endswith("/.."):
        try:
            return kernel_spelling(path)
        except LinkLoop:
            pass
        except SelfProcPath:
            return path
    return os.path.normpath(path)


def _already_normal(path):
    """True when normalize() would return `path` unchanged: absolute, no `//`, `.` or `..`
    component, no trailing slash and no `\\/` spelling. A cheap test that spares the
    join/normpath work for the hundreds of protected paths built on every call."""
    return (path[:1] == "/" and path[-1:] != "/" and "//" not in path and "\\/" not in path and (
        "/." not in path or ("/./" not in path and "/../" not in path and path[-2:] != "/." and path[-3:] != "/..")))


def resolve(path, cwd, home):
    """The physical path the kernel would open (symlinks followed, `..` after a link physical)."""
    return path_variants(path, cwd, home)[-1]


def is_inside(path, root):
    """True when `path` is `root` or below it (both absolute and normalised)."""
    if root == "/":
        return path.startswith("/")
    return path == root or path.startswith(root + "/")


def is_glob(pattern):
    return "*" in pattern or "?" in pattern or "[" in pattern or ("(" in pattern and _is_extglob(pattern))


def wildcard_match(pattern, text, escapes=False):
    """fnmatch-style match of one name: `*` any run, `?` one char, `[abc]`/`[!a-z]`/`[^a]` a
    class (a `]` first in it is a member; a `[` with no `]` is itself). The one matcher of the
    guard: path rules, tool and program names, and the shell's own patterns (the tripwires).

    `escapes`: a `\\x` is a literal x, as bash reads its patterns; otherwise (rule and tool
    patterns, like Python's fnmatch) a backslash is an ordinary character.
    Two pointers, backtracking only to the last `*`: at most len(text) * len(pattern) steps
    (a recursive matcher is exponential in the number of `*`; DESIGN invariant 7).
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
                matched, end = _class_match(pattern, p, text[t], escapes)
                if end is not None:
                    if matched:
                        p, t = end, t + 1
                        continue
                elif text[t] == "[":
                    p += 1
                    t += 1
                    continue
            elif escapes and c == "\\" and p + 1 < len(pattern):  # `escapes` first: cheap when off
                if pattern[p + 1] == text[t]:
                    p += 2
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


def _class_match(pattern, start, char, escapes=False):
    """(matched, index after `]`) for a `[...]` class at `start`; (False, None) if unterminated.
    With `escapes`, `\\x` in the class is the member x (`[\\]]` is the class of `]`)."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    first = i
    matched = False
    while i < len(pattern) and (pattern[i] != "]" or i == first):
        if pattern[i] == "[" and i + 1 < len(pattern) and pattern[i + 1] in ":=.":
            # `[[:alpha:]]`, `[[=e=]]`, `[[.e.]]`: bash, fnmatch, find and ripgrep all read them
            # (`.[[:alpha:]]nv` names .env); read as plain members they matched nothing.
            close = pattern.find(pattern[i + 1] + "]", i + 2)
            if close != -1:
                if _bracket_member(pattern[i + 1], pattern[i + 2:close], char):
                    matched = True
                i = close + 2
                continue
        lo = pattern[i]
        if escapes and lo == "\\" and i + 1 < len(pattern):
            i += 1
            lo = pattern[i]
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            hi = pattern[i + 2]
            i += 3
            if escapes and hi == "\\" and i < len(pattern):
                hi = pattern[i]
                i += 1
            if lo <= char <= hi:
                matched = True
        else:
            if lo == char:
                matched = True
            i += 1
    if i >= len(pattern):
        return False, None
    return matched != negate, i + 1


_POSIX_CLASSES = {
    "alpha": str.isalpha, "digit": lambda c: c in "0123456789", "alnum": str.isalnum, "upper": str.isupper,
    "lower": str.islower, "space": str.isspace, "blank": lambda c: c in " \t", "punct": lambda c: c.isascii() and
    not c.isalnum() and c.isprintable() and c != " ", "print": str.isprintable, "graph": lambda c: c.isprintable() and
    c != " ", "cntrl": lambda c: not c.isprintable(), "xdigit": lambda c: c in "0123456789abcdefABCDEF",
    "word": lambda c: c.isalnum() or c == "_",
}


def _bracket_member(kind, name, char):
    """A `[:name:]` class, `[=c=]` equivalence class or `[.c.]` collating element inside `[...]`
    (an unknown class name matches nothing, as in bash and fnmatch). ripgrep's globs do not
    read these: a filter that leaves files out is trusted only without them
    (treewalk.trusted_exclusions)."""
    if kind == ":":
        test = _POSIX_CLASSES.get(name)
        return test is not None and test(char)
    return name == char


def glob_match(pattern, path):
    """Match an absolute path against an absolute glob; a `**` segment is any number of folders."""
    return _match_segments(pattern.split("/"), path.split("/"))


def _match_segments(pats, parts):
    """Two-pointer match of name patterns against path components, `**` standing for any run of
    components: at most len(pats) * len(parts) name matches, never exponential (a pattern with
    many `**` against a deep path used to recurse for minutes)."""
    p = t = 0
    star_p = star_t = -1
    while t < len(parts):
        if p < len(pats) and pats[p] == "**":
            star_p, star_t = p, t
            p += 1
            continue
        if p < len(pats) and wildcard_match(pats[p], parts[t]):
            p += 1
            t += 1
            continue
        if star_p == -1:
            return False
        tick()
        star_t += 1
        p, t = star_p + 1, star_t
    while p < len(pats) and pats[p] == "**":
        p += 1
    return p == len(pats)


def glob_overlaps(pattern, path, dotglob=False):
    """Could the shell glob `pattern` (absolute) name `path`, a folder above it or a path below it?

    Component by component, with bash's rule that `*`, `?` and `[...]` never match a leading
    dot unless the pattern spells the dot: `~/.ss*/id_rsa` overlaps `~/.ssh`, `src/*` does not
    overlap `src/.claude`.
    """
    pats = [c for c in pattern.split("/") if c]
    parts = [c for c in path.split("/") if c]
    for pat, part in zip(pats, parts):
        if pat == part:
            continue  # (a folder named like a pattern, /w/p[1]: the working folder a relative glob was joined to)
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

    __slots__ = ("source", "anchored", "glob", "fold", "_pats", "_needles")

    def __init__(self, source, base, home, fold=False, literal=False):
        self.source = source
        self.fold = fold
        # `literal`: a path the guard built (its own files, the agents' configs), never a pattern,
        # whatever its folders are called (a guard dir at /w/g[1]/guard matched no file as a glob).
        if not literal and "[" in source:
            plain = unescape_literal(source)
            if plain is not None:  # /w/p[[]1]/proj (a project path escaped at mint): the path /w/p[1]/proj
                source, literal = plain, True
        if (literal or not is_glob(source)) and _already_normal(source):
            # The common case (the hundreds of protected files built on every call): nothing to work out.
            self.anchored = fold_path(source) if fold else source
            self.glob, self._pats, self._needles = False, None, ()
            return
        anchored = normalize(source, base, home)
        self.anchored = fold_path(anchored) if fold else anchored
        self.glob = not literal and is_glob(source)
        pattern = self.anchored
        if self.glob and not _GLOB_CHARS.isdisjoint(base + home):
            # A relative or ~/ glob names the folder it is anchored at: a project at /w/p[1] must
            # not turn `**/.env` into the pattern /w/p[1]/**/.env, which never matches the project.
            pattern = normalize(source, literal_pattern(base), literal_pattern(home))
            pattern = fold_path(pattern) if fold else pattern
        # "path or any of its ancestors matches" == the glob followed by `/**` matches the path.
        self._pats = pattern.split("/") + ["**"] if self.glob else None
        self._needles = None if self.glob else ()  # (worked out on the first match: most rules of a call meet no path)

    def matches(self, path):
        return self.matches_prepared(fold_path(path) if self.fold else path)

    def matches_prepared(self, path):
        """matches() for a path already folded when this rule folds."""
        if not self.glob:
            return is_inside(path, self.anchored)
        needles = self._needles
        if needles is None:
            # Literal runs every matching path must contain (`/proj`, `.env` for /proj/**/.env.*):
            # a substring test that rules out most paths before the matcher runs. Last first:
            # the name (`.env`) rules out a path sooner than the anchor every path shares.
            needles = self._needles = [run for seg in reversed(self._pats) for run in _literal_runs(seg) if len(run) > 1]
        for needle in needles:
            if needle not in path:
                return False
        return _match_segments(self._pats, path.split("/"))

    def root(self):
        """The fixed folder of the rule: itself, or for a glob the part before the first
        wildcard (/proj for /proj/**/.env)."""
        if not self.glob:
            return self.anchored
        parts = []
        for part in self.anchored.split("/"):
            if is_glob(part):
                break
            parts.append(part)
        return "/".join(parts) or "/"

    def contained_in(self, path):
        """True when this rule's location lies below `path` (a delete of `path` would remove it)."""
        if self.fold:
            path = fold_path(path)
        return is_inside(self.root(), path)


_LITERAL_CLASSES = {"[": "[[]", "*": "[*]", "?": "[?]", "(": "[(]"}


def literal_pattern(folder):
    """`folder` as a rule pattern that matches only itself (its `[`, `*`, `?` and, after an
    extglob operator, `(` as one-member classes)."""
    if not is_glob(folder):
        return folder
    return "".join(_LITERAL_CLASSES.get(c, c) for c in folder)


def unescape_literal(pattern):
    """The path a pattern made only of literal characters and the one-member classes
    literal_pattern writes (`[[]`, `[*]`, `[?]`, `[(]`) matches, or None when it has a real
    wildcard. Such a pattern matches exactly that path and what lies below it, as a plain path
    rule does: read as a glob, its folder could never be the root of a search or a containment
    test."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "[":
            if i + 2 < n and pattern[i + 2] == "]" and pattern[i + 1] in _LITERAL_CLASSES:
                out.append(pattern[i + 1])
                i += 3
                continue
            return None
        if c in "*?":
            return None
        out.append(c)
        i += 1
    return None if _is_extglob(pattern) else "".join(out)


def _literal_runs(segment):
    """The runs of plain characters in one glob segment (`[...]` classes skipped)."""
    runs, run, i = [], "", 0
    while i < len(segment):
        c = segment[i]
        if c in "*?":
            runs.append(run)
            run = ""
        elif c == "[":
            runs.append(run)
            run = ""
            # where the matcher's class ends (a `]` right after `[` or `[!` is a member, and
            # `[[:alpha:]]` ends at its second `]`: `.[[:alpha:]]nv` names .env)
            end = _class_match(segment, i, "x")[1]
            if end is None:
                return runs  # an unterminated class: stop (the matcher reads `[` literally; be safe)
            i = end - 1
        else:
            run += c
        i += 1
    runs.append(run)
    return runs


class LateUnion:
    """The union of several rule sets (folded), asked "may any of them match?" for a path: one
    lookup where there were several. Building it costs more than a small call saves, so the
    first UNION_AFTER questions answer "maybe" (the caller asks each set) and only a call that
    checks more paths builds it. `rules()` gives the rules of every set."""

    UNION_AFTER = 16  # most calls check a path or two

    __slots__ = ("_rules", "_left", "_union")

    def __init__(self, rules, replacing=None):
        """`replacing`: the union of fewer sets this one replaces (its count of questions goes on)."""
        self._rules, self._left, self._union = rules, self.UNION_AFTER if replacing is None else replacing._left, None

    def may_match(self, folded):
        """False only when no rule of the sets matches any of the folded spellings."""
        if self._union is None:
            if self._left:
                self._left -= 1
                return True
            self._union = RuleSet(self._rules(), fold=True)
        union = self._union
        for f in folded:
            if union.first_match(f, f) is not None:
                return True
        return False


def _position(entry):
    return entry[0]


class RuleSet:
    """The path rules of one side (all folded or all exact), built once per call and indexed:
    plain rules in a dict looked up at each ancestor of the probe (up to the deepest rule),
    globs in a list. `first_match` costs O(depth + globs), not O(rules * depth).

    A glob with a plain name among its components (`/**/.envrc`, `/p/**/.env`) matches only a
    path holding that name as a component, so one set test of the path's components against
    those names rules them all out for nearly every path; only the globs without a plain name
    (`/**/mise.*.toml`) are then tried.

    A call that asks about many paths (a long command) asks about few folders: a glob matches
    FOLDER/NAME when it matches FOLDER or an ancestor (worked out once per folder), or when the
    glob itself matches FOLDER/NAME, which only the globs whose last component can be NAME may
    (looked up by NAME; `.env.*` by its literal runs)."""

    __slots__ = ("rules", "plain", "globs", "fold", "_folders", "_glob_names", "_unnamed_globs",
                 "_left", "_tails", "_glob_folders", "_longest")

    TAILS_AFTER = 16  # most calls check a path or two: indexing the globs' last names would cost more

    def __init__(self, rules, fold):
        self.rules = list(rules)
        self.fold = fold
        self.plain = {}
        self.globs = []
        self._folders = {}  # folder -> (plain rule matching it, or None; may a rule lie below it?)
        self._glob_names = {}  # the last plain name of each glob that has one -> [(position, glob)]
        self._unnamed_globs = []  # [(position, glob)] for the globs without one
        self._left = self.TAILS_AFTER
        self._tails = None  # (by last name, the others), built after TAILS_AFTER glob lookups (_tail_index)
        self._glob_folders = {}  # folder -> (position, glob) of the first glob matching it or an ancestor, or None
        for rule in self.rules:
            if rule.glob:
                entry = (len(self.globs), rule)
                self.globs.append(rule)
                # (a name before a `**` is an anchor every path below it holds: `/proj/**/.env.*`
                # counts as unnamed, its `.env.` needle rules paths out as fast)
                pats = rule._pats[:-1]
                tail = pats[len(pats) - pats[::-1].index("**"):] if "**" in pats else pats
                names = [seg for seg in tail if seg and not is_glob(seg)]
                if names:
                    self._glob_names.setdefault(names[-1], []).append(entry)
                else:
                    self._unnamed_globs.append(entry)
            else:
                self.plain.setdefault(rule.anchored, rule)
        # (no plain rule is longer: a deeper prefix of a probe is never looked up, so a path of
        # 60,000 components costs what its first folders do, not the square of its length)
        self._longest = max(map(len, self.plain), default=0)

    def _first_glob(self, probe):
        """The first glob (in order) matching `probe` or one of its ancestors, or None."""
        found = self._first_glob_entry(probe)
        return found[1] if found is not None else None

    def _first_glob_entry(self, probe):
        """(position, glob) of the first glob matching `probe` or one of its ancestors, or None."""
        named = self._glob_names.keys() & probe.split("/")
        candidates = self._unnamed_globs
        if named:
            lists = [self._glob_names[name] for name in named]
            candidates = lists[0] if len(lists) == 1 and not candidates else \
                sorted(candidates + [entry for found in lists for entry in found], key=_position)
        for entry in candidates:
            if entry[1].matches_prepared(probe):
                return entry
        return None

    def _tail_index(self):
        """The globs by what their last component can match: ({plain last name: [entries]},
        [(entry, a literal run of the last component)] for the others, in order, and a memo
        {name: the entries of both that may match it}). An entry is (position, glob, the glob's
        components, the literal runs a path it matches holds)."""
        by_name, others = {}, []
        for position, rule in enumerate(self.globs):
            pats = rule._pats[:-1]  # (without the `**` that makes the glob match below too)
            last = pats[-1]
            # (the literal runs every path the glob matches holds, the name's first: PathRule's needles)
            entry = (position, rule, pats, [run for seg in reversed(pats) for run in _literal_runs(seg) if len(run) > 1])
            if last and last != "**" and not is_glob(last):
                by_name.setdefault(last, []).append(entry)
            else:  # (with the longest literal run of its last component: a name without it is no match)
                others.append((entry, max(_literal_runs(last), key=len, default="") if last != "**" else ""))
        return by_name, others, {}

    def _folder_match(self, folder):
        """(the plain rule at `folder` or above it, or None; can a plain rule lie below it?),
        from the folder above it when that one is known (the folders of one call share their
        ancestors: each is worked out once)."""
        root = self.plain.get("/")
        if root is not None:  # (a rule for / matches every path)
            return root, False
        if not folder:
            return None, True
        cache, plain = self._folders, self.plain
        pending = [folder]
        known = (None, True)  # (the root's, with no rule for / itself)
        while True:
            k = folder.rfind("/")
            folder = folder[:k] if k > 0 else ""
            if not folder:
                break
            found = cache.get(folder)
            if found is not None:
                known = found
                break
            if len(pending) >= 64:  # a very deep path: from / down, remembering only the folder
                return self._folder_match_down(pending[0])
            pending.append(folder)
        for folder in reversed(pending):
            rule, below = known
            if rule is None and below:
                rule = plain.get(folder)
                known = (rule, False) if rule is not None else (None, True)
            cache[folder] = known
        return known

    def _folder_match_down(self, folder):
        """_folder_match from / down (its ancestors are not remembered)."""
        plain, longest = self.plain, self._longest
        end = folder.find("/", 1)
        while True:
            if (len(folder) if end == -1 else end) > longest:
                return None, False  # (deeper than every plain rule: none at or below it)
            prefix = folder if end == -1 else folder[:end]
            rule = plain.get(prefix)
            if rule is not None:
                return rule, False
            if end == -1:
                return None, True
            end = folder.find("/", end + 1)

    def first_match(self, path, folded=None):
        """The first rule matching `path` (absolute, normalised), or None. `folded`: fold_path(path)
        when the caller has it already (deny-side sets fold)."""
        probe = (folded if folded is not None else fold_path(path)) if self.fold else path
        k = probe.rfind("/")
        folder = probe[:k]
        if self.plain:
            known = self._folders.get(folder)
            if known is None:
                known = self._folders[folder] = self._folder_match(folder)
            rule, below = known
            if rule is not None:
                return rule
            if below:
                rule = self.plain.get(probe)
                if rule is not None:
                    return rule
        if not self.globs:
            return None
        tails = self._tails
        if tails is None:
            if self._left:
                self._left -= 1
                return self._first_glob(probe)
            tails = self._tails = self._tail_index()
        if k < 1:  # (`/x`, or a path that is not absolute)
            return self._first_glob(probe)
        # probe = FOLDER/NAME: "the glob or any folder above it matches" is "the glob followed by
        # `/**` matches", so a glob matches the probe when it matches FOLDER or an ancestor (worked
        # out once per folder) or when the glob alone matches the probe, which only the globs
        # whose last component may match NAME can (looked up by NAME, or holding a run of NAME).
        above = self._glob_folders.get(folder, _UNSEEN)
        if above is _UNSEEN:
            above = self._glob_folders[folder] = self._first_glob_entry(folder)
        name = probe[k + 1:]
        by_name, others, seen = tails
        if not others:
            candidates = by_name.get(name)
        else:
            candidates = seen.get(name, _UNSEEN)
            if candidates is _UNSEEN:
                candidates = by_name.get(name)
                found = [entry for entry, run in others if run in name]
                if found:
                    candidates = sorted(found + candidates, key=_position) if candidates else found
                seen[name] = candidates
        if candidates:
            limit = above[0] if above is not None else len(self.globs)
            parts = probe.split("/")
            for entry in candidates:
                if entry[0] >= limit:
                    break
                for needle in entry[3]:
                    if needle not in probe:
                        break
                else:
                    if _match_segments(entry[2], parts):
                        return entry[1]
        return above[1] if above is not None else None


MAX_GLOB_MATCHES = 2000
MAX_GLOB_VISITS = 20000


def _is_extglob(seg):
    return any(op + "(" in seg for op in "@!+*?")


def expand_glob(pattern, dotglob=False, max_matches=MAX_GLOB_MATCHES, max_visits=MAX_GLOB_VISITS,
                globstar=False, nocase=False):
    """What bash passes for an absolute glob operand: the existing matches, or the pattern itself
    when nothing matches; None when it matches more than `max_matches` files or the search looks
    at more than `max_visits` folder entries (`/proc/*/*/*/*/*/*/zz`): too many to check.
    Folder by folder like bash: `*`, `?` and `[...]` do not match a leading dot unless the
    pattern spells it or dotglob is on; `**` is `*` unless `globstar` (then any run of folders,
and as the last component every file below as well).
    `nocase` (nocaseglob) matches names case-insensitively. An extglob component (`@(.env)`,
    `!(x)`) is taken as matching every entry of its folder, dotfiles included: what the guard
    does not interpret it over-approximates. A folder component that names an existing folder
    as spelled (/w/p[1]/proj/.e*) is also that folder: the guard joins a relative glob to the
    working folder, whose name bash never reads as a pattern (more matches, never fewer)."""
    segments = pattern.split("/")[1:]
    found = [""]
    visits = 0
    for k, seg in enumerate(segments):
        if not is_glob(seg) and not _is_extglob(seg):
            found = [f + "/" + seg for f in found]
            continue
        more = k + 1 < len(segments)
        step = []
        if seg == "**" and globstar:
            # the folders themselves and every folder below them (hidden ones only with dotglob)
            pending = list(found)
            while pending:
                folder = pending.pop()
                step.append(folder)
                for entry in _scan(folder or "/", max_visits - visits):
                    visits += 1
                    if visits > max_visits:
                        return None
                    tick()
                    if entry.name.startswith(".") and not dotglob:
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(folder + "/" + entry.name)
                        elif not more:  # a last `**` matches every file too (`cat src/**`)
                            step.append(folder + "/" + entry.name)
                    except OSError:
                        continue
            if not more:
                step = [f for f in step if f]
                if len(step) > max_matches:
                    return None
            found = step
            if not found:
                return [pattern]
            continue
        anything = _is_extglob(seg)
        spelled = seg
        if nocase:
            seg = seg.casefold()
        for folder in found:
            if more:
                visits += 1  # (a stat, counted like an entry read)
                if os.path.isdir(folder + "/" + spelled):
                    step.append(folder + "/" + spelled)
            for entry in _scan(folder or "/", max_visits - visits):
                visits += 1
                if visits > max_visits:
                    return None
                tick()
                name = entry.name
                if not anything:
                    if name.startswith(".") and not seg.startswith(".") and not dotglob:
                        continue
                    if not wildcard_match(seg, name.casefold() if nocase else name):
                        continue
                try:
                    if more and not entry.is_dir():
                        continue
                except OSError:
                    continue
                step.append(folder + "/" + name)
                if len(step) > max_matches and not more:
                    return None
        found = step
        if not found:
            return [pattern]
    matches = [f or "/" for f in found if os.path.lexists(f or "/")]
    if len(matches) > max_matches:
        return None
    return matches or [pattern]


def _scan(folder, limit):
    """Up to `limit` + 1 entries of a folder (an unreadable one, or one that fails half-way, as
    /proc's do, yields what could be read)."""
    out = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                out.append(entry)
                if len(out) > limit:
                    break
    except OSError:
        pass
    return out


def fold_path(path):
    """Case- and normalisation-insensitive form of a path: macOS (APFS) opens `.ENV` as `.env`
    and an NFD `josé` as the NFC one. unicodedata is imported only for non-ASCII paths."""
    if not path.isascii():
        import unicodedata

        path = unicodedata.normalize("NFC", path)
    return path.casefold()


_SELF_PROC = frozenset(("/proc/self", "/proc/thread-self"))
_SELF_LINKS = frozenset(("cwd", "root", "exe", "fd", "map_files"))

MAX_LINK_HOPS = 40  # Linux's limit on symlinks followed in one lookup (ELOOP beyond)


class UnresolvablePath(ValueError):
    """The guard cannot tell which file the path names (the call is denied with this reason)."""


class SelfProcPath(UnresolvablePath):
    """The path goes through a link of /proc/self (cwd, root, fd/N): the reading process's, not the guard's."""


class LinkLoop(UnresolvablePath):
    """Resolving the path follows more than MAX_LINK_HOPS symlinks: the kernel answers ELOOP."""


def path_variants(path, cwd, home, fold=True):
    """The spellings of a path the rules must see, the lexical one first and the physical one last:
    (lexical, name in its physical folder, physical), duplicates dropped. Raises LinkLoop, or
    UnresolvablePath for a NUL byte (no file name holds one; a C program would stop there).
    `fold=False`: a `\\/` is a backslash ending a name, as the kernel reads it (_both_spellings)."""
    memo, absent = _variants, _absent
    if memo is not None:
        found = memo.get((path, cwd, home) if fold else (path, cwd, home, fold))
        if found is not None:
            return found
    if "\x00" in path:
        raise UnresolvablePath(f"the path {path!r} contains a NUL byte, which no file name can hold")
    if _already_normal(path):
        # (how the analysis gives operands: absolute, nothing to expand, join or collapse)
        literal = path
        k = path.rfind("/")
        folder, missing = _walk_folder_named(path[1:k])
        last = path[k + 1:]
    else:
        if fold and "\\/" in path:
            return _both_spellings(path, cwd, home)
        spelled = path.replace("\\/", "/") if fold and "\\" in path else path
        expanded = expand_home(spelled, home) if spelled[:1] in "~$" else spelled
        joined = expanded if expanded.startswith("/") else cwd.rstrip("/") + "/" + expanded
        literal = os.path.normpath(joined)
        if literal.startswith("//"):
            literal = "/" + literal.lstrip("/")
        parts = joined.split("/")
        names = parts[1:] if parts.count("") == 1 and not parts[0] and "." not in parts else \
            [c for c in parts if c and c != "."]
        if names and names[-1] != "..":
            folder, missing = _walk_folder(names[:-1])
            last = names[-1]
        else:
            folder = None
    if folder is not None:
        named = folder + "/" + last
        if missing:  # below a missing folder nothing is looked up (_walk's own shortcut)
            real, missing = named, missing + 1
        else:
            real, missing = _walk(folder, 0, [last])
            real = real or "/"
    else:
        real, missing = _walk("", 0, names)
        named = real = real or "/"
    if real[:6] == "/proc/" and real.startswith(("/proc/self/", "/proc/thread-self/")):
        _check_self_proc(real)
    found = (literal,) if literal == named == real else _unique(literal, named, real)
    if memo is not None:
        memo[(path, cwd, home) if fold else (path, cwd, home, fold)] = found
        if missing and absent is not None and real[:6] != "/proc/":
            # The walk's lookup of a component failed (ENOENT, ENOTDIR, EACCES): a stat of the
            # physical path fails the same way. (Below /proc/self the walk stops looking up
            # without a failure: those paths are never counted absent.)
            absent.add(real)
    return found


def _both_spellings(path, cwd, home):
    """`k\\/id_rsa`: a shell word spelt so means `k/id_rsa`, but a file tool's path (and a quoted
    word) reaches the folder `k\\` (a backslash is a character of a name on Linux: a link a cloned
    repository may hold). Both readings are judged; the kernel's physical path comes last, where
    the allowed paths look."""
    kernel = path_variants(path, cwd, home, fold=False)
    found = [v for v in _unique(kernel[0], *path_variants(path.replace("\\/", "/"), cwd, home), *kernel[1:])
             if v != kernel[-1]]
    found = tuple(found) + (kernel[-1],)
    if _variants is not None:
        _variants[(path, cwd, home)] = found
    return found


def known_absent(physical):
    """True when path_variants found, during this call, that the physical path `physical` does
    not exist (a lookup of one of its components failed): a stat of it would fail too, and the
    thousands of new files a long command names need none (hook/engine.Protected.linked_to)."""
    absent = _absent  # one read: in-process callers on other threads may end their call meanwhile
    return absent is not None and physical in absent


def process_glob_link(pattern):
    """`/proc/1*/cwd/.env`, `/proc/*/task/*/root/x`: a pattern over process ids that walks on
    through a process's cwd, root or fd link matches, when it runs, the shell running the command
    and its children, which do not exist when the guard looks (their cwd is the project). The
    reason to deny, or None."""
    parts = pattern.split("/")
    if len(parts) < 4 or parts[1] != "proc" or not is_glob(parts[2]):
        return None
    link = parts[5:] if parts[3] == "task" else parts[3:]
    depth = 2 if link[:1] in (["fd"], ["map_files"]) else 1
    if link[:1] and link[0] in _SELF_LINKS and len(link) > depth:
        return (f"the pattern {pattern} goes through the `{link[0]}` link of processes that exist only when it runs "
                "(the shell running the command among them), which the guard cannot see")
    return None


def _check_self_proc(real):
    """Raise SelfProcPath when a physical path walks on through a link of /proc/self (`cwd/x`, `fd/3/x`)."""
    rest = real.split("/")[3:]
    link = rest[2:] if rest[:1] == ["task"] else rest
    depth = 2 if link[:1] in (["fd"], ["map_files"]) else 1
    if link[:1] and link[0] in _SELF_LINKS and len(link) > depth:
        raise SelfProcPath(f"{real} goes through the reading process's own `{link[0]}` link, which names a "
                           f"folder the guard cannot see")


def real_path(path):
    """os.path.realpath, in time linear in the path's length: Python's walks every prefix with a
    string join and an lstat of its own, which for a path of 100,000 components (`Grep` given
    `a/a/…`) took seconds. A path longer than the kernel opens (PATH_MAX) is walked as _walk walks
    it (links followed, then lexical below the first missing component)."""
    if len(path) <= _PATH_MAX:
        return os.path.realpath(path)
    return _walk("", 0, path.split("/"))[0] or "/"


_PATH_MAX = 4096


def kernel_spelling(path):
    """An absolute path with every `..` applied as the kernel applies it (to the physical parent of
    what precedes it); the components after the last `..` stay as written, so a final link named
    `.env` is still seen by its name. Equal to the lexical reading when no symlink precedes a `..`.
    Raises LinkLoop."""
    names = [c for c in path.split("/") if c and c != "."]
    if ".." not in names:
        return "/" + "/".join(names)
    last = len(names) - 1 - names[::-1].index("..")
    head = _walk("", 0, names[:last + 1])[0]
    tail = names[last + 1:]
    return head + "/" + "/".join(tail) if tail else head or "/"


def _unique(*spellings):
    out = []
    for s in spellings:
        if s not in out:
            out.append(s)
    return tuple(out)


_UNSEEN = object()
_variants = None  # {(path, cwd, home): path_variants()} during one call
_folders = None  # {folder as written: (physical folder, missing)} during one call
_links = None  # {path: link target | None (not a link) | False (cannot be looked up)} during one call
_absent = None  # {physical path path_variants found missing} during one call


def begin_call():
    """Cache symlink lookups for one decision: a large command names the same folders thousands
    of times. Nothing changes the file system while the guard decides (it writes nothing)."""
    global _links, _folders, _variants, _absent
    _links, _folders, _variants, _absent = {}, {}, {}, set()


def end_call():
    global _links, _folders, _variants, _absent
    _links = _folders = _variants = _absent = None


def put_caches_aside():
    """The call's caches, put aside until restore_caches, and empty ones in their place when a
    call is on (hook/derivationmemo.py records what the system answers, so nothing may come
    from what was asked before the recording; what it asks twice still comes from a cache)."""
    global _links, _folders, _variants, _absent
    kept = (_links, _folders, _variants, _absent)
    if _links is not None:
        _links, _folders, _variants, _absent = {}, {}, {}, set()
    return kept


def restore_caches(kept):
    global _links, _folders, _variants, _absent
    _links, _folders, _variants, _absent = kept


def _walk_folder(names):
    """_walk from / for the folder part of a path, remembered during one call."""
    cache = _folders  # one read: in-process callers on other threads may end their call meanwhile
    if cache is None:
        return _walk("", 0, names)
    key = "/".join(names)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _walk("", 0, names)
    return found


def _walk_folder_named(key):
    """_walk_folder(key.split("/")) for a folder spelled `a/b/c` (no empty, `.` or `..` component)."""
    cache = _folders
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = _walk("", 0, key.split("/") if key else [])
        if cache is not None:
            cache[key] = found
    return found


def _readlink(path):
    cache = _links
    if cache is not None:
        found = cache.get(path, _UNSEEN)
        if found is not _UNSEEN:
            return found
    try:
        found = os.readlink(path)
    except OSError as e:
        found = None if e.errno == errno.EINVAL else False
    except ValueError as e:  # a lone surrogate: no byte string the kernel could be given
        raise UnresolvablePath(f"the path {path!r} cannot be encoded as a file name ({e})")
    if cache is not None:
        cache[path] = found
    return found


def read_link(path):
    """A symlink's target; None for a file or folder that is not a link; False when `path`
    cannot be looked up (missing, below a file, no permission). Remembered during a decision.
    Raises UnresolvablePath for a name no file can have."""
    return _readlink(path)


def is_symlink(path):
    """True when `path` is a symlink, False when it is something else, None when it cannot be
    looked up (missing, below a file, no permission, unencodable), as lstat would answer it;
    through the readlink remembered during a decision."""
    try:
        found = _readlink(path)
    except ValueError:
        return None
    return None if found is False else found is not None


def _walk(resolved, missing, names):
    """Walk `names` from the physical folder `resolved` ("" = /), as the kernel does: a symlink's
    target is walked in its place (an absolute one from /), `..` goes to the physical parent.
    `missing` counts trailing components that do not exist: below them nothing is looked up and
    `..` just drops one. Returns (resolved, missing)."""
    pending = names[::-1]
    hops = 0
    tail = []  # the components below the first missing one, joined once at the end (not one string
    # copy per component: a path of 100,000 missing components cost seconds)
    tick()
    while pending:
        name = pending.pop()
        if name == "." or not name:
            continue
        if name == "..":
            if tail:
                tail.pop()
            else:
                resolved = resolved[:resolved.rfind("/")] if resolved else ""
            if missing:
                missing -= 1
            continue
        if missing:
            tail.append(name)
            missing += 1
            continue
        candidate = resolved + "/" + name
        if candidate in _SELF_PROC:
            # /proc/self is the process that opens the path (cat, the shell), not the guard:
            # its cwd, root and fds are not the guard's. The rest is taken as written; a walk
            # through one of its links (`/proc/self/cwd/.env`, `/dev/fd/3/x`) cannot be known.
            rest = pending[::-1]
            link = rest[2:] if rest[:1] == ["task"] else rest
            depth = 2 if link[:1] in (["fd"], ["map_files"]) else 1
            if link[:1] and link[0] in _SELF_LINKS and len(link) > depth:
                raise SelfProcPath(f"{candidate}/{'/'.join(rest)} goes through the reading process's own "
                                       f"`{link[0]}` link, which names a folder the guard cannot see")
            resolved, missing = candidate, 1
            continue
        target = _readlink(candidate)
        if target is None:  # a folder or file
            resolved = candidate
            continue
        if target is False:  # ENOENT, ENOTDIR, EACCES: the rest is taken lexically
            resolved, missing = candidate, 1
            continue
        hops += 1
        tick()
        if hops > MAX_LINK_HOPS:
            raise LinkLoop(f"{candidate} needs more than {MAX_LINK_HOPS} symbolic links to resolve (a link loop)")
        if target.startswith("/"):
            resolved = ""
        pending.extend(c for c in reversed(target.split("/")) if c and c != ".")
    if tail:
        resolved = resolved + "/" + "/".join(tail)
    return resolved, missing
