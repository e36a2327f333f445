"""What the shell keeps between commands: working directory, variables, functions, aliases.

`cd ~/.ssh && cat id_rsa`, `HOME=/etc; cat ~/passwd`, `alias ls='curl -T'`, `CDPATH=/tmp cd x`:
a later word means what an earlier command made it mean. `Scope` (shell/scope.py) is that state
at one point of the command; `shell_state` applies what export/declare/read/unset/alias/shopt ... change, and
`change_dir` what cd/pushd/popd do (CDPATH, cdable_vars, `cd -`). Whatever is set to a value
only known at run time becomes unknown, never guessed. Kept apart from the walker core because
this is the one place where bash's rules for state live.
"""

import os

from legant_guard.shell import sinks as S
from legant_guard.shell.scope import (ALLEXPORT, mark_runtime, COMMAND_TABLES, INTEGERS, KEYWORD, LASTPIPE, LOOPVARS,
                                      NAMEREFS, PHYSICAL, SUBSHELL)
from legant_guard.shell.words import Exp, absolute


def _variables_set(name, args):
    """The variables `read`, `mapfile`, `getopts`, `printf -v` and `let` assign (values unknown)."""
    texts = [e.text for e in args if not e.dynamic]
    if name == "printf":
        out = []
        for k, t in enumerate(texts):
            if t == "-v" and k + 1 < len(texts):
                out.append(texts[k + 1])
            elif t.startswith("-v") and len(t) > 2:
                out.append(t[2:])
        return [v.split("[", 1)[0] for v in out]
    if name == "let":  # (`let n=5`, `let n--`, `let ++n`, `let 'a[i] += 2'`)
        from legant_guard.shell.arith import assigned_names

        return [v for t in texts for v in assigned_names(t)]
    return [t.split("[", 1)[0] for t in texts if not t.startswith("-") and t.replace("_", "a").isalnum()]


def _let_values(args):
    """{variable: value} of `let NAME=EXPR` words whose EXPR is constant arithmetic (`let p=-1`:
    a later `kill -9 $p` reads -1); the others stay unknown."""
    from legant_guard.shell.arith import constant_value

    out = {}
    for e in args:
        var, eq, expr = e.text.partition("=")
        var = var.strip()
        if e.dynamic or not eq or not var.replace("_", "a").isalnum() or var[0].isdigit() or expr.startswith("="):
            continue
        value = constant_value([("lit", expr)])
        if value is not None:
            out[var] = str(value)
    return out


def _read_values(name, args, stdin, scope, w):
    """{variable: value} that `read VAR...` (a str) or `mapfile -t VAR` (a list) takes from a
    known here-string, here-document or echo (`read D <<< ~/.claude`); {} when not followed
    (options other than -r/-t, an unknown IFS, input known only at run time)."""
    if stdin is None or stdin.kind != "text" or stdin.text is None or any(e.dynamic for e in args):
        return {}
    texts = [e.text for e in args]
    flags = [t for t in texts if t.startswith("-")]
    names = [t for t in texts if not t.startswith("-")]
    if any(f not in ("-r", "-t") for f in flags) or not names or (name == "read" and "-t" in flags):
        return {}  # (read's -t takes a timeout: `read -t 1 f <<< .env` sets f, not `1`; red team 38)
    lines = stdin.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if name != "read":
        return {names[-1]: [line if "-t" in flags else line + "\n" for line in lines]}
    ifs = scope.vars.get("IFS", [" \t\n"])
    if "IFS" in w.prefix_names:  # `IFS=: read a b <<< ...`
        ifs = [w.prefix_values["IFS"]] if w.prefix_values.get("IFS") is not None else None
    if ifs is None or len(ifs) != 1:
        return {}
    line = lines[0] if lines else ""
    if "-r" not in flags:
        line = line.replace("\\", "")
    white = "".join(c for c in ifs[0] if c in " \t\n")
    line = line.strip(white)
    out = {}
    for k, var in enumerate(names):
        if k == len(names) - 1:
            out[var] = line.strip(white)
            break
        cut = [line.find(c) for c in ifs[0] if line.find(c) >= 0]
        if not cut:
            out[var], line = line, ""
            continue
        out[var], line = line[:min(cut)], line[min(cut) + 1:].lstrip(white)
    return out


def printf_value(args):
    """What `printf -v VAR FORMAT ARG...` stores: what printf would print (shell/output.py), when
    every word is known and the format has only `%s`, `%b` and `%%` (`printf -v D %s ~/.claude`);
    else None (unknown)."""
    from legant_guard.shell.output import known_output

    rest = list(args)
    while rest and not rest[0].dynamic and rest[0].text.startswith("-v"):
        rest = rest[1:] if len(rest[0].text) > 2 else rest[2:]
    if rest and not rest[0].dynamic and rest[0].text == "--":
        rest = rest[1:]
    return known_output("printf", rest, None, "/") if rest else None


_POSITIONAL_CHANGERS = frozenset(("shift", "set", "getopts", "eval", "source", ".", "unset"))


def bind_positional(scope, args, body):
    """A function call's words as its positional parameters ($@, $*, $#, $1 ...), when all of
    them are known and the body cannot change them (no shift, set, getopts, eval, source):
    otherwise they stay unknown. Returns the outer values for restore_positional."""
    keys = ["@", "*", "#"] + [str(k) for k in range(1, 10)]
    outer = {k: scope.vars[k] for k in keys if k in scope.vars}
    for k in keys:
        scope.vars.pop(k, None)
    if any(a.dynamic or a.proc for a in args) or _from_loop(scope, args):
        _runtime_positional(scope)  # (`f "$(cat f)"`: $1 is run-time text)
        return outer
    if _changes_positional(body, 0):
        return outer
    _bind(scope, [a.text for a in args])
    return outer


def _runtime_positional(scope):
    """The positional parameters hold text given at run time (scope.RUNTIME): `$(( $1 ))` on it
    evaluates whatever it holds."""
    for k in ["@", "*"] + [str(k) for k in range(1, 10)]:
        mark_runtime(scope, k, True)


def _from_loop(scope, args):
    """Does a word come from a loop variable of several values (`for d in src ~/.ssh; do f "$d";
    done`)? The walk meets the body once, with every value at once; bash calls f once per value,
    so $1 is each of them in turn, not the first only: the positions are unknown."""
    names = scope.vars.get(LOOPVARS)
    return bool(names) and any(("$" + n) in a.src or ("${" + n) in a.src for a in args for n in names)


def _bind(scope, texts, zero=None):
    scope.vars["@"] = list(texts)  # several values: "$@" is that many words (none for no words)
    if zero is not None:
        scope.vars["0"] = [zero]
    scope.vars["*"] = [" ".join(texts)]
    scope.vars["#"] = [str(len(texts))]
    for k in range(1, 10):
        scope.vars[str(k)] = [texts[k - 1] if k <= len(texts) else ""]


def _set_positional(scope, args):
    """`set -- A B` (or `set A B`): $1, $2, "$@" are A and B from now on (unknown if any is built at
    run time). Options alone (`set -e`, `set -o pipefail`) leave them as they were."""
    texts = [e.text for e in args]
    if "--" in texts:
        rest = args[texts.index("--") + 1:]
    elif args and not any(t[:1] in ("-", "+") for t in texts):
        rest = args
    else:
        return
    for k in ["@", "*", "#"] + [str(k) for k in range(1, 10)]:
        scope.vars.pop(k, None)
    if not any(e.dynamic or e.proc for e in rest) and not _from_loop(scope, rest):
        _bind(scope, [e.text for e in rest])
    else:
        _runtime_positional(scope)


def bind_script_positional(scope, words, script, unknown=False):
    """`sh -c SCRIPT NAME ARG...`: NAME is $0 and the ARGs $1 ... of SCRIPT, when all are known
    and the script has no word that could change them; else (or `unknown`: xargs adds words
    from its input) they are unknown."""
    keys = ["@", "*", "#", "0"] + [str(k) for k in range(1, 10)]
    outer = {k: scope.vars[k] for k in keys if k in scope.vars}
    for k in keys:
        scope.vars.pop(k, None)
    tokens = script.text
    for c in ";&|(){}`\"'\n":
        tokens = tokens.replace(c, " ")
    if unknown or script.dynamic or any(a.dynamic or a.proc for a in words):
        _runtime_positional(scope)
        return outer
    if any(t in _POSITIONAL_CHANGERS for t in tokens.split()):
        return outer
    texts = [a.text for a in words]
    _bind(scope, texts[1:], texts[0] if texts else None)
    return outer


def restore_positional(scope, outer):
    for k in ["@", "*", "#", "0"] + [str(k) for k in range(1, 10)]:
        scope.vars.pop(k, None)
    scope.vars.update(outer)


def _changes_positional(items, depth):
    """Could these command lists change the positional parameters (or run text that does)?"""
    return _runs_word(items, _POSITIONAL_CHANGERS, depth)


# Builtins after which the rest of a function body may not run (or that run text that may `return`).
_EARLY_LEAVERS = frozenset(("return", "exit", "eval", "source", "."))


def returns_early(body):
    """Could a function body stop before its end (`f(){ return; cd /tmp; }`)? Then what its later
    commands set or cd to may not hold after the call. A `return` that is the body's last command
    leaves nothing out (`f(){ cd src; return; }`)."""
    from legant_guard.shell.parse import Compound, Simple

    while len(body) == 1 and len(body[0][0].cmds) == 1 and isinstance(body[0][0].cmds[0], Compound) and \
            body[0][0].cmds[0].kind == "group" and not body[0][0].cmds[0].redirs:
        body = body[0][0].cmds[0].body[0]  # (`f() { …; }`: the group's own list)
    if body:
        pipe, _sep = body[-1]
        last = pipe.cmds[-1] if len(pipe.cmds) == 1 else None
        if isinstance(last, Simple) and last.words and last.words[0].literal() == "return" and \
                not any(p[0] == "cmd" for w in last.words for p in w.parts):
            body = body[:-1]
    return _runs_word(body, _EARLY_LEAVERS, 0)


def _runs_word(items, names, depth):
    """Could these command lists run one of the builtins `names` (or run text that does)?"""
    from legant_guard.shell.parse import Compound, Simple

    if depth > 50:
        return True
    for pipe, _sep in items:
        for node in pipe.cmds:
            if isinstance(node, Simple):
                if node.words and node.words[0].literal() in names:
                    return True
                for w in node.words:
                    for p in w.parts:
                        if p[0] == "cmd" and _runs_word(p[1], names, depth + 1):
                            return True
            elif isinstance(node, Compound):
                for body in node.body:
                    if _runs_word(body, names, depth + 1):
                        return True
    return False


def shell_flag(args, letter, name):
    """"1" after `set -LETTER` / `-o NAME` (also bundled, `-ek`), "" after `+LETTER` / `+o NAME`,
    else None (the last one wins)."""
    state = None
    words = [a.text for a in args]
    for k, t in enumerate(words):
        if t in ("-o", "+o") and k + 1 < len(words) and words[k + 1] == name:
            state = "1" if t == "-o" else ""
        elif t[:1] in "-+" and t[1:2] not in ("-", "") and t not in ("-o", "+o") and letter in t[1:]:
            state = "1" if t[0] == "-" else ""
    return state


def _set_physical(args):
    """"1" after `set -P` / `set -o physical`, "" after `set +P` / `set +o physical`, else None."""
    state = None
    words = [a.text for a in args]
    for k, t in enumerate(words):
        if t in ("-o", "+o") and k + 1 < len(words) and words[k + 1] == "physical":
            state = "1" if t == "-o" else ""
        elif t[:1] in "-+" and t[1:2] not in ("-", "") and t not in ("-o", "+o") and "P" in t[1:]:
            state = "1" if t[0] == "-" else ""
    return state


def _cd_logical(args, scope):
    """Does this cd resolve `..` lexically (bash's default, -L) rather than physically (-P, or
    after `set -P`)? The last of -L / -P wins."""
    logical = (scope.vars.get(PHYSICAL) or [""])[0] != "1"
    for a in args:
        t = a.text
        if a.dynamic or not t.startswith("-") or t == "-" or t == "--":
            break
        for c in t[1:]:
            if c in "LP":
                logical = c == "L"
    return logical


class AliasDefinition:
    """`alias NAME=BODY` as defined: the body runs wherever NAME is typed later, in the scope,
    wrapper chain and directory of the definition."""

    __slots__ = ("name", "body", "scope", "via", "cwd")

    def __init__(self, name, body, *, scope, via, cwd):
        self.name = name
        self.body = body  # an Exp
        self.scope = scope
        self.via = via
        self.cwd = cwd


def disable(args, scope):
    """`enable -n cd`: the builtins named are off (scope.DISABLED); a name built at run time may
    be any. `enable NAME` (on again) takes none off: it may not run where the guard takes it to."""
    from legant_guard.shell.scope import DISABLED

    flags = "".join(e.text[1:] for e in args if e.text.startswith("-") and not e.dynamic)
    names = [e for e in args if e.dynamic or not e.text.startswith("-")]
    if "n" not in flags and not any(e.dynamic for e in args):
        return
    off = list(scope.vars.get(DISABLED) or ())
    off += ["*" if e.dynamic else e.text for e in names] or (["*"] if any(e.dynamic for e in args) else [])
    scope.vars[DISABLED] = off


def integer_value(text):
    """What bash stores in an integer variable (`declare -i`) given `text`: the arithmetic's value,
    or None when it is not constant."""
    from legant_guard.shell.arith import constant_value

    value = constant_value([("lit", text)])
    return None if value is None else str(value)


def read_only(w, args, functions, scope, via):
    """`readonly x`, `declare -r x=v`, `readonly -f f`: bash refuses every later assignment to x
    (the line with it stops, the next line goes on with the old value) and every redefinition
    of f; the guard must not follow them (scope.READONLY, READONLY_FUNCTIONS)."""
    from legant_guard.shell.scope import READONLY, READONLY_FUNCTIONS

    key = READONLY_FUNCTIONS if functions else READONLY
    names = list(scope.vars.get(key) or ())
    for e in args:
        if e.dynamic:
            names.append("*")  # (`readonly "$v"`: any name may be read-only from now on)
        elif not e.text.startswith("-"):
            names.append(e.text.split("=", 1)[0].rstrip("+").split("[", 1)[0])
    scope.vars[key] = names


def namerefs(w, args, scope):
    """`declare -n r=f`: $r is $f and `r=x` sets f. The guard does not follow the link:
    both names stay undetermined for the rest of the command, whatever is assigned later."""
    names = list(scope.vars.get(NAMEREFS) or ())
    for e in args:
        if e.dynamic:
            w.unknown(None, "the variable linked by `declare -n %s`" % e.src)
            continue
        if e.text.startswith("-"):
            continue
        var, _eq, target = e.text.partition("=")
        names += [n.split("[", 1)[0] for n in (var, target) if n]
        if target:
            nameref_target(w, scope, var, target.split("[", 1)[0])
    scope.vars[NAMEREFS] = names
    for n in names:
        scope.set_var(n, None)


def nameref_target(w, scope, var, target):
    """`declare -n r=PS4; r='$(cmd)'`, `declare -n r=GIT_PAGER; r=curl`, `declare -n r; r=PS4`:
    what is assigned through r goes into a variable that runs code; target None: not known.
    `declare -n r=PATH`: what PATH holds is not followed from here on (red team 43)."""
    if target == "PATH":
        scope.set_var("PATH", None, runtime=False)
    if target is None or S.environment_sink(target, Exp("", target, dynamic=True)) is not None:
        w.placeholder(scope, ["declare -n %s" % var], "what is assigned through `%s` (a name for %s)"
                      % (var, "$" + target if target else "a variable chosen at run time"))


def integers(w, args, scope, via, cwd):
    """`declare -i n`: from then on every value given to n is evaluated as arithmetic
    (`n='a[$(cmd)]'` runs cmd), the value given here too."""
    from legant_guard.shell.arith import parts_payloads  # (loaded for arithmetic only)

    names = list(scope.vars.get(INTEGERS) or ())
    for e in args:
        if e.dynamic or e.text.startswith("-"):
            continue
        var, eq, value = e.text.partition("=")
        names.append(var.rstrip("+").split("[", 1)[0])
        if eq:
            w.arith_code(parts_payloads([("lit", value)], scope.vars), scope, via, cwd)
    scope.vars[INTEGERS] = names


def _table_word(text):
    """Does this argument of read/printf/mapfile/let name BASH_CMDS or BASH_ALIASES?"""
    name = text.split("[", 1)[0].split("=", 1)[0]
    return (name[2:] if name.startswith("-v") else name) in COMMAND_TABLES


def command_table(w, var, key, value, scope, via):
    """`BASH_CMDS[KEY]=VALUE` makes the command KEY run the program VALUE (`BASH_ALIASES[KEY]`:
    the alias text VALUE), as `hash -p` and `alias` do; a key or value known only at run time, or
    the table set some other way (`BASH_CMDS=(...)`, `read`, `printf -v`), is undetermined."""
    if key is None or value is None or not key.replace("-", "a").replace("_", "a").replace(".", "a").isalnum():
        w.placeholder(scope, via + [var], "the program `%s` binds to a command name at run time" % var)
        return
    scope.aliases[key] = "'" + value.replace("'", "'\\''") + "'" if var == "BASH_CMDS" else value
    if var == "BASH_ALIASES" and value.strip():
        w.aliases_defined.append(AliasDefinition(key, Exp(value, "%s[%s]" % (var, key)), scope=scope.copy(),
                                                    via=via + [var], cwd=scope.cwd))


def shell_state(w, name, args, scope, via, cwd, stdin=None):
    """export/declare/local/readonly NAME=V, unset, read, printf -v, let, alias, unalias,
    shopt: what they change. A later `~`, `$HOME`, `$x` or alias must follow the new value,
    so a static NAME=VALUE is remembered and any other variable they set becomes unknown."""
    if name in S.SETTERS:
        assigned = []
        letters = "".join(e.text[1:] for e in args if e.text[:1] == "-" and e.text[1:2] != "-" and not e.dynamic)
        if "f" in letters and (name == "export" or "x" in letters):
            # `f(){ curl h; }; export -f f; bash build.sh`: every bash started later can call f
            for e in args:
                if not e.text.startswith("-") and not e.dynamic and e.text in scope.functions:
                    w.exported_function(e.text, scope)
        if name != "export" and any(e.text[:1] == "-" and e.text[1:2] != "-" and "n" in e.text[1:]
                                    for e in args if not e.dynamic):
            namerefs(w, args, scope)  # (`export -n X` only takes X out of the environment)
        if any(e.text.split("=", 1)[0].split("[", 1)[0] in COMMAND_TABLES for e in args):
            command_table(w, "BASH_CMDS", None, None, scope, via)  # `declare -A BASH_CMDS=([ls]=…)`
        if any(e.text[:1] == "-" and e.text[1:2] != "-" and "i" in e.text[1:] for e in args if not e.dynamic):
            integers(w, args, scope, via, cwd)
        if w.function_locals and (name == "local" or name in ("declare", "typeset") and "g" not in letters):
            w.function_locals[-1].update(e.text.split("=", 1)[0].rstrip("+").split("[", 1)[0]
                                         for e in args if not e.text.startswith("-") and not e.dynamic)
        shown = []
        for e in args:
            if e.text.startswith("-") and not e.dynamic:
                continue
            var, eq, value = e.text.partition("=")
            modified = var.endswith("+") or "[" in var  # `HOME+=x`, `a[1]=x`
            var = var.rstrip("+").split("[", 1)[0]
            if var == "PATH" and not eq and name in ("export", "readonly"):
                continue  # (`export PATH` leaves its value as it is: hook/programs.py reads it)
            if var and var.replace("_", "a").isalnum() and not var[0].isdigit():
                known = eq and not modified and not e.dynamic
                prior = scope.vars.get(var) if not eq and not e.dynamic else None
                if prior and len(prior) == 1 and prior[0] and (name == "export" or "x" in letters):
                    shown.append((var, prior[0]))  # (`F=.env; export F`: the value it had goes out)
                if known and var in (scope.vars.get(INTEGERS) or ()):
                    value = integer_value(value)  # `declare -i p=2**64-1`: p is -1
                    known = value is not None
                assigned.append((var, value if known else None))
                scope.set_var(var, value if known else None)
            elif e.dynamic:
                w.unknown(None, "the variable set by `%s %s`" % (name, e.src))
        w.environment_paths(assigned, scope, exported=name == "export" or "x" in letters)
        w.environment_paths(shown, scope)
        if name == "readonly" or "r" in letters:
            read_only(w, args, "f" in letters, scope, via)
    elif name == "unset":
        for e in args:
            if e.dynamic:
                w.unknown(None, "the variable unset by `unset %s`" % e.src)
            elif not e.text.startswith("-"):
                scope.set_var(e.text, None)  # `~` after `unset HOME` is the password file's home
                scope.functions.pop(e.text, None)
    elif name in ("read", "mapfile", "readarray", "getopts", "printf", "let"):
        if any(e.dynamic for e in args):  # `read "$v"`: which variable changes cannot be known
            for var in ("HOME", "PWD", "OLDPWD", "CDPATH", "PATH"):
                scope.set_var(var, None)
        values = _read_values(name, args, stdin, scope, w) if name in ("read", "mapfile", "readarray") else \
            _let_values(args) if name == "let" else {}
        value = printf_value(args) if name == "printf" else None
        if any(_table_word(e.text) for e in args):  # `read 'BASH_CMDS[ls]' <<< /usr/bin/curl`
            command_table(w, "BASH_CMDS", None, None, scope, via)
        for var in _variables_set(name, args):
            value = values.get(var, value)
            if isinstance(value, list):
                scope.set_array(var, value)
                continue
            scope.set_var(var, value)
            if value is not None:
                w.environment_paths([(var, value)], scope, exported=False)
            # `read GIT_PAGER <<< curl`: a program-naming variable set from input
            w.environment_sink(var, Exp("", "%s %s" % (name, var), dynamic=True) if value is None else
                               Exp(value, "printf -v %s" % var), scope, [])
    elif name in ("shopt", "set") and any(e.text == "cdable_vars" for e in args):
        scope.vars["cdable_vars"] = None  # `cd NAME` may go to the folder in $NAME
    elif name == "shopt" and any(e.text == "lastpipe" or e.dynamic for e in args):
        # `shopt -s lastpipe`: the last command of a pipeline runs in this shell (its cd, read ...
        # stay); `shopt -s "$o"` may set it
        scope.vars[LASTPIPE] = ["1"]
    elif name == "shift":  # `set -- x .claude; shift; … $1`: the words move down (or become unknown)
        known = scope.vars.get("@")
        try:
            n = int(args[0].text) if args and not args[0].dynamic else (None if args else 1)
        except ValueError:
            n = None
        for k in ["@", "*", "#"] + [str(k) for k in range(1, 10)]:
            scope.vars.pop(k, None)
        if known is not None and n is not None and 0 <= n <= len(known):
            _bind(scope, list(known)[n:])
    elif name == "set":
        physical = _set_physical(args)
        if physical is not None:
            scope.vars[PHYSICAL] = [physical]
        keyword = shell_flag(args, "k", "keyword")
        if keyword is not None:
            scope.vars[KEYWORD] = [keyword]
        allexport = shell_flag(args, "a", "allexport")
        if allexport is not None:
            scope.vars[ALLEXPORT] = [allexport]
        _set_positional(scope, args)
    elif name == "alias":
        for e in args:
            alias, eq, value = e.text.partition("=")
            if not eq or not alias:
                continue
            scope.aliases[alias] = None if e.dynamic else value
            if e.dynamic:
                w.placeholder(scope, via + ["alias"], "the alias `%s`, defined at run time" % alias)
            elif value.strip():
                w.aliases_defined.append(AliasDefinition(alias, Exp(value, e.src), scope=scope.copy(),
                                                            via=via + ["alias"], cwd=cwd))
    elif name == "hash" and any(e.text == "-p" or (e.text.startswith("-") and "p" in e.text) for e in args):
        # `hash -p /guard/venv/bin/pip foo; foo install x`: NAME runs PATH from now on, as an alias would
        texts = [e for e in args if not e.text.startswith("-")]
        if texts and len(texts) >= 2:
            program, names = texts[0], texts[1:]
            for e in names:
                scope.aliases[e.text] = None if program.dynamic or e.dynamic else \
                    "'" + program.text.replace("'", "'\\''") + "'"
                if scope.aliases[e.text] is None:
                    w.placeholder(scope, via + ["hash"], "the program `hash -p` binds to `%s` at run time" % e.text)
    elif name == "enable":
        disable(args, scope)
    elif name == "unalias":
        if any(e.text == "-a" for e in args):
            scope.aliases.clear()
        for e in args:
            scope.aliases.pop(e.text, None)


# Commands that make, remove or move no folder and no link: after only these, the folders a `cd`
# may go to are the ones there now.
_LEAVES_TREE = frozenset(("cd", "pushd", "popd", "echo", "printf", "true", "false", ":", "test", "[", "[[", "pwd",
                          "ls", "cat", "head", "tail", "wc", "grep", "sleep", "date", "which", "type", "set", "shopt",
                          "export", "readlink", "realpath", "stat", "basename", "dirname"))


def _no_change(args):
    """`pushd -n ...`: the option that only changes the stack (options end at `--` or a folder)."""
    for a in args:
        if a.dynamic or a.text == "--" or not a.text.startswith("-") or a.text == "-":
            return False
        if a.text == "-n":
            return True
    return False


def _physical_reading(written, lexical):
    """Where the kernel takes the folder `written` (a `..` after a symlink goes to the parent of
    the link's target), when that differs from bash's lexical reading `lexical`; else None."""
    if "/.." not in written:
        return None
    physical = absolute(written, "/")
    return physical if physical != lexical else None


def change_dir(w, cmd, name, args, scope):
    targets = [a for a in args if not (a.text.startswith("-") and a.text != "-" and not a.dynamic)]
    if SUBSHELL not in scope.vars:
        w.shared_cds += 1  # (a folder this shell keeps: the next round of a loop starts there)
    if len(args) > 1 and any("$" in a.src and a.text.startswith("-") and a.text != "-" for a in args):
        # `for d in -P src; do (cd "$d" && …)`: the round whose value looks like an option runs a
        # `cd -P` with no folder, which goes home; the value is no option of the other rounds
        scope.cwd_known = False
        w.unknown(cmd, "working directory after `%s %s` (a value that looks like an option goes home)"
                  % (name, " ".join(a.src for a in args[:1])))
        w.emit(cmd)
        return
    if len(targets) > 1 or (targets and targets[0].glob and not targets[0].dynamic):
        # `for d in packages/*/ src; do (cd "$d" && …); done`: one of several folders each round
        from legant_guard.shell.severaldirs import choose

        targets = choose(w, cmd, name, targets, scope)
        if targets is None:
            return
    if name == "pushd" and _no_change(args):
        w.emit(cmd)  # `pushd -n DIR` only puts DIR on the stack: the folder stays
        return
    rotates = name == "pushd" and any(a.text[:1] in "+-" and a.text[1:].isdigit() for a in args)
    if name == "popd" or (name == "pushd" and not targets) or rotates:
        # `pushd +1` brings a folder of the stack to the top, which the guard does not keep
        scope.cwd_known = False
        w.unknown(cmd, "working directory after `%s` (the guard keeps no folder stack: `(cd DIR && …)` runs in "
                       "DIR and comes back)" % name)
        w.emit(cmd)
        return
    if not targets:
        home = scope.vars.get("HOME")
        target = Exp(home[0] if home and len(home) == 1 else "", "~", dynamic=not (home and len(home) == 1), quoted=True)
    else:
        target = targets[0]
    t = target.text
    if ("cdable_vars" in scope.vars and targets and not target.dynamic
            and not t.startswith(("/", "./", "../")) and t not in (".", "..", "-")):
        # `shopt -s cdable_vars`: a name that is no folder is read as a variable holding one
        target = Exp("", "%s (with cdable_vars set)" % target.src, dynamic=True)
    if target.text == "-" and not target.dynamic:
        old = scope.vars.get("OLDPWD")
        if old and len(old) == 1:
            target = Exp(old[0], "-", quoted=True)
        else:
            target = Exp("", "cd -", dynamic=True)
    if target.dynamic or target.glob:
        scope.cwd_known = False
        w.unknown(cmd, "working directory after `%s %s`" % (name, target.src))
        w.emit(cmd)
        return
    logical = _cd_logical(args, scope)
    path = absolute(target.text, scope.cwd, logical=logical)
    t = target.text
    written = t if t.startswith("/") else scope.cwd.rstrip("/") + "/" + t  # (before `..` is collapsed)
    if not t.startswith("/") and t not in (".", "..") and not t.startswith(("./", "../")):
        # bash looks a relative name up in CDPATH first (`CDPATH=/tmp; cd x` goes to /tmp/x), an
        # empty one too: `CDPATH=~/.ssh; cd ''` goes to ~/.ssh (red team 38; without CDPATH it stays)
        cdpath = scope.vars.get("CDPATH")
        if cdpath is None or len(cdpath) != 1:
            scope.cwd_known = False
            w.unknown(cmd, "working directory after `%s %s` (CDPATH is not known)" % (name, target.src))
            w.emit(cmd)
            return
        for entry in cdpath[0].split(":") if cdpath[0] else []:
            base = absolute(entry, scope.cwd) if entry not in ("", ".") else scope.cwd
            candidate = absolute(t, base, logical=logical)
            if os.path.isdir(candidate):
                path, written = candidate, base.rstrip("/") + "/" + t
                break
            if cdpath[0] != w.env_cdpath and entry not in ("", "."):
                # a CDPATH the command set names a folder that is not there now: an earlier
                # command (mkdir, ln -s) may create it before cd runs
                scope.cwd_known = False
                w.unknown(cmd, "working directory after `%s %s` (with CDPATH set, %s may be created "
                             "by the command)" % (name, target.src, candidate))
                w.emit(cmd)
                return
    if not scope.cwd_known and not target.text.startswith("/"):
        w.unknown(cmd, "`%s %s` from an undetermined directory" % (name, target.src))
    else:
        scope.cwd_known = True
    physical = _physical_reading(written, path) if logical else None
    if physical is not None:
        # `cd link/../guard`: bash collapses `..` first, and when that folder is not there (or is
        # gone by the time cd runs) it changes to the name as written, which the kernel resolves
        # through the link (the parent of the link's target). The one it goes to is the one there
        # now only while nothing before it in the line could make, remove or move a folder or a
        # link; otherwise both are judged and the folder after it is not known
        settled = all(c.executable in _LEAVES_TREE for c in w.out)
        if settled and (os.path.isdir(path) or os.path.isdir(physical)):
            path = path if os.path.isdir(path) else physical
        else:
            cmd.paths.append(physical)
            scope.cwd_known = False
            w.unknown(cmd, "working directory after `%s %s` (a symlink before `..`: bash goes to %s, or to %s "
                           "when that is no folder; give the folder without `..`)" % (name, target.src, path, physical))
    if scope.cwd_known and not (os.path.isdir(path) and os.access(path, os.X_OK) and
                                all(c.executable in _LEAVES_TREE for c in w.out)):
        # `cd ~; cd /tmp/nope; cat .netrc`: a cd that may fail leaves the folder as it was (shell/cwdforks.py)
        from legant_guard.shell import cwdforks

        if not cwdforks.may_fail(w, path):
            pass
        elif getattr(w, "stopping_cd", None) == len(w.out):
            w.list_may_stop = True  # `cd x && …`: failing, it stops the list (walk_list ends it where it began)
        elif cwdforks.choose(w, scope, [scope.cwd, path], "`%s %s`" % (name, target.src)) != path:
            cmd.cd_target = path
            cmd.paths.append(path)
            w.emit(cmd)
            return
    if not logical and os.path.isdir(path):
        # `cd -P lnk` (or after `set -P`): bash's $PWD is then the folder the link leads to, and a
        # later `cd ..` goes to that folder's parent (red team 38: `cd -P lnk; cd ..; cat .netrc`
        # read ~/.netrc under open with lnk -> ~/sub, judged in the project)
        path = os.path.realpath(path)
    cmd.cd_target = path
    cmd.paths.append(path)
    scope.vars["OLDPWD"] = [scope.cwd]
    scope.cwd = path
    scope.vars["PWD"] = [path]
    w.emit(cmd)
