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

from legant_guard.shell.scope import holds_runtime

_MAX_NAMES = 5000  # variables whose values name variables, followed this many (then: undetermined)


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


def assigned_names(text):
    """The variables an arithmetic expression assigns (`n--`, `++n`, `n-=2`, `n = 5`, `a[i]+=1`):
    their values after it are not what they were before (red team 41: `n=1; for x in a b; do kill
    -9 $n; ((n-=2)); done` signals pid -1 in its second round, while the walker kept n=1). Read
    without `re`: an identifier with `++`/`--` before or after it, or an assignment operator (not
    `==`) after it and its subscript."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if not (c.isalpha() or c == "_") or (i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_#")):
            i += 1
            continue
        j = i + 1
        while j < n and (text[j].isalnum() or text[j] == "_"):
            j += 1
        name, before = text[i:j], text[:i].rstrip()[-2:]
        if j < n and text[j] == "[":  # (a subscript: up to its closing bracket)
            depth = 0
            while j < n:
                depth += (text[j] == "[") - (text[j] == "]")
                j += 1
                if depth == 0:
                    break
        after = text[j:].lstrip()[:4]
        if before in ("++", "--") or after[:2] in ("++", "--") or (after[:1] == "=" and after[1:2] != "=") or \
                (after[:1] in "+-*/%&|^" and after[1:2] == "=") or after[:3] in ("<<=", ">>="):
            out.append(name)
        i = j
    return out


# A payload that starts so is no text but a variable whose value the command gives at run time
# (shell/scope.py RUNTIME) or a substitution whose output is not a number: what bash would
# evaluate is not known, and the walker refuses it as undetermined (analyze.arith_code).
UNKNOWN = "\0"


def value_payloads(names, vars_):
    """The values of the variables `names` (and of the variables those values name, however deep:
    bash follows `a1=a0; a2=a1; …` to the end) that bash would evaluate as arithmetic and that
    run commands; UNKNOWN + NAME for a name the command gave run-time text (`x=$(cat f)`, `read
    x`: a file can hold `a[$(cmd)]`), or for a chain too long to follow."""
    seen = set()
    found = []
    todo = list(reversed(names))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if len(seen) > _MAX_NAMES:
            return found + [UNKNOWN + name]
        if holds_runtime(vars_, name) and not vars_.get(name):
            found.append(UNKNOWN + name)
            continue
        for value in vars_.get(name) or ():
            if runs_code(value):
                found.append(value)
            else:
                todo.extend(reversed(_identifiers(value)))
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
        elif p[0] == "cmd" and not numeric_body(p[1]):
            found.append(UNKNOWN + "$(…)")  # `$(( $(cat f) ))`: the output is evaluated
    return found + value_payloads(names, vars_)


# -- run-time values that are numbers: `n=$(nproc)`, `c=$(wc -l < f)`, `t=$(date +%s)`, `rc=$?`,
# `i=$((i+1))`: arithmetic on them runs nothing, whatever the files hold.

# Parameters bash sets to a number.
_NUMERIC_PARAMETERS = frozenset(("?", "#", "$", "!", "RANDOM", "SRANDOM", "SECONDS", "EPOCHSECONDS", "LINENO",
                                 "PPID", "BASHPID", "UID", "EUID", "OPTIND", "SHLVL", "COLUMNS", "LINES"))
# Programs that print only numbers (with the options given), as the last command of a pipeline.
_COUNTERS = frozenset(("nproc", "wc"))
_STAT_NUMBERS = frozenset("sYZXWihugbBo %")


def numeric_parts(parts):
    """Do the parse parts of a value (an assignment's, a loop word's) make only a number?"""
    for p in parts:
        kind = p[0]
        if kind == "lit":
            if not p[1].strip(" \t+-0123456789"):
                continue
            return False
        if kind == "arith":
            continue
        if kind == "var":
            if (p[1] in _NUMERIC_PARAMETERS and not p[2]) or (p[2] == "#" and p[3] is None):
                continue  # `$?`, `${#x}` (a length)
            return False
        if kind != "cmd" or not numeric_body(p[1]):
            return False
    return True


def numeric_body(body):
    """Does the command substitution `body` (a parse tree) print only numbers: one pipeline whose
    last command counts (`wc -l`, `nproc`, `grep -c`, `date +%s`, `git rev-list --count`, `seq`
    without a format, `stat -c %s`, `id -u`, `echo $((…))`)?"""
    from legant_guard.shell.parse import Simple

    if len(body) != 1 or not body[0][0].cmds:
        return False
    last = body[0][0].cmds[-1]
    if not isinstance(last, Simple) or not last.words or last.words[0].literal() is None:
        return False
    name, words = last.words[0].literal(), last.words[1:]
    plain = [_literal_text(w) for w in words]
    if name in _COUNTERS:
        return all(t is not None and _plain_name(t) for t in plain)  # (`wc -l f` prints `3 f`)
    if name == "echo" or name == "printf" and plain[:1] == ["%d"]:
        return all(numeric_parts(w.parts) for w in words[1 if name == "printf" else 0:])
    if None in plain:
        return False
    if name == "date":
        return len(plain) >= 1 and plain[-1].startswith("+") and not plain[-1][1:].replace("%s", "").replace("%N", "")
    if name == "grep":  # (one file at most: with several, each line starts with a file's name)
        counted = any(t.startswith("-") and not t.startswith("--") and "c" in t or t == "--count" for t in plain)
        operands = [t for t in plain if not t.startswith("-")]
        return counted and len(operands) <= 2 and all(_plain_name(t) for t in operands) and \
            not any(t.startswith("-") and not t.startswith("--") and ("r" in t or "R" in t) for t in plain)
    if name == "git":
        return plain[:2] == ["rev-list", "--count"]
    if name == "seq":
        return all(t.lstrip("-").replace(".", "").isdigit() for t in plain)
    if name == "id":
        return plain in (["-u"], ["-g"], ["-ur"], ["-gr"])
    if name == "stat":
        return len(plain) >= 2 and plain[0] in ("-c", "--format", "--printf") and set(plain[1]) <= _STAT_NUMBERS
    if name == "getconf":
        return len(plain) == 1 and plain[0].isupper()
    if name == "tr":  # `tr -dc '0-9'`: only digits are left, whatever the input held
        return len(plain) == 2 and plain[0] in ("-dc", "-cd") and plain[1] in _DIGIT_SETS
    return False


_DIGIT_SETS = frozenset(("0-9", "[0-9]", "[:digit:]", "0123456789"))


def _literal_text(word):
    """A word's text when it is literal only (quoted or not: `'0-9'`), else None."""
    if all(p[0] == "lit" for p in word.parts):
        return "".join(p[1] for p in word.parts)
    return None


def _plain_name(text):
    """A name printed back that arithmetic reads as nothing that runs (no substitution, no glob
    that a file named `a[$(cmd)]` could match)."""
    return not any(c in text for c in "$`[*?")


def subscript_payloads(args, vars_=None):
    """The `name[...]` arguments of a builtin whose subscript runs a command substitution, and
    (with the command's variables `vars_`) the values of the variables a `name[...]`'s subscript
    names that do: `x='a[$(cmd)]'; printf -v 'b[x]' 1` (also `read 'b[x]'`, `unset 'b[x]'`,
    `test -v 'b[x]'`) evaluates x's value as arithmetic, and its subscript runs cmd (red team 38:
    read .env under builder)."""
    found, names = [], []
    for a in args:
        if a.dynamic or "[" not in a.text:
            continue
        head, _, sub = a.text.partition("[")
        if runs_code(sub):
            found.append(a.text)
        elif vars_ is not None and head and (head[0].isalpha() or head[0] == "_") and _plain_name(head) and \
                "]" in sub:  # (a name with a subscript: `b[x]`, `b[x]=1`)
            names += _identifiers(sub.split("]", 1)[0])
    return found + (value_payloads(names, vars_) if names else [])


# -- constant arithmetic: `kill -9 $((-1))`, `$[0-1]`, `$((~0))` are -1 as plainly as `-1`

_MAX_CONSTANT_TEXT = 200


def constant_value(parts):
    """The value of arithmetic made only of literal text (numbers in any of bash's bases,
    operators, parentheses, and variables the expression itself assigns: `x=-1,x`), as bash
    computes it (64-bit, wrapping: `2**64-1`, `0xFFFFFFFFFFFFFFFF` and `64#_-64` are -1), or
    None when it reads a variable it did not set, runs anything, or is not arithmetic the
    evaluator below knows. A tripwire that reads `-1` must read `$((-1))` too."""
    if not all(q[0] == "lit" for q in parts):
        return None
    text = "".join(q[1] for q in parts)
    if len(text) > _MAX_CONSTANT_TEXT or not text.strip():
        return None
    try:
        value, k = _Expr(text).parse()
    except (ValueError, ZeroDivisionError, IndexError, RecursionError, KeyError):
        return None
    return value


def _wrap(v):
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >> 63 else v


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"


def _number(text):
    """A bash integer constant: decimal, 0x hex, 0 octal, BASE#DIGITS (2..64), wrapping at
    64 bits as bash's own loop does."""
    base, digits = 10, text
    if "#" in text:
        head, digits = text.split("#", 1)
        if not head.isdigit() or not digits:
            raise ValueError("base")
        base = int(head)
        if not 2 <= base <= 64:
            raise ValueError("base")
    elif text[:2] in ("0x", "0X"):
        base, digits = 16, text[2:]
    elif len(text) > 1 and text[0] == "0":
        base, digits = 8, text[1:]
    if not digits:
        raise ValueError("no digits")
    value = 0
    for c in digits:
        d = _DIGITS.find(c)
        if base <= 36 and "A" <= c <= "Z":
            d = _DIGITS.find(c.lower())
        if d < 0 or d >= base:
            raise ValueError("digit")
        value = (value * base + d) & ((1 << 64) - 1)
    return _wrap(value)


class _Expr:
    """A small precedence-climbing evaluator of bash integer arithmetic over constants: the comma,
    assignments (`=`, `+=` ...) to names the expression sets itself, `?:`, `||`, `&&`, `|`, `^`,
    `&`, `== !=`, `< <= > >=`, `<< >>`, `+ -`, `* / %`, `**` (right to left), unary `- + ! ~`,
    `++`/`--` on a name, parentheses."""

    _BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<=", ">=", "<", ">"), ("<<", ">>"),
               ("+", "-"), ("*", "/", "%")]
    _ASSIGN = ("<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "=")

    def __init__(self, text):
        self.s = text
        self.i = 0
        self.names = {}  # the variables this expression assigns (reading any other is unknown)
        self.depth = 0

    def parse(self):
        value = self._comma()
        self._space()
        if self.i != len(self.s):
            raise ValueError("trailing text")
        return value, self.i

    def _space(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n":
            self.i += 1

    def _deeper(self):
        self.depth += 1
        if self.depth > 64:
            raise ValueError("too deep")

    def _comma(self):
        value = self._assignment()
        while True:
            self._space()
            if self.s.startswith(",", self.i):
                self.i += 1
                value = self._assignment()
            else:
                return value

    def _name_at(self):
        self._space()
        j = self.i
        if j < len(self.s) and (self.s[j].isalpha() or self.s[j] == "_"):
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
            return self.s[self.i:j], j
        return None, j

    def _assignment(self):
        name, j = self._name_at()
        if name is not None:
            k = j
            while k < len(self.s) and self.s[k] in " \t\n":
                k += 1
            for op in self._ASSIGN:
                if self.s.startswith(op, k) and not (op == "=" and self.s.startswith("==", k)):
                    self.i = k + len(op)
                    right = self._assignment()
                    value = right if op == "=" else _wrap(self._apply(op[:-1], self.names[name], right))
                    self.names[name] = value
                    return value
        return self._ternary()

    def _ternary(self):
        cond = self._binary(0)
        self._space()
        if self.s.startswith("?", self.i):
            self.i += 1
            yes = self._comma()
            self._space()
            if not self.s.startswith(":", self.i):
                raise ValueError("no :")
            self.i += 1
            no = self._ternary()
            return yes if cond else no
        return cond

    def _binary(self, level):
        if level == len(self._BINARY):
            return self._power()
        left = self._binary(level + 1)
        while True:
            self._space()
            op = self._operator(level)
            if op is None:
                return left
            self.i += len(op)
            right = self._binary(level + 1)
            left = _wrap(self._apply(op, left, right))

    def _operator(self, level):
        """The operator of `level` at the cursor: not the first half of a longer one (`|` of
        `||`, `<` of `<<` or `<=`, `*` of `**`) nor an assignment (`+=`, `-=`)."""
        s, i = self.s, self.i
        for op in self._BINARY[level]:
            if not s.startswith(op, i):
                continue
            after = s[i + len(op):i + len(op) + 1]
            if len(op) == 1 and (after == op and op in "|&<>*" or after == "="):
                continue
            if op in ("<<", ">>") and after == "=":
                continue
            return op
        return None

    def _power(self):
        base = self._unary()
        self._space()
        if self.s.startswith("**", self.i) and not self.s.startswith("**=", self.i):
            self.i += 2
            exponent = self._power()  # right to left: 2**3**2 is 2**9
            if exponent < 0:
                raise ValueError("exponent less than 0")
            return _wrap(pow(base, exponent, 1 << 64))
        return base

    @staticmethod
    def _apply(op, a, b):
        if op in ("/", "%"):
            if b == 0:
                raise ZeroDivisionError
            q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncation
            return q if op == "/" else a - q * b
        if op in ("<<", ">>"):
            b &= 63  # (the shift count as the machine takes it)
            return a << b if op == "<<" else a >> b
        if op == "**":
            if b < 0:
                raise ValueError("exponent less than 0")
            return pow(a, b, 1 << 64)
        return {"+": a + b, "-": a - b, "*": a * b, "&": a & b, "^": a ^ b, "|": a | b,
                "==": int(a == b), "!=": int(a != b), "<": int(a < b), "<=": int(a <= b), ">": int(a > b),
                ">=": int(a >= b), "&&": int(bool(a) and bool(b)), "||": int(bool(a) or bool(b))}[op]

    def _unary(self):
        self._deeper()
        try:
            self._space()
            c = self.s[self.i]
            if self.s.startswith(("--", "++"), self.i):
                self.i += 2
                name, j = self._name_at()
                if name is not None:  # `--x`: the name the expression set, one less
                    self.i = j
                    self.names[name] = _wrap(self.names[name] + (1 if c == "+" else -1))
                    return self.names[name]
                return self._unary()  # `--1`, `++1`: two unary minuses (or pluses) cancel
            if c in "-+~!":
                self.i += 1
                v = self._unary()
                return _wrap({"-": -v, "+": v, "~": ~v, "!": int(not v)}[c])
            if c == "(":
                self.i += 1
                v = self._comma()
                self._space()
                if self.s[self.i] != ")":
                    raise ValueError("no )")
                self.i += 1
                return v
            name, j = self._name_at()
            if name is not None:
                self.i = j
                value = self.names[name]  # (KeyError: a variable set outside the expression)
                self._space()
                for op in ("++", "--"):
                    if self.s.startswith(op, self.i):
                        self.i += 2
                        self.names[name] = _wrap(value + (1 if op == "++" else -1))
                return value
            j = self.i
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] in "#@_"):
                j += 1
            if j == self.i:
                raise ValueError("no operand")
            v = _number(self.s[self.i:j])
            self.i = j
            return v
        finally:
            self.depth -= 1
