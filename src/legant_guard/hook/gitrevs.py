"""Files git prints from other revisions: `git grep KEY REV`, `git show REV`, `git diff A B`,
`git log -p`, `git format-patch`, `git archive REV`, `git cat-file -p ID`.

`git grep -n KEY HEAD~3` searches the tree of HEAD~3, not the work tree: a `.env` committed
there and deleted since is printed although no file of the work tree is named or tracked.
`git show REV`, `git log -p` and `git diff REV` print the changes of files in those revisions.
For each revision the command names, the hook lists the files of its tree (`git ls-tree`,
`git diff-tree`, `git log --name-only`: objects only, no filters, hooks or fsmonitor run) and
treats a secret among them, after the command's own pathspecs (those after `--`: a word before
it may be an option's value), as reached: deny, telling the agent the pathspec that leaves it
out. A tree without one is allowed. `git diff` without a revision prints tracked files: the
index is checked. A blob named by its id, `cat-file --batch` and a repository named by
--git-dir/--work-tree cannot be tied to a file: undetermined. Listing is bounded in time and
size; past the bound the call is denied.
"""

import os

from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

_TIMEOUT = 2.0
_MAX_OUTPUT = 64 * 1024 * 1024
_MAX_REVISIONS = 16
# Subcommands (other than grep, see reach.git_grep_check) that print the contents of the
# revisions they name (REV:PATH is a read of PATH, judged by the analyser).
from legant_guard.hook.gitsubs import GLOBAL_WITH_VALUE, REVISION_READERS as SUBCOMMANDS
# Output forms that print no file contents (unless a patch is asked for too).
_NAMES_ONLY = frozenset(("--name-only", "--name-status", "--stat", "--numstat", "--shortstat", "--summary", "--raw",
                         "-s", "--no-patch", "--dirstat", "--compact-summary"))
_PATCH = frozenset(("-p", "-u", "--patch", "--patch-with-stat", "--patch-with-raw", "--cc", "-c", "--word-diff",
                    "--color-words", "--binary", "--full-index", "--text", "-a", "--unified"))
# git's global options that take a value (the subcommand comes after them)


def split_revisions(top, operands):
    """(revisions as (word, object type), pathspecs) of git's operands: git reads a word as a
    revision first, so every word that names an object is one (asked of git, `cat-file`)."""
    words = [w for w in operands if _may_be_revision(w)]
    types = object_types(top, [r for w in words for r in _tree_words(w)]) if words else {}
    revs, specs = [], []
    for word in operands:
        found = [(r, types.get(r)) for r in _tree_words(word)] if _may_be_revision(word) else []
        if found and all(t for _, t in found):
            revs.extend(found)
        else:
            specs.append(word)
    return revs, specs


def path_objects(top, words):
    """{word: "tree" | "blob"} for the `REV:PATH` words of `words` that name an object (git takes
    them for revisions): `HEAD~1:config` is a folder as it was at HEAD~1, whose every file `git
    grep`, `git diff` and `git archive` read, which the shell analysis takes for the path PATH
    alone (a blob is judged there, as the file PATH). Raises TreeUnknown as _git does."""
    found = [w for w in words if w and not w.startswith(("-", ":")) and ":" in w and "\n" not in w and "\0" not in w]
    if not found:
        return {}
    out = _git(top, ["cat-file", "--batch-check=%(objecttype)"],
               "".join(w + "\n" for w in found).encode("utf-8", "surrogateescape"))
    lines = out.decode("utf-8", "replace").split("\n") if out is not None else []
    kinds = {}
    for k, word in enumerate(found):
        kind = lines[k].strip() if k < len(lines) else ""
        if kind in ("tree", "blob"):
            kinds[word] = kind
    return kinds


def _tree_folder(rev, cwd_prefix):
    """For a `REV:PATH` tree, PATH as a folder from the top ("" or ending in "/"); else None.
    A PATH starting with ./ or ../ is relative to the working directory, as git reads it."""
    if ":" not in rev or rev.startswith(":"):
        return None
    path = rev.split(":", 1)[1]
    if path in (".", "..") or path.startswith(("./", "../")):
        path = cwd_prefix + path
    norm = os.path.normpath(path) if path else "."
    return "" if norm == "." else norm.lstrip("/") + "/"


def _may_be_revision(word):
    """Could `word` be a revision? Not an option, REV:PATH (the analyser judges those) or magic."""
    return bool(word) and not word.startswith(("-", ":")) and ":" not in word and "\n" not in word \
        and "\0" not in word


def _tree_words(word):
    """The revisions of `A..B`, `A...B`, `^A`, `A^!`, `A^@`."""
    for sep in ("...", ".."):
        if sep in word:
            return [w for w in word.split(sep) if w] or ["HEAD"]
    word = word.lstrip("^")
    for suffix in ("^!", "^@", "^-"):
        if word.endswith(suffix):
            word = word[:-len(suffix)]
    return [word] if word else []


def _git(top, args, stdin=None):
    """git's output, or None when it fails (the word names nothing). Raises TreeUnknown when git
    cannot be asked (missing, too slow, too much output)."""
    import subprocess

    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_PAGER="cat")
    try:
        proc = subprocess.run(["git", "-C", top, "--no-pager", "-c", "core.fsmonitor=false"] + args,
                              input=stdin, capture_output=True, timeout=_TIMEOUT, env=env)
    except FileNotFoundError:
        raise TreeUnknown("git is not installed where the guard looks for it")
    except subprocess.TimeoutExpired:
        raise TreeUnknown(f"git took longer than {_TIMEOUT:g} s")
    except OSError as e:
        raise TreeUnknown(f"git could not be run ({e.strerror})")
    if len(proc.stdout) > _MAX_OUTPUT:
        raise TreeUnknown("the tree is too large to check")
    return proc.stdout if proc.returncode == 0 else None


def object_types(top, revs):
    """{rev: "commit" | "tree" | "blob" | None} (tags peeled), in one `git cat-file` call."""
    out = _git(top, ["cat-file", "--batch-check=%(objecttype)"],
               "".join(r + "^{}\n" for r in revs).encode("utf-8", "surrogateescape"))
    lines = out.decode("utf-8", "replace").split("\n") if out is not None else []
    types = {}
    for k, rev in enumerate(revs):
        line = lines[k].strip() if k < len(lines) else ""
        types[rev] = line if line in ("commit", "tree", "blob") else None
    return types


def tree_names(top, rev):
    """The paths (from the top of the work tree) of the tree of `rev`, or None."""
    out = _git(top, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev])
    return None if out is None else [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n]


def changed_names(top, rev):
    """The paths a commit changes (against each parent; all of a root commit): what `git show` prints."""
    out = _git(top, ["diff-tree", "-r", "-z", "--name-only", "--no-commit-id", "-m", "--root", rev])
    return None if out is None else [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n]


class TreeUnknown(Exception):
    """The files of a revision could not be listed."""


def first_reached(names, top, cwd_prefix, includes, excludes, ctx, below_cwd=False):
    """(path relative to the working directory, reason) of the first name kept by the pathspecs
    that is on the deny side; None when there is none. Names are paths from the top of the work
    tree, as git lists them; pathspecs are relative to the working directory (`cwd_prefix`, its
    path from the top), as git reads them (`..`, and `:/` magic for the top, leave it).
    `below_cwd`: without a pathspec only the working directory's part counts (git grep); show,
    diff and log print the whole repository's changes."""
    from legant_guard.hook.denyside import TreeReader

    inc = [_top_relative(i, cwd_prefix) for i in includes]
    inc = [i for i in inc if i is not None]
    exc = [(_top_relative(e, cwd_prefix), e) for e in excludes]
    scope = cwd_prefix if below_cwd and not includes else ""
    reader = TreeReader(ctx.deny, top)
    for name in names:
        if scope and not name.startswith(scope):
            continue
        if includes and not any(_spec_matches(i, name) for i in inc):
            continue
        if exc and any(t is not None and _spec_matches(t, name) or
                       e.startswith("**/") and name.startswith(cwd_prefix) and
                       wildcard_match(e[3:], name.rsplit("/", 1)[-1]) for t, e in exc):
            continue
        reason = reader.reason_in_tree(name)
        if reason:
            return (os.path.relpath(name, cwd_prefix) if cwd_prefix else name), reason
    return None


def _top_relative(spec, cwd_prefix):
    """A pathspec as a path from the top ("" for everything); None outside the work tree."""
    if spec == "":
        return ""  # magic (`:/`, `:(top)`, `:(glob)...`): anything
    norm = os.path.normpath(os.path.join(cwd_prefix, spec.rstrip("/") or "."))
    if norm == ".":
        return ""
    return None if norm == ".." or norm.startswith("../") or norm.startswith("/") else norm


def _spec_matches(spec, name):
    return not spec or name == spec or name.startswith(spec + "/") or wildcard_match(spec, name)


def literal_pathspecs(argv, ctx):
    """Does git read every pathspec as a plain path (`--literal-pathspecs`, GIT_LITERAL_PATHSPECS)?
    Then `:!.env` excludes nothing."""
    return "--literal-pathspecs" in argv or bool(getattr(ctx, "env", {}).get("GIT_LITERAL_PATHSPECS"))


def pathspecs(words, literal=False):
    """(includes, excludes) of pathspec words (`:!x`, `:^x`, `:(exclude)x`; other magic: anything)."""
    includes, excludes = [], []
    for spec in words:
        if literal:
            includes.append(spec)
        elif spec.startswith((":!", ":^")):
            excludes.append(spec[2:])
        elif spec.startswith(":(exclude)"):
            excludes.append(spec[len(":(exclude)"):])
        elif spec.startswith(":"):
            includes.append("")  # other magic: could be anything
        else:
            includes.append(spec)
    return includes, excludes


def _pathspec_hint(program, rel):
    name = rel.rsplit("/", 1)[-1]
    where = "add the pathspec" if program == "git grep" else "add after -- the pathspec"
    return f"{where} ':!{rel}' (or ':!**/{name}')"


def check_trees(program, revs, top, cwd, includes, excludes, ctx, changes=False):
    """Deny when a revision of `revs` ((word, object type) pairs) holds a secret the pathspecs
    keep: its whole tree, or with `changes` (git show) the files its commit changes."""
    if len(revs) > _MAX_REVISIONS:
        return deny(f"`{program}` names more than {_MAX_REVISIONS} revisions; the guard checks the files of each "
                    "for secrets: name fewer", "search-reach")
    from legant_guard.hook.reach import _cwd_prefix

    prefix = _cwd_prefix(cwd, top)
    below_cwd = program == "git grep"
    for rev, kind in revs:
        try:
            if kind == "blob":
                if not ctx.deny.could_reach_below(top):
                    continue
                return deny(f"`{program}` would print the object `{rev}`, a file's contents, and the guard cannot "
                            "tell which file it is; show it by path (REV:PATH)", "search-reach")
            names = changed_names(top, rev) if changes and kind == "commit" else tree_names(top, rev)
        except TreeUnknown as e:
            return deny(f"`{program}` reads the files of revision `{rev}`, which the guard could not list ({e}); "
                        "name the files to show with a pathspec", "search-reach")
        folder = _tree_folder(rev, prefix) if kind == "tree" else None
        if folder is not None:  # `HEAD~1:config`: every file below it, whatever the pathspecs say
            hit = first_reached([folder + n for n in names or []], top, prefix, [], [], ctx)
        else:
            hit = first_reached(names or [], top, prefix, includes, excludes, ctx, below_cwd)
        if hit:
            rel, reason = hit
            hint = _pathspec_hint(program, rel) if folder is None else \
                "name the revision and the folder as a pathspec instead (`REV -- PATH ':!SECRET'`)"
            return deny(f"`{program}` would read {reason}, which is in revision `{rev}`; {hint}", "search-reach")
    return None


class GitLocation(tuple):
    """Where a git command works: `at`, the index of its subcommand in argv; `cwd`, the folder
    git runs in; `elsewhere`, does a global option point git at another repository (--git-dir,
    --work-tree). A tuple (free to make on the hot path): `at, cwd, elsewhere = location`."""

    __slots__ = ()

    def __new__(cls, at, cwd, elsewhere):
        return tuple.__new__(cls, (at, cwd, elsewhere))

    at = property(lambda self: self[0])
    cwd = property(lambda self: self[1])
    elsewhere = property(lambda self: self[2])


def git_location(argv, cwd):
    """The GitLocation of `git ARGV...`. `cwd` is the command's working directory as the shell
    analysis left it, which already follows `-C` (shell/operands.py): moving it again made
    `git -C sub grep` look in sub/sub and miss sub's tracked secrets."""
    k, other = 1, False
    while k < len(argv) and argv[k].startswith("-"):
        word = argv[k]
        if word.startswith(("--git-dir", "--work-tree")):
            other = True
        k += 2 if word in GLOBAL_WITH_VALUE else 1
    return GitLocation(k, cwd, other)


# git subcommands that do not change the index, the refs or the objects a later read lists
_READERS = frozenset(("status", "log", "diff", "show", "rev-parse", "ls-files", "ls-tree", "grep", "blame", "describe",
                      "cat-file", "shortlog", "reflog", "help", "version", "whatchanged", "format-patch", "archive",
                      "config", "remote", "fetch", "branch", "tag", "merge-base", "rev-list", "for-each-ref"))


def changed_before(ctx):
    """`git add -f .env && git diff --cached`: an earlier git command of the same shell command
    that changes what a later read lists (index, refs, objects). Returns its name, or None."""
    from legant_guard.hook.gitsubs import git_sub as _git_sub, lists_stashes

    for c in getattr(ctx, "commands", ()):
        if c.executable == "git":
            found = _git_sub(c.argv)
            if found and found.name not in _READERS and not lists_stashes(c.argv, found):
                return "git " + found.name
    return None


def elsewhere(argv_globals, ctx):
    """Does git work on a repository set by --git-dir/--work-tree or GIT_DIR-like variables?"""
    from legant_guard.hook.engine import GIT_PLACE_VARIABLES

    return any(w.startswith(("--git-dir", "--work-tree")) for w in argv_globals) or \
        any(ctx.env.get(v) for v in GIT_PLACE_VARIABLES)


def undetermined_before(program, changer):
    return deny(f"`{program}` reads what `{changer}` earlier in the command changes, which the guard cannot list "
                "before it runs; run it as a command of its own", "search-reach")


def other_repository(program):
    return deny(f"`{program}` reads a repository named by --git-dir/--work-tree or GIT_DIR-like variables, whose "
                "revisions the guard does not check for secrets; run it in that work tree instead (git -C DIR)",
                "search-reach")


def check(cmd, ctx):
    """`git show REV`, `git diff A B`, `git log -p`, `git whatchanged`: the files of the
    revisions they print; `git diff` without a revision: the tracked files."""
    argv = cmd.argv
    k, cwd, other = git_location(argv, cmd.cwd)
    if k < len(argv) and verbose_status(argv[k:]):
        return _check_status(argv[k], cwd, other, ctx)
    if k >= len(argv) or argv[k] not in SUBCOMMANDS:
        return None
    other = other or elsewhere(argv[1:k], ctx)
    if argv[k] == "stash":
        return _check_stash(argv[k + 1:], cwd, other, ctx)
    from legant_guard.hook.treewalk import git_top

    top = git_top(cwd)
    if top is None:
        return None
    sub = argv[k]
    words = argv[k + 1:]
    if sub == "fsck":
        return _lost_found(words, top, ctx)
    if sub in _COPIERS:
        return _copied_out(sub, words, top, cwd, other, ctx)
    if sub == "bundle":
        return other_repository("git bundle") if other else _bundled(words, top, cwd, ctx)
    if "--" in words:
        before, specs = words[:words.index("--")], words[words.index("--") + 1:]
    else:
        before, specs = words, []
    candidates = [w for w in before if _may_be_revision(w)]
    options = [w for w in before if w.startswith("-")]
    if "--no-index" in options:
        return None  # two files of the file system, judged as paths
    if sub == "reflog":  # `git reflog [show] -p` is `git log -g -p`
        if candidates[:1] in (["expire"], ["delete"], ["exists"]):
            return None
        sub, candidates = "log", [w for w in candidates if w != "show"]
        options, before = options + ["--walk-reflogs"], before + ["--walk-reflogs"]
    elif sub == "fast-export":  # every file of the commits it exports, as `git log -p` prints them
        sub, options = "log", options + ["-p"]
    elif sub == "range-diff":  # the changes of both ranges' commits
        sub, options = "log", options + ["-p"]
        if len(candidates) == 3 and not any(".." in w for w in candidates):  # `range-diff BASE A B`
            candidates = [candidates[0] + ".." + candidates[1], candidates[0] + ".." + candidates[2]]
    lines = [o + (before[k + 1] if o == "-L" and k + 1 < len(before) else "") for k, o in enumerate(before)
             if o.startswith("-L") or o.startswith("--line-range")]
    if sub == "log" and lines:  # `git log -L1,9:.env` prints that file's lines through history
        verdict = _line_ranges(lines, top, cwd, ctx)
        if verdict:
            return verdict
    if sub == "cat-file":
        if any(o.startswith("--batch") and not o.startswith("--batch-check") for o in options):
            if ctx.deny.could_reach_below(top):
                return deny("`git cat-file --batch` prints the objects named on its input (or all of them), which the "
                            "guard cannot tell apart from a secret file's contents; show files by path (REV:PATH)",
                            "search-reach")
            return None
        if any(o in ("-t", "-s", "-e") for o in options):
            return None  # type, size, existence
    patch = any(o in _PATCH or o.startswith("-U") for o in options) or sub == "format-patch"
    if sub in _PLUMBING and not patch:
        return None  # (raw output: modes, object ids and names)
    if sub == "diff-files":  # the index against the work tree: the tracked files
        return _check_index(top, cwd, *pathspecs(specs, literal_pathspecs(argv, ctx)), ctx) \
            if not (other or changed_before(ctx)) else (other_repository("git diff-files") if other else
                                                         undetermined_before("git diff-files", changed_before(ctx)))
    if sub == "log" and not patch:
        return None  # commit messages only
    if any(o in _NAMES_ONLY for o in options) and not patch:
        return None  # names and counts, no contents
    if other:
        return other_repository(f"git {sub}")
    changer = changed_before(ctx)
    if changer:
        return undetermined_before(f"git {sub}", changer)
    try:
        revs, _words = split_revisions(top, candidates)
        if sub in ("diff", "archive"):  # `git diff HEAD~1:config HEAD:config`: two folders' files
            revs += [(w, k) for w, k in path_objects(top, before).items() if k == "tree"]
    except TreeUnknown as e:
        return deny(f"`git {sub}` names revisions whose files the guard could not list ({e}); name the files "
                    "to show with a pathspec after --", "search-reach")
    # Only the pathspecs after `--` narrow what is checked: before it, a word may be the value
    # of an option (`git show -S README.md HEAD~1`, `--grep ':!.env'`), which narrows nothing.
    includes, excludes = pathspecs(specs, literal_pathspecs(argv, ctx))
    rev_words = [w for w in candidates if w not in _words]  # `A..B` as written: git log excludes A
    if sub in ("cat-file", "unpack-file"):  # a blob by its id; trees and commits print names and metadata only
        return check_trees("git " + sub, [r for r in revs if r[1] == "blob"], top, cwd, [], [], ctx)
    if sub == "archive":
        # the whole tree of its tree-ish (the paths after it may be option values: not trusted)
        return check_trees("git archive", revs[:1] + [r for r in revs[1:] if ":" in r[0]], top, cwd, [], [], ctx)
    if sub == "format-patch":
        # `format-patch X` is X..HEAD; `format-patch -N [X]` the last N commits of X
        counted = any(o[1:].isdigit() or o.startswith(("-n", "--max-count")) for o in options)
        if not counted:
            rev_words = [w if ".." in w else w + "..HEAD" for w in rev_words]
    if sub in ("log", "format-patch"):
        return _check_log(revs, rev_words, before, top, cwd, includes, excludes, ctx)
    if not revs and sub == "diff" and not any(o in ("--cached", "--staged") for o in options):
        return _check_index(top, cwd, includes, excludes, ctx)
    if sub in ("diff", "diff-index") and len(rev_words) <= 1 and not any(".." in w for w in rev_words):
        # `git diff REV`, `git diff --cached`, `git diff-index -p REV`: one side is the index or the
        # work tree, whose tracked files (a `.env` that `git add -A` staged) are printed
        verdict = _check_index(top, cwd, includes, excludes, ctx)
        if verdict:
            return verdict
    if not revs:
        revs = [("HEAD", "commit")]
    return check_trees(f"git {sub}", revs, top, cwd, includes, excludes, ctx,
                       changes=sub not in ("diff", "diff-index", "merge-tree"))


# Subcommands that write the repository's files into a folder they are given: a copy of each
# tracked file, a secret among them too (judged by _copied_out)
_COPIERS = frozenset(("worktree", "clone", "checkout-index"))
_CLONE_VALUES = ("-o", "--origin", "-b", "--branch", "-u", "--upload-pack", "--reference", "--reference-if-able",
                 "--separate-git-dir", "--depth", "--shallow-since", "--shallow-exclude", "-c", "--config",
                 "--server-option", "-j", "--jobs", "--template", "--filter", "--bundle-uri")


def _outside(top, folder):
    return folder != top and not folder.startswith(top.rstrip("/") + "/")


def _copied_out(sub, words, top, cwd, other, ctx):
    """`git worktree add /tmp/w`, `git clone . /tmp/c`, `git checkout-index -a --prefix=/tmp/x/`
    copy the tracked files (a committed `.env` too) to a folder outside the work tree, where the
    deny rules that keep the project's secret no longer name the copy: a read of each tracked
    secret, as `cp -r . /tmp/b` is. A copy inside the work tree stays under those rules."""
    operands = [w for w in words if not w.startswith("-")]
    if sub == "worktree":
        if operands[:1] != ["add"] or len(operands) < 2:
            return None
        values = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-b", "-B", "--orphan", "--reason")]
        rest = [w for w in operands[1:] if w not in values]
        if not rest or not _outside(top, os.path.normpath(os.path.join(cwd, rest[0]))):
            return None
        if other:
            return other_repository("git worktree add")
        rev = rest[1] if len(rest) > 1 else "HEAD"
        try:
            revs, _ = split_revisions(top, [rev])
        except TreeUnknown as e:
            return deny(f"`git worktree add` checks out a revision whose files the guard could not list ({e})",
                        "search-reach")
        return check_trees("git worktree add", [r for r in revs if r[1] == "commit"] or [("HEAD", "commit")], top,
                           cwd, [], [], ctx)
    if sub == "checkout-index":
        prefix = next((w.split("=", 1)[1] for w in words if w.startswith("--prefix=")), None)
        if not prefix or not _outside(top, os.path.normpath(os.path.join(cwd, prefix))):
            return None
        return _check_index(top, cwd, [], [], ctx, "git checkout-index --prefix")
    values = {words[i + 1] for i, w in enumerate(words[:-1]) if w in _CLONE_VALUES}
    operands = [w for w in operands if w not in values]
    spelled = operands[0].removeprefix("file://") if operands else ""
    if not spelled or "://" in spelled or (":" in spelled and "/" not in spelled.split(":")[0]):
        return None  # (a remote repository: not this machine's files)
    source = os.path.normpath(os.path.join(cwd, spelled))
    from legant_guard.hook.treewalk import git_top

    source_top = git_top(source) if os.path.isdir(source) else None
    if source_top is None or source_top != source:
        return None
    dest = os.path.normpath(os.path.join(cwd, operands[1] if len(operands) > 1 else
                                         os.path.basename(source.rstrip("/")).removesuffix(".git")))
    if not _outside(source_top, dest):
        return None
    # the clone holds the whole history (bare or not): every file a commit ever held
    return _as_copy("git clone", _check_log([], [], ["--all"], source_top, source_top, [], [], ctx))


def _as_copy(program, verdict):
    if verdict is None:
        return None
    reason = verdict.reason.removeprefix("Legant: ").replace("`git log` would print", f"`{program}` would copy", 1)
    reason = reason.split("; add after --")[0]
    return deny(reason + " (into a folder the deny rules do not cover)", verdict.rule)


def _bundled(words, top, cwd, ctx):
    """`git bundle create FILE REVS`: every file the bundled commits hold, into FILE."""
    operands = [w for w in words if not w.startswith("-")]
    if operands[:1] != ["create"] or len(operands) < 2:
        return None
    revs = [w for w in operands[2:] if _may_be_revision(w)]
    options = [w for w in words if w.startswith("-")]
    return _as_copy("git bundle create", _check_log([], revs, options, top, cwd, [], [], ctx))


# plumbing that prints file contents only when asked for a patch
_PLUMBING = frozenset(("diff-tree", "diff-index", "diff-files"))


def _lost_found(words, top, ctx):
    """`git fsck --lost-found` (or a prefix of it, as git's option parser takes) writes the
    contents of every dangling blob into .git/lost-found/other/ID: a secret staged once (`git add
    -A`, then `git reset`) became a file no rule ties to it, read next with `cat` (red team 32)."""
    if not any(w[:3] == "--l" and "--lost-found".startswith(w) for w in words):
        return None
    if not ctx.deny.could_reach_below(top):
        return None
    return deny("`git fsck --lost-found` writes the contents of every dangling blob into .git/lost-found/other/, "
                "where the guard cannot tell which file each one was (a secret staged once among them); run `git "
                "fsck` without it", "search-reach")


def _line_ranges(lines, top, cwd, ctx):
    """`git log -L START,END:FILE` (or `-L:FUNC:FILE`) prints FILE's lines as each commit changed
    them: a read of FILE (from the working directory, as git reads it)."""
    from legant_guard.hook.reach import _cwd_prefix

    prefix = _cwd_prefix(cwd, top)
    for option in lines:
        value = option[2:] if option.startswith("-L") else option.partition("=")[2]
        name = value.rsplit(":", 1)[-1] if ":" in value else ""
        if not name:
            return deny(f"`git log {option}` prints a file's lines through history, and the guard cannot tell which "
                        "file; name it as START,END:FILE", "search-reach")
        spec = _top_relative(name, prefix)
        hit = first_reached([spec], top, prefix, [], [], ctx) if spec else None
        if hit or spec is None:
            reason = hit[1] if hit else f"{name}, which is outside the work tree"
            return deny(f"`git log {option}` would print the lines of {reason}", "search-reach")
    return None


def verbose_status(words):
    """`git status -v` (`-vv`, `--verbose`) and `git commit --dry-run -v` print the staged changes
    (with -vv the work tree's too): `words` from the subcommand on."""
    if words[:1] not in (["status"], ["commit"]) or (words[0] == "commit" and "--dry-run" not in words):
        return False
    return any(w == "--verbose" or (w[:1] == "-" and w[1:2] != "-" and "v" in w[1:]) for w in words[1:])


def _check_status(sub, cwd, other, ctx):
    from legant_guard.hook.treewalk import git_top

    top = git_top(cwd)
    if top is None:
        return None
    if other:
        return other_repository(f"git {sub}")
    changer = changed_before(ctx)
    if changer:
        return undetermined_before(f"git {sub}", changer)
    return _check_index(top, cwd, [], [], ctx, f"git {sub} -v")


def _check_index(top, cwd, includes, excludes, ctx, program="git diff"):
    """`git diff`: the changes of tracked files, a tracked secret's contents included."""
    from legant_guard.hook.reach import _cwd_prefix, tracked_files

    tracked = tracked_files(top)
    if tracked is None:
        return deny(f"`{program}`: the guard cannot read the git index to check which files are tracked; name the "
                    "files to compare after --", "search-reach")
    hit = first_reached(tracked, top, _cwd_prefix(cwd, top), includes, excludes, ctx)
    if hit:
        rel, reason = hit
        return deny(f"`{program}` would print {reason}, which is tracked; {_pathspec_hint('git diff', rel)}",
                    "search-reach")
    return None


_LOG_SELECTION = ("--all", "--branches", "--tags", "--remotes", "--reflog")


def _check_log(revs, rev_words, words, top, cwd, includes, excludes, ctx):
    """`git log -p`: every file the listed commits change (their count as given; other filters
    such as --author or --since are left out, which only lists more)."""
    from legant_guard.hook.reach import _cwd_prefix

    if any(kind != "commit" for _, kind in revs):
        return deny("`git log` names an object that is not a commit; name commits", "search-reach")
    args = ["log", "--name-only", "-z", "--format=", "-m", "--no-renames"]
    for k, o in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        count = o[1:] if o[:1] == "-" and o[1:].isdigit() else o.split("=", 1)[1] if o.startswith("--max-count=") \
            else o[2:] if o.startswith("-n") and o[2:].isdigit() else nxt if o in ("-n", "--max-count") else None
        if count is not None and count.isdigit():
            args.append("--max-count=" + count)
        if o.split("=", 1)[0] in _LOG_SELECTION or o.startswith(("--branches", "--tags", "--remotes", "--glob")):
            args.append("--all")
        if o in ("-g", "--walk-reflogs", "--reflog"):  # commits only a reflog still holds (an amended one)
            args.append("--reflog")
    args += rev_words or ["HEAD"]
    try:
        out = _git(top, args)
    except TreeUnknown as e:
        return deny(f"`git log` prints the changes of more commits than the guard could list ({e}); limit it "
                    "(-n N) or name the files after --", "search-reach")
    names = [n.decode("utf-8", "surrogateescape") for n in (out or b"").split(b"\0") if n.strip(b"\n")]
    names = [n.strip("\n") for n in names]
    hit = first_reached(dict.fromkeys(names), top, _cwd_prefix(cwd, top), includes, excludes, ctx)
    if hit:
        rel, reason = hit
        return deny(f"`git log` would print {reason}, which the listed commits change; "
                    f"{_pathspec_hint('git log', rel)}", "search-reach")
    return None


def _check_stash_list(options, cwd, other, ctx):
    """`git stash list -p` is `git log -g -p refs/stash`: every stash's changes, printed."""
    from legant_guard.hook.treewalk import git_top

    if not any(o in _PATCH or o.startswith(("-U", "--unified", "--word-diff", "--color-words", "--patch")) or
               (o[:1] == "-" and o[1:2] != "-" and set(o[1:]) & {"p", "u"}) for o in options):
        return None
    top = git_top(cwd)
    if top is None:
        return None
    if other:
        return other_repository("git stash list")
    try:
        out = _git(top, ["rev-list", "--walk-reflogs", "refs/stash"])
    except TreeUnknown as e:
        return deny(f"`git stash list` prints stashes whose files the guard could not list ({e})", "search-reach")
    stashes = out.decode("ascii", "replace").split() if out else []
    return check_trees("git stash list", [(c, "commit") for c in stashes], top, cwd, [], [], ctx, changes=True)


def _check_stash(words, cwd, other, ctx):
    """`git stash show -p [STASH]` prints a stash's changes (`git stash show` too, where the
    stash.showPatch setting asks for it): the files of the stash's tree and of its untracked part."""
    from legant_guard.hook.treewalk import git_top

    if words and words[0] == "list":
        return _check_stash_list(words[1:], cwd, other, ctx)
    if not words or words[0] != "show":
        return None
    words = words[1:]
    options = [w for w in words if w.startswith("-")]
    patch = any(o in _PATCH or o.startswith("-U") for o in options)
    if any(o in _NAMES_ONLY for o in options) and not patch:
        return None
    top = git_top(cwd)
    if top is None:
        return None
    if other:
        return other_repository("git stash show")
    changer = changed_before(ctx)
    if changer:
        return undetermined_before("git stash show", changer)
    stash = next((w for w in words if not w.startswith("-")), "stash@{0}")
    if stash.isdigit():
        stash = "stash@{%s}" % stash
    if not _may_be_revision(stash):
        return None
    try:
        types = object_types(top, [stash, stash + "^3"])
    except TreeUnknown as e:
        return deny(f"`git stash show` names a stash whose files the guard could not list ({e})", "search-reach")
    revs = [(r, t) for r, t in types.items() if t == "commit"]
    return check_trees("git stash show", revs, top, cwd, [], [], ctx)
