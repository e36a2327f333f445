"""Exec sinks in interpreters' code (shell/sinks.py's per-topic part, loaded for interpreters and
programs with a language of their own): `python -c`, `perl -e`, `node -e`, awk's system() and
pipes, PowerShell, modules loaded by option, names called at run time, dc/m4/gnuplot/ImageMagick.
"""

from legant_guard.shell.names import quote
from legant_guard.shell.words import Exp
from legant_guard.shell.sinks import Sink, _AFTER_DASHES, _CALCULATORS, _GHOSTSCRIPT, _IMAGEMAGICK, _lit, catalogue


# ---- interpreter code -----------------------------------------------------------------------
# Option letters that take the program text, and letters that take another argument (the
# rest of a bundle is theirs), per interpreter.
_CODE_LETTERS = {"python": ("c", "WXmQ"), "perl": ("eE", "IMmdDxC0l"), "ruby": ("e", "IrECFTx0W"), "node": ("ep", "r"),
                 "php": ("r", "cdfz"), "lua": ("e", "l"), "luajit": ("e", "lb"), "Rscript": ("e", ""), "osascript": ("e", "l"),
                 "julia": ("e", "LJp"), "bun": ("e", "r"), "expect": ("c", "f"), "pwsh": ("c", "f"), "powershell": ("c", "f"),
                 "deno": ("", ""), "nodejs": ("ep", "r"), "tclsh": ("", ""), "nu": ("c", ""), "elvish": ("c", ""),
                 "xonsh": ("c", ""), "ts-node": ("ep", "r"), "tsx": ("ep", "r"),
                 # red team 24: names are read in lower case (`Rscript` is rscript), and more
                 # languages with inline code: R, Haskell, Groovy, Clojure and babashka, Elixir,
                 # Erlang (-eval), Prolog (-g), Scheme and Lisp, QuickJS, Rhino, Scala, Kotlin, Tk
                 "rscript": ("e", ""), "r": ("e", "f"), "ghc": ("e", "ioO"), "groovy": ("e", "cD"), "clojure": ("e", ""),
                 "clj": ("e", ""), "bb": ("e", ""), "elixir": ("e", "r"), "erl": ("", ""), "swipl": ("gt", "fsx"),
                 "guile": ("c", "sLl"), "racket": ("e", "tlfr"), "sbcl": ("", ""), "clisp": ("x", "ilpMBK"),
                 "qjs": ("e", "I"), "rhino": ("e", "fl"), "jrunscript": ("e", "fl"), "scala": ("e", "i"),
                 "kotlin": ("e", ""), "wish": ("", "")}
# Shells of other languages: a word of their code runs a program as a word of bash does, so the
# code itself is what starts programs (pwsh also takes it base64-encoded: -EncodedCommand, -e, -ec).
_SHELL_LANGUAGES = frozenset(("pwsh", "powershell", "nu", "elvish", "xonsh"))
# Their own ways to the network (lower case): PowerShell's cmdlets and .NET classes, nu's `http`.
_SHELL_NETWORK_WORDS = ("invoke-webrequest", "invoke-restmethod", "iwr ", "irm ", "webclient", "net.sockets",
                        "net.http", "start-bitstransfer", "send-mailmessage", "test-netconnection", "http get",
                        "http post", "http put", "socket", "urllib", "requests")
# Letters whose value is optional and made only of these characters: `perl -le CODE` is -l then
# -e (not -l with the value "e"), `perl -0777e`, `ruby -0e`, `ruby -W2e`.
_OPTIONAL_VALUES = {"perl": {"l": "01234567", "0": "01234567", "d": "t",
                             "C": "0123456789IOEioeSAaDL"},
                    "ruby": {"0": "01234567", "T": "0123456789", "W": "0123456789"}}
_FD_FILES = ("/dev/fd/", "/proc/self/fd/", "/dev/stdin")
_STDIN_FDS = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
_CODE_LONG = ("--eval", "--print", "--command", "-Command", "-command", "-c", "--commands", "-eval", "--evaluate",
              "--expression", "--load-code")


def interpreter_code(program, args, stdin_text=None, stdin_dynamic=False):
    """The inline program of an interpreter (`python3 -c CODE`, `perl -ne CODE`, `awk 'PROG'`,
    `deno eval CODE`, a here-document fed to it) as an Exp, or None when it runs a file.
    `stdin_dynamic`: the here-document has parts known only at run time (`stdin_text` is the
    rest): the program is then code built at run time."""
    base = "python" if program.startswith("python") or program.startswith("pypy") else program
    if program in catalogue()["interpreters"]["awk"]:
        return _awk_program(args)
    letters, takes_arg = _CODE_LETTERS.get(base, ("", ""))
    if base in ("pwsh", "powershell"):
        return _powershell_code(args)
    if base in ("deno", "crystal"):  # `deno eval CODE`, `crystal eval CODE`
        if args and args[0].text == "eval" and len(args) > 1:
            return args[-1]
        return None
    k = 0
    while k < len(args):
        e = args[k]
        t = e.text
        if e.dynamic:
            return e if k and args[k - 1].text in _CODE_LONG else None
        if t in _CODE_LONG and k + 1 < len(args):
            return args[k + 1]
        if t.startswith("--") and "=" in t and t.split("=", 1)[0] in _CODE_LONG:
            return Exp(t.split("=", 1)[1], e.src, quoted=True)
        if e.proc or t.startswith(_FD_FILES) and t not in _STDIN_FDS:
            return Exp("", e.src, dynamic=True)  # the program is another command's output
        if t in _STDIN_FDS:
            return _stdin_program(stdin_text, stdin_dynamic) if stdin_text is not None else \
                Exp("", e.src, dynamic=True)
        if t == "-" or not t.startswith("-"):
            break  # a script file, or the program comes from stdin
        if base in ("clojure", "clj") and t[1:2] in ("M", "A", "X", "T", "S", "J"):
            k += 1  # (`-M:alias`, `-J-Xmx1g`: one word, not bundled letters)
            continue
        if not t.startswith("--"):
            optional = _OPTIONAL_VALUES.get(base, {})
            j = 1
            while j < len(t):
                if t[j] in letters:
                    if j + 1 < len(t):
                        return Exp(t[j + 1:], e.src, quoted=True)
                    return args[k + 1] if k + 1 < len(args) else None
                if base == "python" and t[j] == "m":  # (`-m MOD` ends python's options: the rest is MOD's)
                    return _module_code(t[j + 1:] or (args[k + 1].text if k + 1 < len(args) else ""),
                                        args[k + (1 if j + 1 < len(t) else 2):])
                if t[j] in optional and not (t[j] == "d" and t[j + 1:j + 2] == ":"):
                    chars = optional[t[j]]
                    if t[j] == "0" and t[j + 1:j + 2] in ("x", "X"):  # perl -0xHHH
                        chars, j = "0123456789abcdefABCDEF", j + 1
                    j += 1
                    while j < len(t) and t[j] in chars:
                        j += 1
                    continue
                if t[j] in takes_arg:
                    if j + 1 == len(t) and t[j] not in optional:
                        k += 1
                    break
                j += 1
        k += 1
    if (k >= len(args) or args[k].text == "-") and stdin_text is not None:
        return _stdin_program(stdin_text, stdin_dynamic)
    return None


def _powershell_code(args):
    """pwsh's code: after -Command (any prefix pwsh accepts: -c, -co, -com ...; every word after it),
    or -EncodedCommand (-e, -ec, -enc ...: base64 the guard does not decode); None for a script."""
    for k, e in enumerate(args):
        t = e.text.lower()
        if e.dynamic:
            return Exp("", e.src, dynamic=True)
        if t in ("-", "--"):
            return Exp("", e.src, dynamic=True)  # commands read from its input
        if not t.startswith("-"):
            return None  # `pwsh x.ps1`: the script file (-File)
        if t == "-ec" or (len(t) > 1 and "-encodedcommand".startswith(t)):
            return Exp("", e.src, dynamic=True)
        if len(t) > 1 and ("-command".startswith(t) or "--command".startswith(t)):
            rest = args[k + 1:]
            if not rest:
                return Exp("", e.src, dynamic=True)  # commands read from its input
            return Exp(" ".join(a.text for a in rest), " ".join(a.src for a in rest),
                       dynamic=any(a.dynamic for a in rest), quoted=True)
        if len(t) > 1 and "-file".startswith(t):
            return None
    return None


def _module_code(module, args):
    """The Python code a module run with `python -m MODULE ARGS` executes from its arguments:
    timeit's statements and `-s`/`--setup` code (red team #34: `python3 -m timeit "import os;
    os.remove(...)"` was judged as no code at all); other modules take none (`python3 -m zipfile
    -c OUT SRC`: `-c` is zipfile's, not python's, and OUT a file it writes)."""
    if module != "timeit":
        return None
    code, k = [], 0
    while k < len(args):
        t = args[k].text
        if args[k].dynamic:
            return Exp("", args[k].src, dynamic=True)
        if t in ("-s", "--setup") and k + 1 < len(args):
            code.append(args[k + 1])
            k += 2
            continue
        if t.startswith("--setup="):
            code.append(Exp(t.split("=", 1)[1], args[k].src, quoted=True))
        elif t[:2] == "-s" and len(t) > 2:
            code.append(Exp(t[2:], args[k].src, quoted=True))
        elif t in ("-n", "--number", "-r", "--repeat", "-u", "--unit") and k + 1 < len(args):
            k += 1
        elif not t.startswith("-") or t == "-":
            code.append(args[k])
        k += 1
    if not code:
        return None
    if any(e.dynamic for e in code):
        return Exp("", code[0].src, dynamic=True)
    return Exp("\n".join(e.text for e in code), code[0].src, quoted=True)


def _stdin_program(text, dynamic):
    return Exp(text, "(its input)", dynamic=True) if dynamic else _lit(text, "(its input)")


def _awk_program(args):
    k = 0
    while k < len(args):
        e = args[k]
        t = e.text
        if e.dynamic or not t.startswith("-") or t == "-":
            return e
        if t in ("-f", "--file") or t.startswith("-f"):
            return None  # the program is a file
        if t in ("-v", "-F", "--assign", "--field-separator"):
            k += 1
        k += 1
    return None


def _awk_outside_literals(text):
    """(index, character, the last non-blank character before it) for each character of awk
    program text outside its string and regex literals: what the two scanners below read."""
    quote = regex = False
    prev = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == '"':
                quote = False
        elif regex:
            if c == "\\":
                i += 1
            elif c == "/":
                regex = False
        elif c == '"':
            quote = True
        elif c == "/" and (prev == "" or prev in "(,~!&|{};:?=\n"):
            regex = True
        else:
            yield i, c, prev
        if not c.isspace():
            prev = c
        i += 1


def _awk_pipes(text):
    """Does awk program text start programs: system(), `print | "cmd"`, `"cmd" | getline`? Or
    call a function by a name it holds (gawk's `@f(x)`: since gawk 4.1.2 a built-in function
    too, so `f = "sys" "tem"; @f("curl …")` is system(); red team 32)? (`@include` and `@load`
    are read elsewhere, hook/scriptfiles.py; `@namespace` names no function.)"""
    if "system" in text:
        return "system"
    after = -1  # (the second `|` of `||`)
    for i, c, _ in _awk_outside_literals(text):
        if c == "|" and i > after:
            if text[i + 1:i + 2] != "|":
                return "|"
            after = i + 1
        elif c == "@" and not text.startswith(("@include", "@namespace", "@load"), i):
            return "@f(), a function named at run time"
    return None


def _awk_output_built(text):
    """The target of a `print`/`printf` redirection (`> X`, `>> X`) that is not one plain string
    literal (`print > f`, `print > "/in" "et/tcp/0/h/80"`, `"/\\151net/…"`), or None: gawk connects
    to the network for a file named /inet/tcp/…, which the text need not show."""
    return _awk_outputs(text, None)


def awk_output_files(text):
    """The files named by plain string literals that awk's `print`/`printf` write (`print >
    ".git/hooks/pre-commit"`, `>> "~/.bashrc"` is a file named `~`…): writes the operands never
    show (red team 29). A target that is no plain literal is _awk_output_built's."""
    found = []
    _awk_outputs(text, found)
    return found


def _awk_outputs(text, literals):
    """One scan of awk program text for its print redirections: the first target that is not a
    plain string literal (returned), and when `literals` is a list, each plain one appended."""
    printing = False
    depth = 0
    n = len(text)
    word_end = -1  # (the rest of a name already read)
    for i, c, prev in _awk_outside_literals(text):
        if i < word_end:
            continue
        if c.isalpha() and not (prev.isalnum() or prev == "_"):
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            if text[i:j] in ("print", "printf"):
                printing, depth = True, 0
            word_end = j
        elif c in ";{}\n":
            printing = False
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ">" and printing and depth <= 0:
            j = i + 1 + (text[i + 1:i + 2] == ">")
            while j < n and text[j] in " \t":
                j += 1
            end = _awk_string_end(text, j) if text[j:j + 1] == '"' else -1
            rest = text[end + 1:].lstrip(" \t")[:1] if end >= 0 else "?"
            if end < 0 or "\\" in text[j:end] or rest not in ("", ";", "}", "\n", "|"):
                return text[i:i + 30].strip()
            if literals is not None:
                literals.append(text[j + 1:end])
    return None


def _awk_string_end(text, start):
    """Index of the `"` closing the awk string that opens at `start`, or -1."""
    k = start + 1
    while k < len(text):
        if text[k] == "\\":
            k += 2
            continue
        if text[k] == '"':
            return k
        k += 1
    return -1


# Options that load a module before the code runs (`perl -MLWP::Simple -e 'get(...)'`): the code
# need not name it. (letters glued to their value or followed by it)
_MODULE_OPTIONS = {"perl": ("-M", "-m"), "ruby": ("-r",), "node": ("-r", "--require", "--import"),
                   "nodejs": ("-r", "--require", "--import"), "bun": ("-r", "--preload")}


def _loaded_modules(program, args):
    """The modules `program`'s options load before its code (as text), or ""."""
    opts = _MODULE_OPTIONS.get(program)
    if not opts or not args:
        return ""
    out = []
    for k, e in enumerate(args):
        t = e.text
        for opt in opts:
            if t == opt and k + 1 < len(args):
                out.append(args[k + 1].text)
            elif t.startswith(opt + "=") and opt.startswith("--"):
                out.append(t.split("=", 1)[1])
            elif len(opt) == 2 and t.startswith(opt) and len(t) > 2:
                out.append(t[2:])
    return " ".join(out)


def interpreter_sink(program, code, args=None):
    """A Sink for inline interpreter code (an Exp, see interpreter_code) that starts programs or
    opens connections, else None. hook/interpcode.py decides what such code may do. `args`: the
    interpreter's words, for the modules its options load."""
    if code is None:
        return None
    cat = catalogue()["interpreters"]
    label = program + " code"
    if code.dynamic:
        return Sink(label, "interpreter", "its code is built at run time", code)
    text = code.text
    modules = _loaded_modules(program, args)
    for word in cat["network_words"] if modules else ():
        if word in modules:
            return Sink(label, "interpreter", "it loads a module that opens network connections (`%s`)" % word, code)
    if program in _SHELL_LANGUAGES:
        low = text.lower()
        for word in _SHELL_NETWORK_WORDS:
            if word in low:
                return Sink(label, "interpreter", "its code opens network connections (`%s`)" % word, code)
        return Sink(label, "interpreter", "its code is in another shell's language, where any word starts a program",
                    code)
    if program in cat["awk"]:
        if "/inet" in text:  # gawk's special files are network connections (also as `|&` targets)
            return Sink(label, "interpreter", "its code opens network connections (`/inet`)", code)
        found = _awk_pipes(text)
        if found:
            return Sink(label, "interpreter", "its code starts programs (`%s`)" % found, code)
        found = _awk_output_built(text)
        if found:
            return Sink(label, "interpreter", "its code prints to a file it names at run time (`%s`), which could be "
                        "one of gawk's /inet/ files, network connections" % found, code)
        return None
    if program.startswith("python") and ("sys.executable" in text or "platform.system()" in text):
        text = _without_reports(text)
    for word in cat["spawn_words"]:
        if word in text:
            return Sink(label, "interpreter", "its code starts programs (`%s`)" % word, code)
    for word in cat["network_words"]:
        if word in text:
            return Sink(label, "interpreter", "its code opens network connections (`%s`)" % word, code)
    found = _dynamic_call(program, text)
    if found:
        return Sink(label, "interpreter", "its code calls a function by a name or value it works out at run time "
                    "(`%s`), which could start a program" % found, code)
    if program == "php" and "://" in text:
        # file_get_contents, fopen, copy, readfile ... read any URL they are given
        return Sink(label, "interpreter", "its code names a URL, which PHP's file functions open over the network", code)
    return None


# Ways each language calls a function it looks up at run time (`send("sys"+"tem", …)`,
# `_G["os"]["execute"]`, `&{"CORE::system"}`, `globalThis[k]`): the name of a spawning call need
# not appear in the code.
_DYNAMIC_CALL_WORDS = {
    "ruby": ("send(", ".send ", "__send__", "public_send", ".method(", "const_get", "instance_eval", "class_eval"),
    "lua": ("_G[", "_G.", "_ENV", "loadstring", "load("), "perl": ("&{", "&$", "->$", "->can("),
    "php": ("call_user_func", "forward_static_call", "Reflection", "create_function"),
    "node": ("globalThis", "global[", "module.constructor", "process.mainModule", "process.binding", "process.dlopen"),
    # a module's namespace enumerated: the callable is picked by a test on its name
    # (`next(v for k, v in vars(os).items() if k[-3:] == "tem")("id")`), never spelt
    "python": ("vars(", "__dict__", "locals(", "getmembers", "__subclasses__", "sys.modules", "sys import modules",
               "attrgetter", "methodcaller", "__builtins__", "builtins."),
}
for _alias, _base in (("luajit", "lua"), ("nodejs", "node"), ("deno", "node"), ("bun", "node"), ("ts-node", "node"),
                      ("tsx", "node"), ("ipython", "python")):
    _DYNAMIC_CALL_WORDS[_alias] = _DYNAMIC_CALL_WORDS[_base]


def _name_like(piece):
    """A piece of a name (`sys`, `CORE::sys`, `child_`): letters in it, no blank, quote, escape,
    dot or slash (`.e` + `nv`, `open` + `code.json` name a file, which the secret and write checks
    read joined)."""
    return bool(piece) and any(c.isalpha() for c in piece) and all(c.isalnum() or c in "_:-" for c in piece)


def _without_reports(text):
    """Python code without the attribute reads that only report and whose names hold a spawn word:
    `sys.executable` (`exec`: the interpreter's path) and `platform.system()` (`system`: "Linux"),
    as whole names (not `os.sys.executable`, `platform.system(CMD)`). A diagnostic as common as
    `python3 -c 'import sys; print(sys.executable)'` was taken for code that starts programs;
    every other spawn word of the code is still matched (`os.execv(sys.executable, …)`: `execv`)."""
    import re

    return re.sub(r"(?<![\w.])(?:sys\.executable(?![\w(])|platform\.system\(\))", " ", text)


def _tight(text):
    """`text` with its blank runs made one space, and none left around `.` or before `(`."""
    import re

    return re.sub(r" ?([.(]) ?", r"\1", re.sub(r"[ \t\r\n\\]+", " ", text))


def _dynamic_call(program, text):
    """What in interpreter code calls a function it names at run time, or None: two string
    literals joined (`'sys'+'tem'`, `"sys"."tem"`, `"exe".."cute"`: nothing but a hidden name
    needs that), a call of a looked-up value (`m[k](…)`), PHP's `$name(…)`, and each language's
    reflection (_DYNAMIC_CALL_WORDS). Joined literals count only when both look like pieces of
    a name (`"a" . "\\n"` is text)."""
    key = "python" if program.startswith(("python", "pypy")) else program  # (python3.12, pypy3 ...)
    # Python lets blanks stand around `.` and before `(` (`vars (os)`, `sys . modules`): the words
    # are looked for in the code with those blanks taken out too
    probe = _tight(text) if key == "python" else text
    for word in _DYNAMIC_CALL_WORDS.get(key, ()):
        if word in text or word in probe:
            return word
    if "](" in text:
        return "](…)"
    n = len(text)
    for i, c in enumerate(text):
        if c in "'\"":
            j = i + 1
            while j < n and text[j] == " ":
                j += 1
            if text[j:j + 2] == "..":
                j += 2
            elif j < n and text[j] in "+.":
                j += 1
            else:
                continue
            while j < n and text[j] == " ":
                j += 1
            if j < n and text[j] in "'\"" and j > i + 1 and _name_like(text[text.rfind(c, 0, i) + 1:i]) and \
                    _name_like(text[j + 1:text.find(text[j], j + 1)]):
                return text[max(0, i - 8):j + 8].strip()
        elif c == "$" and program == "php":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            while j < n and text[j] == " ":
                j += 1
            if j > i + 1 and j < n and text[j] == "(":
                return text[i:j + 1]
    return None


def calculator_code(program, text, label, src):
    """The Sinks of dc or m4 code: dc runs the rest of a line after `!` (not `!<`, `!=`, `!>`,
    its comparisons) as a shell command; m4's syscmd() and esyscmd() run shell commands (m4's
    quoting is not read: any mention is code the guard cannot read)."""
    if program != "dc":
        if "syscmd" in text:
            return [Sink(label, "code", "m4 runs the shell commands of syscmd() and esyscmd()", _lit(text, src))]
        return []
    found = []
    for line in text.split("\n"):
        at = line.find("!")
        while at >= 0:
            if line[at + 1:at + 2] not in ("<", "=", ">"):
                found.append(Sink(label, "shell", "dc runs the rest of a line after `!` as a shell command",
                                  _lit(line[at + 1:], src)))
                break
            at = line.find("!", at + 2)
    return found


def stdin_code_sinks(program, stdin):
    """dc and m4 reading their code from a pipe or a here-string: the known text is read as
    calculator_code, text known only at run time is code the guard cannot read."""
    if stdin is None or stdin.kind not in ("pipe", "text", "proc"):
        return []
    if stdin.text is None:
        return [Sink(program, "code", "%s runs the code it reads from its input, which the guard cannot read" % program,
                     _lit("(its input)"))]
    return calculator_code(program, stdin.text, program, "(its input)")
_GNUPLOT_RUNNERS = ("!", "`", "system", "<", "|", "load", "call", "pipe")


def _own_language_sinks(program, args):
    if program in _AFTER_DASHES:  # `onchange '*' -- curl h`, `reflex -r x -- curl h`
        k = next((j for j, e in enumerate(args) if not e.dynamic and e.text == "--"), None)
        if k is None:
            return [Sink(program, "code", "this runs a command given among its words whenever files change",
                         _lit(" ".join(e.src for e in args), program))] if program == "reflex" and args else []
        words = args[k + 1:]
        if not words:
            return []
        return [Sink(program, "command", "this runs the command after `--` whenever files change",
                     Exp(" ".join(e.src if e.dynamic else quote(e.text) for e in words),
                         " ".join(e.src for e in words), dynamic=any(e.dynamic for e in words), quoted=True))]
    if program == "rollup":
        return _rollup_plugins(args)
    if program in ("mvn", "mvnw", "mvnd"):
        return _maven_jvm_options(args)
    if program in ("docker", "docker-compose"):
        return _docker_build_pushes(args)
    found = []
    if program in _CALCULATORS:  # `dc -e '!curl h'`, `m4 -D'x=esyscmd(curl h)'`
        for j, e in enumerate(args):
            if e.dynamic and j > 0 and args[j - 1].text in ("-e", "--expression", "-D", "--define"):
                found.append(Sink(program, "code", "%s runs code built at run time" % program, e))
            elif not e.dynamic:
                found += calculator_code(program, e.text, "%s %s" % (program, e.src[:40]), e.src)
        return found
    for e in args:
        t = e.text
        if program in _IMAGEMAGICK:
            cut = 1 if t.startswith("|") else None
        elif program in _GHOSTSCRIPT:
            value = t.split("=", 1)[1] if t.startswith("-s") and "=" in t else t
            cut = value.find("%pipe%")
            cut = len(t) - len(value) + cut + 6 if cut >= 0 else (
                len(t) - len(value) + 1 if value.startswith("|") else None)
        else:  # gnuplot: its -e code
            cut = None
            if not t.startswith("-") and (e.dynamic or any(m in t for m in _GNUPLOT_RUNNERS)) and \
                    args.index(e) > 0 and args[args.index(e) - 1].text == "-e":
                found.append(Sink("gnuplot -e", "code", "gnuplot runs programs from its commands (`!CMD`, "
                                  "`system()`, backquotes, `plot '< CMD'`)", e))
            continue
        if cut is not None:
            found.append(Sink(program + " |", "shell", "this program runs the command a file name starting with "
                              "`|` (Ghostscript: `%pipe%`) names", Exp(t[cut:], e.src, dynamic=e.dynamic, quoted=True)))
    return found


_INCLUDE_WORDS = ("#include", "#import", "#embed", "#include_next", ".incbin", ".include", "include_str!",
                  "include_bytes!", "include!", "@embedFile", "%include", "incbin")


def source_includes(text):
    """A compiler's source read from its input, with the file each include line names added as a
    quoted string (`#include </home/u/.ssh/id_rsa>` too), so the names read as the code's strings."""
    names = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not any(w in stripped for w in _INCLUDE_WORDS):
            continue
        for opener, closer in (("<", ">"), ('"', '"'), ("'", "'")):
            start = stripped.find(opener)
            end = stripped.find(closer, start + 1) if start >= 0 else -1
            if start >= 0 and end > start:
                names.append(stripped[start + 1:end])
    return text + "".join('\n"%s"' % n for n in names)


def _rollup_plugins(args):
    """`rollup -p "{transform(){…}}"`, `-p name=OPTIONS`: rollup evaluates the object literal or the
    options after `=` as JavaScript (`new Function('return ' + text)`, cli/run/commandPlugins.ts);
    code the guard does not analyse (red team 37). A plugin by name or path (`-p node-resolve`,
    `-p ./plugin.js`) is a module: the project's or a package's code, as a config file is."""
    found = []
    for k, e in enumerate(args):
        t = e.text
        if e.dynamic:
            continue
        if t in ("-p", "--plugin") and k + 1 < len(args):
            value = args[k + 1]
        elif t.startswith("--plugin="):
            value = Exp(t[9:], e.src, quoted=True)
        elif t.startswith("-p") and not t.startswith("--") and len(t) > 2:
            value = Exp(t[2:], e.src, quoted=True)
        else:
            continue
        if value.dynamic or any(c in value.text for c in "={}"):
            found.append(Sink("rollup --plugin", "code", "rollup runs the JavaScript of a plugin given inline "
                              "(`{…}`, or the options after `=`)", value))
    return found


# Maven properties whose value is the options of the test JVM surefire or failsafe starts.
_MAVEN_JVM_PROPERTIES = ("argline", "maven.surefire.debug", "maven.failsafe.debug")


def _maven_jvm_options(args):
    """`mvn test -DargLine='-XX:OnError=CMD'` (`maven.surefire.debug`, `maven.failsafe.debug`): the
    test JVM gets these options, so they are judged as java's own (red team 37)."""
    from legant_guard.shell.sinks import find

    found = []
    for k, e in enumerate(args):
        t = e.text
        if e.dynamic or not t.startswith("-D"):
            continue
        setting = t[2:] or (args[k + 1].text if k + 1 < len(args) and not args[k + 1].dynamic else "")
        key, eq, value = setting.partition("=")
        if eq and key.lower() in _MAVEN_JVM_PROPERTIES:
            for sink in find("java", [Exp(word, e.src, quoted=True) for word in value.split()]):
                found.append(Sink(sink.label, sink.payload, "surefire starts the test JVM with `%s`: %s"
                                  % (key, sink.reason), sink.value))
    return found


# Subcommands that build images, as the words before their options (`docker buildx build`, `docker
# compose build`, also after compose's own options).
_DOCKER_BUILDS = (("build",), ("buildx", "build"), ("buildx", "b"), ("image", "build"), ("builder", "build"),
                  ("buildx", "bake"), ("compose", "build"))


_REMOTE_CACHES = ("registry", "gha", "s3", "azblob")


def _docker_build_pushes(args):
    """`docker buildx build --push -t evil.io/x .`, `-o type=registry`, `--output …,push=true`, `docker
    compose build --push`, `--cache-to type=registry,ref=…`: the build pushes the image it made (the project's files copied in) to a
    registry, as `docker push` would; judged as that command (red team 37)."""
    words = [e.text for e in args if not e.dynamic]
    operands = [w for w in words if not w.startswith("-")]
    if not any(tuple(operands[:len(b)]) == b for b in _DOCKER_BUILDS) and \
            not (words[:1] == ["compose"] and "build" in operands) and operands[:1] != ["build"]:
        return []
    pushes = False
    tags = []
    for k, w in enumerate(words):
        name, eq, value = w.partition("=")
        spec = words[k + 1] if w in ("-o", "--output") and k + 1 < len(words) else value if name == "--output" else \
            w[2:] if w.startswith("-o") and not w.startswith("--") else None
        if name == "--push" and value.lower() not in ("false", "0"):
            pushes = True
        elif name == "--cache-to" and (eq or k + 1 < len(words)):
            # red team 42: `--cache-to type=registry,ref=HOST/x` (or a bare ref) pushes the build's layers,
            # the project's files among them; gha, s3 and azblob send them to those services
            fields = {f.partition("=")[0].strip().lower(): f.partition("=")[2].strip().lower()
                      for f in (value if eq else words[k + 1]).split(",")}
            if fields.get("type", "registry") in _REMOTE_CACHES:
                pushes = True
        elif spec is not None:
            fields = {f.partition("=")[0].strip().lower(): f.partition("=")[2].strip().lower() for f in spec.split(",")}
            if fields.get("type") == "registry" or fields.get("push") in ("true", "1"):
                pushes = True
        elif w in ("-t", "--tag") and k + 1 < len(words):
            tags.append(words[k + 1])
        elif name == "--tag" and eq:
            tags.append(value)
    if not pushes:
        return []
    return [Sink("docker build --push", "shell", "the build pushes the image it makes to a registry, as `docker "
                 "push` does", Exp("docker push " + (" ".join(quote(t) for t in tags) or "IMAGE"), "--push", quoted=True))]
