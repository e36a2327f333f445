"""A word as bash expands it when every variable it names is unset.

`kill -9 ${PID:--1}`, `kill -9 -${PGID:-1}`, `kill -9 $((PID-1))`: with PID unset (or empty)
these are `kill -9 -1`, every process, as `rm -rf "$DIR"/` is `rm -rf /`. The catalogue judges
the command by what it says (a pid the line does not set is not judged), and this is what it
says for an unset variable: `${V:-W}`/`${V-W}`/`${V:=W}` give W, `${V:+W}` nothing, `$V` nothing,
arithmetic reads an unset name as 0. A command substitution, `$$`, `$!` or a form not read here
gives None (no reading). Loaded only for `kill` with words built at run time (analyze.py).
"""

_MAX = 256


def reading(src):
    """The text of the word `src` with every variable unset, or None."""
    if len(src) > _MAX:
        return None
    out, i, n, quoted = [], 0, len(src), False
    while i < n:
        c = src[i]
        if c == "'" and not quoted:
            end = src.find("'", i + 1)
            if end < 0:
                return None
            out.append(src[i + 1:end])
            i = end + 1
        elif c == '"':
            quoted = not quoted
            i += 1
        elif c == "\\" and i + 1 < n:
            out.append(src[i + 1])
            i += 2
        elif c == "`":
            return None
        elif c == "$":
            value, i = _expansion(src, i)
            if value is None:
                return None
            out.append(value)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _expansion(src, i):
    """(the text of the expansion at src[i] (`$`) with every variable unset, the index after it)."""
    rest = src[i + 1:]
    if rest.startswith("(("):
        end = src.find("))", i + 3)
        return (_arith(src[i + 3:end]), end + 2) if end > 0 else (None, i)
    if rest.startswith("["):
        end = src.find("]", i + 2)
        return (_arith(src[i + 2:end]), end + 1) if end > 0 else (None, i)
    if rest.startswith("{"):
        end = _brace_end(src, i + 1)
        if end < 0:
            return None, i
        inner = src[i + 2:end]
        k = 0
        while k < len(inner) and (inner[k].isalnum() or inner[k] == "_"):
            k += 1
        if k == 0:
            return None, i  # (`${#v}`, `${!v}`, `${@}` ...)
        op = inner[k:]
        if not op:
            return "", end + 1
        for prefix in (":-", ":=", "-", "="):
            if op.startswith(prefix):
                return reading(op[len(prefix):]), end + 1
        if op.startswith((":+", "+")):
            return "", end + 1
        return None, i
    k = i + 1
    while k < len(src) and (src[k].isalnum() or src[k] == "_"):
        k += 1
    if k == i + 1:
        return (None, i) if rest[:1] in ("(", "$", "!", "?", "#", "-", "@", "*") else ("$", i + 1)
    return "", k


def _brace_end(src, start):
    depth, k = 0, start
    while k < len(src):
        if src[k] == "{":
            depth += 1
        elif src[k] == "}":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def _arith(expr):
    """Constant arithmetic with every name read as 0 (an unset variable), as text; None if not read."""
    if "$(" in expr or "`" in expr:
        return None
    from legant_guard.shell.arith import _identifiers, constant_value

    for name in sorted(set(_identifiers(expr)), key=len, reverse=True):
        expr = expr.replace(name, "0")
    expr = expr.replace("$", "")
    value = constant_value([("lit", expr)])
    return None if value is None else str(value)
