"""Files git copies into the repository's objects (red team 42).

`git add -A` over an unignored `.env`, `git add --pathspec-from-file=- <<< .env`, `git
update-index --add --stdin`, `git hash-object -w --stdin-paths <<< ~/.ssh/id_rsa` store a
secret's contents in `.git/objects/`, a zlib stream in a file no rule ties to the secret: any
program that inflates zlib (`python3 -c 'zlib.decompress(...)'`, even `printf` + `tail -c +3` +
`gzip -dc`) prints it back, and the next commit and push carry it. gitrevs.py holds git's own
readers of the index and of other revisions; this module holds the copy into them:
- names read from the input or a list file: denied (which files is not known);
- `git add` with a folder, a glob pathspec or -A: the untracked files git would stage (the
  trusted git's `ls-files --others --exclude-standard`; with -f the ignored ones too) and the
  tracked files that changed, against the deny side, with the pathspecs `:!x` the command gives.
  The user's own global ignore file is not read (the trusted git runs without the user's
  configuration): a secret only it ignores is counted, and the reason names the pathspec to add.
Loaded for `git add`/`stage`/`update-index`/`hash-object` only.
"""

import os

from legant_guard.hook.model import deny

# `git add` options after which it stages nothing new (tracked files only, a dry run, an empty
# intent-to-add entry, or an interactive choice of tracked hunks)
# intent-to-add entry, or an interactive choice of tracked hunks). Not -N: its empty entries make
# the untracked files tracked, whose contents the next `git add -u` or `git commit -a` stores.
_NOTHING_NEW = frozenset(("-u", "--update", "-n", "--dry-run", "-p", "--patch", "-i", "--interactive", "-e", "--edit",
                          "--renormalize", "--refresh"))
_NOTHING_NEW_LETTERS = "unpie"
_VALUED = ("--chmod", "--pathspec-from-file")


def listed(sub, words):
    """The reason a git command copies the files named on its input or in a list, or None. git
    takes an unambiguous prefix of a long option (`--stdin-p`, `--pathspec-fr`, `--st`)."""
    for w in words:
        if w == "--":
            break
        name = w.split("=", 1)[0]
        if sub == "hash-object" and name.startswith("--stdin-"):
            return "`git hash-object --stdin-paths` reads the files named on its input (with -w into the repository)"
        if sub in ("add", "stage") and len(name) >= 13 and "--pathspec-from-file".startswith(name):
            return f"`git {sub} --pathspec-from-file` stages the files named in a list"
        if sub == "update-index" and len(name) >= 4 and "--stdin".startswith(name):
            return "`git update-index --stdin` stages the files named on its input"
    return None


def check(cmd, sub, ctx):
    """A deny when the git command `cmd` (its GitSub `sub`) copies a secret into the repository."""
    words = cmd.argv[sub.at + 1:]
    what = listed(sub.name, words)
    if what:
        return deny(f"{what}, which the guard cannot see; name the files as operands", "search-reach")
    if sub.name not in ("add", "stage"):
        return None
    options, specs = _split(words)
    if options & _NOTHING_NEW or any(o[1:2] != "-" and set(o[1:]) & set(_NOTHING_NEW_LETTERS) for o in options):
        return None
    every = bool(options & {"-A", "--all", "--no-ignore-removal"}) or any(
        o[1:2] != "-" and "A" in o for o in options)
    if not specs and not every:
        return None  # (`git add` alone stages nothing)
    from legant_guard.hook import gitrevs

    k, cwd, other = gitrevs.git_location(cmd.argv, cmd.cwd)
    if not every and all(not any(c in s for c in "*?[:") and os.path.isfile(os.path.join(cwd, s)) for s in specs):
        return None  # (`git add src/a.py`: files the command names, each judged as an operand)
    if other or gitrevs.elsewhere(cmd.argv[1:k], ctx):
        return deny(f"`git {sub.name}` stages files of a repository named by --git-dir/--work-tree or GIT_DIR-like "
                    "variables, which the guard does not list; run it in that work tree (git -C DIR)", "search-reach")
    from legant_guard.hook.treewalk import git_top

    top = git_top(cwd)
    if top is None:
        return None  # (not a work tree: git refuses)
    force = bool(options & {"-f", "--force"}) or any(o[1:2] != "-" and "f" in o for o in options)
    from legant_guard.hook.checkouts import Repo, Unknown

    repo = Repo(top)
    try:
        names = repo.untracked(ignored=force) + repo.unlike_index()
    except Unknown as e:
        if not ctx.deny.could_reach_below(top):
            return None
        return deny(f"`git {sub.name}` stages files the guard could not list ({e}); name the files to add",
                    "search-reach")
    from legant_guard.hook.reach import _cwd_prefix

    includes, excludes = gitrevs.pathspecs(specs, gitrevs.literal_pathspecs(cmd.argv, ctx))
    hit = gitrevs.first_reached(names, top, _cwd_prefix(cwd, top), includes, excludes, ctx)
    if not hit:
        return None
    rel, reason = hit
    return deny(f"`git {sub.name}` would copy into the repository's objects (and the next commit) {reason}; any "
                f"program reads it back from there: list it in .gitignore, or leave it out with the pathspec ':!{rel}'",
                "search-reach")


def _split(words):
    """({options}, [pathspecs]) of `git add`'s words (option values skipped, `--` ends options)."""
    options, specs, k, end = set(), [], 0, False
    while k < len(words):
        w = words[k]
        k += 1
        if end or not w.startswith("-") or w == "-":
            specs.append(w)
        elif w == "--":
            end = True
        else:
            options.add(w.split("=", 1)[0])
            if w in _VALUED:
                k += 1
    return options, specs

