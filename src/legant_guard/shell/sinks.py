"""Exec sinks: text that a program runs later is a command.

`git rebase --exec CMD`, `sort --compress-program=P`, `GIT_SSH_COMMAND=...`, `git config
core.pager ...`, `trap CMD EXIT`: the command line names a program only as the value of an
option, an operand, a setting or a variable, and the program that receives it runs it later.
The catalogue of these places is data (rules/exec_sinks.json, read once per process); this
module finds them in one command's words and returns Sinks. The walker (analyze.py) then
analyses each payload as a nested command, or records it as undetermined when the payload
cannot be read (built at run time, or code the guard does not analyse).
"""

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
        or name in cat["interpreters"]["awk"] or name in _SETTING_PROGRAMS or name in _OWN_LANGUAGE_RUNNERS


# Programs that store settings naming a program their later runs start: `go env -w GOFLAGS=...`
# (read as the environment variable), `npm config set script-shell PROG` (and npm's other keys
# of programs or code, also given as `--KEY=VALUE`, pnpm's `--config.KEY=VALUE`).
_SETTING_PROGRAMS = frozenset(("go", "npm", "pnpm", "yarn"))
_NPM_PROGRAM_KEYS = ("script-shell", "shell", "git", "editor", "browser", "viewer")
_NPM_CODE_KEYS = ("node-options", "onload-script", "init-module")


def _stored_settings(program, args):
    words = [e for e in args if not e.dynamic]
    texts = [e.text for e in words]
    found = []
    if program == "go":
        if texts[:1] == ["env"] and any(t == "-w" or t.startswith("-w=") for t in texts):
            for e in args[1:]:
                name, eq, value = e.text[3:].partition("=") if e.text.startswith("-w=") else e.text.partition("=")
                if eq and name and not name.startswith("-"):
                    sink = environment_sink(name, Exp(value, e.src, dynamic=e.dynamic, quoted=True))
                    if sink is not None:
                        found.append(Sink("go env -w " + name, sink.payload, sink.reason, sink.value))
        return found
    pairs = []
    for k, e in enumerate(args):  # `--script-shell=PROG`, `--git PROG`, `--config.shell=PROG`
        t = e.text
        if t.startswith("--"):
            key, eq, value = t[2:].partition("=")
            key = key[7:] if key.startswith("config.") else key
            if key in _NPM_PROGRAM_KEYS + _NPM_CODE_KEYS:
                if eq:
                    pairs.append((key, Exp(value, e.src, dynamic=e.dynamic, quoted=True)))
                elif k + 1 < len(args):
                    pairs.append((key, args[k + 1]))
    places = [k for k, e in enumerate(args) if e.dynamic or not e.text.startswith("-")]
    ops = [args[k].text for k in places[:2]]
    at = 2 if ops in (["config", "set"], ["c", "set"]) else 1 if ops[:1] == ["set"] else None
    if at is not None and len(places) > at:
        e = args[places[at]]
        key, eq, value = e.text.partition("=")
        if eq:
            pairs.append((key, Exp(value, e.src, dynamic=e.dynamic, quoted=True)))
        elif places[at] + 1 < len(args):  # (the value may start with a dash: `--require x`)
            pairs.append((key, args[places[at] + 1]))
        elif e.dynamic:
            pairs.append(("node-options", e))
    for key, value in pairs:
        label = "%s config %s" % (program, key)
        key = key.lower().replace("_", "-")
        if key in _NPM_PROGRAM_KEYS and (value.dynamic or value.text.strip()):
            found.append(Sink(label, "shell", "%s runs the program this setting names (a package's scripts "
                              "through `script-shell`)" % program, value))
        elif key in _NPM_CODE_KEYS and (value.dynamic or value.text.strip()):
            found.append(Sink(label, "code", "%s loads code this setting names" % program, value))
    return found


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
    taken = 0  # the words before this one are read (an option and its value)
    for k in (dashed if dashed is not None else _dashed(args)):
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


def git_config_sink(key, value, label):
    """The Sink a git setting KEY=VALUE makes, or None when git does not run it."""
    gc = catalogue()["git_config"]
    low = key.lower()
    if low.startswith(gc["alias_prefix"]):
        if value.text.lstrip().startswith("!") and not value.dynamic:
            return Sink(label, "shell", "a git alias starting with `!` runs this shell code",
                        Exp(value.text.lstrip()[1:], value.src, quoted=True))
        if value.dynamic:
            return Sink(label, "shell", "a git alias can run shell code", value)
        return Sink(label, "git", "a git alias runs these git arguments", value)
    if low.startswith("url.") and low.endswith((".insteadof", ".pushinsteadof")):
        # `url.ext::CMD.insteadOf=https://h/`: a URL starting so becomes `ext::CMD`, which git's
        # ext:: transport runs (where ext is allowed: GIT_ALLOW_PROTOCOL=ext, protocol.ext.allow)
        base = key[4:key.rfind(".")]
        if base.startswith("ext::"):
            return Sink(label, "shell", "a URL this setting rewrites becomes `%s`: git's ext:: transport runs it" % base,
                        Exp(base[5:].replace("% ", " "), value.src, quoted=True))
        return None
    if (low.endswith((".url", ".pushurl")) or low == "remote.pushdefault") and value.text.lstrip().startswith("ext::"):
        # `git -c remote.origin.url=ext::CMD fetch`: the remote is a command git's ext:: transport runs
        return Sink(label, "shell", "git's ext:: transport runs the command this URL names",
                    Exp(value.text.lstrip()[5:].replace("% ", " "), value.src, dynamic=value.dynamic, quoted=True))
    if low in gc["code_keys"] or any(low.startswith(p) for p in gc["code_prefixes"]):
        if value.text in catalogue()["environment"]["harmless_values"] and not value.dynamic:
            return None
        return Sink(label, "code", "git runs code (hooks, templates, included settings) from what this setting names", value)
    if low in gc["keys"] or any(low.startswith(p) for p in gc["prefixes"]) or \
            any(low.endswith(s) for s in gc["suffixes"]) or \
            (low.endswith(".path") and any(low.startswith(p) for p in gc["tool_path_prefixes"])):
        text = value.text
        if low.endswith("helper") and not value.dynamic:
            text = text.lstrip()
            if text.startswith("!"):
                text = text[1:]
            elif text and "/" not in text.split(" ", 1)[0]:
                text = "git-credential-" + text
        return Sink(label, "shell", gc["reason"], Exp(text, value.src, dynamic=value.dynamic, quoted=True))
    return None


_CONFIG_ARG_OPTIONS = ("--file", "-f", "--blob", "--type", "--default", "--comment", "--value", "--url")
_CONFIG_READS = ("--get", "--get-all", "--get-regexp", "--get-urlmatch", "--get-color", "--get-colorbool", "-l",
                 "--list", "--unset", "--unset-all", "--remove-section", "--rename-section", "-e", "--edit",
                 "--show-origin", "--show-scope", "--name-only")
_CONFIG_SUBS = ("get", "list", "unset", "rename-section", "remove-section", "edit")


def _git_config(rest):
    """`git config [options] KEY VALUE` and `git config set KEY VALUE`: the setting written."""
    operands = []
    k = 0
    reads = False
    while k < len(rest):
        e = rest[k]
        t = e.text
        k += 1
        # an option until the key is read (`set` comes first in `git config set --global KEY V`)
        keys_read = len(operands) - (1 if operands and operands[0].text == "set" and not operands[0].dynamic else 0)
        if not e.dynamic and t.startswith("-") and len(t) > 1 and keys_read != 1:
            opt = t.split("=", 1)[0]
            if opt in _CONFIG_READS or any(opt.startswith(r) for r in ("--get", "--unset")):
                reads = True
            if opt in _CONFIG_ARG_OPTIONS and "=" not in t:
                k += 1
            continue
        operands.append(e)
    if operands and operands[0].text in _CONFIG_SUBS and not operands[0].dynamic:
        return None
    if operands and operands[0].text == "set" and not operands[0].dynamic:
        operands = operands[1:]
    if reads or len(operands) < 2:
        return None
    key, value = operands[0], operands[1]
    if key.dynamic:
        return Sink("git config %s" % key.src, "code", "git setting whose name is built at run time", key)
    if key.text.lower() in _SIGNING_SETTINGS and (value.dynamic or value.text.strip().lower() in _TRUE):
        # `git config commit.gpgSign true`: every later commit runs gpg, where the guard sees `git commit`
        return Sink("git config %s" % key.text, "program", "git then runs gpg to sign or verify (gpg.program) at every later "
                    "commit, tag or push", _lit("gpg"))
    return git_config_sink(key.text, value, "git config %s" % key.text)


def _git_c_settings(glob, called=None):
    """`git -c alias.X=ARGS` among git's own options: the alias holds for this one command
    (`git -c alias.co='checkout -f' co` runs `git checkout -f`). Settings that name a program,
    and `!` aliases, are denied by hook/commandrules.py (_git_overrides) with their own reason.
    `called`: the subcommand and the words after it; when it is the alias, those words follow its
    value (`git -c alias.x=reset x --hard` runs `git reset --hard`)."""
    found = []
    for j, e in enumerate(glob):
        t = e.text
        if t == "-c" and j + 1 < len(glob):
            setting = glob[j + 1]
        elif t.startswith("-c") and len(t) > 2 and not t.startswith("--"):
            setting = Exp(t[2:], e.src, dynamic=e.dynamic, quoted=True)
        else:
            continue
        key, eq, value = setting.text.partition("=")
        if not key.lower().startswith("alias.") or value.lstrip().startswith("!"):
            continue
        if called is not None and not called[0].dynamic and called[0].text.lower() == key[6:].lower():
            # a word known only at run time keeps its source spelling: the nested analysis sees it
            value = " ".join([value] + [e.src if e.dynamic else quote(e.text) for e in called[1:]])
        sink = git_config_sink(key, Exp(value, setting.src, dynamic=setting.dynamic, quoted=True), "git -c " + key)
        if sink is not None:
            found.append(sink)
    return found


def _git(args):
    found = []
    k = git_split(args)
    glob = args[:k]
    for section, entry in catalogue()["by_program"]["git"]:
        if section == "options" and entry.get("global"):
            found += _option_sinks("git", glob, entry, "", "git")
    found += _git_c_settings(glob, args[k:] if k < len(args) else None)
    if k >= len(args) or args[k].dynamic:
        return found
    sub = args[k].text
    rest = args[k + 1:]
    letters = _arg_letters("git")
    for section, entry in catalogue()["by_program"]["git"]:
        if entry.get("url_prefix"):
            p = entry["url_prefix"]
            for e in rest:
                # (an option's value too: `git archive --remote=ext::CMD`, `git push --repo=ext::CMD`)
                t = e.text.split("=", 1)[1] if e.text.startswith("--") and "=" in e.text else e.text
                if t.startswith(p):
                    found.append(Sink("git %s %s" % (sub, p), entry["payload"], entry["reason"],
                                      Exp(t[len(p):].replace("% ", " "), e.src, dynamic=e.dynamic, quoted=True)))
            continue
        if sub not in entry.get("subcommands", ()):
            continue
        if section == "options":
            found += _option_sinks("git", rest, entry, letters, "git " + sub)
        elif section == "operands":
            words = rest
            if entry.get("after"):
                idx = [j for j, e in enumerate(rest) if e.text == entry["after"]]
                if not idx:
                    continue
                words = [e for e in rest[idx[0] + 1:]]
                while words and words[0].text.startswith("-") and not words[0].dynamic:
                    words = words[1:]
            if entry.get("skip"):
                words = [e for e in words if e.dynamic or not e.text.startswith("-")][entry["skip"]:]
            if words:
                found.append(Sink(("git %s %s" % (sub, entry.get("after", ""))).rstrip(), entry["payload"], entry["reason"],
                                  _joined(words, entry["payload"])))
    if sub == "config":
        sink = _git_config(rest)
        if sink is not None:
            found.append(sink)
    sign = _git_signing(sub, rest, glob)
    if sign is not None:
        found.append(sign)
    return found


# ---- git signing ----------------------------------------------------------------------------
# git runs gpg (gpgsm for gpg.format=x509, ssh-keygen for ssh) to sign or verify: a program off
# a role's allow-list, started by git where the guard saw only `git commit -S`.
_SIGNING_SUBS = frozenset(("commit", "merge", "rebase", "cherry-pick", "revert", "am", "commit-tree", "pull"))
_SIGNING_SETTINGS = ("commit.gpgsign", "tag.gpgsign", "tag.forcesignannotated", "push.gpgsign", "log.showsignature")
_TRUE = ("true", "yes", "on", "1", "if-asked")


def _git_signing(sub, rest, glob):
    """The Sink of the signing program a git command runs (`git commit -S`, `git tag -s`, `git log
    --show-signature`, `git -c commit.gpgSign=true commit`), or None."""
    how = None
    words = [e.text for e in rest if not e.dynamic]
    for w in words:
        if w == "--":
            break
        name = w.split("=", 1)[0]
        if sub in _SIGNING_SUBS and (w.startswith("-S") and not w.startswith("--") or
                                     (len(name) >= 5 and "--gpg-sign".startswith(name))):
            how = "git %s %s" % (sub, name)
        elif sub == "tag" and (name in ("--sign", "--local-user", "--verify") or
                               (w[:1] == "-" and w[1:2] != "-" and _tag_signs(w))):
            how = "git tag %s" % w
        elif sub == "push" and name == "--signed" and (w == name or w.split("=", 1)[1].lower() in _TRUE):
            how = "git push --signed"
        elif sub in ("merge", "pull") and name == "--verify-signatures":
            how = "git %s --verify-signatures" % sub
        elif sub in ("log", "show", "whatchanged", "reflog") and name == "--show-signature":
            how = "git %s --show-signature" % sub
    if sub in ("verify-commit", "verify-tag"):
        how = "git " + sub
    settings = ()
    if glob:  # (`git -c commit.gpgSign=true commit`)
        from legant_guard.shell.tripwires import git_settings

        settings = git_settings(["git"] + [e.text for e in glob] + ["x"], config=False)
    for key, value in settings:
        if key in _SIGNING_SETTINGS and (value is None or value.strip().lower() in _TRUE):
            how = how or "git -c %s" % key
    if how is None:
        return None
    program = "gpg"
    for key, value in settings:
        if key == "gpg.format" and value in ("ssh", "x509"):
            program = "ssh-keygen" if value == "ssh" else "gpgsm"
    return Sink(how, "program", "git runs %s to sign or verify (gpg.program, a program the guard does not "
                "otherwise see)" % program, _lit(program))


def _tag_signs(word):
    """`git tag -s`, `-asm MSG`, `-u KEY`, `-v`: a bundle of short options that signs or verifies
    (letters after one that takes a value, -m or -F, are that value)."""
    for c in word[1:]:
        if c in "suv":
            return True
        if c in "mFe":
            return False
    return False


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
        if subs and not (operands and not operands[0].dynamic and operands[0].text in subs):
            return []
        then = entry.get("then")
        if then:  # `docker compose [-f x.yml] exec SERVICE CMD`: the words after the second subcommand
            k = next((j for j, e in enumerate(args) if not e.dynamic and e.text in then and e is not operands[0]), None)
            if k is None:
                return []
            args = args[k:]
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
    return []


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


def _harmless_node_options(text, env):
    """NODE_OPTIONS made only of options that load nothing (`--max-old-space-size=4096`,
    `--experimental-vm-modules`): no `--require`/`--import`/`--loader`, no file named."""
    words = text.split()
    for word in words:
        opt, eq, val = word.partition("=")
        if word in env["node_options_flags"] or (eq and opt in env["node_options_numeric"] and val.isdigit()):
            continue
        return False
    return bool(words)


_HARMLESS_EDITORS = ("", ":", "true", "false", "cat", "/bin/true", "/usr/bin/true", "/bin/cat", "/usr/bin/cat")


def editor_sink(label, value):
    """An editor named in the environment (EDITOR, GIT_EDITOR, GIT_SEQUENCE_EDITOR ...): the program
    is analysed as a command (payload `editor`, analyze.py run_sink), and a full-screen one stays
    interactive (a terminal session types `:!curl h` into it). git's sequence editor writes the
    list `git rebase -i` then runs, whose `exec` lines are commands: what it writes cannot be
    known unless it changes nothing (`GIT_SEQUENCE_EDITOR=:`)."""
    if not value.dynamic and value.text.strip() in _HARMLESS_EDITORS:
        return None
    if label == "$GIT_SEQUENCE_EDITOR":
        return Sink(label, "editor", "git's sequence editor writes the list `git rebase -i` runs, whose `exec` lines "
                    "run programs (`GIT_SEQUENCE_EDITOR=:` with --autosquash changes nothing)", value)
    return Sink(label, "editor", "programs started by this command run the editor this variable names", value)


def environment_sink(name, value):
    """The Sink of assigning VALUE (an Exp) to the variable NAME, or None."""
    env = catalogue()["environment"]
    label = "$" + name
    if name in env["code_set"] or any(name.startswith(p) for p in env["code_prefixes"]):
        if not value.dynamic and (value.text in env["harmless_values"] or
                                  (name in env["node_options"] and _harmless_node_options(value.text, env))):
            return None
        return Sink(label, "code", env["code_reason"], value)
    words = env["code_when"].get(name)
    if words is not None:  # `JAVA_TOOL_OPTIONS=-javaagent:x.jar`, `ERL_FLAGS='-eval …'`, `RUSTUP_TOOLCHAIN=/dir`
        if value.dynamic or any(w in value.text for w in words):
            return Sink(label, "code", env["code_reason"], value)
        return None
    if name in ("EDITOR", "VISUAL", "FCEDIT") or name.endswith("_EDITOR"):
        return editor_sink(label, value)
    if name in ("SHELL", "PARALLEL_SHELL"):
        # flock -c, script -c, sudo -s, parallel, entr -s and tmux run their commands through it;
        # a shell by name is what they expect
        from legant_guard.shell.knowledge import SHELLS

        if not value.dynamic and value.text.strip().rsplit("/", 1)[-1] in SHELLS:
            return None
        return Sink(label, "program", "programs started by this command (flock -c, script -c, sudo -s, parallel, "
                    "tmux) run their commands through $%s" % name, value)
    if name[:11].lower() == "npm_config_":
        sink = _npm_environment(name, label, value, env)
        if sink is not None:
            return sink
    program = env["option_variables"].get(name)
    if program is not None:  # `TAR_OPTIONS='-I curl' tar cf x src`: read as the program's own options
        if not value.dynamic and not value.text.strip():
            return None
        return Sink(label, "shell", env["option_reason"], Exp("%s %s" % (program, value.text), value.src,
                                                               dynamic=value.dynamic, quoted=True))
    if name == "GIT_ALLOW_PROTOCOL" and (value.dynamic or "ext" in value.text.split(":")):
        # git refuses its ext:: transport (a URL that is a command) unless this lists it
        return Sink(label, "code", "it lets git run the command an `ext::` URL names (the URL itself, a remote's "
                    "or a submodule's URL, or one an `insteadOf` setting rewrites)", value)
    if name in env["prompt_names"]:
        if value.dynamic or "$(" in value.text or "`" in value.text:
            return Sink(label, "code", "bash expands this prompt, running its command substitutions", value)
        return None
    if name in env["goflags"]:
        return Sink(label, "goflags", env["reason"], value)
    if name in env["ccflags"]:
        return compiler_flags_sink(label, value)
    if name in env["rustflags"] or (name.startswith("CARGO_TARGET_") and name.endswith("_RUSTFLAGS")):
        # `RUSTFLAGS='-C linker=PROG'`: rustc runs PROG to link
        if value.dynamic or any(w in value.text for w in env["rustflags_words"]):
            return Sink(label, "code", "rustc runs the linker (or loads the plugin) these flags name", value)
        return None
    if name == "MAKEFILES":
        # make reads the makefiles this names before the others: one read from its input or a
        # descriptor (`MAKEFILES=/dev/stdin make <<< …`) is code the guard does not see, as `make -f -` is
        prefixes = _make_file_prefixes()
        if value.dynamic or any(w.startswith(prefixes) for w in value.text.split()):
            return Sink(label, "code", "make reads this variable's makefiles, here from its input or a descriptor", value)
        return None
    if name in env["makeflags"]:
        # SHELL=PROG, --eval=CODE, -E CODE (`kE` when the letters come without a dash)
        if value.dynamic or "=" in value.text or "E" in value.text or "--ev" in value.text:
            return Sink(label, "makeflags", "make reads variable settings (SHELL=, CC=) from this variable", value)
        return None
    if name in env["names_set"] or any(name.endswith(s) for s in env["suffixes"]) or \
            any(name.startswith(a) and name.endswith(b) for a, b in env["affixes"]):
        if not value.dynamic and not value.text.strip():
            return None
        return Sink(label, "shell", env["reason"], value)
    return None


def npm_key(name):
    """npm's setting of an environment variable (`NPM_CONFIG_Script_Shell` -> script-shell): npm
    reads every variable starting with npm_config_ in any case, with `_` for `-`; else None."""
    if name[:11].lower() != "npm_config_":
        return None
    return name[11:].lower().replace("_", "-")


def _npm_environment(name, label, value, env):
    """npm_config_script_shell=PROG, NPM_CONFIG_NODE_OPTIONS=--require=x (any case): npm and pnpm
    run the program or load the code this setting names, as `npm --script-shell` does."""
    key = npm_key(name)
    if key in _NPM_PROGRAM_KEYS:
        if not value.dynamic and not value.text.strip():
            return None
        return Sink(label, "shell", "npm runs the program this setting names (a package's scripts through "
                    "`script-shell`)", value)
    if key in _NPM_CODE_KEYS:
        if not value.dynamic and (value.text in env["harmless_values"] or
                                  (key == "node-options" and _harmless_node_options(value.text, env))):
            return None
        return Sink(label, "code", "npm loads the code this setting names into node", value)
    return None


def _make_file_prefixes():
    """The values of `make -f` that read a makefile from input or a descriptor (exec_sinks.json)."""
    for section, entry in catalogue()["by_program"].get("make", ()):
        if "-f" in entry["options"]:
            return tuple(entry["value_prefix"])
    return ("-", "/dev/")


def compiler_flags_sink(label, value):
    """Flags a compiler driver is given (`CFLAGS`, `CGO_LDFLAGS`, go's `-extldflags`): a code Sink
    when one of them makes it run a program or load code (`-wrapper PROG`, `-B DIR`, `-fplugin=`,
    `@FILE` of more flags), else None."""
    words = catalogue()["environment"]["ccflags_words"]
    if value.dynamic or any(w.startswith(tuple(words)) for w in value.text.replace('"', " ").replace("'", " ").split()):
        return Sink(label, "code", "the compiler driver runs the program (or loads the code) these flags name", value)
    return None


def go_linker_sinks(sink):
    """`go build -ldflags='-extld=PROG -extldflags=FLAGS'`: the external linker PROG is a program
    go runs (a program Sink); FLAGS are the compiler driver's (compiler_flags_sink)."""
    value = sink.value
    if value.dynamic:
        text = _ref_name_substitutions(value.src)
        if text is None:
            return [Sink(sink.label, "code", sink.reason, value)]
        value = _lit(text, value.src)
    words = _go_quoted_split(value.text)
    if words is None:
        return [Sink(sink.label, "code", sink.reason + " (quotes the guard cannot split)", value)]
    found = []
    k = 0
    while k < len(words):
        name, eq, rest = words[k].partition("=")
        if not eq and k + 1 < len(words) and name.lstrip("-") in ("extld", "extldflags"):
            rest, k = words[k + 1], k + 1
        k += 1
        if name.lstrip("-") == "extld" and name.startswith("-"):
            found.append(Sink(sink.label + " -extld", "program", sink.reason, _lit(rest, value.src)))
        elif name.lstrip("-") == "extldflags" and name.startswith("-"):
            flags = compiler_flags_sink(sink.label + " -extldflags", _lit(rest, value.src))
            if flags is not None:
                found.append(flags)
        elif name.startswith("@") or (sink.label.endswith("gccgoflags") and
                                      compiler_flags_sink(sink.label, _lit(words[k - 1], value.src))):
            found.append(Sink(sink.label, "code", sink.reason, value))
    return found


_REF_NAME_COMMANDS = ("$(git describe", "$(git rev-parse")


def _ref_name_substitutions(src):
    """`-ldflags "-X main.version=$(git describe --tags --always)"`: the flags with each such
    substitution as a stand-in word, when that is exactly how go will split them, else None.
    git describe / rev-parse HEAD print one ref name or object name: no white space, no glob
    character, never a leading dash (check-ref-format), though quotes are allowed; so the flags
    must hold no quote of their own (a quote in the name cannot then pair with one), and each
    substitution must be glued to text before it (`main.version=`), never start a word (`@x`)."""
    text = src[1:-1] if len(src) >= 2 and src[0] == src[-1] == '"' else src
    if any(c in text for c in "'\"\\`"):
        return None
    out, k = [], 0
    while True:
        start = text.find("$(", k)
        if start < 0:
            out.append(text[k:])
            break
        end = text.find(")", start)
        inner = text[start + 2:end].split() if end > 0 else []
        if end < 0 or not text.startswith(_REF_NAME_COMMANDS, start) or start == 0 or text[start - 1] in " \t" \
                or not _one_name(inner):
            return None
        out.append(text[k:start] + "v0")
        k = end + 1
    joined = "".join(out)
    return None if "$" in joined else joined


def _one_name(words):
    """`git describe [OPTIONS]` / `git rev-parse [OPTIONS] [HEAD]`: one line, one name."""
    sub, rest = words[1], words[2:]
    if sub == "describe":
        return all(w.startswith("--") and w[2:].replace("-", "").replace("=", "").isalnum() for w in rest)
    options = [w for w in rest if w.startswith("--")]
    return rest in ([], ["HEAD"]) or (rest[:-1] == options and rest[-1] == "HEAD" and
                                      all(w in ("--short", "--abbrev-ref", "--verify") for w in options))


def _go_quoted_split(text):
    """The words of a go flag list as cmd/internal/quoted splits them (white space; '...' and
    "..." group), or None when a quote is not closed."""
    words, word, quote, started = [], [], None, False
    for c in text:
        if quote:
            if c == quote:
                quote = None
            else:
                word.append(c)
        elif c in "'\"":
            quote, started = c, True
        elif c in " \t\n\r":
            if started:
                words.append("".join(word))
            word, started = [], False
        else:
            word.append(c)
            started = True
    if quote:
        return None
    if started:
        words.append("".join(word))
    return words


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


def _awk_pipes(text):
    """Does awk program text start programs: system(), `print | "cmd"`, `"cmd" | getline`?"""
    if "system" in text:
        return "system"
    quote = regex = False
    prev = ""
    i = 0
    while i < len(text):
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
        elif c == "|":
            if text[i + 1:i + 2] == "|":
                i += 2
                prev = "|"
                continue
            return "|"
        if not c.isspace():
            prev = c
        i += 1
    return None


def _awk_output_built(text):
    """The target of a `print`/`printf` redirection (`> X`, `>> X`) that is not one plain string
    literal (`print > f`, `print > "/in" "et/tcp/0/h/80"`, `"/\\151net/…"`), or None: gawk connects
    to the network for a file named /inet/tcp/…, which the text need not show."""
    quote = regex = printing = False
    depth = 0
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
        elif c.isalpha() and not (prev.isalnum() or prev == "_"):
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            if text[i:j] in ("print", "printf"):
                printing, depth = True, 0
            prev = text[j - 1]
            i = j
            continue
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
        if not c.isspace():
            prev = c
        i += 1
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


def is_interpreter(name):
    cat = catalogue()["interpreters"]
    return name in cat["programs"] or name in cat["awk"]


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
}
for _alias, _base in (("luajit", "lua"), ("nodejs", "node"), ("deno", "node"), ("bun", "node"), ("ts-node", "node"),
                      ("tsx", "node")):
    _DYNAMIC_CALL_WORDS[_alias] = _DYNAMIC_CALL_WORDS[_base]


def _name_like(piece):
    """A piece of a name (`sys`, `CORE::sys`, `child_`): letters in it, no blank, quote, escape,
    dot or slash (`.e` + `nv`, `open` + `code.json` name a file, which the secret and write checks
    read joined)."""
    return bool(piece) and any(c.isalpha() for c in piece) and all(c.isalnum() or c in "_:-" for c in piece)


def _dynamic_call(program, text):
    """What in interpreter code calls a function it names at run time, or None: two string
    literals joined (`'sys'+'tem'`, `"sys"."tem"`, `"exe".."cute"`: nothing but a hidden name
    needs that), a call of a looked-up value (`m[k](…)`), PHP's `$name(…)`, and each language's
    reflection (_DYNAMIC_CALL_WORDS). Joined literals count only when both look like pieces of
    a name (`"a" . "\\n"` is text)."""
    for word in _DYNAMIC_CALL_WORDS.get(program, ()):
        if word in text:
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
_OWN_LANGUAGE_RUNNERS = _IMAGEMAGICK | _GHOSTSCRIPT | _AFTER_DASHES | _CALCULATORS | frozenset(("gnuplot",))


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


def find(program, args):
    """The Sinks in one command: `program` after unwrapping, `args` its words (Exp) after it."""
    cat = catalogue()
    found = []
    if program in SETTERS:
        for name, value in assignment_words(args):
            sink = environment_sink(name, value)
            if sink is not None:
                found.append(sink)
        return found
    if program in _SETTING_PROGRAMS:
        found += _stored_settings(program, args)
    if program in ("make", "gmake"):  # `make MAKEFLAGS=--eval=CODE`: read like the variable
        for name, op, value in make_assignments(args):
            if op != "!=" and (name in cat["environment"]["makeflags"] or name in cat["environment"]["ccflags"]):
                sink = environment_sink(name, value)
                if sink is not None:
                    found.append(sink)
            found += make_function_sinks("%s %s%s" % (program, name, op), value)
    if program in _OWN_LANGUAGE_RUNNERS:
        found += _own_language_sinks(program, args)
    entries = cat["by_program"].get(program)
    if entries is None:
        return found
    if program == "git":
        return _git(args)
    if program == "cargo":  # `cargo rustc -- -C linker=PROG`: the words after `--` are rustc's
        k = next((j for j, e in enumerate(args) if not e.dynamic and e.text == "--"), None)
        if k is not None and any(not e.dynamic and e.text in ("rustc", "rustdoc") for e in args[:k]):
            found += find("rustc", args[k + 1:])
    if program == "tar" and args and not args[0].dynamic and args[0].text[:1].isalpha():
        args = _tar_old_style(args)
    letters = dashed = None
    for section, entry in entries:
        if section == "options":
            if letters is None:
                letters, dashed = _arg_letters(program), _dashed(args)
            if entry.get("go_linker_flags"):
                for sink in _option_sinks(program, args, entry, letters, program, dashed):
                    found += go_linker_sinks(sink)
                continue
            found += _option_sinks(program, args, entry, letters, program, dashed)
        elif section == "operands":
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
