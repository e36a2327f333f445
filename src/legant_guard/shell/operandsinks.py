"""Exec sinks in a program's operands (shell/sinks.py's per-topic part, loaded for the programs
rules/exec_sinks.json lists in its "operands" section): `find -exec`, `xargs`-like runners,
`ssh HOST CMD`, watchers and task runners whose operands are a command line.
"""

from legant_guard.shell.names import quote
from legant_guard.shell.words import Exp
from legant_guard.shell.sinks import RUNNER_PLACES, Sink, _joined, _lit, argument_sensitive


def _operand_sinks(program, args, entry):
    position = entry["position"]
    operands = [e for e in args if e.dynamic or not e.text.startswith("-") or e.text == "-"]
    flags = [e.text for e in args if not e.dynamic and e.text.startswith("-")]
    label = program
    if position == "first":
        real = [e for e in args if not (not e.dynamic and e.text in ("--", "-l", "-p", "-P"))]
        if any(f in ("-l", "-p", "-P") for f in flags) or not real:
            return []
        first = real[0]
        if not first.dynamic and (first.text in ("", "-") or first.text.isdigit()):
            return []
        return [Sink(label, entry["payload"], entry["reason"], first)]
    if position == "second":
        rest = [e for e in operands if e.text != "-"]
        rest = [e for e in rest[1:] if e.text != "-c"] if rest else []
        return [Sink(label, entry["payload"], entry["reason"], _joined(rest, "shell"))] if rest else []
    if position in ("stdin", "any"):
        if any(f in ("-l", "-r", "-d", "-c", "-q", "-V", "--list", "--help", "--version") for f in flags):
            return []
        return [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
    if position == "words":  # `docker exec c curl h`, `ansible all -m shell -a 'curl h'`
        subs = entry.get("subcommands")
        if entry.get("after"):  # `tox [-c F] exec -e py -- CMD`: the command is what follows the marker
            return _after_marker(label, entry, args, operands)
        if subs and not (operands and not operands[0].dynamic and operands[0].text in subs):
            return []
        then = entry.get("then")
        if then:  # `docker compose [-f x.yml] exec SERVICE CMD`: the words after the second subcommand
            k = next((j for j, e in enumerate(args) if not e.dynamic and e.text in then and e is not operands[0]), None)
            if k is None:
                return []
            args = args[k:]
        if entry.get("value_options"):  # the runner's options known: its command starts at the first other word
            return _first_word_command(label, entry, args[1:])
        words = []  # (the word, where it stands in args)
        for j, e in enumerate(args):
            if e.dynamic:
                continue
            if e.text.startswith("--") and "=" in e.text:  # `flatpak run --command=curl`
                words.append((_lit(e.text.split("=", 1)[1], e.src), None))
            elif not e.text.startswith("-"):
                words.append((e, j))
        words = words[1:] if subs else words
        return [_starting_there(label, entry, e, args, j, n) for n, (e, j) in enumerate(words)
                if e.text.strip().rstrip("/").rsplit("/", 1)[-1] not in ("", ".", "..")]
    if position == "each":  # `pee CMD1 CMD2`, `concurrently CMD1 CMD2`: every operand is one command
        words = operands
        if entry.get("after"):
            k = next((j for j, e in enumerate(words) if not e.dynamic and e.text == entry["after"]), None)
            words = [] if k is None else words[k + 1:]
        return [Sink(label, entry["payload"], entry["reason"], e) for e in words]
    if position == "dot-commands":  # sqlite3's `.shell CMD`: in any operand or -cmd value, one per line
        found = []
        for e in args:
            if e.dynamic:
                return [Sink(label, "code", entry["reason"], e)]
            text = e.text
            for opt in entry["options"]:  # `--execute=CMD`, `-eCMD`
                if text.startswith(opt + "=") and opt.startswith("--") or len(opt) == 2 and text.startswith(opt):
                    text = text[len(opt) + (opt.startswith("--")):]
            for line in text.split("\n"):
                sink = _client_command(label, line.strip(), entry, e.src)
                if sink is not None:
                    found.append(sink)
        return found
    if position == "subcommand":
        subs = entry["subcommands"]
        if "safe_subcommands" in entry:
            return [] if _only_safe_subcommands(args, entry) else \
                [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
        if any(not e.dynamic and e.text in subs for e in args) or any(e.dynamic for e in args):
            return [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
        return []
    if position == "always":  # (`gp -q <<< 'system("curl h")'`: code from its input, files and options)
        if any(f in ("--version", "--help", "-h", "-v", "--usage") for f in flags):
            return []
        safe = entry.get("safe_letters")  # (`fc -l` only lists the history)
        if safe and any(c in safe for f in flags if not f.startswith("--") for c in f[1:]):
            return []
        return [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
    if position == "option":
        if any(f in entry["options"] for f in flags) and (operands or entry.get("any_input")):
            return [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
        if entry.get("plus_commands") and any(_plus_command(e) for e in operands):
            # `vim +'!curl h' +q`: an Ex command as `-c` gives one (not `+12`, a line, nor `+/x`, a search)
            return [Sink(label, "code", entry["reason"], _lit(" ".join(e.src for e in args), program))]
    return []


def _first_word_command(label, entry, args):
    """`meson devenv -C build ninja test`: past the runner's options (and the values of
    `value_options`), the first word is the program and the rest its arguments (argparse's
    REMAINDER)."""
    options = entry["value_options"]
    j = 0
    while j < len(args):
        e = args[j]
        if e.dynamic:
            return [Sink(label, entry["payload"], entry["reason"], e)]
        if not e.text.startswith("-"):
            return [_starting_there(label, entry, e, args, j, 0)]
        j += 2 if e.text in options else 1
    return []


def _after_marker(label, entry, args, operands):
    """A `position: words` entry with `after`: the subcommand anywhere among the operands before the
    marker (`tox -c tox.ini exec -e py -- CMD`), and the command the words after the marker. Without
    the marker every word after the subcommand may be the program (fail closed)."""
    marker = entry["after"]
    k = next((j for j, e in enumerate(args) if not e.dynamic and e.text == marker), len(args))
    before = [e for e in operands if any(e is x for x in args[:k])]
    if entry.get("subcommands") and not any(e.dynamic or e.text in entry["subcommands"] for e in before):
        return []
    if k < len(args):
        places = [(0, args[k + 1])] if k + 1 < len(args) else []
        rest = args[k + 1:]
    else:
        first = next(j for j, e in enumerate(args) if e.dynamic or e.text in entry["subcommands"])
        rest = args[first + 1:]
        places = [(j, e) for j, e in enumerate(rest) if e.dynamic or not e.text.startswith("-")]
    return [Sink(label, entry["payload"], entry["reason"], e) if e.dynamic else
            _starting_there(label, entry, e, rest, j, n) for n, (j, e) in enumerate(places)]


def _plus_command(e):
    """Does vim's `+CMD` operand run code (a shell command, a script, a function): `+'!curl h'`,
    `+'%!sh'`, `+'r !cmd'`, `+'call system(…)'`, `+py3 …`? A line (`+12`), a search (`+/x`) and the
    Ex commands that read, print or quit (`+'r .env'`, `+%p`, `+q!`: their files are judged as
    reads) run none."""
    if e.dynamic:
        return e.src.startswith("+")
    if not e.text.startswith("+") or len(e.text) < 2 or e.text[1:].isdigit() or e.text.startswith(("+/", "+?")):
        return False
    return any(_ex_runs_code(part) for part in e.text[1:].split("|"))


_EX_CODE_WORDS = ("system", "libcall", "job_start", "jobstart", "termopen", "exe", "py", "lua", "perl", "ruby", "tcl",
                  "mz", "term", "so", "ru", "call", "eval", "norm", "let", "au", "com", "fu", "def", "redir", "sil",
                  "windo", "bufdo", "argdo", "tabdo", "cdo", "ld", "vim9", "echo", "exec", "sh",
                  # the programs 'makeprg', 'grepprg', 'diffexpr', 'printexpr' name
                  "mak", "lmak", "gr", "lgr", "dif", "ha")


def _ex_runs_code(cmd):
    low = cmd.strip().lstrip(":").lower()
    rest = low.lstrip("0123456789%.$,'<>;+- \t")
    if rest.startswith("!"):
        return True  # `!CMD`, `%!CMD`: a shell command (a filter)
    word = ""
    for c in rest:
        if not c.isalpha():
            break
        word += c
    after = rest[len(word):].lstrip()
    if word in ("r", "re", "rea", "read") and after.startswith("!"):
        return True  # `r !CMD`, `r!CMD`: its output read in
    if word in ("w", "wr", "wri", "writ", "write") and rest[len(word):len(word) + 1].isspace() and after.startswith("!"):
        return True  # `w !CMD`: the buffer written to a command
    return any(w in low for w in ("system(", "systemlist(")) or word.startswith(_EX_CODE_WORDS)


def _starting_there(label, entry, e, args, j, n):
    """The Sink of a command that may start at word `e` (args[j], the n-th such word) of a
    `position: words` entry: the words from there on (`docker run img rm -rf /` runs `rm -rf /`,
    which the tripwires judge with its arguments), a word holding a whole command line as shell
    code, or the word alone (an option's value, or past RUNNER_PLACES a program no rule reads
    the arguments of)."""
    text = e.text
    if " " in text.strip():
        return Sink(label, "shell", entry["reason"], e)
    if j is None or (n >= RUNNER_PLACES and not argument_sensitive(text.rsplit("/", 1)[-1])):
        return Sink(label, entry["payload"], entry["reason"], e)
    rest = []
    for x in args[j:]:
        if x.dynamic:
            break  # (not known from here on)
        rest.append(quote(x.text))
    return Sink(label, "shell", entry["reason"], Exp(" ".join(rest), e.src, quoted=True))


def _only_safe_subcommands(args, entry):
    """tmux: is every command of this line one that runs, types and formats nothing? A line with
    no command at all starts a session (judged as interactive elsewhere). Fail closed: another
    command after `;`, a `#(...)` format (`tmux display -p '#(curl h)'`, `ls -F`), `-c CMD` or a
    config file (`-f`), and any word known only at run time make the line code."""
    k = 0
    while k < len(args):
        e = args[k]
        if e.dynamic:
            return False
        t = e.text
        if not t.startswith("-") or t == "-":
            break
        if t == "--":
            k += 1
            break
        if any(t.startswith(o) for o in entry["global_code_options"]):
            return False
        k += 2 if t in entry["global_arg_options"] else 1
    if k >= len(args):
        return True
    return args[k].text in entry["safe_subcommands"] and \
        not any(e.dynamic or ";" in e.text or "#(" in e.text for e in args[k:])


def _client_command(label, line, entry, src):
    """The Sink of one line a database client runs as its own command (`.shell CMD`, `\\! CMD`,
    `.once |CMD`), or None."""
    word, _, rest = line.partition(" ")
    low = word.lower()
    shortest = entry.get("abbrev_min", 0)
    for name in entry["commands"]:
        if low == name or (shortest and len(low) > shortest and name.startswith(low)):
            return Sink(label, entry["payload"], entry["reason"], _lit(rest.strip(), src))
        if name.startswith("\\") and low.startswith(name) and len(low) > len(name):  # `\\!curl h`
            return Sink(label, entry["payload"], entry["reason"], _lit((word[len(name):] + " " + rest).strip(), src))
    code = any(low == name or (shortest and len(low) > shortest and name.startswith(low))
               for name in entry.get("code_commands", ()))
    text = line.lower()
    if code or any(w in text for w in entry.get("code_words", ())) or \
            (entry.get("pipe_is_code") and word[:1] in ".\\" and "|" in line):
        return Sink(label, "code", entry["reason"], _lit(line, src))
    return None
