"""Operands of the programs that find names and hand them on (shell/operands.py's part for them,
loaded for those commands): `find ROOT ... -exec CMD {}`, `xargs CMD` fed a list, and programs that
read a list of names on their input.
"""

from legant_guard.shell import knowledge as K
from legant_guard.shell.words import absolute, Exp, has_glob
from legant_guard.shell.operands import DeleteTarget, NameFilter, add_path


def find(w, cmd, args, records, scope, via, cwd):
    """find ROOTS EXPR: the roots, file-valued tests, and what -delete / -exec remove or run."""
    k = 0
    while k < len(args) and args[k].text in ("-H", "-L", "-P") and not args[k].dynamic:
        k += 1
    roots = []
    while k < len(args):
        t = args[k].text
        if not args[k].dynamic and (t.startswith("-") or t in ("(", "!", ")", ",")):
            break
        roots.append(args[k])
        k += 1
    if not roots:
        roots = [Exp(".", "find")]
    for r in roots:
        add_path(w, cmd, r, scope, cwd)
    root_paths = [absolute(r.text, cwd) for r in roots if not r.dynamic]
    filtered = False
    mindepth = 0
    actions = []
    # The -name/-iname patterns that every deleted entry must match: None when the
    # expression has an OR, a NOT or a group (then a name filter no longer bounds it).
    names = []
    while k < len(args):
        e = args[k]
        t = e.text
        k += 1
        if t in ("-o", "-or", "!", "-not", "(", ")", ","):
            names = None
        elif t in ("-name", "-iname") and names is not None and k < len(args):
            if args[k].dynamic:
                names = None
            else:
                names.append(NameFilter(args[k].text, t == "-iname"))
        if t in ("-exec", "-execdir", "-ok", "-okdir"):
            j = k
            while j < len(args) and args[j].text not in (";", "+"):
                j += 1
            # find evaluates left to right: only the filters before an action bound it
            # (`find . -exec cat {} + -name x` runs cat on every file).
            actions.append((t, args[k:j], records[k:j], tuple(names) if names is not None else None))
            k = j + 1
            continue
        if t == "-delete":
            actions.append((t, None, None, tuple(names) if names is not None else None))
            continue
        if t in K.FIND_FILE:
            if k < len(args):
                add_path(w, cmd, args[k], scope, cwd)
            k += 1
            filtered = filtered or t not in ("-fprint", "-fprint0", "-fls")
            continue
        if t in K.FIND_FILE2:
            if k < len(args):
                add_path(w, cmd, args[k], scope, cwd)
            k += 2
            continue
        if t == "-mindepth" and k < len(args):
            mindepth = int(args[k].text) if args[k].text.isdigit() else 1
            k += 1
            continue
        if t in K.FIND_ARG or t.startswith("-newer"):
            k += 1
            if t not in K.FIND_NEUTRAL:
                filtered = True
            continue
        if t.startswith("-") and t not in K.FIND_NEUTRAL and t not in ("-prune", "-quit", "-true"):
            filtered = True
    mode = "descendants" if filtered else ("children" if mindepth >= 1 else "self")
    for act, words, recs, names in actions:
        delete_names = names if filtered and names else None
        if act == "-delete":
            cmd.deletes = True
            cmd.recursive = True
            cmd.delete_names = delete_names
            cmd.delete_targets += [DeleteTarget(p, mode) for p in root_paths]
            continue
        if not words:
            continue
        sub_cwd = cwd
        if act in ("-execdir", "-okdir"):
            sub_cwd = cwd
        replaced = [w if "{}" not in w.text else None for w in words]
        real = [w for w in replaced if w is not None]
        start = len(w.out)
        if replaced[0] is None:
            # `find . -exec {} \;`: the program run is each file found
            w.placeholder(scope, via + ["find " + act], "the program `find %s` runs is each file it finds (`%s`)"
                             % (act, words[0].src))
        else:
            w.run_words(real, list(recs), scope.copy(), via + ["find " + act], None, [], [], sub_cwd)
        for c in w.out[start:]:
            c.find_names = tuple(names) if names else None
            if any(x is None for x in replaced):
                for p in root_paths:
                    if p not in c.paths:
                        c.paths.append(p)
                for r in roots:
                    if r.dynamic:
                        w.unknown(c, "operand `%s` of `find`" % r.src)
            if c.executable in K.DELETERS and c.executable != "mv":
                c.deletes = True
                c.recursive = True
                c.delete_names = delete_names
                c.delete_targets += [DeleteTarget(p, mode) for p in root_paths]


# Programs that pass lines of their input through unchanged (a subset, in another order), with the
# options that would change them: `find … | sort | xargs cat` hands over find's own names, while
# `find -name .fnv | tr f e | xargs cat` hands over names find never selected (.env).
_NAME_PASSERS = {"sort": ("-o", "--output", "-k", "--key", "-t"), "uniq": ("-c", "--count"), "head": ("-c", "--bytes"),
                 "tail": ("-c", "--bytes"), "grep": ("-o", "--only-matching", "-b", "-n", "-H", "--byte-offset",
                                                      "--line-number", "--with-filename", "-Z", "--null"),
                 "egrep": ("-o", "--only-matching"), "fgrep": ("-o", "--only-matching"), "cat": ("-A", "-v", "-e", "-t"),
                 "tac": ("-s", "--separator"), "shuf": ("-e", "-i"), "tee": ()}


def _passes_names(c):
    """Does this program of the pipe pass find's names on as they are?"""
    changers = _NAME_PASSERS.get(c.executable)
    if changers is None:
        return False
    for word in c.argv[1:]:
        if word.split("=", 1)[0] in changers or (word.startswith("-") and not word.startswith("--") and any(
                "-" + letter in changers for letter in word[1:])):
            return False
    return True


def xargs_operands(w, cmd, stdin):
    """A command run by xargs/parallel gets more operands from its input."""
    producers = stdin.producers if stdin is not None else []
    finds = [c for c in producers if c.executable == "find"]
    if finds and not all(c.executable == "find" or _passes_names(c) for c in producers if c.executable):
        finds = []  # (the names find selected were changed on their way: what reaches the command is unknown)
    if stdin is not None and stdin.replace:
        cmd.input_replace = stdin.replace  # (`find … | xargs -I{} cp x {}/settings.json`: hook/commandrules.py)
    if stdin is not None and stdin.text is not None:
        # `echo -1 | xargs kill -9`, `echo of=/dev/sda | xargs dd`: the known input ends up among the
        # program's words, where the tripwires read them (kill and dd take no file operands)
        cmd.argv = _argv_with_input(cmd.argv, stdin.text, stdin.replace)
    if cmd.executable in K.NO_FILE_OPERANDS:
        return
    if finds:
        for f in finds:
            for p in f.paths:
                if p not in cmd.paths:
                    cmd.paths.append(p)
            if cmd.executable in K.DELETERS and cmd.executable != "mv":
                cmd.recursive = True
                cmd.deletes = True
                cmd.delete_targets += [DeleteTarget(p, "descendants") for p in f.paths]
    else:
        if stdin is not None and stdin.text is not None:
            # `echo PATH | xargs rm`, `xargs cat <<< PATH`: the input is known, so each of its lines and
            # words is judged as an operand (the rules of roles without path rules still apply to them:
            # the guard's own files, hook configs); what xargs builds from them stays unknown
            for piece in _xargs_words(stdin.text):
                path = absolute(piece, cmd.cwd)
                if path not in cmd.paths:
                    cmd.paths.append(path)
                if has_glob(piece) and path not in cmd.globs:
                    # `echo .c* | xargs rm -r`: echo printed what its glob matched, not the pattern
                    cmd.globs.append(path)
        elif stdin is not None and stdin.seen is not None:
            # `printf 'a\nF\n' | sort | xargs rm`: a selection of the known text's words reaches
            # the command; a program that changes the text is judged by hook/inputwords.py
            for piece in _xargs_words(stdin.seen):
                path = absolute(piece, cmd.cwd)
                if path not in cmd.paths:
                    cmd.paths.append(path)
        if stdin is not None:
            cmd.input_from = tuple(p.executable for p in producers if p.executable)
        if stdin is not None and stdin.files:
            cmd.input_files = tuple(stdin.files)
        if stdin is not None and stdin.replace:
            cmd.input_replace = stdin.replace
        if stdin is not None and stdin.text is not None and not stdin.replace and _plain_input(stdin.text):
            return  # (`echo src/a.py | xargs cat`: every word it hands on was judged above)
        w.unknown(cmd, "operands of `%s` read from its input by `%s`" % (cmd.executable, cmd.via[-1] if cmd.via else "xargs"))


def _plain_input(text):
    """Known input xargs cuts exactly where the guard did: blanks and line ends only, no quote or
    backslash of xargs's own, few enough lines and words that every one was judged."""
    return not any(c in text for c in "'\"\\\0") and text.count("\n") < 200 and len(text.split()) < 200


def stdin_list_operands(cmd, args, spec, text):
    """`printf 'F\\0' | sort --files0-from=-`, `tar -cf x.tar -T - <<< F`: a list option reading
    standard input whose text is known (echo, printf, a here-document) names those files, judged
    as operands as xargs's are (the files of an unknown list stay undetermined, spec_operands)."""
    if not _reads_list_from_stdin(args, spec):
        return
    for piece in _xargs_words(text):
        path = absolute(piece, cmd.cwd)
        if path not in cmd.paths:
            cmd.paths.append(path)
        if has_glob(piece) and path not in cmd.globs:
            cmd.globs.append(path)


def _reads_list_from_stdin(args, spec):
    """Does one of `spec`'s list options take standard input (`-`, /dev/stdin) as its list?"""
    stdin_names = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
    words = [a.text for a in args]
    for k, t in enumerate(words):
        opt, eq, val = t.partition("=")
        if opt in spec.lists and (val if eq else (words[k + 1] if k + 1 < len(words) else "")) in stdin_names:
            return True
        if not t.startswith("--") and t.startswith("-") and any(o in spec.lists and len(o) == 2 and t.endswith(o[1] + "-")
                                                                  for o in ("-" + c for c in t[1:])):
            return True  # `-T-`, `-cT-`
    return False


def _argv_with_input(argv, text, replace, limit=256):
    """The words xargs runs the program with, from known input: each blank-separated word after
    them, or with -I R each line put where R is (every line's command one after another: a
    superset the tripwires read), bounded."""
    lines = [line.strip() for line in text.replace("\0", "\n").split("\n")[:limit] if line.strip()]
    if replace:
        out = list(argv[:1])
        for line in lines:
            out += [w.replace(replace, line.strip("'\"")) for w in argv[1:]]
        return out[:limit * 4]
    words = [w.strip("'\"") for line in lines for w in line.split()]
    return list(argv) + [w for w in words if w][:limit]


def _xargs_words(text, limit=256):
    """The words xargs would read from `text` (blanks and newlines, quotes removed), and each whole
    line (a name with blanks in it under -d '\\n' / -0 / -I), bounded."""
    out = []
    for line in text.replace("\0", "\n").split("\n")[:limit]:
        line = line.strip()
        if line:
            out.append(line.strip("'\""))
            out += [w.strip("'\"") for w in line.split()]
    return [w for w in out if w][:limit]


def _has_short(text, letter):
    return text.startswith("-") and not text.startswith("--") and letter in text[1:]
