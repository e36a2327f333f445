"""Exec sinks: text that a program runs later is a command.

`git rebase --exec CMD`, `sort --compress-program=P`, `GIT_SSH_COMMAND=...`, `git config
core.pager ...`, `trap CMD EXIT`: the command line names a program only as the value of an
option, an operand, a setting or a variable, and the program that receives it runs it later.
The catalogue of these places is data (rules/exec_sinks.json, read once per process); this
module finds them in one command's words and returns Sinks. The walker (analyze.py) then
analyses each payload as a nested command, or records it as undetermined when the payload
cannot be read (built at run time, or code the guard does not analyse).

This module is the part every command needs: the catalogue, `find` (the sinks of one command)
and the option and assignment sinks most programs have. The per-topic parts load with the
first command that needs them: gitsinks.py (git settings and signing), envsinks.py (variables
that name a program or hold code; npm/go stored settings), interpsinks.py (interpreters' code),
operandsinks.py (commands given as operands: find -exec, runners, ssh HOST CMD). Their names are
also reachable from here (`sinks.environment_sink`), loaded on first use.
"""

from legant_guard.fastload import parts_forwarder
from legant_guard.shell.names import quote
from legant_guard.shell.words import Exp

_CATALOGUE = None
# Commands that set variables in the shell's environment from NAME=VALUE operands.
SETTERS = frozenset(("export", "declare", "typeset", "local", "readonly"))


class Sink:
    """One payload handed to a program to run later.

    label: how the place is shown (`git rebase --exec`, `$GIT_SSH_COMMAND`);
    payload: "shell" (shell code or a command line), "program" (one program path), "git"
    (arguments of git), "goflags"/"makeflags" (flags of go or make), "interpreter" (inline code
    of another language) or "code" (cannot be analysed);
    reason: why this runs a program (from the catalogue); value: the payload as an Exp."""

    __slots__ = ("label", "payload", "reason", "value")

    def __init__(self, label, payload, reason, value):
        self.label = label
        self.payload = payload
        self.reason = reason
        self.value = value

    def __repr__(self):
        return "Sink(%r, %r, %r)" % (self.label, self.payload, self.value.text)


def catalogue():
    """rules/exec_sinks.json, indexed by program name."""
    global _CATALOGUE
    if _CATALOGUE is None:
        from legant_guard import rulesfiles

        data = rulesfiles.load("exec_sinks.json")
        by_program = {}
        for section in ("options", "operands", "assignments"):
            for entry in data[section]:
                for program in [entry["program"]] + entry.get("same_for", []):
                    by_program.setdefault(program, []).append((section, entry))
        data["by_program"] = by_program
        env = data["environment"]
        env["names_set"] = frozenset(env["names"])
        env["code_set"] = frozenset(env["code_names"])
        _CATALOGUE = data
    return _CATALOGUE


def program_has_sinks(name):
    cat = catalogue()
    return name in cat["by_program"] or name in SETTERS or name in cat["interpreters"]["programs"] \
        or name in cat["interpreters"]["awk"] or name in _SETTING_PROGRAMS or name in _OWN_LANGUAGE_RUNNERS \
        or name == "configure"


# Programs that store settings naming a program their later runs start: `go env -w GOFLAGS=...`
# (read as the environment variable), `npm config set script-shell PROG` (and npm's other keys
# of programs or code, also given as `--KEY=VALUE`, pnpm's `--config.KEY=VALUE`).
_SETTING_PROGRAMS = frozenset(("go", "npm", "pnpm", "yarn"))
_NPM_PROGRAM_KEYS = ("script-shell", "shell", "git", "editor", "browser", "viewer")
_NPM_CODE_KEYS = ("node-options", "onload-script", "init-module")


def _lit(text, src=None):
    return Exp(text, src or text, quoted=True)


# ---- options --------------------------------------------------------------------------------
def _option_value(args, k, option, entry, arg_letters):
    """If args[k] is `option` (any spelling), (its value Exp or None, index after it); else None."""
    e = args[k]
    t = e.text
    optional = entry.get("optional_value")
    if len(option) > 2:  # a long option (--to-command) or a single-dash word option (-exec, -TT)
        name, eq, val = t.partition("=")
        exact = name == option
        abbrev = (entry.get("abbrev") and option.startswith("--") and name.startswith("--") and len(name) >= 4
                  and option.startswith(name))
        if not (exact or abbrev):
            if entry.get("glued") and t.startswith(option) and len(t) > len(option):
                return Exp(t[len(option):], e.src, dynamic=e.dynamic, quoted=True), k + 1  # (`zip -TTcmd`)
            return None
        if eq:
            return Exp(val, e.src, dynamic=e.dynamic, quoted=True), k + 1
        if optional or entry.get("value_required") == "=":
            return None
        return (args[k + 1] if k + 1 < len(args) else None), k + 2
    if t.startswith("--") or len(t) < 2 or (entry.get("separate_value") and t != option):
        return None
    if entry.get("no_bundling"):  # `cc -B DIR`, `cc -BDIR`; never a letter of another option
        if not t.startswith(option):
            return None
        if len(t) > 2:
            return Exp(t[2:], e.src, dynamic=e.dynamic, quoted=True), k + 1
        return (args[k + 1] if k + 1 < len(args) else None), k + 2
    letter = option[1]
    for j in range(1, len(t)):
        c = t[j]
        if c == letter:
            if j + 1 < len(t):
                return Exp(t[j + 1:], e.src, dynamic=e.dynamic, quoted=True), k + 1
            if optional:
                return None
            return (args[k + 1] if k + 1 < len(args) else None), k + 2
        if c in arg_letters:
            return None  # the rest of the word is another option's value
    return None


def _arg_letters(program):
    from legant_guard.shell import knowledge as K

    spec = K.SPECS.get(program)
    letters = ""
    if spec is not None:
        letters = "".join(o[1] for o in spec.arg | spec.file if len(o) == 2)
    if program == "git":
        letters += "".join(o[1] for o in K.GIT_ARG | K.GIT_FILE if len(o) == 2)
    return letters


def _dashed(args):
    """The positions of the words that may be options (known, starting with `-`)."""
    return [k for k, e in enumerate(args) if not e.dynamic and e.text[:1] == "-"]


def _exact_options(entry):
    """The entry's options as a set when each is a long option matched only as spelled (no
    abbreviation): a word is one of them only if its name is in the set. None otherwise."""
    exact = entry.get("_exact")
    if exact is None:
        options = entry["options"]
        exact = entry["_exact"] = frozenset(options) if not entry.get("abbrev") and \
            all(len(o) > 2 for o in options) else False
    return exact


def _option_sinks(program, args, entry, arg_letters, label_prefix, dashed=None):
    """`dashed`: _dashed(args), when the caller has it (one program's entries share it). Only
    those words can be options (or the `--` that ends them); a word an option took as its value
    is skipped."""
    found = []
    prefixes = entry.get("value_prefix")
    if isinstance(prefixes, str):
        prefixes = [prefixes]
    exact = _exact_options(entry)
    dashed = dashed if dashed is not None else _dashed(args)
    if entry.get("before_operands"):  # (npx: its options end at its first operand)
        from legant_guard.shell.packagerunners import first_operand

        end = first_operand(program, args)
        dashed = [k for k in dashed if k < end]
    taken = 0  # the words before this one are read (an option and its value)
    for k in dashed:
        if k < taken:
            continue
        e = args[k]
        if e.text == "--":
            break
        nxt = k + 1
        if not exact or e.text.partition("=")[0] in exact:
            for option in entry["options"]:
                got = _option_value(args, k, option, entry, arg_letters)
                if got is None:
                    continue
                value, nxt = got
                if value is None:
                    value = Exp("", "(missing value)", dynamic=True)
                if not value.dynamic and (value.text in entry.get("harmless_values", ()) or
                                          value.text.startswith(tuple(entry.get("harmless_prefixes", ())))):
                    break
                if entry.get("comma_separated"):  # `gcc -wrapper gdb,--args`: the words of a command
                    value = Exp(value.text.replace(",", " "), value.src, dynamic=value.dynamic, quoted=True)
                if prefixes:
                    low = value.text.lower()
                    hit = [p for p in prefixes if low.startswith(p)]
                    if not hit and not value.dynamic:
                        break
                    if hit:
                        value = Exp(value.text[len(hit[0]):].lstrip(entry.get("strip_leading", "")), value.src,
                                    dynamic=value.dynamic, quoted=True)
                if entry.get("value_before"):
                    value = Exp(entry["value_before"] + value.text, value.src, dynamic=value.dynamic, quoted=True)
                found.append(Sink("%s %s" % (label_prefix, option), entry["payload"], entry["reason"], value))
                break
        taken = max(nxt, k + 1)
    return found


# ---- git ------------------------------------------------------------------------------------
def git_split(args):
    """(index of git's subcommand in args or len(args)): git's own options come first."""
    from legant_guard.shell import knowledge as K

    k = 0
    while k < len(args):
        t = args[k].text
        if args[k].dynamic or not t.startswith("-"):
            return k
        opt, eq, _ = t.partition("=")
        k += 2 if (opt in K.GIT_GLOBAL_ARG or opt in K.GIT_GLOBAL_FILE) and not eq else 1
    return k


def _joined(words, payload):
    """Several words as one payload: shell code joined by spaces, a command quoted word by word."""
    if payload == "command":
        text = " ".join(quote(e.text) for e in words)
    else:
        text = " ".join(e.text for e in words)
    return Exp(text, " ".join(e.src for e in words), dynamic=any(e.dynamic for e in words), quoted=True)


# ---- operands and assignments ---------------------------------------------------------------
# The places in one command's words analysed as a command that may start there (a loose runner's
# words, analyze.Walker.runner_words; a `position: words` sink): past this many, only those naming
# a program whose arguments a rule reads (argument_sensitive), so a long line costs linear time.
RUNNER_PLACES = 48
# Programs whose arguments a rule reads, besides shells, wrappers, runners, deleters and the
# tripwires' own programs (a command named among many words: see RUNNER_PLACES).
_ARGUMENT_SENSITIVE = frozenset(("dd", "kill", "pkill", "killall", "killall5", "git", "chmod", "chown", "chgrp",
                                 "setfacl", "cp", "tee", "truncate", "eval", "source", ".", "xargs", "find",
                                 "install", "ln", "rsync", "tar"))


def argument_sensitive(name):
    """Does a rule read the arguments of program `name` (a tripwire, a nested shell or wrapper, a
    deleter)? The places a command may start past RUNNER_PLACES are kept only for these."""
    from legant_guard.shell import knowledge as K

    if name in _ARGUMENT_SENSITIVE or name in K.SHELLS or name in K.WRAPPER_PROGRAMS or name in K.LOOSE_RUNNERS \
            or name in K.DELETERS or name in K.INTERPRETERS or name.startswith("python"):
        return True
    from legant_guard.shell import tripwires

    return tripwires.names_a_program(name)


def make_assignment(text):
    """(name, operator, value) of a variable definition on make's command line, or None. make
    reads every assignment operator there (`SHELL=x`, `SHELL:=x`, `SHELL::=x`, `SHELL:::=x`,
    `SHELL+=x`, `SHELL?=x`, `X!=cmd`), with blanks around it (`'SHELL := x'`)."""
    i = text.find("=")
    if i <= 0:
        return None
    j = i
    while j > 0 and text[j - 1] == ":":
        j -= 1
    if j == i and text[i - 1] in "+?!":
        j = i - 1
    words = text[:j].split()
    if not words:
        return None
    return words[-1], text[j:i + 1], text[i + 1:].lstrip()


# make functions that run code when a variable's value is expanded: `$(shell CMD)` runs CMD
# (`make 'X:=$(shell curl h)'` at once, `make 'CFLAGS=$(shell curl h)'` where the makefile uses it),
# the others evaluate make code, write files or run Guile.
_MAKE_CODE_FUNCTIONS = ("eval", "file", "guile", "call", "value")


def make_function_sinks(label, value):
    """The Sinks of the make functions in a variable's value (shell/sinks.py's make_assignments,
    or the environment make imports its variables from)."""
    text = value.text
    if value.dynamic or "$" not in text:
        return []
    found = []
    k = 0
    while True:
        k = text.find("$", k)
        if k < 0 or k + 1 >= len(text):
            return found
        opener = text[k + 1]
        if opener not in "({":
            k += 1 + (opener == "$")  # (`$$` is a dollar: `$$(shell x)` is text for the recipe's shell)
            continue
        closer = ")" if opener == "(" else "}"
        name = text[k + 2:].split(None, 1)[0].split(closer, 1)[0].split(",", 1)[0] if text[k + 2:].strip() else ""
        depth, j = 0, k + 1
        while j < len(text):  # the matching bracket (nested references and calls inside)
            if text[j] == opener:
                depth += 1
            elif text[j] == closer:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if name == "shell":
            found.append(Sink(label + "$(shell …)", "shell", "make runs the command of `$(shell ...)` when it expands "
                              "the value", _lit(text[k + 2 + len(name):j].strip(), value.src)))
        elif name in _MAKE_CODE_FUNCTIONS:
            found.append(Sink(label + "$(%s …)" % name, "code", "make evaluates `$(%s ...)` when it expands the value, "
                              "which can run any program or write any file" % name, value))
        k += 2


def make_assignments(args):
    """The variable definitions among make's arguments as (name, operator, value Exp)."""
    out = []
    for e in args:
        found = make_assignment(e.text) if not e.text.startswith("-") else None
        if found is not None:
            name, op, value = found
            out.append((name, op, Exp(value, e.src, dynamic=e.dynamic, quoted=True)))
    return out


def _assignment_sinks(program, args, entry):
    found = []
    for name, _, value_exp in make_assignments(args):
        e = value_exp
        value = e.text
        if name in entry["names"]:
            if not e.dynamic and entry.get("shell_flags") and _only_shell_options(value):
                continue  # `make .SHELLFLAGS=-ec`
            if not e.dynamic and "value_prefix" in entry and \
                    not any(w.startswith(tuple(entry["value_prefix"])) for w in value.split()):
                continue  # `make MAKEFILES=common.mk`
            found.append(Sink("%s %s=" % (program, name), entry["payload"], entry["reason"], e))
    return found


def _only_shell_options(value):
    """Shell options only (`-ec`, `-eu -o pipefail -c`): no word a shell would run as code."""
    words = value.split()
    return all(w.startswith(("-", "+")) or (k and words[k - 1] in ("-o", "+o")) for k, w in enumerate(words))


def assignment_words(words):
    """The NAME=VALUE words among `words` (export a=1, env A=1 ...) as (name, value Exp)."""
    out = []
    for e in words:
        name, eq, value = e.text.partition("=")
        if eq and name and (name.replace("_", "a").isalnum() and not name[0].isdigit() or name.startswith("BASH_FUNC_")):
            out.append((name, Exp(value, e.src, dynamic=e.dynamic, quoted=True)))
    return out


def option_values(words):
    """A wrapper's words with the values of its options as words of their own: the NAME=VALUE a
    wrapper puts in the command's environment may be an option's value (`systemd-run
    --setenv=LD_PRELOAD=x`, `-ELD_PRELOAD=x`, `firejail --env=N=V`, a unit's `-p
    Environment=N=V N2=V2`)."""
    out = []
    for e in words:
        out.append(e)
        t = e.text
        if e.dynamic or "=" not in t:
            continue
        value = t.partition("=")[2] if t.startswith("--") else t[2:] if t.startswith("-") else t
        if value[:12].lower() == "environment=":
            out += [Exp(v, e.src, quoted=True) for v in value[12:].split()]
        elif "=" in value:
            out.append(Exp(value, e.src, quoted=True))
    return out


def is_interpreter(name):
    cat = catalogue()["interpreters"]
    return name in cat["programs"] or name in cat["awk"]


# ---- entry point ----------------------------------------------------------------------------
# Programs whose own arguments can start a program in a syntax of their own (shell/sinks.py
# _own_language_sinks): ImageMagick's `|CMD` file names, Ghostscript's `%pipe%CMD` outputs,
# gnuplot's `!CMD`, `system()`, backquotes and `< CMD` data files, and file watchers that run
# the command after `--`.
_IMAGEMAGICK = frozenset(("convert", "magick", "mogrify", "montage", "composite", "identify", "display", "gm",
                          "animate", "import", "stream", "compare", "conjure"))
_GHOSTSCRIPT = frozenset(("gs", "gsc", "gsx", "gswin32c", "gswin64c", "ps2pdf", "ps2ps", "pdf2ps"))
_AFTER_DASHES = frozenset(("onchange", "reflex"))
_CALCULATORS = frozenset(("dc", "m4", "gm4"))  # dc's `!CMD`, m4's syscmd()/esyscmd()
_OWN_LANGUAGE_RUNNERS = _IMAGEMAGICK | _GHOSTSCRIPT | _AFTER_DASHES | _CALCULATORS | frozenset(("gnuplot", "rollup", "mvn", "mvnw", "mvnd",
                                                                                  "docker", "docker-compose"))


def find(program, args):
    """The Sinks in one command: `program` after unwrapping, `args` its words (Exp) after it."""
    cat = catalogue()
    found = []
    if program in SETTERS:
        from legant_guard.shell.envsinks import environment_sinks

        return environment_sinks(assignment_words(args))
    if program in _SETTING_PROGRAMS:
        from legant_guard.shell.envsinks import _stored_settings

        found += _stored_settings(program, args)
    if program in ("make", "gmake"):  # `make MAKEFLAGS=--eval=CODE`: read like the variable
        for name, op, value in make_assignments(args):
            if op != "!=" and (name in cat["environment"]["makeflags"] or name in cat["environment"]["ccflags"]):
                from legant_guard.shell.envsinks import environment_sink

                sink = environment_sink(name, value)
                if sink is not None:
                    found.append(sink)
            found += make_function_sinks("%s %s%s" % (program, name, op), value)
    if program == "configure":  # `./configure CC=PROG CONFIG_SHELL=PROG`: its NAME=VALUE operands are its environment
        from legant_guard.shell.envsinks import environment_sinks

        found += environment_sinks(assignment_words(args))
    if program in _OWN_LANGUAGE_RUNNERS:
        from legant_guard.shell.interpsinks import _own_language_sinks

        found += _own_language_sinks(program, args)
    entries = cat["by_program"].get(program)
    if entries is None:
        return found
    if program == "git":
        from legant_guard.shell.gitsinks import _git

        return _git(args)
    if program == "cargo":  # `cargo rustc -- -C linker=PROG`: the words after `--` are rustc's
        k = next((j for j, e in enumerate(args) if not e.dynamic and e.text == "--"), None)
        if k is not None and any(not e.dynamic and e.text in ("rustc", "rustdoc") for e in args[:k]):
            found += find("rustc", args[k + 1:])
    if program == "rails":  # (`rails db:migrate -e CODE`: rake's options)
        from legant_guard.shell.railstasks import rake_words

        args = rake_words(args)
    if program == "tar" and args and not args[0].dynamic and args[0].text[:1].isalpha():
        args = _tar_old_style(args)
    letters = dashed = None
    for section, entry in entries:
        if section == "options":
            if letters is None:
                letters, dashed = _arg_letters(program), _dashed(args)
            if entry.get("go_linker_flags"):
                from legant_guard.shell.envsinks import go_linker_sinks

                for sink in _option_sinks(program, args, entry, letters, program, dashed):
                    found += go_linker_sinks(sink)
                continue
            found += _option_sinks(program, args, entry, letters, program, dashed)
        elif section == "operands":
            from legant_guard.shell.operandsinks import _operand_sinks

            found += _operand_sinks(program, args, entry)
        else:
            found += _assignment_sinks(program, args, entry)
    return found


_TAR_ARG_LETTERS = "bHIfCTXgFKNLV"


def _tar_old_style(args):
    """`tar cIf PROG a.tar`: each letter that takes a value takes the next word, in order."""
    first = args[0]
    out = []
    k = 1
    for c in first.text:
        if c in _TAR_ARG_LETTERS and k < len(args):
            out += [_lit("-" + c, first.src), args[k]]
            k += 1
        else:
            out.append(_lit("-" + c, first.src))
    return out + list(args[k:])


# Where the per-topic parts went: loaded when first needed (see the module docstring).
_PARTS = {
    "envsinks": ("compiler_flags_sink", "editor_sink", "environment_sink", "environment_sinks", "go_linker_sinks",
                 "_go_quoted_split", "_HARMLESS_EDITORS", "_harmless_node_options", "_make_file_prefixes",
                 "_npm_environment", "npm_key", "_one_name", "_REF_NAME_COMMANDS", "_ref_name_substitutions",
                 "_stored_settings"),
    "gitsinks": ("_CONFIG_ARG_OPTIONS", "_CONFIG_READS", "_CONFIG_SUBS", "_git", "_git_c_settings",
                 "_git_config", "git_config_sink", "_git_signing", "_SIGNING_SETTINGS", "_SIGNING_SUBS",
                 "_tag_signs", "_TRUE"),
    "interpsinks": ("_awk_output_built", "_awk_pipes", "_awk_program", "_awk_string_end", "calculator_code",
                    "_CODE_LETTERS", "_CODE_LONG", "_dynamic_call", "_DYNAMIC_CALL_WORDS", "_FD_FILES",
                    "_GNUPLOT_RUNNERS", "interpreter_code", "interpreter_sink", "_loaded_modules",
                    "_MODULE_OPTIONS", "_name_like", "_OPTIONAL_VALUES", "_own_language_sinks",
                    "_powershell_code", "_SHELL_LANGUAGES", "_SHELL_NETWORK_WORDS", "stdin_code_sinks",
                    "_STDIN_FDS", "_stdin_program"),
    "operandsinks": ("_client_command", "_only_safe_subcommands", "_operand_sinks", "_starting_there"),
}
__getattr__ = parts_forwarder(__name__, _PARTS)
