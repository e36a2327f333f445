"""Bash's word expansion (braces, tilde, parameters, substitutions, field splitting, quote
removal) for the words that have something to expand; see shell/words.py, which holds the
field type and the shortcut for words that are one literal and loads this module for the rest.
"""

from legant_guard.hook.budget import tick  # the guard's deadline (DESIGN invariant 7)
from legant_guard.shell.words import MAX_FIELDS, MAX_VALUE, MAX_WORD_TEXT, ExpansionError, Exp, has_glob


# ---- brace expansion ------------------------------------------------------------------------

_SENT = 0xE000


def _groups(t, start):
    """Each matched {...} of t from `start` on, as it closes: (open, close, [top-level comma
    positions], how many braces are still open). Jumps from one `{`, `,` or `}` to the next
    with str.find, so long plain text costs little."""
    stack = []
    nxt = {c: t.find(c, start) for c in "{,}"}
    while True:
        if not stack:  # only a `{` matters until one is open
            j = nxt["{"]
            if j < 0:
                return
        else:
            j = min((p for p in nxt.values() if p >= 0), default=-1)
            if j < 0:
                return
        c = t[j]
        nxt[c] = t.find(c, j + 1)
        if not stack:  # the `,` and `}` jumped over outside every brace are past
            for other in ",}":
                if 0 <= nxt[other] < j:
                    nxt[other] = t.find(other, j + 1)
        if c == "{":
            stack.append((j, []))
        elif c == ",":
            stack[-1][1].append(j)
        else:
            i, commas = stack.pop()
            yield i, j, commas, len(stack)


def _find_brace(t, start):
    """(open, close, [alternatives]) of the first expandable {...} at or after start, or None:
    the outermost expandable brace of the first top-level group that holds one (every brace
    opened so far is closed). Its words are cut only once (cutting them for each candidate made
    nested braces cubic)."""
    best = None
    for i, j, commas, depth in _groups(t, start):
        if (best is None or i < best[0]) and (commas or _sequence_at(t, i, j)):
            best = (i, j, commas)
        if not depth and best is not None:
            break
    return None if best is None else _expansion(t, *best)


def _sequence_at(t, i, j):
    """Is t[i:j+1] a sequence brace ({1..5}, {a..e})? A longer text is parsed only when it is
    shaped like one (bash reads any number of leading zeros: `.en{v..w..0000...1}` is .env
    .enw), found by a scan that stops at the first character out of place."""
    if j - i > 64:
        k = _endpoint(t, i + 1, j)
        k = _endpoint(t, k + 2, j) if k is not None and t.startswith("..", k) else None
        if k is not None and k < j:
            k = _endpoint(t, k + 2, j, number=True) if t.startswith("..", k) else None
        if k != j:
            return False
    return _sequence(t[i + 1 : j]) is not None


def _endpoint(t, k, j, number=False):
    """Where a sequence's endpoint starting at t[k] ends (a letter, or a signed run of digits)."""
    if not number and k < j and (k + 1 == j or t.startswith("..", k + 1)):
        return k + 1
    if k < j and t[k] in "+-":
        k += 1
    start = k
    while k < j and t[k] in "0123456789":
        k += 1
    return k if k > start else None


def _int(text):
    """A sequence brace's number as bash reads it: an optional sign and ASCII digits (any number
    of leading zeros; not Python's `1_0`, spaces or other scripts' digits)."""
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or any(c not in "0123456789" for c in body):
        raise ValueError(text)
    body = body.lstrip("0") or "0"
    if len(body) > 18:
        raise ValueError(text)  # (beyond bash's intmax_t: the brace stays as written)
    return -int(body) if text[:1] == "-" else int(body)


def _expansion(t, i, j, commas):
    if commas:
        bounds = [i] + commas + [j]
        return i, j, [t[bounds[k] + 1 : bounds[k + 1]] for k in range(len(bounds) - 1)]
    seq = _sequence(t[i + 1 : j])
    return None if seq is None else (i, j, seq)


def _sequence(inner):
    parts = inner.split("..")
    if len(parts) not in (2, 3):
        return None
    try:
        a, b = _int(parts[0]), _int(parts[1])
        step = abs(_int(parts[2])) if len(parts) == 3 else 1
        width = max(len(parts[0]), len(parts[1])) if (parts[0].lstrip("-").startswith("0") or parts[1].lstrip("-").startswith("0")) else 0
    except ValueError:
        if len(parts[0]) == 1 and len(parts[1]) == 1:
            # letters step too: `.en{v..w..1}` is .env .enw
            try:
                step = abs(_int(parts[2])) or 1 if len(parts) == 3 else 1
            except ValueError:
                return None
            a, b = ord(parts[0]), ord(parts[1])
            if abs(b - a) // step + 1 > MAX_FIELDS:
                raise ExpansionError("brace expansion {%s} is unbounded" % inner)
            r = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
            return [chr(x) for x in r]
        return None
    step = step or 1
    if abs(b - a) // step + 1 > MAX_FIELDS:
        raise ExpansionError("brace expansion {%s} is unbounded" % inner)
    r = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
    return [str(x).zfill(width) if width else str(x) for x in r]


def brace_expand(t):
    """The words of brace expansion, in bash's order. Iterative with a bound on the words still
    to make (each makes at least one) and on the braces expanded: nested or chained braces
    (`{a,{a,{a,...}}}`, `{1..1}` x 20000) stay linear instead of recursing deeply."""
    if t.count("{") >= MAX_FIELDS:
        # (each brace with a comma makes one word more at least; counted only as far as needed:
        # an 8 MB tool argument of `{a,b}` took 16 s to count whole)
        found = 0
        for k, group in enumerate(_groups(t, 0)):
            if not k & 1023:
                tick()
            if group[2]:
                found += 1
                if found >= MAX_FIELDS:
                    raise ExpansionError("brace expansion produces more than %d words" % MAX_FIELDS)
    out, pending, steps = [], [(t, 0)], 0
    while pending:
        tick()
        text, start = pending.pop()
        found = _find_brace(text, start)
        if found is None:
            out.append(text)
            continue
        steps += 1
        i, j, alts = found
        # nothing before `i` expands: the next search starts there
        pending.extend((text[:i] + alt + text[j + 1 :], i) for alt in reversed(alts))
        if len(out) + len(pending) > MAX_FIELDS or steps > 4 * MAX_FIELDS:
            raise ExpansionError("brace expansion produces more than %d words" % MAX_FIELDS)
    return out


def _split_braces(parts):
    """Apply brace expansion to the unquoted literal text of a word's parts."""
    if not any(p[0] == "lit" and not p[2] and "{" in p[1] for p in parts):
        return [parts]
    t = []
    for k, p in enumerate(parts):
        if p[0] == "lit" and not p[2]:
            if any(_SENT <= ord(c) < _SENT + 4096 for c in p[1]):
                return [parts]
            t.append(p[1])
        else:
            t.append(chr(_SENT + k))
    marks = [chr(_SENT + k) for k, p in enumerate(parts) if not (p[0] == "lit" and not p[2])]
    results = []
    for r in brace_expand("".join(t)):
        tick()
        # each other part stands in a word once at most: found with str.find, not char by char
        found = sorted((r.find(m), m) for m in marks if m in r)
        new, at = [], 0
        for pos, m in found:
            if pos > at:
                new.append(("lit", r[at:pos], False))
            new.append(parts[ord(m) - _SENT])
            at = pos + 1
        if at < len(r):
            new.append(("lit", r[at:], False))
        results.append(new)
    return results


# ---- the expansion proper -----------------------------------------------------------------
def tilde(text, home, cwd, vars_):
    """Expand a leading ~, ~+, ~user of an unquoted literal; None when it cannot be known. The
    prefix ends at the first `/` or `:` (bash: `~:x` is $HOME:x, in any word; red team 38)."""
    j = min((k for k in (text.find("/"), text.find(":")) if k >= 0), default=-1)
    prefix = text[1:] if j < 0 else text[1:j]
    rest = "" if j < 0 else text[j:]
    if prefix == "":
        # bash expands `~` from $HOME as the shell holds it now: `HOME=/x; cat ~/f` reads /x/f.
        value = vars_.get("HOME") if vars_ is not None else [home]
        return value[0] + rest if value and len(value) == 1 else None
    if prefix == "+":
        # bash expands `~+` from $PWD as the shell holds it (`PWD=/x; cat ~+/f` reads /x/f)
        pwd = vars_.get("PWD") if vars_ is not None else [cwd]
        return pwd[0] + rest if pwd and len(pwd) == 1 and pwd[0] else None
    if prefix == "-":
        old = vars_.get("OLDPWD")
        return old[0] + rest if old and len(old) == 1 else None
    if prefix.lstrip("+-").isdigit():
        return None  # `~1`, `~+2`, `~-1`: a folder of pushd's stack, which the guard does not keep
    for c in prefix:
        if not (c.isalnum() or c in "._-"):
            return text
    try:
        import pwd

        return pwd.getpwnam(prefix).pw_dir + rest
    except KeyError:
        # no such user: bash leaves the word as it is, a name in the working folder (a link
        # `~zz` a cloned repository holds is followed from there)
        import os

        if cwd and os.path.lexists(cwd.rstrip("/") + "/~" + prefix):
            return text
    except ImportError:
        pass
    base = home.rsplit("/", 1)[0] if home and home.count("/") > 1 else "/home"
    return base + "/" + prefix + rest


def assignment_tildes(parts, env):
    """The parts of an assignment's value with bash's tilde expansion after each unquoted `:`
    (`x=a:~/.netrc` holds a:$HOME/.netrc, as PATH=... lists do); None when a `~` there cannot be
    known (a user or stack entry, or a prefix that runs into an expansion)."""
    out = []
    for k, p in enumerate(parts):
        # (the value's first `~` too when a `:` ends its prefix: `x=~:` holds $HOME:, red team 38)
        lead = k == 0 and not p[2] and p[0] == "lit" and p[1][:1] == "~" and ":" in p[1].split("/", 1)[0]
        if p[0] != "lit" or p[2] or (":~" not in p[1] and not lead):
            out.append(p)
            continue
        pieces = p[1].split(":")
        for i in range(0 if lead else 1, len(pieces)):
            piece = pieces[i]
            if not piece.startswith("~"):
                continue
            if "/" not in piece and i == len(pieces) - 1 and k + 1 < len(parts):
                return None  # (`a:~$x`: the prefix runs into what follows)
            expanded = tilde(piece, env.home, env.cwd, env.vars)
            if expanded is None or expanded == piece:
                return None
            pieces[i] = expanded
        out.append(("lit", ":".join(pieces), True))  # (a tilde result is never globbed)
    return out


# A word that looks like an assignment: bash (outside POSIX mode) expands a tilde after its `=` and
# after each `:` of the value even where the word is a command's argument (`dd of=~/.bashrc`
# writes $HOME/.bashrc; red team #34), as it does in a real assignment (assignment_tildes).
def _assignment_like(text):
    """The length of `NAME=` (also `NAME+=`, `NAME[SUB]=`: bash expands those too, red team 38)
    when `text` begins with one (NAME a shell identifier), else 0."""
    name = text.partition("=")[0]
    head = len(name) + 1
    if name.endswith("+"):
        name = name[:-1]
    if name.endswith("]") and "[" in name:
        name = name[:name.index("[")]
    return head if name and not name[0].isdigit() and name.replace("_", "a").isascii() and \
        name.replace("_", "a").isalnum() else 0


def _argument_tildes(text, env, more):
    """`text` (the first, unquoted literal of an argument NAME=VALUE) with its tildes expanded
    as bash expands them; None when one cannot be known. `more`: other parts follow it."""
    head = _assignment_like(text)
    pieces = text[head:].split(":")
    for i, piece in enumerate(pieces):
        if not piece.startswith("~"):
            continue
        if "/" not in piece and i == len(pieces) - 1 and more:
            return None  # (`of=~$x`: the prefix runs into what follows)
        expanded = tilde(piece, env.home, env.cwd, env.vars)
        if expanded is None:
            return None
        pieces[i] = expanded
    return text[:head] + ":".join(pieces)


def expand_general(word, env, run_sub, split=True, tilde_ok=True):
    """expand_word without its shortcut for a word that is one literal."""
    results = []
    braced = _split_braces(word.parts)
    if len(braced) > 1 and _name_runs_into_brace(word.src):
        # `$x{a,b}` is `$xa $xb` to bash (braces are expanded first, and a name goes on as far as
        # name characters do): not x's value followed by a and b (red team 38: `x=foo; xa=.env;
        # cat $x{a,b}` read .env). Not followed: the word is not known.
        for parts in braced:
            _expand_parts(parts, word.src, env, run_sub, split, tilde_ok)  # (its substitutions still run)
        return [Exp("", word.src, dynamic=True)]
    for parts in braced:
        results.extend(_expand_parts(parts, word.src, env, run_sub, split, tilde_ok))
        if len(results) > MAX_FIELDS:
            raise ExpansionError("`%s` expands to more than %d words" % (word.src[:60], MAX_FIELDS))
    return results


def _name_runs_into_brace(src):
    """Does an unbraced `$NAME` run straight into a `{` in this word's text (`$x{a,b}`)?"""
    k = src.find("$")
    while k >= 0:
        j = k + 1
        if j < len(src) and (src[j].isalpha() or src[j] == "_"):
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            if src[j:j + 1] == "{":
                return True
        k = src.find("$", j)
    return False


def _expand_parts(parts, src, env, run_sub, split, tilde_ok):
    # Each field under construction: [text pieces, dynamic, glob, quoted, proc]
    fields = [[[], False, False, False, False]]
    done = []  # words complete before the end of the word's text (a value's separators ended them)
    size = 0  # text made so far, over every field
    for k, p in enumerate(parts):
        kind = p[0]
        if kind == "lit":
            text = p[1]
            if k == 0 and not p[2] and tilde_ok and "=" in text and "~" in text and _assignment_like(text):
                t = _argument_tildes(text, env, k + 1 < len(parts))
                if t is None:
                    for f in fields:
                        f[1] = True
                    text = ""
                elif t != text:
                    text = t
                    for f in fields:
                        f[3] = True  # a tilde result is never globbed
            elif k == 0 and not p[2] and tilde_ok and text.startswith("~"):
                t = tilde(text, env.home, env.cwd, env.vars)
                if t is None:
                    for f in fields:
                        f[1] = True
                    text = ""
                else:
                    text = t
                    for f in fields:
                        f[3] = True  # a tilde result is never globbed
            for f in fields:
                f[0].append(text)
                if p[2]:
                    f[3] = True
                elif has_glob(text):
                    f[2] = True
            continue
        if kind == "proc":
            run_sub(p[1], p)
            for f in fields:
                f[0].append("/dev/fd/63")
                f[4] = True
            continue
        if kind == "arith":
            run_arith(p[1], env, run_sub)
            from legant_guard.shell.arith import constant_value  # (loaded for arithmetic only)

            value = constant_value(p[1])  # `kill -9 $((-1))` is `kill -9 -1`
            if value is None or p[2] or not split or "IFS" not in env.vars:
                for f in fields:
                    if value is None:
                        f[1] = True
                    else:
                        f[0].append(str(value))
                continue
            # the command set IFS: its digits split the word too (`IFS=2; cat .env$((1+1))`)
            quoted, values = False, [str(value)]
        else:
            # var or cmd: a value or a set of candidate values, or unknown
            quoted = p[2] if kind == "cmd" else p[4]
            values = None
            if kind == "cmd":
                out = run_sub(p[1], p)
                if out is not None:
                    values = [out.replace("\0", "").rstrip("\n")]  # (bash drops the NULs it reads)
            else:
                values = _param_values(p, env, run_sub)
        if values is not None and any(len(v) > MAX_VALUE for v in values):
            values = None  # (unknown: see MAX_VALUE)
        if values is None:
            default = _default_of(p, env, run_sub) if kind == "var" else None
            for f in fields:
                f[1] = True
                if quoted:
                    f[3] = True
                if default:
                    # `rm -rf ${x:-/}`: the unknown value may be its default (x unset or empty), so
                    # the word's known text is the default's (the delete tripwire reads `/`)
                    f[0].append(default)
            continue
        if kind == "var" and len(values) != 1 and len(parts) > 1 and _list_valued(p):
            if not values:
                continue  # `cu$@rl` with no parameters is `curl`: the parts around it join
            for f in fields:
                # `cu$@x` of (rl y) is `curl yx`: the first element joins what comes before, the
                # last what comes after; the candidates below are not those words
                f[1] = True
        new_fields = []
        pattern = kind == "var" and p[1] in getattr(env, "globvars", ())
        for f in fields:
            for v in values:
                g = [list(f[0]), f[1], f[2] or pattern, f[3] or quoted, f[4]]
                if quoted or not split:
                    g[0].append(v)
                    new_fields.append(g)
                    continue
                pieces = _field_split(v, env.vars)
                if pieces is None:  # IFS was set to a value built at run time
                    g[1] = True
                    g[0].append(v)
                    new_fields.append(g)
                    continue
                # A word the value's separators end is complete (`done`): the text after the
                # expansion joins only its last piece. `x='.env '; cat ${x}x` is `cat .env x`, and
                # `x='a .env'; cat ${x}x`... is `cat a .envx` (red team 36: the text was joined to
                # every piece, and to the word before a separator at the value's end)
                pieces, lead, trail = pieces
                if lead and "".join(g[0]):
                    done.append(g)
                    g = [[], g[1], False, False, g[4]]
                if pieces:
                    g[0].append(pieces[0])
                    if has_glob(pieces[0]):
                        g[2] = True
                for extra in pieces[1:]:
                    done.append(g)
                    g = [[extra], False, has_glob(extra), False, False]
                if trail and "".join(g[0]):
                    done.append(g)
                    g = [[], False, False, False, False]
                new_fields.append(g)
        fields = new_fields
        if len(fields) + len(done) > MAX_FIELDS:
            raise ExpansionError("`%s` expands to more than %d words" % (src[:60], MAX_FIELDS))
        size += len(fields) * sum(len(v) for v in values)
        if size > MAX_WORD_TEXT:
            raise ExpansionError("`%s` expands to more than %d KiB of text" % (src[:60], MAX_WORD_TEXT // 1024))
    out = []
    for f in done + fields:
        text = "".join(f[0])
        if not text and not f[3] and not f[1] and not f[4] and not all(p[0] == "lit" for p in parts):
            continue  # an unquoted empty expansion disappears
        out.append(Exp(text, src, dynamic=f[1], glob=f[2], quoted=f[3], proc=f[4]))
    return out


def _list_valued(p):
    """Does the parameter part `p` expand to a list of words (`$@`, `${a[@]}`, an unquoted `$*`),
    not to one value among candidates?"""
    name = p[1]
    if name == "@" or name.endswith("[@]"):
        return p[2] != "#"
    return (name == "*" or name.endswith("[*]")) and not p[4] and p[2] != "#"


def _field_split(value, vars_):
    """Word splitting of an unquoted expansion: on whitespace, or on the characters of IFS when
    the command set it (`IFS=,; x=curl,host; $x` runs curl). (the pieces, does a separator begin
    the value, does one end it: the text around the expansion is a word of its own then), or None
    when IFS is not known."""
    if "IFS" not in vars_:
        return value.split(), value[:1].isspace(), value[-1:].isspace()
    ifs = vars_["IFS"]
    if ifs is None or len(ifs) != 1:
        return None
    ifs = ifs[0]
    return _split_on(value, ifs), value[:1] in ifs and value[:1] != "", value[-1:] in ifs and value[-1:] != ""


def _split_on(value, ifs):
    """The pieces of `value` between the characters of `ifs` (empty ones dropped)."""
    pieces, cur = [], []
    for c in value:
        if c in ifs:
            if cur:
                pieces.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    if cur:
        pieces.append("".join(cur))
    return pieces


def run_arith(parts, env, run_sub):
    """Walk what bash runs when it evaluates arithmetic made of `parts`: its substitutions (also
    inside `${x:-$(cmd)}` and nested arithmetic) and the values of the variables it names
    (`x='a[$(cmd)]'; $((x))` runs cmd)."""
    from legant_guard.shell.arith import parts_payloads  # (loaded for arithmetic only)

    for q in parts:
        if q[0] == "cmd":
            run_sub(q[1], q)
        elif q[0] == "var":
            _param_values(q, env, run_sub)
        elif q[0] == "arith":
            run_arith(q[1], env, run_sub)
    for code in parts_payloads(parts, env.vars):
        run_sub(None, ("arith-code", code))
    forget_assigned(" ".join(q[1] if q[0] == "lit" else " " for q in parts), env)


def forget_assigned(text, scope):
    """The variables arithmetic `text` assigns (`$((n--))`, `((n-=2))`, `let n++`) hold a number
    the guard does not compute: unknown from here on (shell/arith.assigned_names)."""
    from legant_guard.shell.arith import assigned_names

    for name in assigned_names(text):
        scope.set_var(name, None, runtime=False)


def _default_of(p, env, run_sub):
    """The text of `${x:-WORD}` (`-`, `:=`, `=`) when x is not known: WORD, what the word is when
    x is unset or empty (its substitutions were walked already); None for other forms or a WORD
    not known."""
    _, name, op, arg, _quoted = p
    if op not in (":-", "-", ":=", "=", ":+", "+") or not arg or name in ("@", "*") or \
            name.endswith(("[@]", "[*]")) or env.vars.get(name) is not None:
        return None
    out = []
    for k, q in enumerate(arg):
        if q[0] == "lit":
            text = q[1]
            if k == 0 and text[:1] == "~" and not q[2]:
                text = tilde(text, env.home, env.cwd, env.vars)  # (`${x:-~}` is the home folder)
            else:
                text = _ArgQuotes(op).removed(text, env)
        elif q[0] == "var":
            values = _param_values(q, env, run_sub)
            text = values[0] if values is not None and len(values) == 1 else None
        else:
            return None
        if text is None:
            return None
        out.append(text)
    return "".join(out)


def _param_values(p, env, run_sub):
    _, name, op, arg, _quoted = p
    # Substitutions inside ${x:-$(cmd)} run (when the default is taken): walk them.
    arg_out = None
    if arg:
        arg_text = []
        known = True
        quoting = _ArgQuotes(op)
        for q in arg:
            if q[0] == "lit":
                text = quoting.removed(q[1], env)
                if text is None:
                    known = False
                else:
                    arg_text.append(text)
            elif q[0] == "cmd":
                o = run_sub(q[1], q)
                if o is None:
                    known = False
                else:
                    arg_text.append(o.replace("\0", "").rstrip("\n"))
            elif q[0] == "var":
                v = _param_values(q, env, run_sub)
                if v is None or len(v) != 1:
                    known = False
                else:
                    arg_text.append(v[0])
            else:
                if q[0] == "arith":  # ${x:-$(( $(cmd) ))}
                    run_arith(q[1], env, run_sub)
                known = False
        arg_out = "".join(arg_text) if known else None
    if name in ("@", "*") or name.endswith(("[@]", "[*]")):
        return _all_elements(name, op, arg, arg_out, _quoted, env, run_sub)
    vals = env.vars.get(name)
    out = _operated(vals, name, op, arg, arg_out, run_sub)
    if op in (":=", "=") and (vals is None or (op == ":=" and not all(vals))):
        _assign_default(env, name, vals, out)
    return out


def _assign_default(env, name, vals, out):
    """`${x:=WORD}` (x empty or unset) and `${x=WORD}` (x unset) assign WORD to x as they expand
    to it: a later `$x` is WORD (red team 38: `z=; : ${z:=.env}; cat $z` read .env under builder,
    judged as a bare `cat`). Candidate values that differ, or an element of an array, leave x
    not known."""
    set_var = getattr(env, "set_var", None)
    if set_var is None or name[:1].isdigit():
        return  # (a positional parameter cannot be assigned so: bash's error)
    if "[" in name:
        set_var(name.split("[", 1)[0], None, runtime=False)
    elif vals is not None and out is not None and len(set(out)) == 1:
        set_var(name, out[0])
    elif vals is not None:
        set_var(name, None, runtime=False)


class _ArgQuotes:
    """Quote removal in the word of `${x:-WORD}`, `${x/PAT/REPL}` ...: bash takes `${x:+".env"}` as
    .env and `${x/x/"e"}` of .xnv as .env, while the parser keeps the quotes in the literal
    pieces. The state runs across the pieces (an expansion between two of them is inside the same
    quotes). None where the text is not followed: an unquoted `&` in a replacement (bash 5.2's
    patsub_replacement puts the match there), a quoted `/` in a pattern (where it splits), a
    backslash that ends a piece, `~` expanded with a home not known."""

    __slots__ = ("op", "single", "double", "started")

    def __init__(self, op):
        self.op = op
        self.single = self.double = False
        self.started = False

    def removed(self, text, env):
        op = self.op
        slash_op = op in ("/", "//", "/#", "/%")
        out = []
        if not self.started and text[:1] == "~" and op in (":-", "-", ":=", "=", ":+", "+"):
            head, sep, rest = text.partition("/")
            home = env.vars.get("HOME")
            if head != "~" or not home or len(home) != 1:
                return None
            text = home[0] + sep + rest  # (bash expands a leading `~` in the word)
        self.started = True
        replacing = False
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if self.single:
                if c == "'":
                    self.single = False
                elif c == "/" and slash_op and not replacing:
                    return None
                else:
                    out.append(c)
            elif c == "\\":
                if i + 1 >= n:
                    return None
                nxt = text[i + 1]
                if self.double and nxt not in '$`"\\\n':
                    out.append(c)
                if nxt == "/" and slash_op and not replacing:
                    return None
                out.append(nxt)
                i += 1
            elif c == '"':
                self.double = not self.double
            elif c == "'" and not self.double:
                self.single = True
            elif c == "/" and slash_op and not replacing and self.double:
                return None
            else:
                if c == "/" and slash_op:
                    replacing = True
                elif c == "&" and slash_op and replacing and not self.double:
                    return None
                out.append(c)
            i += 1
        return "".join(out)


def _operated(vals, name, op, arg, arg_out, run_sub):
    """The values of ${NAME OP ARG} from NAME's values `vals` (None: unknown)."""
    if op == "@" and arg and arg[0][0] == "lit" and arg[0][1] == "P" and \
            (vals is None or any("$(" in v or "`" in v for v in vals)):
        # `${x@P}` expands the value as a prompt: its command substitutions run
        run_sub(None, ("prompt-code", "${%s@P}" % name))
        return None
    if op[:1] == "!" and not (op in ("!*", "!@") and not any(q[0] != "lit" or q[1] for q in arg or ())):
        # `${!r}`: bash evaluates the subscript of the name r holds (`r='a[$(cmd)]'` runs cmd), and
        # so does every operator on it: `${!r:-x}`, `${!r#x}`, `${!r@Q}` (red team 43); not
        # `${!prefix*}` / `${!prefix@}`, which list names
        if vals is None:
            run_sub(None, ("indirect-code", "${!%s}" % name))
        else:
            for v in vals:
                if "[" in v and v.endswith("]"):
                    run_sub(None, ("arith-code", v[v.index("[") + 1:-1]))
    if not op:
        return vals
    if op in (":-", "-", ":=", "="):
        if vals is not None and all(vals) or (vals is not None and op in ("-", "=")):
            return vals
        if vals is not None and arg_out is not None:
            return [v if v else arg_out for v in vals]
        return None
    if op in (":+", "+"):
        if vals is not None:
            return [arg_out if v or op == "+" else "" for v in vals] if arg_out is not None else None
        return None
    if vals is None or (arg and arg_out is None):
        return None
    out = [_transformed(v, op, arg_out or "") for v in vals]
    return None if any(v is None for v in out) else out


def _all_elements(name, op, arg, arg_out, quoted, env, run_sub):
    """`$@`, `$*`, `${a[@]}`, `${a[*]}` with an operator: bash applies `:N:L` and `#` to the list
    of elements (`${a[@]:1}` is the elements from the second on, `${@:2}` the parameters from $2,
    `${#a[@]}` their count), and joins a quoted `*` with the first character of IFS (none when
    IFS is empty: `IFS=; cat "${a[*]}"` of (.e nv) reads .env); other operators apply to each
    element. None when not known."""
    star = name == "*" or name.endswith("[*]")
    every = "@" if name in ("@", "*") else name[:-3] + "[@]"
    elements = env.vars.get(every)
    if elements is None:
        return None
    elements = list(elements)
    if op == ":":
        if arg_out is None:
            return None
        elements = _sliced(elements, arg_out, positional=name in ("@", "*"))
        if elements is None:
            return None
    elif op == "#" and not arg:
        return [str(len(elements) if elements != [""] or every == "@" else 0)]
    elif op:
        elements = _operated(elements, every, op, arg, arg_out, run_sub)
        if elements is None:
            return None
    if not star:
        return elements
    ifs = env.vars.get("IFS", [" "])
    if ifs is None or len(ifs) != 1:
        return None
    return [ifs[0][:1].join(elements)] if quoted else elements


def _sliced(elements, arg, positional):
    """`:OFFSET` or `:OFFSET:LENGTH` of a list of elements (positional parameters count from $1)."""
    pieces = arg.split(":")
    try:
        start = int(pieces[0].strip() or "0")
        length = int(pieces[1].strip()) if len(pieces) > 1 else None
    except ValueError:
        return None
    if len(pieces) > 2 or (length is not None and length < 0) or (positional and start == 0):
        return None  # (a negative length is an error for a list; `${@:0}` holds $0)
    if positional and start > 0:
        start -= 1
    if start < 0:
        start += len(elements)
        if start < 0:
            return []
    return elements[start:] if length is None else elements[start:start + length]


def _transformed(value, op, arg):
    """${x,,} ${x^^} ${x:1:2} ${x//a/b} ${x#a} ${x%a} ${#x} of a known value with a literal argument
    (`D=.CLAUDE; cp evil ~/${D,,}/settings.json`); None for a pattern or anything else."""
    if op == "#" and not arg:
        return str(len(value))
    if op in (",,", "^^", ",", "^"):
        if arg:
            return None  # a pattern selects the letters
        if op == ",,":
            return value.lower()
        if op == "^^":
            return value.upper()
        return (value[:1].lower() if op == "," else value[:1].upper()) + value[1:]
    if op == ":":
        pieces = arg.split(":")
        try:
            start = int(pieces[0].strip() or "0")
            length = int(pieces[1].strip()) if len(pieces) > 1 else None
        except ValueError:
            return None
        if len(pieces) > 2:
            return None
        if start < 0 and -start > len(value):
            return ""  # bash: an offset before the start expands to nothing
        start = len(value) + start if start < 0 else start
        if length is None:
            return value[start:]
        end = len(value) + length if length < 0 else start + length
        return value[start:end] if end >= start else None
    if any(c in arg for c in "*?[\\"):
        return None  # a glob pattern: not followed
    if op in ("#", "##"):
        return value[len(arg):] if value.startswith(arg) else value
    if op in ("%", "%%"):
        return value[:-len(arg)] if arg and value.endswith(arg) else value
    if op in ("/", "//", "/#", "/%"):
        pattern, _, repl = arg.partition("/")
        if not pattern:  # (an empty pattern anchored at an end matches there: `${a/#/.}` of env is .env)
            return repl + value if op == "/#" else value + repl if op == "/%" else value
        if op == "//":
            return value.replace(pattern, repl)
        if op == "/#":
            return repl + value[len(pattern):] if value.startswith(pattern) else value
        if op == "/%":
            return value[:-len(pattern)] + repl if value.endswith(pattern) else value
        return value.replace(pattern, repl, 1)
    return None


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "v": "\v", "f": "\f", "a": "\a", "b": "\b", "e": "\x1b",
            "E": "\x1b", "\\": "\\"}


def unescape_printf(text):
    """`text` with the escapes printf and `echo -e` expand (\\t, \\n, \\xHH, \\NNN, \\0NNN, \\uHHHH)."""
    if "\\" not in text:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            j = i + 2
            while j < n and j < i + 2 + width and text[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(text[i + 2:j], 16)) if j > i + 2 and int(text[i + 2:j], 16) < 0x110000 else text[i:j])
            i = j
        elif nxt in "01234567":
            j = i + 1 + (nxt == "0")
            start = j
            while j < n and j < start + 3 and text[j] in "01234567":
                j += 1
            out.append(chr(int(text[start:j], 8) % 256) if j > start else "\0")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)
