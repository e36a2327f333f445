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

The same holds for a subscript inside braces (`a=(.env x); cat ${a[1]}`: zsh counts from 1, bash
from 0; not `[@]`/`[*]`, every element in both), and for zsh's options (red team 41): set on zsh's
command line (`zsh -o extendedglob -c 'cat .env~x'`, `-o globdots`/`-4` with `cat conf/*`,
`+o caseglob` with `cat .EN[V]`, `-o braceccl` with `cat .{e}nv`: each reads .env in zsh) or in
the script (`setopt`, `unsetopt`, `emulate`, `set -o NAME`, `options[NAME]=on`), they change which
files a word names, and zsh spells them many ways (any case, `_` ignored, `--glob-dots`, a
letter). Only the options that change no expansion are taken: `-c -l -i -s -e -u -x -v -n -f`,
`--login`, `--no-rcs`, `-o`/`set -o` with errexit, nounset, pipefail, xtrace, verbose, noexec,
errreturn, login. (`**/` recurses in zsh without any option: hook/engine.py's glob options read a
zsh in the command as globstar.) What the user's own ~/.zshenv sets, which every zsh reads first,
the guard does not see.
"""

import re

# A parameter (`$x`, `${x}`, `$1`, `$@` ...) followed by a modifier or a subscript, or one of
# the flags zsh reads after `$`. Matched in the whole text, quotes or not: a false match only
# refuses a zsh script, never lets one through.
# A brace is read at most 200 characters far, and one left open longer counts (red team 41: the
# unbounded `\{[^}]*\}` rescanned the rest of the text from every `${`, 1.2 s for 60 KB of `${a`).
_ZSH_ONLY = re.compile(r"\$(?:\{[^}]{0,200}\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?::[A-Za-z&]|\[)|\$[~=^+]"
                       r"|\$\{[#^=~+]*[A-Za-z_][A-Za-z0-9_]*\[(?![@*]\])|\$\{[^}]{200}")
# Setting an option inside the script: the builtins that do, and `set` with option words after it.
_SETTERS = re.compile(r"\b(?:setopt|unsetopt|emulate)\b|\boptions\[|\bset((?:[ \t]+[-+][^\s;&|]*(?:[ \t]+[A-Za-z_]+)?)+)")
_PLAIN_LETTERS = frozenset("cilsexuvnf")
_PLAIN_NAMES = frozenset(("errexit", "nounset", "pipefail", "xtrace", "verbose", "noexec", "errreturn", "login",
                          "norcs", "interactive", "shinstdin"))


def _option_problem(words):
    """The first of a zsh command's or a `set`'s option words that may change an expansion, or None.
    A word of letters ending in `o` (`-o`, `-euo`) takes the next word as an option's name."""
    k = 0
    while k < len(words):
        w = words[k]
        if w.startswith("--"):
            if w != "--" and w[2:].lower().replace("-", "").replace("_", "") not in _PLAIN_NAMES:
                return w
        elif w[:1] in "-+" and w[1:].endswith("o"):
            name = words[k + 1] if k + 1 < len(words) else ""
            if w[0] == "+" or not _PLAIN_LETTERS.issuperset(w[1:-1]) or \
                    name.lower().replace("_", "") not in _PLAIN_NAMES:
                return (w + " " + name).strip()
            k += 1
        elif w[:1] == "+" or (w[:1] == "-" and not _PLAIN_LETTERS.issuperset(w[1:])):
            return w
        k += 1
    return None


def zsh_only(text, options=()):
    """The first zsh-only expansion in the script `text`, or an option (of zsh's own `options`
    words or set in the script) that changes expansions; None when there is neither."""
    found = _ZSH_ONLY.search(text)
    if found:
        return found.group(0)
    problem = _option_problem(list(options))
    if problem:
        return problem
    for found in _SETTERS.finditer(text):
        if found.group(1) is None:
            return found.group(0)
        problem = _option_problem(found.group(1).split())
        if problem:
            return "set " + problem
    return None
