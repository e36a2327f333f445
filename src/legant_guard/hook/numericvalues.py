"""Numbers known only at run time, and what they may stand for (precision.py's part).

`make -j$(nproc)`, `head -n $((n / 2))`, `n=$(nproc); make -j$n`, `for i in $(seq 3); do touch
build/f$i; done`, `mkdir -p "build/$(date +%Y%m%d)"`: the value is unknown only in its digits, so precision.py checks the word with
stand-ins in their place instead of denying it as undetermined. The stand-ins are every shape the
value can really take, not only the one it usually takes:
- digits (`0`);
- nothing at all: a command substitution prints nothing when its program is not found or is
  replaced (`printf -v PATH %s /x; cat .env$(nproc)` reads `.env`: bash finds no nproc, and the
  substitution is empty), and a variable is empty after an assignment whose arithmetic failed
  (`n=$((1/0)); cat .env$n`: bash goes on to the next command with n empty);
- a minus sign and digits (`$(( $(nproc) - 100 ))` is `-98`: `.env-98` is a secret's name).
A word whose every stand-in passes the deny side is narrowed. Not when the command can change what
the name `nproc` (or `seq`) runs: a function (also `f ( ) {`), an alias, `hash -p`, `enable`, or
PATH named anywhere (`read PATH`, `printf -v PATH`, `declare -n P=PATH`): the program it finds
could print a path (`hash -p /bin/pwd nproc`); nor when IFS is named (it could split the digits).
A variable the command may leave unassigned (`[ -n "$a" ] && n=1`) keeps the value the agent's shell inherits: that value is a stand-in too.
"""

import os
import re

# A date stamp of digit fields only (`mkdir -p "build/$(date +%Y%m%d)"`): GNU and BSD date print
# these fields in ASCII digits whatever the locale (not %F, %a or %Z, nor -r FILE / -d STRING).
_DATE_STAMPS = tuple(f"$(date {utc}{q}+{fmt}{q})" for fmt in ("%s", "%Y%m%d", "%Y%m%d%H%M%S", "%Y%m%d%H%M",
                                                                "%H%M%S", "%Y", "%m", "%d", "%j")
                     for utc in ("", "-u ") for q in ("", "'", '"'))
_NUMERIC_COMMANDS = ("$(nproc)", "$(nproc --all)", "$(getconf _NPROCESSORS_ONLN)", "`nproc`",
                     "$(getconf NPROCESSORS_ONLN)", "$(sysctl -n hw.ncpu)") + _DATE_STAMPS
# Arithmetic: a number whatever it computes; digits, operators and the names of the command's own
# numbers, no expansion of its own.
_ARITH = r"\$\(\((?:[^()$`'\"\\]|\((?:[^()$`'\"\\])*\))*\)\)"
_ARITH_RE = re.compile(_ARITH)
_REDEFINES = re.compile(r"\(\s*\)|\b(?:function|alias|hash|enable)\b|(?<![\w$])(?<!\$\{)PATH(?!\w)")
_STAND_INS = ("0", "", "-0")
# A value every assignment of a variable may have: digits, a numeric command, arithmetic.
_VALUE = r"(?:-?\d+|" + "|".join(re.escape(f) for f in _NUMERIC_COMMANDS) + "|" + _ARITH + ")"
# A loop's list of numbers: digits, `$(seq 1 9)` with numbers only (not -f, whose format is any
# text), `{1..9}`.
_SEQ = r"(?:\$\(seq(?:\s+-?\d+){1,3}\s*\)|`seq(?:\s+-?\d+){1,3}\s*`|\{-?\d+\.\.-?\d+(?:\.\.-?\d+)?\}|-?\d+)"
_NUMBERS = re.compile(r"\s*(?:" + _SEQ + r"(?:\s+|$))+")
# Builtins and keywords that give a variable a value the command does not spell as `NAME=VALUE`.
_OTHER_SETTERS = r"\b(?:read|local|declare|typeset|export|unset|readonly|mapfile|readarray|getopts|printf\s+-v|let|select)\b"
_SETTER = re.compile(_OTHER_SETTERS + r"([^;&|\n]*)")
_NAME = re.compile(r"[A-Za-z_]\w*")
_ASSIGNED = re.compile(r"(?<![\w$])([A-Za-z_]\w*)\+?=")
_CLEAN = re.compile(r"(?<![\w$])([A-Za-z_]\w*)=(\"?)" + _VALUE + r"\2(?=[\s;&|)]|$)")
_FOR = re.compile(r"\bfor\s+([A-Za-z_]\w*)\b")
_FOR_IN = re.compile(r"\bfor\s+([A-Za-z_]\w*)\s+in\s+(.*?)\s*$")
_ARITH_COMMAND = re.compile(r"(?<!\$)\(\((?:[^()]|\([^()]*\))*\)\)")
_ARITH_ASSIGNED = re.compile(r"([A-Za-z_]\w*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|([A-Za-z_]\w*)\s*(?:\+\+|--)")
_REFERENCE = re.compile(r"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})")


def redefines(command):
    """Could the command change which program a numeric substitution's name runs, or split its
    digits? With IFS named (`IFS=0123456789; sed -i s/a/b/ opencode.json$(nproc)x`) bash cuts the
    word at the number's digits: `opencode.json` and `x`, whatever the number (red team 36)."""
    return "IFS" in command or _REDEFINES.search(command) is not None


def numeric_vars(command):
    """Variables whose every assignment in the command is a number: `n=$(nproc)`, `x=$((…))`,
    `i=0`, a C-style loop's `((i=0; …; i++))` (arithmetic assigns numbers only), `for i in $(seq
    3)` / `1 2 3` / `{1..9}`. One pass per pattern over the command (a line of 10,000 assignments
    costs what one does, not 10,000 passes)."""
    from collections import Counter

    text = command
    for form in _NUMERIC_COMMANDS:
        text = text.replace(form, "0")
    # arithmetic commands `(( … ))` assign numbers only: out of the way first
    arithmetic = _ARITH_COMMAND.findall(text)
    text = _ARITH_COMMAND.sub("(( ))", text)
    every = Counter(_ASSIGNED.findall(text))
    clean = Counter(m.group(1) for m in _CLEAN.finditer(text))
    loops, fors = {}, Counter(_FOR.findall(text))
    statements = re.split(r"[;\n]", text)  # (a loop's list, then `do`: statement by statement, linear)
    for k, statement in enumerate(statements[:-1]):
        m = _FOR_IN.search(statement)
        if m and re.match(r"\s*do\b", statements[k + 1]):
            loops.setdefault(m.group(1), []).append(m.group(2))
    set_otherwise = {n for m in _SETTER.finditer(text) for n in _NAME.findall(m.group(1))}
    names = set(every) | set(fors)
    for part in arithmetic:
        names.update(n for group in _ARITH_ASSIGNED.findall(part) for n in group if n)
    return {name for name in names
            if every[name] == clean[name] and len(loops.get(name, ())) == fors[name]
            and all(_NUMBERS.fullmatch(words) for words in loops.get(name, ())) and name not in set_otherwise}


def stand_ins(src, names=()):
    """The word `src` with its numeric substitutions and the numeric variables `names` in each
    shape a number may take (_STAND_INS), or None when any other expansion is in it (or none
    numeric is)."""
    text = src
    for form in _NUMERIC_COMMANDS:
        text = text.replace(form, "\0")
    for arithmetic in _ARITH_RE.findall(text):
        # names of the command's own numbers only: `$((x))` of a variable set outside it stays
        # undetermined (what it holds is evaluated as arithmetic, `a[$(cmd)]` runs cmd)
        if set(re.findall(r"(?<![\w#])[A-Za-z_]\w*", arithmetic[3:-2])) - set(names):
            return None
        text = text.replace(arithmetic, "\0", 1)
    shapes = list(_STAND_INS)

    def number(m):
        name = m.group(1) or m.group(2)
        if name not in names:
            return m.group(0)
        if name in os.environ:
            shapes.append(os.environ[name])  # (`[ -n "$a" ] && n=1; cat .env$n`: n as the agent's shell has it)
        return "\0"

    text = _REFERENCE.sub(number, text)
    if "\0" not in text:
        return None
    text = text.replace('"', "")
    if any(c in text for c in "$`'\\*?[{~"):
        return None
    return [text.replace("\0", s) for s in dict.fromkeys(shapes)]
