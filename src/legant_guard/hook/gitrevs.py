"""Files git prints from other revisions: `git grep KEY REV`, `git show REV`, `git diff A B`.

`git grep -n KEY HEAD~3` searches the tree of HEAD~3, not the work tree: a `.env` committed
there and deleted since is printed although no file of the work tree is named or tracked.
`git show REV` and `git diff REV` print the changes of files in those trees. For each revision
the command names, the hook lists the files of its tree (`git ls-tree`, which reads objects
only: no filters, hooks or fsmonitor run) and treats a secret among them, after the command's
own pathspecs, as reached: deny, telling the agent the pathspec that leaves it out. A tree
without one is allowed. Listing is bounded in time and size; past the bound the call is denied.
"""

import os

from legant_guard.hook.denyside import variants_of
from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

_TIMEOUT = 2.0
_MAX_OUTPUT = 64 * 1024 * 1024
_MAX_REVISIONS = 16
# Subcommands that print the contents of the revisions they name (REV:PATH is a read of PATH,
# judged by the analyser; `git log -p` is not covered here).
_SHOWERS = ("show", "diff", "grep", "whatchanged")
# Output forms that print no file contents (unless a patch is asked for too).
_NAMES_ONLY = frozenset(("--name-only", "--name-status", "--stat", "--numstat", "--shortstat", "--summary", "--raw",
                         "-s", "--no-patch", "--dirstat", "--compact-summary"))
_PATCH = frozenset(("-p", "-u", "--patch", "--patch-with-stat", "--patch-with-raw", "--cc", "-c", "--word-diff",
                    "--color-words", "--binary", "--full-index", "--text", "-a", "--unified"))
# git's global options that take a value (the subcommand comes after them)
_GLOBAL_ARG = ("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env")


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


def first_reached(names, top, prefix, includes, excludes, ctx):
    """(path relative to cwd, reason) of the first name, below `prefix` and kept by the pathspecs,
    that is on the deny side; None when there is none."""
    for name in names:
        if prefix and not name.startswith(prefix):
            continue
        rel = name[len(prefix):]
        if includes and not any(not i or rel == i.rstrip("/") or rel.startswith(i.rstrip("/") + "/") or
                                wildcard_match(i, rel) for i in includes):
            continue
        if any(rel == e.rstrip("/") or rel.startswith(e.rstrip("/") + "/") or wildcard_match(e, rel) or
               wildcard_match(e.lstrip("*/"), rel.rsplit("/", 1)[-1]) and e.startswith("**/") for e in excludes):
            continue
        reason = ctx.deny.read_reason(variants_of(os.path.join(top, name)))
        if reason:
            return rel, reason
    return None


def pathspecs(words):
    """(includes, excludes) of pathspec words (`:!x`, `:^x`, `:(exclude)x`; other magic: anything)."""
    includes, excludes = [], []
    for spec in words:
        if spec.startswith((":!", ":^")):
            excludes.append(spec[2:])
        elif spec.startswith(":(exclude)"):
            excludes.append(spec[len(":(exclude)"):])
        elif spec.startswith(":"):
            includes.append("")  # other magic: could be anything
        else:
            includes.append(spec)
    return includes, excludes


def check_trees(program, revs, top, cwd, includes, excludes, ctx, changes=False):
    """Deny when a revision of `revs` ((word, object type) pairs) holds a secret the pathspecs
    keep: its whole tree, or with `changes` (git show) the files its commit changes."""
    from legant_guard.hook.reach import _hint

    if len(revs) > _MAX_REVISIONS:
        return deny(f"`{program}` names more than {_MAX_REVISIONS} revisions; the guard checks the files of each "
                    "for secrets: name fewer", "search-reach")
    from legant_guard.hook.reach import _cwd_prefix

    prefix = _cwd_prefix(cwd, top)
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
        hit = first_reached(names or [], top, prefix, includes, excludes, ctx)
        if hit:
            rel, reason = hit
            return deny(f"`{program}` would read {reason}, which is in revision `{rev}`; "
                        f"{_hint('git grep', rel, False)}", "search-reach")
    return None


def check(cmd, ctx):
    """`git show REV`, `git diff A B`, `git whatchanged`: the trees of the revisions they name."""
    argv = cmd.argv
    k, cwd = 1, cmd.cwd
    while k < len(argv) and argv[k].startswith("-"):
        if argv[k] == "-C" and k + 1 < len(argv):
            cwd = os.path.normpath(os.path.join(cwd, argv[k + 1]))
        k += 2 if argv[k] in _GLOBAL_ARG else 1
    if k >= len(argv) or argv[k] not in ("show", "diff", "whatchanged"):
        return None
    from legant_guard.hook.treewalk import git_top

    top = git_top(cwd)
    if top is None:
        return None
    sub = argv[k]
    words = argv[k + 1:]
    if "--" in words:
        before, specs = words[:words.index("--")], words[words.index("--") + 1:]
    else:
        before, specs = words, []
    candidates = [w for w in before if _may_be_revision(w)]
    options = [w for w in before if w.startswith("-")]
    if "--no-index" in options:
        return None  # two files of the file system, judged as paths
    if any(o in _NAMES_ONLY for o in options) and not any(o in _PATCH or o.startswith("-U") for o in options):
        return None  # names and counts, no contents
    try:
        revs, more_specs = split_revisions(top, candidates)
    except TreeUnknown as e:
        return deny(f"`git {sub}` names revisions whose files the guard could not list ({e}); name the files "
                    "to show with a pathspec after --", "search-reach")
    if not revs and (sub != "diff" or any(o in ("--cached", "--staged") for o in options)):
        revs = [("HEAD", "commit")]
    includes, excludes = pathspecs(specs + more_specs)
    return check_trees(f"git {sub}", revs, top, cwd, includes, excludes, ctx, changes=sub != "diff")
