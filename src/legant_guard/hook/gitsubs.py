"""Which git subcommands the slower git modules judge, kept here so that `git status`, the
commonest command, loads neither: gitrevs.py reads files of other revisions (show, diff, log -p
...), checkouts.py the trees a command writes into the work tree (checkout, merge, stash ...).
Each module takes its list from here, so the gate in commandrules.py cannot drift from it.
`subcommand_of` finds the subcommand after git's global options, for every module that asks."""

REVISION_READERS = frozenset(("show", "diff", "whatchanged", "log", "format-patch", "archive", "cat-file", "stash"))
TREE_WRITERS = frozenset(("checkout", "switch", "restore", "checkout-index", "stash", "reset", "read-tree", "worktree",
                          "merge", "cherry-pick", "revert", "rebase", "clone",
                          "pull", "bisect", "sparse-checkout", "submodule", "mv"))

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


def subcommand_of(argv):
    """The GitSub of `git ARGV...` after its global options, or None (no subcommand)."""
    from legant_guard.hook.cmdoptions import first_operand

    k = first_operand(argv, GLOBAL_WITH_VALUE)
    return None if k is None else GitSub(k, argv[k])
