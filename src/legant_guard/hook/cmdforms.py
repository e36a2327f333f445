"""Command rules that name a program's arguments, not only the program.

A `cmd:` (or `deny-cmd:`) entry is either a program name pattern (`pytest`, `nc.*`: any
arguments, as it always was) or a FORM: the program pattern followed by argument words,
e.g. `npm ci {flags}` or `pip* install {flags} -e . {flags}`. A form is how a token allows a
package manager only in the shapes that act on the project (`npm ci`, `pip install -e .`)
and not in those that fetch a package the agent names (`npm install left-pad`, `npx x`).

Argument words, matched in order against the words after the program:
- a wildcard (`*`, `?`, `[...]`, as program names) matches exactly one word;
- `{flags}` matches zero or more plain option words: `-x`, `-abc`, `--long-name` (letters,
  digits and dashes only, so `--index-url=URL`, `-iURL` and `--` are NOT flags);
- `...` as the last word matches whatever follows (nothing included).
A form without `...` matches only when every word is accounted for. On the deny side a form
is a prefix: `deny-cmd:npm publish` denies `npm publish --tag x` as well.

Pure and standard-library only (the hook path): entries are compared word by word, with a
linear-size table of reachable positions instead of backtracking.
"""

from legant_guard.hook.paths import wildcard_match

FLAGS = "{flags}"
REST = "..."
_FLAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def is_form(entry):
    """Does this command entry name arguments (a space after the program pattern)?"""
    return " " in entry.strip()


def is_flag(word):
    """A plain option word: `-x`, `-abc`, `--long-name`; nothing carrying a value."""
    if len(word) < 2 or word[0] != "-" or word == "--":
        return False
    return all(c in _FLAG_CHARS for c in word[1:])


def matches(entry, name, args, deny_side=False):
    """Does `entry` allow (or, `deny_side`, deny) program `name` run with `args`?

    `name` is the program's base name; `args` the words after it. The deny side ignores case
    (on macOS `CURL` finds curl) and reads a form as a prefix.
    """
    words = entry.split()
    if not words:
        return False
    program, pattern = words[0], words[1:]
    if deny_side:
        program, name = program.casefold(), name.casefold()
        pattern = [w.casefold() for w in pattern]
        args = [a.casefold() for a in args]
        if pattern and pattern[-1] != REST:
            pattern.append(REST)
    if not wildcard_match(program, name):
        return False
    if not pattern:
        return True  # a bare program name: any arguments
    return args_match(pattern, list(args))


def args_match(pattern, args):
    """Match argument words against a form's pattern words (see the module docstring)."""
    reach = {0}  # positions in `args` reachable after the pattern words so far
    last = len(pattern) - 1
    for i, word in enumerate(pattern):
        if word == REST and i == last:
            return True
        following = set()
        if word == FLAGS:
            for j in reach:
                following.add(j)
                k = j
                while k < len(args) and is_flag(args[k]) and k + 1 not in following:
                    k += 1
                    following.add(k)
        else:
            for j in reach:
                if j < len(args) and wildcard_match(word, args[j]):
                    following.add(j + 1)
        if not following:
            return False
        reach = following
    return len(args) in reach
