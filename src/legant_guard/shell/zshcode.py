"""zsh code the guard reads as bash: the expansions where zsh runs otherwise.

A script given to zsh (`zsh -c SCRIPT`, `zsh <<EOF`) is parsed with the bash grammar. Most of
it means the same, but a few of zsh's own expansions read as plain text in bash and name other
files in zsh: `x=.ENV; cat $x:l` (a modifier on a bare parameter: lower case, `:h`, `:t`, `:a`,
`:s/a/b/` ...) and `a=(.env x); cat $a[1]` (a subscript without braces, counted from 1) read
.env in zsh, while bash reads `.ENV:l` and `.env[1]`; `$~x` globs the value, `$=x` splits it,
`$^x` distributes an array. Seen through bash they gave the guard the wrong file (red team 36
closed them for Codex's `zsh -lc` around a whole command, hook/outershell.py; they stayed open
inside a command and under the builder). Such a script is an undetermined command: the guard
cannot say which files it names. Forms bash cannot parse (`${(L)x}`, glob qualifiers
`*(D)`) are refused by the parser already.
"""

import re

# A parameter (`$x`, `${x}`, `$1`, `$@` ...) followed by a modifier or a subscript, or one of
# the flags zsh reads after `$`. Matched in the whole text, quotes or not: a false match only
# refuses a zsh script, never lets one through.
_ZSH_ONLY = re.compile(r"\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?::[A-Za-z&]|\[)|\$[~=^+]")


def zsh_only(text):
    """The first zsh-only expansion in the script `text`, or None."""
    found = _ZSH_ONLY.search(text)
    return found.group(0) if found else None
