"""Interpreters and interactivity: does a command wait for a person, and whose output runs as code.

Two questions the engine asks of every command, both about programs rather than shell syntax:
- interactive: `python3`, `psql`, `vim`, `git rebase -i`, `docker run -it`, `bash` with no
  script: the agent cannot answer a prompt, so such a command hangs the session;
- runs_output_of: `curl URL | sh`, `python3 <(curl ...)`, `node -e "$(wget ...)"`: code that
  comes from another command's output, which no rule can see in advance.
They live apart from the walker core because they are tables of program knowledge
(knowledge.REPLS, FULL_SCREEN, GIT_INTERACTIVE) that grow with every program a newcomer meets.
"""

from legant_guard.shell import knowledge as K
from legant_guard.shell.sinks import git_split
from legant_guard.shell.words import Exp

# A command that names the editor itself (GIT_EDITOR=... git commit) runs no prompt.
_EDITOR_VARIABLES = frozenset(("GIT_SEQUENCE_EDITOR", "GIT_EDITOR", "EDITOR", "VISUAL"))
# Interpreters whose lone `-v` prints the version and exits.
_VERSION_V = frozenset(("ruby", "perl", "node", "php", "lua", "luajit"))


def is_interactive(name, args, stdin, *, prefix_names=frozenset()):
    """Would `name args` wait for a person (a prompt, an editor, a full-screen program)?
    `prefix_names`: the variables the command's own prefix assigns (`GIT_EDITOR=true git ...`)."""
    if name.startswith("python") and name[6:].replace(".", "").isdigit():
        name = "python3"
    if name == "python3" and any(a.text == "-m" for a in args):
        k = [a.text for a in args].index("-m")
        if k + 1 < len(args) and args[k + 1].text == "pytest":
            return _debugger_on_failure(args[k + 2:])
        return k + 1 < len(args) and args[k + 1].text in K.PYTHON_INTERACTIVE_MODULES
    if name in ("pytest", "py.test"):
        return _debugger_on_failure(args)
    if name == "git":
        return git_interactive(args, prefix_names)
    if stdin is None and name in _INPUT_RUNNERS and _runs_its_input(name, args):
        return True
    if name == "ghc" and any(a.text == "--interactive" for a in args):
        return True  # GHCi (`:!cmd` runs a command)
    if name == "gcloud" and [a.text for a in args[:2]] in (["alpha", "interactive"], ["beta", "interactive"]):
        return True  # gcloud's shell
    if name == "screen":
        return _screen_attaches(args)
    if name == "tcc" and stdin is None and any(a.text == "-run" for a in args) and \
            any(a.text in K.STDIN_FILES for a in args):
        return True  # `tcc -run -`: the C program it compiles and runs is what is typed
    if name == "expect" and any("interact" in a.text for a in args):
        return True  # `expect -c 'spawn bash; interact'`: the spawned program is handed to the session
    inner = _run_by_package_runner(name, args)
    if inner is not None:  # `npx ts-node` with nothing to run is a TypeScript prompt
        return is_interactive(inner[0], inner[1], stdin, prefix_names=prefix_names)
    editing = K.EDITING_SUBCOMMANDS.get(name)
    if editing and args and args[0].text in editing:
        return True
    session = K.SESSION_SUBCOMMANDS.get(name)
    if session and args and args[0].text in session:
        return _prompts_unless(session[args[0].text], args[1:])
    console = _script_console(name, args)
    if console is not None:
        return console
    if name == "crontab":
        return any(a.text == "-e" or (a.text.startswith("-") and not a.text.startswith("--") and "e" in a.text)
                   for a in args)
    if name == "socat":  # `socat - EXEC:sh`: the session's keystrokes go to a program
        texts = [a.text.split(",", 1)[0].upper() for a in args]
        return any(t in ("-", "STDIO", "STDIN", "PTY") or t.startswith(("READLINE", "STDIO:", "-:")) for t in texts) \
            and any(t.startswith(("EXEC:", "SYSTEM:", "SHELL:")) for t in texts)
    spec = K.REPLS.get(name)
    if spec is None:
        if name in ("docker", "podman", "kubectl", "nerdctl") and len(args) > 1 and args[0].text in ("run", "exec", "debug"):
            flags = "".join(a.text[1:] for a in args if a.text.startswith("-") and not a.text.startswith("--"))
            if "i" in flags and "t" in flags or any(a.text in ("--interactive", "--tty") for a in args) and "t" in flags:
                return True
            # `docker exec -i c sh` (no -t): the session's input goes to a shell or prompt in the container
            keeps_input = "i" in flags or any(a.text in ("--interactive", "--stdin") for a in args)
            return keeps_input and stdin is None and _guest_command_prompts(args)
        if name in ("sudo", "doas", "su", "runuser", "run0", "pkexec", "firejail", "fakeroot", "fakechroot"):
            return True  # reached only when used with no command: a shell starts (red team 43: run0 … fakechroot)
        if name == "capsh":
            return any(a.text == "--" for a in args[-1:])  # (`capsh --`: bash with no arguments)
        if name in ("lxc", "incus", "multipass", "heroku"):
            return _guest_shell(name, args)
        if name == "systemd-run":  # `systemd-run --shell` (-S): a shell in a new unit
            return any(a.text in ("--shell", "-S") for a in args)
        return False
    if any(a.text in ("--version", "-V", "--help", "-h", "-version", "-help") for a in args):
        return False
    if name in _VERSION_V and [a.text for a in args] == ["-v"]:
        return False  # `ruby -v` alone prints the version and exits (with a script: verbose mode)
    if name == "perl" and any(a.text.startswith("-d") and a.text[2:3] != ":" for a in args):
        return True  # the debugger's prompt evaluates Perl (`perl -d x.pl`, `perl -de 0`)
    if name == "ruby" and _ruby_debugger(args):
        return True  # `ruby -rdebug x.rb`: the same for Ruby
    opts = spec.split()
    operands = _operands(args, K.SPECS.get(name))
    if name in _EX_EDITORS and _ex_mode_reads_session(name, args, stdin):
        return True
    if name in K.FULL_SCREEN:
        for a in args:
            if a.text.split("=", 1)[0] in opts:
                return False
        if name in ("tmux", "screen"):
            return not operands or operands[0].text in ("attach", "a", "attach-session", "new", "new-session")
        return True
    if any(a.text in ("-i", "--interactive") for a in args) and name not in ("sqlite3", "psql", "mysql", "ssh"):
        return True
    if stdin is not None and not copies_terminal(stdin):
        return False
    # `python3 -`, `python3 /dev/stdin`: the program is what is typed
    operands = [o for o in operands if o.dynamic or o.text not in K.STDIN_FILES]
    for j, a in enumerate(args):
        t = a.text
        head = t.split("=", 1)[0]
        if head in opts or (len(t) > 2 and t[:2] in opts and not t.startswith("--")):
            # (`psql -f -`, `R --file=/dev/stdin`, `sbcl --script` with nothing after it: the script
            # is what is typed)
            value = t.split("=", 1)[1] if "=" in t else t[2:] if head not in opts else \
                args[j + 1].text if j + 1 < len(args) and not args[j + 1].dynamic else None
            if value in K.STDIN_FILES or (value is None and head in _SCRIPT_FROM_INPUT):
                continue
            return False
    if "operand" in opts and operands:
        return False
    if "operand2" in opts and len(operands) >= 2:
        return False
    if name in ("psql", "mysql", "mariadb", "redis-cli") and name == "redis-cli" and operands:
        return False
    return True


# vi and its forks, whose Ex mode (`vim -es`, `ex -s`) reads its commands from the input.
_EX_EDITORS = frozenset(("vi", "vim", "nvim", "view", "ex", "gvim", "rvim", "vimx", "nvi", "elvis", "vile"))


def _ex_mode_reads_session(name, args, stdin):
    """`vim -es`, `vim -e -s`, `ex -s` with no command of their own (`-c`, `+CMD`, `--cmd`, `-S`)
    and no input but the session's: Ex mode reads each line typed (Codex's write_stdin), where
    `:!CMD` runs a program (red team 29)."""
    texts = [a.text for a in args]
    ex_mode = name == "ex" or any(t[:1] == "-" and t[1:2] != "-" and ("e" in t or "E" in t) for t in texts)
    if not ex_mode or any(a.dynamic for a in args):
        return False
    if any(t.startswith(("-c", "+", "--cmd", "-S", "--headless")) for t in texts):
        return False
    return stdin is None or copies_terminal(stdin)


# Options that read the script from the input when no file follows them (`sbcl --script`).
_SCRIPT_FROM_INPUT = frozenset(("--script",))


# Programs whose code can run each line of their input as a command: with no file to read and no
# input of their own, that input is the session's (`awk '{system($0)}'`, `sed e`, `perl -ne
# 'system($_)'`), a prompt that runs what is typed.
# screen's options that do not put a session on this terminal: send a command (-X), query
# (-Q), list or wipe sessions, print the version or help
_SCREEN_NO_TERMINAL = frozenset(("-X", "-Q", "-ls", "-list", "-wipe", "-v", "-version", "--version", "-h", "-help",
                                 "--help"))


def _screen_attaches(args):
    """Does `screen ARGS` put a session on this terminal? Every screen window takes `C-a c` (a
    new window running a shell), so `screen CMD`, `screen /dev/ttyS0` and `screen -r NAME` are a
    shell Codex's write_stdin could type into (red team 38: only a bare `screen` and `-x` were).
    Not: a session started detached (`-dm`, `-d -m`, `-Dm`), a detach from elsewhere alone
    (`-d NAME`, with no -r/-R/-x), and the commands in _SCREEN_NO_TERMINAL."""
    flags = ""
    for a in args:
        t = a.text
        if t in _SCREEN_NO_TERMINAL or t.startswith("-X"):
            return False
        if not t.startswith("-") or t == "--":
            break  # the command screen runs in its window
        flags += t[1:]
    detach = "d" in flags or "D" in flags
    return not (detach and ("m" in flags or not any(c in flags for c in "rRx")))


_INPUT_RUNNERS = frozenset(("awk", "gawk", "mawk", "nawk", "sed", "gsed", "perl", "ruby"))
_RUNNER_WORDS = ("system", "|", "getline", "`", "exec", "popen", "spawn", "qx", "%x", "open(")


def _program_file_is_input(args):
    """`awk -f -`, `gawk --file=/dev/stdin`, `sed -f -`: the program file is the session's input."""
    for j, a in enumerate(args):
        t = a.text
        if t in ("-f", "--file") and j + 1 < len(args):
            value = args[j + 1].text
        elif t.startswith("--file="):
            value = t[7:]
        elif t.startswith("-f") and len(t) > 2 and not t.startswith("--"):
            value = t[2:]
        else:
            continue
        if value in K.STDIN_FILES:
            return True
    return False


def _runs_its_input(name, args):
    """Does this awk/sed/perl/ruby run code taken from its input, reading no file of its own?"""
    words = [a for a in args if not a.dynamic]
    if len(words) != len(args):
        return False
    if name in ("perl", "ruby"):
        flags = "".join(a.text[1:] for a in args if a.text.startswith("-") and not a.text.startswith("--"))
        if not ("n" in flags or "p" in flags):
            return False
        code_at = [j for j, a in enumerate(args) if a.text.startswith("-") and "e" in a.text[1:] and not
                   a.text.startswith("--")]
        if not code_at or code_at[0] + 1 >= len(args):
            return False
        code, rest = args[code_at[0] + 1].text, args[code_at[0] + 2:]
        return not [a for a in rest if not a.text.startswith("-")] and any(w in code for w in _RUNNER_WORDS)
    if _program_file_is_input(args):
        return True  # `awk -f -`, `sed -f /dev/stdin`: the program is what is typed into the session
    if any(a.text in ("-f", "--file") or a.text.startswith(("-f", "--file=")) for a in args):
        return False  # (a program file: read and judged elsewhere)
    values = {j + 1 for j, a in enumerate(args[:-1]) if a.text in ("-e", "--expression", "-v", "-F", "--assign")}
    operands = [a.text for j, a in enumerate(args) if not a.text.startswith("-") and j not in values]
    scripts = [args[j + 1].text for j, a in enumerate(args[:-1]) if a.text in ("-e", "--expression")]
    if not scripts and operands:
        scripts, operands = operands[:1], operands[1:]
    if operands or not scripts:
        return False
    if name.endswith("sed"):
        import re

        return any(re.search(r"(^|[;{}\n])\s*([0-9,$/]*\s*)e(\s|;|$)", t) or re.search(r"s(.).*\1.*\1[^;\n]*e", t)
                   for t in scripts)
    from legant_guard.hook.interpcode import _awk_runs_data  # (system($0), `print | $0`, `print | "sh"`)

    return any(_awk_runs_data(t) for t in scripts)


def _ruby_debugger(args):
    """`ruby -rdebug x.rb`, `ruby -r debug/start x.rb`: the program stops at the debugger's prompt."""
    for j, a in enumerate(args):
        t = a.text
        lib = t[2:] if t.startswith("-r") and len(t) > 2 else \
            (args[j + 1].text if t == "-r" and j + 1 < len(args) else None)
        if lib is not None and lib.split("/", 1)[0] in ("debug", "byebug", "pry-byebug"):
            return True
    return False


def _guest_command_prompts(args):
    """The command after a container's name (or after `--`) is a shell or prompt with nothing to run
    (`sh`, `bash -i`, `python3`): the last words, read loosely (their options are not all known)."""
    words = [a for a in args if not a.text.startswith("-")]
    k = next((j for j, a in enumerate(args) if a.text == "--"), None)
    if k is not None:
        words = [a for a in args[k + 1:]]
    if not words:
        return False
    tail = words[-1] if k is None else words[0]
    if tail.dynamic:
        return False
    program = tail.text.rsplit("/", 1)[-1]
    rest = [] if k is None else [a for a in words[1:]]
    return (program in K.SHELLS or program in K.REPLS) and all(a.text.startswith("-") and a.text not in ("-c",)
                                                                for a in rest)


def _guest_shell(name, args):
    """`lxc exec c bash`, `multipass exec vm -- sh`, `heroku run bash`: the command run in the
    container, VM or dyno is a shell or a prompt with nothing to run, reading what is typed."""
    words = [a for a in args if not a.text.startswith("-")]
    if name in ("lxc", "incus", "multipass"):
        words = words[2:] if words[:1] and words[0].text == "exec" else []
    elif name == "heroku":
        words = words[1:] if words[:1] and words[0].text in ("run", "run:inside") else []
    if not words or len(words) != 1 or words[0].dynamic:
        return False
    program = words[0].text.rsplit("/", 1)[-1]
    return program in K.REPLS or program in K.SHELLS


def _debugger_on_failure(args):
    """`pytest --trace`: every test stops at pdb's prompt, which runs Python typed into it
    (`!import os; os.system(...)`). (`--pdb` stops only at a failure: everyday, left allowed.)"""
    return any(a.text == "--trace" for a in args)


# Package runners and the options of theirs that take a value: `npx [-p PKG] PROGRAM ARGS`.
_PACKAGE_RUNNERS = {"npx": ("-p", "--package", "-c", "--call"), "bunx": ("-p", "--package"), "pnpx": ("-p", "--package")}


def _run_by_package_runner(name, args):
    """(program, its words) that a package runner starts, or None (`npx -c CMD`: a command line,
    judged as one elsewhere)."""
    takes = _PACKAGE_RUNNERS.get(name)
    if takes is None:
        return None
    k = 0
    while k < len(args):
        t = args[k].text
        if t in ("-c", "--call") or t.startswith("--call="):
            return None
        if t == "--":
            k += 1
            break
        if not t.startswith("-"):
            break
        k += 2 if t in takes else 1
    if k >= len(args) or args[k].dynamic:
        return None
    program = args[k].text.rsplit("/", 1)[-1].split("@", 1)[0] or args[k].text
    return program, args[k + 1:]


def _prompts_unless(spec, args):
    """Does a session subcommand prompt, given the words after it and the options (or "operand")
    that give it something to run instead?"""
    opts = spec.split()
    for a in args:
        if a.text.split("=", 1)[0] in opts:
            return False
        if "operand" in opts and not a.text.startswith("-"):
            return False
    return True


def _script_console(name, args):
    """`python3 manage.py shell`, `php artisan tinker`: True when the project's script starts a
    console, False when it is told what to run, None when it is no such script."""
    if name in K.SCRIPT_CONSOLES:  # `./manage.py shell`: the script run by its own name
        args = [Exp(name, name)] + list(args)
    elif not (name.startswith(("python", "pypy")) or name == "php"):
        return None
    operands = [a for a in args if not a.text.startswith("-")]
    if len(operands) < 2:
        return None
    subs = K.SCRIPT_CONSOLES.get(operands[0].text.rsplit("/", 1)[-1])
    if subs is None or operands[1].text not in subs:
        return None
    k = args.index(operands[1])
    return _prompts_unless(subs[operands[1].text], args[k + 1:])


def copies_terminal(stdin):
    """Is this input a pipe from a program that copies the session's own input (`cat | sh`,
    `pv | python3`): a program named with no file and no input of its own?"""
    if stdin.kind != "pipe" or not stdin.producers or stdin.text is not None or stdin.partial is not None:
        return False  # (`cat <<EOF | sh`: what cat copies is known)
    for producer in stdin.producers:
        if producer.executable not in K.STDIN_COPIERS or producer.paths or \
                any("<" in r.op for r in producer.redirects):
            return False
    return True


def reads_session_input(records):
    """Do the commands of a substitution start with one that copies the session's input
    (`$(cat)`, `$(head -c 999)`, `$(cat /dev/stdin)`): no file of its own, no `<`?"""
    first = next((c for c in records if c.executable), None)
    if first is None or first.executable not in K.STDIN_COPIERS or \
            any("<" in r.op for r in first.redirects):
        return False
    return not first.paths or all(p in K.STDIN_FILES for p in first.paths)


def git_interactive(args, prefix_names):
    """`git rebase -i`, `git add -p`, `git config -e` ...: an editor or a prompt. Not when the
    command names the editor itself (GIT_SEQUENCE_EDITOR=..., analysed as an exec sink)."""
    k = git_split(args)
    if k >= len(args):
        return False
    if args[k].text == "rebase":
        # the list of a rebase is edited by the sequence editor only when one is named: another
        # editor variable (GIT_EDITOR='sed -i 1iexec\ curl h') would write `exec` lines into it
        if "GIT_SEQUENCE_EDITOR" in prefix_names:
            return False
    elif prefix_names & _EDITOR_VARIABLES:
        return False
    flags = K.GIT_INTERACTIVE.get(args[k].text)
    if args[k].text in _GIT_EDITOR_SUBCOMMANDS and not (flags and _git_flags(args[k + 1:], flags, args[k].text)):
        if any("core.editor" in a.text.lower() for a in args[:k]):
            return False  # (`git -c core.editor=CMD`: the editor named is an exec sink, analysed as such)
        from legant_guard.shell.giteditors import opens_editor

        return opens_editor(args[k].text, args[k + 1:])
    if flags is None:
        return False
    if args[k].text == "stash":
        rest = [a.text for a in args[k + 1:]]  # (`git stash -m x -p`: push; x is the message)
        sub = next((t for n, t in enumerate(rest) if not t.startswith("-") and
                    (n == 0 or rest[n - 1] not in ("-m", "--message", "--pathspec-from-file"))), None)
        if sub not in (None, "push", "save"):
            return False  # `git stash show -p` prints; only push/save -p prompt
    if flags == "*":  # (`git difftool --tool-help` lists the tools; `-x CMD` is an exec sink)
        return not any(a.text in ("--tool-help", "-x", "--extcmd") or a.text.startswith("--extcmd=")
                       for a in args[k + 1:])
    return _git_flags(args[k + 1:], flags, args[k].text)


# git subcommands that may open an editor for a message (shell/giteditors.py)
_GIT_EDITOR_SUBCOMMANDS = frozenset(("commit", "tag", "notes", "branch", "replace", "cherry-pick", "merge", "pull",
                                     "revert"))


# Short options of those subcommands that take the rest of a bundle as their value (`commit
# -mwip` is the message "wip", not -w -i -p; `-uno`, `-Skey`: optional values, glued). Only
# options that really take a value are listed: one listed wrongly would hide a real -p after it.
_GIT_SHORT_VALUES = {"commit": "mFCctuS", "checkout": "bB", "restore": "s", "stash": "m", "clean": "e",
                     "config": "f", "rebase": "sXxCS"}


def _git_flags(args, flags, sub=""):
    """Does one of the subcommand's `flags` (GIT_INTERACTIVE) appear among its arguments?"""
    flags = flags.split()
    shorts = "".join(f[1] for f in flags if len(f) == 2)
    values = _GIT_SHORT_VALUES.get(sub, "")
    skip_value = False
    for a in args:
        t = a.text
        if skip_value:  # (`commit -m -p`: the message is "-p")
            skip_value = False
            continue
        if t == "--":
            break
        if t in flags:
            return True
        if t.startswith("-") and not t.startswith("--"):
            for n, c in enumerate(t[1:], 2):
                if c in shorts:
                    return True
                if c in values:  # the rest of the word is its value, or the next word is
                    skip_value = n == len(t) and c not in "uS"  # (-u, -S: optional values, glued only)
                    break
    return False


def interpreter_input(cmd, name, args, records, stdin):
    """`curl ... | python3`, `python3 <(curl ...)`: note whose output runs as code."""
    code_opts = ("-c", "-e", "-E", "-m", "--eval", "-p", "--print", "-r")
    k = 0
    while k < len(args):
        t = args[k].text
        if t in code_opts or (t[:2] in code_opts and len(t) > 2 and name not in ("node",)):
            if t in code_opts and k + 1 < len(args) and args[k + 1].dynamic:
                rec = records[k + 1] if k + 1 < len(records) else []
                cmd.runs_output_of += [c.executable for c in rec if c.executable]
                cmd.interactive = cmd.interactive or reads_session_input(rec)
            return
        if t == "-":
            break
        if t.startswith("-") and len(t) > 1:
            k += 1
            continue
        if args[k].proc:
            rec = records[k] if k < len(records) else []
            cmd.runs_output_of += [c.executable for c in rec if c.executable]
            return
        return  # a script file
    if stdin is not None and stdin.kind in ("pipe", "proc", "text"):
        for c in stdin.producers:
            if c.executable:
                cmd.runs_output_of.append(c.executable)
            cmd.runs_output_of.extend(c.runs_output_of)


def _operands(args, spec):
    """The operands among `args`, the values of the options that take one left out (`node -r
    ./x` starts a prompt: ./x is -r's value, not a script)."""
    takes = spec.arg | spec.file if spec is not None else ()
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif not a.text.startswith("-") or a.text == "-":
            out.append(a)
        elif a.text in takes:
            skip = True
    return out

