"""A loop's variable that takes the names of a git listing with a pathspec (precision.py's part).

`for f in $(git ls-files '*.md'); do head -3 "$f"; done`, `git ls-files '*.py' | while read -r
f; do wc -l "$f"; done` and `while read -r f; do …; done < <(git ls-files '*.go')` hand each round one name the listing prints, as `git ls-files '*.py' |
xargs wc -l` hands them all at once. The analysis cannot know `"$f"` and refuses it whenever the
token has path rules; here it stands for the listing's names, each judged where the body's
command opens it, exactly as the xargs form is (precision._check_listing: the index, and the
revisions a `git diff --name-only` compares; a name that would split, glob or be cut leaves it
undetermined).

Only when the loop is the whole line (after at most one leading `cd DIR &&`), the listing is
one plain `git ls-files` / `git diff --name-only` / `git grep -l` with a pathspec (nothing in it
that runs, redirects or substitutes), the value is the bare variable (`"$f"`, `$f`, `"${f}"`:
`"$f.bak"` stays undetermined), and the body can neither change folder (the names are relative
to where the listing ran) nor give the variable another value (an assignment, `read`, `mapfile`,
`declare`, `local`, `export`, `let`, `printf -v`, `eval`, `source`, a function, another loop).
Claude Code's framing after the last `done` (`2>&1 | tail -50`, plain filters) is set aside.
Loaded only for such operands.
"""

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# characters that would make the listing more than one plain git command
_LISTING_CUTS = frozenset("$`();&|<>\n\\")
# what in a body could move it to another folder or give the variable another value
_BODY_STOPS = ("cd ", "cd\n", "pushd", "popd", "read", "mapfile", "readarray", "declare", "typeset", "local",
               "export", "let ", "printf -v", "eval", "source", ". ", "IFS", ":=", "((", "`", "()", "function",
               "alias", "for ", "while ", "until ", "select ", "done", "exec", "set ", "shopt", "GIT_")
_MORE_STOPS = ("coproc", "getopts", "wait ", "trap")


def listing_of(src, command):
    """(the words of the git listing whose names the loop variable `src` takes, whether they reach
    it through the shell's splitting), or (None, False)."""
    name = _variable(src)
    if name is None or "GIT_" in command:
        return None, False
    command = _unframed(command)
    if command.startswith("for "):
        return _for_loop(name, command)
    if command.startswith("while ") and command.endswith(")"):
        return _while_fed(name, command)
    if "|" in command:
        return _while_loop(name, command)
    return None, False


def _unframed(command):
    """The loop without Claude Code's framing after its last `done` (`… done 2>&1 | tail -50`):
    plain filters that read its output (precision._plain_filters), errors sent into the pipe or
    away. Anything else after `done` is left on, and the loop is then not recognised."""
    from legant_guard.hook.precision import _pipe_pieces, _plain_filters, _unquieted

    loop, done, after = command.rpartition("done")
    if not done or not after.strip():
        return command
    fed = ""
    if after.startswith(" < <("):  # (the while loop's input, `done < <(LISTING)`, is kept)
        fed, close, after = after.partition(")")
        fed += close
    first, *filters = _pipe_pieces(_unquieted(after))
    if first.strip() or not filters or not _plain_filters(filters):
        return command
    return loop + done + fed


def _variable(src):
    """NAME of a bare `$NAME`, `"$NAME"`, `${NAME}`, `"${NAME}"`, else None."""
    text = src[1:-1] if len(src) >= 2 and src[0] == src[-1] == '"' else src
    if text.startswith("${") and text.endswith("}"):
        name = text[2:-1]
    elif text.startswith("$"):
        name = text[1:]
    else:
        return None
    return name if name and not name[0].isdigit() and set(name) <= _NAME_CHARS else None


def _for_loop(name, command):
    """`for NAME in $(LISTING); do BODY; done`: the listing's names split and globbed by the shell."""
    head = f"for {name} in $("
    if not command.startswith(head):
        return None, False
    listing, close, rest = command[len(head):].partition(")")
    if not close or any(c in _LISTING_CUTS for c in listing) or not _plain_body(_body(rest), name):
        return None, False
    return listing.split(), True


def _while_loop(name, command):
    """`LISTING | while [IFS=] read [-r] NAME; do BODY; done`: one name a line."""
    left, _, right = command.partition("|")
    right = right.lstrip(" ")
    if any(c in _LISTING_CUTS for c in left) or not right.startswith("while "):
        return None, False
    rest = right[6:].lstrip(" ")
    if rest.startswith("IFS= "):
        rest = rest[5:].lstrip(" ")
    form = next((f for f in (f"read -r {name}", f"read {name}") if rest.startswith(f)), None)
    if form is None or not _plain_body(_body(rest[len(form):]), name):
        return None, False
    return left.split(), False


def _while_fed(name, command):
    """`while [IFS=] read [-r] NAME; do BODY; done < <(LISTING)`: one name a line, as through a pipe."""
    loop, _, listing = command.rpartition("done < <(")
    listing = listing[:-1]
    if not loop or any(c in _LISTING_CUTS for c in listing):
        return None, False
    words, _ = _while_loop(name, listing + " | " + loop + "done")
    return words, False


def _body(rest):
    """BODY of `; do BODY; done` (a `;` or a newline before `do` and before `done`) ending the
    line, or None."""
    text = rest.lstrip(" ")
    if text[:1] in (";", "\n"):
        text = text[1:].lstrip(" \n")
    if not text.startswith(("do ", "do\n")):
        return None
    text = text[3:].rstrip(" \n")
    if not text.endswith("done"):
        return None
    text = text[:-4].rstrip(" ")
    return text[:-1] if text.endswith((";", "\n")) else None


def _plain_body(body, name):
    """Does the body leave the variable as the listing gave it? Also not `NAME+=…` (`.e` + `nv`),
    `NAME[0]=…` (`$NAME` is element 0: red team 48, `f[0]=.env; cat "$f"` read a secret), `{NAME}>`
    (a descriptor's number) or `coproc`/`getopts`/`wait -p`."""
    if body is None or any(stop in body for stop in _BODY_STOPS + _MORE_STOPS):
        return False
    import re

    return not re.search(r"(?<![\w$])" + re.escape(name) + r"(?:\+?=|\[)|(?<!\$)\{" + re.escape(name) + r"\}", body)
