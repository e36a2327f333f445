"""`bash -lc 'sed -n 1,200p app.py'` as a whole Codex command: the script, judged in its place.

Codex has no file-reading tool: a reviewer (fs.read, no shell.exec) reads through its shell, and
hook/readonly.py counts plainly read-only commands as reads. Codex already runs every command
through the user's shell (`bash -lc CMD`), and its models, trained on the older
`["bash", "-lc", CMD]` calls, often write that wrapping into the command themselves. Read as a
nested shell, every such read was refused ("`sed` runs through `bash -c`").

When the WHOLE command is Codex's own wrapping, one shell (bash, sh, zsh, dash, by name) started
as a login shell running a script (`-lc`, `-cl`, `-l -c`, `--login -c`) with one word of literal text
(no expansion in it, no operand after it, no redirect, no assignment), the script is what
runs, and it is judged in its place by the same rules: a read of a secret stays refused, and
anything more than a read stays a shell.exec the token does not grant. A login shell reads the
user's profile files first, as Codex's own `bash -lc` does before every command: nothing the
script names or changes. Not a plain `bash -c` (no agent wraps a command so: its reason says to
drop the wrapper), `-i` (interactive: ~/.bashrc and a prompt), `--rcfile`, `-o`/`-O`, `-s`, `-x`
or any other option: those leave the command as it is (refused).
"""

_SHELLS = frozenset(("bash", "sh", "zsh", "dash"))
# zsh's words expand otherwise than bash's, and the script is analysed as bash: `x=.ENV; cat $x:l`
# (a modifier on a bare parameter, lowercased) and `a=(.env x); cat $a[1]` (a subscript without
# braces, counted from 1) read .env in zsh, while bash reads `.ENV:l` and `.env[1]`; glob
# qualifiers `*(D)`, `^x`/`x~y` (EXTENDED_GLOB), `=cmd`, `**/` differ too (red team 36). A zsh
# script is taken only with none of the characters those start: plain words, quotes, pipes, `&&`.
_ZSH_DIFFERS = frozenset("$`\\(){}[]*?~^=<>!#%")
_FLAGS = (["-lc"], ["-cl"], ["-l", "-c"], ["--login", "-c"])


def script(command):
    """SCRIPT when `command` is exactly `SHELL FLAGS 'SCRIPT'` (see above), else None."""
    from legant_guard.shell.parse import ParseError, Simple, parse

    try:
        tree = parse(command)
    except ParseError:
        return None
    if len(tree) != 1 or len(tree[0][0].cmds) != 1 or tree[0][0].bang or tree[0][1] not in ("", "\n", ";"):
        return None
    simple = tree[0][0].cmds[0]
    if not isinstance(simple, Simple) or simple.assigns or simple.redirs or len(simple.words) < 3:
        return None
    *head, last = simple.words
    words = [w.literal() for w in head]
    if words[0] not in _SHELLS or words[1:] not in _FLAGS:
        return None
    if not last.parts or any(part[0] != "lit" for part in last.parts):
        return None
    text = "".join(part[1] for part in last.parts)
    return None if words[0] == "zsh" and not _ZSH_DIFFERS.isdisjoint(text) else text
