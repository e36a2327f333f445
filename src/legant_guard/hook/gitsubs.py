"""Which git subcommands the slower git modules judge, kept here so that `git status`, the
commonest command, loads neither: gitrevs.py reads files of other revisions (show, diff, log -p
...), checkouts.py the trees a command writes into the work tree (checkout, merge, stash ...).
Each module takes its list from here, so the gate in commandrules.py cannot drift from it."""

REVISION_READERS = frozenset(("show", "diff", "whatchanged", "log", "format-patch", "archive", "cat-file", "stash"))
TREE_WRITERS = frozenset(("checkout", "switch", "restore", "checkout-index", "stash", "reset", "read-tree", "worktree",
                          "merge", "cherry-pick", "revert", "rebase", "clone",
                          "pull", "bisect", "sparse-checkout", "submodule", "mv"))
