"""git commands that open an editor for a message (shell/interactive.py's part, loaded for the git
subcommands that may: commit, tag, notes, branch, replace, cherry-pick, merge, pull, revert).

Why: an editor is a program the agent can type into. Codex starts a command on a terminal when
the model asks for one (`exec_command {tty: true}`, a flag its hook never sees) and its
`write_stdin` keystrokes never reach the hook either: `git commit` opens $EDITOR (git ignores
VISUAL on Codex's TERM=dumb, and uses core.editor or EDITOR), and `:!cmd` typed into vi runs any
command unjudged. So a git command that opens the editor is interactive, like `git rebase -i`,
unless the command gives the message itself (-m, -F, -C, --no-edit).

Left open: merge, pull and revert also open the editor by default, but only on a terminal (a
Codex `tty: true` call), and the plain `git merge BRANCH` is everyday work the guard keeps
allowed; their explicit `-e/--edit` is refused. `git merge --continue` (the merge's commit)
stays allowed with them.
"""

# The options that hand git the message (or reuse one unedited): no editor.
_MESSAGE = {
    "commit": ("-m", "--message", "-F", "--file", "-C", "--reuse-message", "--no-edit", "--dry-run"),
    "tag": ("-m", "--message", "-F", "--file"),
    "notes": ("-m", "--message", "-F", "--file", "-C", "--reuse-message", "--no-edit"),
}
# Short options of each that take the message (or a file, or a commit to reuse) as their value,
# so `-am MSG`, `-mMSG` and `-Ffile` give it; `-c` (commit) reuses a message *with* the editor.
_SHORT_MESSAGE = {"commit": "mFC", "tag": "mF", "notes": "mFC"}
# Short options that take a value (what follows them in a cluster is that value, not options).
_SHORT_VALUE = {"commit": "mFCctSu", "tag": "mFu", "notes": "mFCc", "merge": "mFsSX", "pull": "sSX",
                "revert": "mSX"}
# Options that force the editor whatever else is given (commit's and notes' `-c` reuse a message
# to edit it; a template, `-t`, only fills the editor a commit without a message opens anyway).
_EDIT = ("-e", "--edit")
_EDIT_MORE = {"commit": ("-c", "--reedit-message"), "notes": ("-c", "--reedit-message")}
_SHORT_EDIT = {"commit": "ec", "notes": "ec"}
# Creating a tag opens the editor for an annotated or signed one only.
_ANNOTATED = ("-a", "--annotate", "-s", "--sign", "-u", "--local-user")


def opens_editor(sub, args):
    """Does `git SUB ARGS` open an editor whatever the terminal?"""
    words = []
    for a in args:
        if a.text == "--":
            break
        words.append(a.text)
    if sub == "branch":
        return "--edit-description" in words
    if sub == "replace":
        return "-e" in words or "--edit" in words
    if sub == "notes":
        action = next((w for w in words if not w.startswith("-")), None)
        if action == "edit":
            return True
        if action not in ("add", "append"):
            return False
    if sub == "cherry-pick":
        return "-e" in words or "--edit" in words
    if sub == "tag" and not any(_option(w) in _ANNOTATED or _cluster_has(w, "asu", sub) for w in words):
        return False  # a lightweight tag, a listing, a deletion
    edit = _EDIT + _EDIT_MORE.get(sub, ())
    if any(_option(w) in edit or _cluster_has(w, _SHORT_EDIT.get(sub, "e"), sub) for w in words):
        return True
    message = _MESSAGE.get(sub, ())
    if any(_option(w) in message or _cluster_has(w, _SHORT_MESSAGE.get(sub, ""), sub) for w in words):
        return False
    if sub == "commit" and any(w.startswith("--fixup=") and not w.startswith(("--fixup=amend:", "--fixup=reword:"))
                               or w == "--fixup" for w in words):
        return False  # (a fixup! commit takes its message from the commit it names)
    return sub not in ("merge", "pull", "revert")  # (their default edit: on a terminal only, left open)


def _option(word):
    """The option a word spells (`--message=x` -> `--message`), or the word."""
    return word.split("=", 1)[0] if word.startswith("--") else word


def _cluster_has(word, letters, sub):
    """Does a cluster of short options (`-am`, `-sm`) name one of `letters` before a value starts?"""
    if not letters or len(word) < 2 or word[0] != "-" or word[1] == "-":
        return False
    takes = _SHORT_VALUE.get(sub, "")
    for ch in word[1:]:
        if ch in letters:
            return True
        if ch in takes:
            return False
    return False
