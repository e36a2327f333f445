"""The deny side of one call, compiled once, for checks that visit many files.

A name search, a recursive copy, an archive or a patch reaches files the command never names:
each of them has to meet self-protection and the deny-path rules. Building a PathRule per
file and per rule would make that quadratic, so the rules are compiled once per shell command
here, and the common `<root>/**/NAME` form (`**/.env`, `**/.ssh`) becomes a component test.

Templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, and per environment
`.env.local.example`; spelled with `-` or `_` as the per-environment rules `**/.env-*`,
`**/.env_*` spell them: `.env-example`, `.env_sample`, `.env-prod.example`) hold no secrets: a
wildcard deny rule (`**/.env.*`) does not make them secret; a rule that names one does.
"""

import os

from legant_guard.hook.budget import tick
from legant_guard.hook.paths import PathRule, fold_path, is_glob, is_inside, wildcard_match

TEMPLATE_NAMES = frozenset((".env.example", ".env.sample", ".env.template", ".env.dist"))
_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")
_TEMPLATE_WORDS = frozenset(("example", "sample", "template", "dist"))
_ENV_PREFIXES = (".env.", ".env-", ".env_")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def is_template(path):
    """Is `path` (any case) a template of an environment file rather than the file itself?
    `.env.example` and the like, and the template of one environment (`.env.local.example`,
    `.env.production.sample`)."""
    name = fold_path(path.rstrip("/").rsplit("/", 1)[-1])
    if name in TEMPLATE_NAMES:
        return True
    if not name.startswith(_ENV_PREFIXES):
        return False
    if name[5:] in _TEMPLATE_WORDS:  # (`.env-example`, `.env_sample`)
        return True
    if not name.endswith(_TEMPLATE_SUFFIXES):
        return False
    middle = name[5:].rsplit(".", 1)[0]
    return bool(middle) and set(middle) <= _NAME_CHARS


def template_exempt(rule, path):
    """A wildcard deny rule that matches `path` only because `*` also matches a template's suffix."""
    return rule.glob and is_template(path)


class _Rule:
    """One deny-side rule: `fixed` folder + component pattern (the `**/NAME` form), or a PathRule.
    `last`: the literal last component of any other wildcard rule (`**/.git/config`: `config`),
    the only name an entry it matches can have (what lies below such an entry is met through
    the folder)."""

    __slots__ = ("source", "rule", "fixed", "name", "last")

    def __init__(self, rule):
        self.source = rule.source
        self.rule = rule
        self.fixed = self.name = self.last = None
        if rule.glob:
            parts = rule.anchored.split("/")
            if parts[-1] and not is_glob(parts[-1]):
                self.last = parts[-1]
            for i, part in enumerate(parts):
                if is_glob(part):
                    rest = parts[i:]
                    if len(rest) == 2 and rest[0] == "**":
                        self.fixed = "/".join(parts[:i]) or "/"
                        self.name = rest[1]
                        self.last = None
                    break

    def matches(self, folded):
        """`folded` is an absolute, case-folded path."""
        if self.name is None:
            return self.rule.matches(folded)
        if not is_inside(folded, self.fixed):
            return False
        below = folded[len(self.fixed):] if self.fixed != "/" else folded
        return any(wildcard_match(self.name, c) for c in below.split("/") if c)

    def below(self, folded):
        """Could this rule match something at or below the folder `folded`?"""
        return self.rule.contained_in(folded) or self.matches(folded) or self.rule.glob


class DenySide:
    """Self-protection and the token's deny-path rules, ready to test many paths."""

    def __init__(self, protected, policy, project, home):
        self.protected = protected
        self.home = home
        self.project = project
        self.deny = [_Rule(PathRule(source, project, home, fold=True)) for source in (policy.deny_paths if policy else ())]
        self.secrets = protected.secrets if protected is not None else []
        self.guarded = protected.rules if protected is not None else []
        trust = getattr(protected, "trust", None)
        self.trust = trust
        if trust is not None:  # the guard's installation and git hook folders: never written (hook/trustbase.py)
            self.guarded = self.guarded + trust.installation.rules + trust.git_hooks.rules

    def _deny_hit(self, path):
        folded = fold_path(path)
        for rule in self.deny:
            if rule.matches(folded) and not template_exempt(rule.rule, path):
                return rule.source
        return None

    def read_reason(self, variants):
        """What reading the file at `variants` (literal, real) would expose, or None."""
        for v in variants:
            for rule in self.secrets:
                if rule.matches(v):
                    return f"{v}, the guard's own file ({rule.source}), which is protected"
            source = self._deny_hit(v)
            if source:
                return f"{v}, which is denied by deny-path {source}"
        return None

    def opened_reason(self, variants):
        """read_reason() for a file a program is handed to open (`find -exec cat {}`, `| xargs
        cat`), which also meets the agents' hook configs: a direct read of one is refused, and so
        is a read of it by name. (A recursive search leaves those out: read_reason.)"""
        reason = self.read_reason(variants)
        if reason is None and self.protected is not None:
            source = self.protected.hit(variants)
            if source:
                reason = f"{variants[0]}, which is protected ({source})"
        return reason

    def write_reason(self, variants, replaces=True, source=None):
        """What writing `variants` would hit: a protected path (or, with `replaces`, a folder
        holding one, which a file or link of that name replaces), a file whose text the guard
        checks (a shell start-up file, git's configuration, an editor's settings: what a patch puts
        there is not checked; a copied tree's regular file `source`, or an archive member
        whose text was read, is checked as that text), or a deny-path."""
        for v in variants:
            for rule in self.guarded:
                if rule.matches(v) or (replaces and rule.contained_in(v)):
                    return f"{v}, which is protected ({rule.source})"
            if self.trust is not None:
                checked = self.trust.content_checked((v,))
                if checked and source is not None and _passes(source, checked[1]):
                    checked = None  # (`cp -r template/. .`: its .vscode/settings.json holds no such setting)
                if checked:
                    return (f"{v}, which is protected as {checked[0]}: only text the guard can read may be written "
                            "there, and what this writes is not")
            source = self._deny_hit(v)
            if source:
                return f"{v}, which is denied by deny-path {source}"
        return None

    def could_reach_below(self, folder, write=False, fixed_only=False):
        """Could anything at or below `folder` (absolute) meet a rule? False lets a caller skip
        walking a tree. `fixed_only`: leave out wildcard deny rules (`**/.env`), for writes of
        names nobody knows yet (a protected path or a fixed deny-path still counts)."""
        tick()  # (once per folder: `cp -r` of thousands of folders asks for each)
        folded = fold_path(folder)
        if _ReachIndex.of(self, write).reaches(folder, folded):
            return True
        if write and self.trust is not None:
            from legant_guard.hook.gitcode import hooks_could_be_below

            if hooks_could_be_below(folder):
                return True
            # Claude Code's nested skills (trustbase.NESTED_AGENT_CODE) could be in a tree copied into
            # the project: walk it (a tree whose names are unknown, fixed_only, is not refused for that)
            project = self.trust.project
            if not fixed_only and project and (folder == project or folder.startswith(project.rstrip("/") + "/")):
                return True
            # the start-up files in the home folder and /etc (a `**/.envrc` anywhere is judged when
            # an archive or patch names it, not by walking every copied tree for it)
            for rule in () if fixed_only else self.trust.startup.rules + self.trust.git_config.rules:
                if not rule.glob and (rule.contained_in(folder) or rule.matches(folder)):
                    return True
        if fixed_only:
            return any(not r.rule.glob and (r.rule.contained_in(folded) or r.matches(folded)) for r in self.deny)
        return any(r.below(folded) for r in self.deny)


class _ReachIndex:
    """`rule.contained_in(folder) or rule.matches(folder)` for every guarded (or secret) rule at a
    cost that does not grow with their number: a plain rule meets a folder only when one lies on
    the other's chain of parents, which two sets answer in the folder's depth; the globs are
    tested one by one. (`mv` of 4000 names into a folder asked the ~300 rules of each: 2.5 s,
    red team 43.)"""

    __slots__ = ("plain", "chains", "globs")

    def __init__(self, rules):
        self.plain = ({}, {})  # per fold: {anchored path: True}
        self.chains = (set(), set())  # per fold: every anchored path and each of its parents
        self.globs = []
        for rule in rules:
            if rule.glob:
                self.globs.append(rule)
                continue
            path = rule.anchored
            self.plain[rule.fold][path] = True
            chain = self.chains[rule.fold]
            while path not in chain:
                chain.add(path)
                if path == "/" or "/" not in path:
                    break
                path = path.rsplit("/", 1)[0] or "/"

    @staticmethod
    def of(side, write):
        key = "_reach_write" if write else "_reach_read"
        index = side.__dict__.get(key)
        if index is None:
            index = side.__dict__[key] = _ReachIndex(side.guarded if write else side.secrets)
        return index

    def reaches(self, folder, folded):
        for fold, path in ((False, folder), (True, folded)):
            if path in self.chains[fold]:
                return True  # (a rule at or below the folder)
            plain = self.plain[fold]
            while plain:
                if path in plain:
                    return True  # (the folder at or below a rule)
                if path == "/" or "/" not in path:
                    break
                path = path.rsplit("/", 1)[0] or "/"
        return any(rule.contained_in(folder) or rule.matches(folder) for rule in self.globs)


class TreeReader:
    """read_reason() for the entries of one walk below `root`, at a cost per entry that does not
    grow with the number of rules: big repositories are searched every day.

    A `<fixed>/**/NAME` rule whose fixed folder holds the root matches an entry of the walk only
    by the entry's own name (its folders were met, and tested, before it): those rules are
    looked up by name (exact names in a set, patterns tested on the name only). Every other rule
    (the guard's own files, fixed deny paths, other globs) is tested in full, but only in the
    folders where it could match something (decided once per folder)."""

    def __init__(self, side, root):
        self.side = side
        folded_root = fold_path(root)
        self.exact = set()
        self.patterns = []
        self.other = []
        self.by_last = []  # wildcard rules an entry can match only by its own name (_Rule.last)
        for rule in side.deny:
            if rule.name is not None and is_inside(folded_root, rule.fixed):
                if is_glob(rule.name):
                    self.patterns.append(rule.name)
                else:
                    self.exact.add(rule.name)
            elif rule.last is not None:
                self.by_last.append(rule)
            else:
                self.other.append(rule)
        self.last_names = frozenset(fold_path(r.last) for r in self.by_last)
        self.folders = {}
        self.root = root
        self.named = {"": False}  # relative folder -> does a folder on its way have a secret's name
        self.tree_folders = {}  # relative folder -> must its files be tested in full

    def _name_hit(self, name):
        folded = name.casefold() if name.isascii() else fold_path(name)
        if folded in self.exact or folded in self.last_names:
            return True
        for pattern in self.patterns:
            if wildcard_match(pattern, folded):
                return True
        return False

    def _named_folder(self, folder):
        hit = self.named.get(folder)
        if hit is None:
            parent, _, name = folder.rpartition("/")
            hit = self._named_folder(parent) or self._name_hit(name)
            self.named[folder] = hit
        return hit

    def reason_in_tree(self, rel):
        """read_reason() for the file at `rel` below the root, a name a git tree or index lists
        (every folder on its way tested by name, once per folder; git does not follow links)."""
        folder, _, name = rel.rpartition("/")
        full = self.tree_folders.get(folder)
        if full is None:
            full = self._named_folder(folder) or \
                self._folder_needs_full(self.root + "/" + folder if folder else self.root)
            self.tree_folders[folder] = full
        if full or self._name_hit(name):
            return self.side.read_reason((self.root + "/" + rel if self.root != "/" else "/" + rel,))
        return None

    def _folder_needs_full(self, folder):
        full = self.folders.get(folder)
        if full is None:
            folded = fold_path(folder)
            full = any(rule.contained_in(folder) or rule.matches(folder) for rule in self.side.secrets) or \
                any(r.rule.glob or r.rule.contained_in(folded) or r.matches(folded) for r in self.other) or \
                any(r.matches(folded) for r in self.by_last)
            self.folders[folder] = full
        return full

    def reason(self, path, name, is_link):
        """read_reason((path,)) for an entry named `name` met by the walk (links: both spellings)."""
        if is_link:
            return self.side.read_reason(variants_of(path))
        folded = name.casefold() if name.isascii() else fold_path(name)
        if folded in self.exact or folded in self.last_names or \
                (self.patterns and any(wildcard_match(p, folded) for p in self.patterns)):
            return self.side.read_reason((path,))
        folder = path[:len(path) - len(name) - 1]  # the walk's entry paths are FOLDER/NAME
        full = self.folders.get(folder)
        if full is None:
            full = self._folder_needs_full(folder)
        return self.side.read_reason((path,)) if full else None


def variants_of(path):
    """The literal and the symlink-resolved spelling of an absolute path."""
    real = os.path.realpath(path)
    return (path,) if real == path else (path, real)


def _passes(source, text_problem):
    """Is `source` a regular file (not a link: what it points at may change), or an archive
    member whose text was read (archives.Member), whose text the content check of the file it
    is copied onto accepts?"""
    import os
    import stat

    from legant_guard.hook.scriptfiles import read_regular

    if not isinstance(source, str):
        return source.text is not None and not text_problem(source.text)
    try:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            return False
    except (OSError, ValueError):
        return False
    text = read_regular(source, 1024 * 1024)
    return text is not None and not text_problem(text)
