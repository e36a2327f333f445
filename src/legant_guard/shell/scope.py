"""The shell state every command's analysis carries: the `Scope` and its markers.

Split from shell/state.py, which holds what the state-changing builtins (export, declare, read,
alias, set, shopt ...) and cd/pushd/popd do to it: those run for the few commands that use them,
while a Scope is made, copied and compared for every command, so the hook loads only this part
on every call and state.py when a command changes the state.
"""

import os

from legant_guard.shell.words import absolute

# Builtins that change what the shell holds: variables, aliases, options.
STATE_BUILTINS = frozenset(("export", "declare", "typeset", "local", "readonly", "read", "unset", "mapfile",
                             "readarray", "getopts", "printf", "let", "alias", "unalias", "shopt", "set", "hash",
                             "shift", "enable"))


# Markers kept among the variables (no variable name holds a space).
SUBSHELL = " subshell"  # set in a `( … )` subshell: a cd there ends with it
LOOPVARS = " loop"  # the names of `for` variables with several values
PHYSICAL = " set -P"  # `set -P` / `set -o physical`: cd resolves symlinks ("1") or not ("")
NAMEREFS = " declare -n"  # names linked by `declare -n`: never known statically
INTEGERS = " declare -i"  # names declared integer: a value assigned to them is arithmetic
# names made read-only (`readonly x`, `declare -r x`): bash refuses a later assignment, so what the
# guard would read from it is not the value the shell holds (unknown from then on, never guessed:
# a `local x; readonly x` in a function ends with it); "*": a name chosen at run time
READONLY = " readonly"
READONLY_FUNCTIONS = " readonly -f"  # functions made read-only: bash refuses a redefinition
# builtins turned off by `enable -n` ("*": a name chosen at run time): `cd`, `export` … then run a
# program of that name, or none, and the shell's state does not change (never taken off again:
# an `enable cd` that may not run leaves cd as unsure as before)
DISABLED = " enable -n"


ALLEXPORT = " set -a"  # `set -a`: every function defined from then on is exported ("1")
# Arrays whose elements bind a command name to what it runs: the hash table (`BASH_CMDS[ls]=/usr/bin/curl;
# ls` runs curl, like `hash -p`) and the aliases.
COMMAND_TABLES = frozenset(("BASH_CMDS", "BASH_ALIASES"))
LASTPIPE = " shopt lastpipe"  # `shopt -s lastpipe` (or one not known): a pipeline's last command runs here
KEYWORD = " set -k"  # `set -k` / `set -o keyword`: NAME=VALUE anywhere in a command is its environment ("1")
# names the command itself gives text the guard does not know (a file's, a command's output, a
# `read`): bash evaluates such a value as arithmetic wherever the name is (`x=$(cat f); $((x))`
# runs the `$(…)` in an `a[$(…)]` the file holds). One marker per name (RUNTIME + " " + NAME,
# constant time however many), and RUNTIME itself once there is any; shell/arith.py reads them.
RUNTIME = " runtime"


def _read_only(names, name):
    return name in names or "*" in names


def keyword_mode(scope):
    return (scope.vars.get(KEYWORD) or [""])[0] == "1"


def is_nameref(scope, name):
    return name in (scope.vars.get(NAMEREFS) or ())


class Scope:
    """What the shell knows at one point of the command: working directory, variables (arrays
    as NAME[@], NAME[0] ...), functions, aliases, and what `~` means (home; None = unknown
    after `HOME=$X`)."""

    __slots__ = ("cwd", "cwd_known", "vars", "functions", "home", "globvars", "aliases")

    def __init__(self, cwd, home, *, vars_=None, functions=None, cwd_known=True, globvars=(), aliases=None):
        self.globvars = set(globvars)  # variables whose values are glob patterns (for f in *.py)
        self.cwd = cwd
        self.home = home
        self.cwd_known = cwd_known
        self.vars = vars_ if vars_ is not None else {"HOME": [home], "PWD": [cwd], "CDPATH": [env_cdpath()]}
        self.functions = functions if functions is not None else {}
        self.aliases = aliases if aliases is not None else {}  # name -> text (None: built at run time)

    def copy(self):
        return Scope(self.cwd, self.home, vars_=dict(self.vars), functions=dict(self.functions),
                     cwd_known=self.cwd_known, globvars=self.globvars, aliases=dict(self.aliases))

    def set_var(self, name, value, runtime=True):
        """NAME=VALUE (None: not known statically); HOME also changes what `~` means. `runtime`:
        an unknown value is text given at run time (RUNTIME); False where the guard only lost
        track of a value the command set (a loop's later rounds, a branch) or it is a number."""
        self.globvars.discard(name)
        for key in [k for k in self.vars if k.startswith(name + "[")]:
            del self.vars[key]
        if value is not None and name in (self.vars.get(NAMEREFS) or ()):
            value = None  # a name linked by `declare -n`: what it holds is not followed
        if value is not None and READONLY in self.vars and _read_only(self.vars[READONLY], name):
            value = None  # `readonly x=.env; x=README.md` keeps .env: bash refuses the assignment
        if value is None:
            self.vars.pop(name, None)
            if name == "IFS" or name == "PATH":
                # set, to a value not known: splitting is undetermined; which file a command
                # word starts is not known (hook/programs.py)
                self.vars[name] = None
            if runtime:
                mark_runtime(self, name, True)
        else:
            self.vars[name] = [value]
            if RUNTIME in self.vars:
                mark_runtime(self, name, False)
        if name == "HOME":
            self.home = absolute(value, self.cwd) if value else None

    def set_array(self, name, values):
        """NAME=(V1 V2 ...): "${NAME[@]}" is the elements, ${NAME[i]} one, $NAME the first."""
        if values is not None and READONLY in self.vars and _read_only(self.vars[READONLY], name):
            values = None
        self.set_var(name, None if values is None else (values[0] if values else ""))
        if values is not None:
            self.vars[name + "[@]"] = list(values) or [""]
            self.vars[name + "[*]"] = [" ".join(values)]
            for k, v in enumerate(values):
                self.vars["%s[%d]" % (name, k)] = [v]


def mark_runtime(scope, name, on):
    """Mark `name` as holding run-time text (RUNTIME), or take the mark off."""
    if on:
        scope.vars[RUNTIME] = ["1"]
        scope.vars[RUNTIME + " " + name] = ["1"]
    else:
        scope.vars.pop(RUNTIME + " " + name, None)


def holds_runtime(variables, name):
    """Is `name` marked as holding run-time text in these variables (a Scope's vars)?"""
    return RUNTIME in variables and (RUNTIME + " " + name) in variables


def unsettle(scope, other, cwd=True):
    """`other` is the state after code that may or may not have run in this shell (an alias
    bash expands only with expand_aliases, a pipeline's last command under lastpipe): what it
    holds differently becomes unknown in `scope` (shell options it set hold). Returns the names
    of the functions it defined or changed, which the caller analyses where they may run."""
    for key in set(scope.vars) | set(other.vars):
        mine, theirs = scope.vars.get(key), other.vars.get(key)
        if mine == theirs or key in (SUBSHELL, LOOPVARS):
            continue
        if key.startswith(" "):  # (a RUNTIME mark of either state stays: it may be what the name holds)
            if theirs is not None:
                scope.vars[key] = theirs
        else:
            scope.set_var(key, None, runtime=False)
    if cwd and (other.cwd != scope.cwd or not other.cwd_known):
        scope.cwd_known = False
    for key in set(scope.aliases) | set(other.aliases):
        if scope.aliases.get(key) != other.aliases.get(key):
            scope.aliases[key] = None  # (used later: a command not known)
    return [k for k, body in other.functions.items() if scope.functions.get(k) is not body]


def unsettle_since(scope, before):
    """`scope` after code that may have stopped part way (a function body that may `return`
    before its last commands): what changed since `before` is unknown from here on; the
    markers keep what the code set."""
    for key in set(scope.vars) | set(before.vars):
        if key.startswith(" ") or scope.vars.get(key) == before.vars.get(key):
            continue
        scope.set_var(key, None, runtime=False)
    if before.cwd != scope.cwd or not before.cwd_known:
        scope.cwd_known = False
    for key in set(scope.aliases) | set(before.aliases):
        if scope.aliases.get(key) != before.aliases.get(key):
            scope.aliases[key] = None


def disabled(scope, words):
    """Is the builtin the command names (maybe after `builtin`/`command`) turned off by `enable -n`?"""
    off = scope.vars.get(DISABLED)
    if not off or not words:
        return False
    first = words[0].text
    if first in ("builtin", "command") and len(words) > 1:
        first = words[1].text
    return first in off or "*" in off


def changed_state(scope, other):
    """Does `other` (the state after some code, from a copy of `scope`) differ from `scope`?"""
    return (scope.vars != other.vars or scope.cwd != other.cwd or scope.cwd_known != other.cwd_known or
            scope.aliases != other.aliases or any(scope.functions.get(k) is not b for k, b in other.functions.items()))


def env_cdpath():
    return os.environ.get("CDPATH", "")
