"""Which git subcommands the slower git modules judge, kept here so that `git status`, the
commonest command, loads none of them: gitrevs.py reads files of other revisions (show, diff,
log -p ...), checkouts.py the trees a command writes into the work tree (checkout, merge, stash
...), destinations.py the files a patch writes (apply, am). Each module takes its list from
here, so the gate in commandrules.py cannot drift from it; git_sub, which finds the
subcommand, lives here for the same reason."""

REVISION_READERS = frozenset(("show", "diff", "whatchanged", "log", "format-patch", "archive", "cat-file", "stash",
                              # red team 26: plumbing and other printers of files' contents
                              "diff-tree", "diff-index", "diff-files", "fast-export", "range-diff", "merge-tree",
                              "reflog",
                              # checkouts of the repository's files into another folder (copies)
                              "worktree", "clone", "checkout-index", "bundle",
                              # red team 32: a blob by its id written into a file (.merge_file_XXXXXX),
                              # dangling blobs written into .git/lost-found/other/
                              "unpack-file", "fsck"))
TREE_WRITERS = frozenset(("checkout", "switch", "restore", "checkout-index", "stash", "reset", "read-tree", "worktree",
                          "merge", "cherry-pick", "revert", "rebase", "clone",
                          "pull", "bisect", "sparse-checkout", "submodule", "mv", "subtree", "rm", "clean", "lfs"))
PATCH_APPLIERS = frozenset(("apply", "am"))
# Subcommands that copy work-tree files into the repository's objects, where any program that
# inflates zlib reads them back (`git add -A`, `hash-object --stdin-paths`): gitstaging.py
STAGERS = frozenset(("add", "stage", "update-index", "hash-object"))
# A git command names files it never opens (precision.index_only_paths) only with one of these
# words: `git rm --cached`, `git check-ignore`; without them precision.py is not loaded.
INDEX_ONLY_WORDS = ("--cached", "check-ignore")
# Subcommands that neither send the repository nor say where a later push goes: the commonest
# git commands do not load gitremotes.py (which judges every other one where the network is denied)
LOCAL_ONLY = frozenset(("status", "diff", "log", "show", "add", "commit", "rev-parse", "ls-files", "ls-tree", "branch",
                        "checkout", "switch", "restore", "reset", "stash", "merge", "rebase", "tag", "fetch", "pull",
                        "clone", "init", "mv", "rm", "blame", "grep", "describe", "cherry-pick", "revert", "worktree",
                        "clean", "show-ref", "for-each-ref", "cat-file", "diff-tree", "shortlog", "reflog", "apply", "am",
                        "format-patch", "bisect", "gc", "rev-list", "version", "help", "check-ignore", "merge-base",
                        "ls-remote", "archive", "bundle", "sparse-checkout", "symbolic-ref", "update-index"))


# git's global options that take the next word as their value (`git -C DIR status`)
GLOBAL_WITH_VALUE = ("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env")


class GitSub(tuple):
    """git's subcommand in a command's argv: `at` (its index) and `name`. A tuple (free to make
    on the hot path), so `at, name = sub` reads it too."""

    __slots__ = ()

    def __new__(cls, at, name):
        return tuple.__new__(cls, (at, name))

    at = property(lambda self: self[0])
    name = property(lambda self: self[1])


def may_send(argv):
    """Could `git ARGV` send the repository or point a later push elsewhere (see LOCAL_ONLY)?"""
    sub = git_sub(argv)
    return sub is not None and sub.name not in LOCAL_ONLY


def git_sub(argv):
    """The GitSub of `git ARGV...` after its global options, or None (no subcommand)."""
    k = 1
    while k < len(argv):
        word = argv[k]
        if word in GLOBAL_WITH_VALUE:
            k += 2
        elif word.startswith("-"):
            k += 1
        else:
            return GitSub(k, word)
    return None


def lists_stashes(argv, sub):
    """`git stash list`, `git stash show ...` (`sub`: git_sub(argv)): they print the stashes and
    change nothing, so a read after them in the same command (`git stash list && git stash show
    -p stash@{0}`) reads what is there now; a bare `git stash` pushes one, `pop` writes the tree."""
    return sub.name == "stash" and argv[sub.at + 1:sub.at + 2] in (["list"], ["show"])
