"""Arithmetic that runs commands: bash evaluates array subscripts with every expansion.

`x='a[$(curl h)]'; echo $((x))` runs curl: in arithmetic (`$((...))`, `((...))`, `let`, the
operands of `[[ -eq ]]`) bash evaluates the VALUE of each variable named there as arithmetic
too, and an array subscript inside it goes through command substitution. Builtins that take a
variable name (`test -v`, `printf -v`, `read`, `unset`, `declare` ...) evaluate the subscript of
`name[...]` the same way. The text that would run is plain to see in the command: this module
finds it, and the walker (analyze.py) analyses it as a nested command. Which builtins and `[[`
operators take arithmetic is in knowledge.py (SUBSCRIPT_BUILTINS, COND_ARITH_OPERATORS): the walker
asks that before it loads this module.
"""

_MAX_DEPTH = 8  # variables whose values name variables, followed this deep


def runs_code(text):
    """Would bash run a command substitution if it evaluated `text` as arithmetic?"""
    return "$(" in text or "`" in text


def _identifiers(text):
    """The variable names in an arithmetic expression (no `re` on the hot path)."""
    names = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isalpha() or c == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            if not (i > 0 and (text[i - 1].isdigit() or text[i - 1] == "#")):  # 0x1f, 16#ff
                names.append(text[i:j])
            i = j
        else:
            i += 1
    return names


def value_payloads(names, vars_, seen=None, depth=0):
    """The values of the variables `names` (and of the variables those values name) that bash
    would evaluate as arithmetic and that run commands."""
    seen = set() if seen is None else seen
    found = []
    for name in names:
        if name in seen or depth > _MAX_DEPTH:
            continue
        seen.add(name)
        for value in vars_.get(name) or ():
            if runs_code(value):
                found.append(value)
            else:
                found += value_payloads(_identifiers(value), vars_, seen, depth + 1)
    return found


def parts_payloads(parts, vars_):
    """What runs when bash evaluates the parse parts of an arithmetic text (lit, var, cmd)."""
    names = []
    found = []
    literal = []  # consecutive literal pieces (`a[\$(cmd)]` is parsed as several)
    for p in parts + [("end",)]:
        if p[0] == "lit":
            literal.append(p[1])
            continue
        text = "".join(literal)
        literal = []
        if runs_code(text):
            found.append(text)
        names += _identifiers(text)
        if p[0] == "var":
            names.append(p[1].split("[", 1)[0])
    return found + value_payloads(names, vars_)


def subscript_payloads(args):
    """The `name[...]` arguments of a builtin whose subscript runs a command substitution."""
    return [a.text for a in args if not a.dynamic and "[" in a.text and runs_code(a.text.split("[", 1)[1])]
