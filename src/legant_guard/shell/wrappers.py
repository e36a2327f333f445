"""Wrappers: programs that run another program given in their arguments (sudo, env, timeout,
xargs, flock, watch, `uv run` ...), and how to find that program among their words.

Each handler reads the words after the wrapper and returns a Wrapped (where the wrapped
command starts, the label shown in `via`, files the wrapper itself opens, a script it hands to
a shell, a new working directory), or None when the wrapper runs nothing (then it is the
command itself). The walker (analyze.py) unwraps repeatedly; it loads this module only for a
program named in knowledge.WRAPPER_PROGRAMS (the keys of WRAPPERS, a test keeps them equal).
"""

from legant_guard.shell.names import basename, quote
from legant_guard.shell.words import Exp, absolute


class Wrapped:
    """What a wrapper runs: the wrapped command starts at words[next]; label is shown in `via`;
    files are files the wrapper itself opens; script is code it hands to a shell (an Exp);
    cwd is the working directory it changes to."""

    __slots__ = ("next", "label", "files", "script", "cwd", "replace")

    def __init__(self, next, label, files, script=None, cwd=None, replace=None):
        self.next = next
        self.label = label
        self.files = files
        self.script = script
        self.cwd = cwd
        self.replace = replace  # xargs -I R: the string each input line replaces in the command


def _opts(words, i, arg_short="", arg_long=(), flag_stop=(), file_short="", file_long=(), opt_short="",
          long_names=()):
    """Skip a wrapper's options starting after words[i]; return (index, files, seen options).

    opt_short: letters whose argument is optional (only glued: xargs -i[R]); long_names: every
    long option of a getopt_long program, so that an unambiguous abbreviation (`--max-p 2`)
    is read as the option it abbreviates."""
    k = i + 1
    files = []
    seen = []
    while k < len(words):
        e = words[k]
        t = e.text
        if e.dynamic and _numeric_option(e.src, arg_short):
            seen.append(t)  # `xargs -P$(nproc)`, `parallel -j"$(nproc)"`: a count, not the command
            k += 1
            continue
        if e.dynamic or not t.startswith("-") or t == "-":
            break
        k += 1
        if t == "--":
            break
        if t.startswith("--"):
            opt, eq, val = t.partition("=")
            if long_names and opt not in long_names:
                full = {n for n in tuple(long_names) + tuple(arg_long) + tuple(file_long) if n.startswith(opt)}
                if len(full) == 1:
                    opt = full.pop()
                    t = opt + eq + val
            seen.append(t)
            if opt in file_long:
                if eq:
                    files.append(Exp(val, e.src, quoted=e.quoted))
                elif k < len(words):
                    files.append(words[k])
                    k += 1
            elif opt in arg_long and not eq:
                if k < len(words):  # (its value, as for short options: `script --command CMD`)
                    seen.append(words[k].text)
                k += 1
            continue
        seen.append(t)
        for j in range(1, len(t)):
            c = t[j]
            if c in opt_short:
                break  # the rest of the word is its (optional) argument
            if c in arg_short or c in file_short:
                if j + 1 < len(t):
                    if c in file_short:
                        files.append(Exp(t[j + 1 :], e.src, quoted=e.quoted))
                elif k < len(words):
                    if c in file_short:
                        files.append(words[k])
                    seen.append(words[k].text)
                    k += 1
                break
    return k, files, seen


# Substitutions that print only the number of processors (as hook/precision.py reads them).
_PROCESSOR_COUNTS = ("$(nproc)", "$(nproc --all)", "`nproc`", "$(getconf _NPROCESSORS_ONLN)")
# Short options whose value is only a count: xargs -P/-n/-L/-s, parallel -j/-P/-n/-N/-L. Not
# -I (a replace string the guard must know: `xargs -I$(nproc) sh -c 2` runs each input line),
# nor -d, -E, -S (a host), -a.
_COUNT_LETTERS = "PjnNLs"


def _numeric_option(src, arg_short):
    """Is this word a count option glued to a substitution printing the number of processors
    (`-P$(nproc)`, `-j"$(nproc)"`)? Read as the command instead, it hid the real one."""
    return len(src) > 2 and src[0] == "-" and src[1] in arg_short and src[1] in _COUNT_LETTERS and \
        src[2:].replace('"', "") in _PROCESSOR_COUNTS


def _skip_assignments(words, k):
    """The words NAME=VALUE that env and sudo put in the environment: every word holding `=`
    (env takes any NAME, `env 'BASH_FUNC_ls%%=() { … }' bash x` defines a function for bash)."""
    while k < len(words) and not words[k].dynamic and "=" in words[k].text[1:]:
        k += 1
    return k


# sudo's long options (getopt_long: `--chd DIR` is --chdir)
_SUDO_LONG = ("--askpass", "--background", "--bell", "--close-from", "--chdir", "--preserve-env", "--edit", "--group",
              "--set-home", "--help", "--host", "--login", "--remove-timestamp", "--reset-timestamp", "--list",
              "--non-interactive", "--preserve-groups", "--prompt", "--chroot", "--role", "--stdin", "--shell", "--type",
              "--command-timeout", "--other-user", "--user", "--version", "--validate")


def _w_sudo(w, words, i, scope, cwd):
    name = words[i].text.rsplit("/", 1)[-1]
    if name == "doas":
        k, files, seen = _opts(words, i, "uC", (), file_short="")
    else:
        k, files, seen = _opts(
            words, i, "ugChprtTUR", ("--user", "--group", "--close-from", "--host", "--prompt", "--role", "--type", "--command-timeout", "--other-user"),
            file_short="D", file_long=("--chdir", "--chroot"), long_names=_SUDO_LONG,
        )
        if any(s in ("-e", "--edit") for s in seen):
            return None
        if any(s in ("-l", "--list", "-v", "--validate", "-k", "-K", "--reset-timestamp", "--remove-timestamp", "-V", "--version", "-h", "--help") for s in seen) and k >= len(words):
            return None
    k = _skip_assignments(words, k)
    if k >= len(words):
        return None
    chdir = None if name == "doas" else _sudo_chdir(words, i, k, cwd)
    if name != "doas" and _sudo_shell_mode(seen):
        # `sudo -s CMD`, `sudo -i CMD`: sudo joins the words into `$SHELL -c TEXT`, putting a
        # backslash before every character but letters, digits, `_`, `-` and `$`: so `$NAME` and
        # `$1` still expand there (`sudo -s 'cu$1rl' x` runs curl, `sudo -s rm -rf '$HOME'`
        # deletes the home folder), and the text is analysed as the shell will read it.
        rest = words[k:]
        text = " ".join("".join(c if c.isalnum() or c in "_-$" else "\\" + c for c in e.text) for e in rest)
        script = Exp(text, " ".join(e.src for e in rest), dynamic=any(e.dynamic for e in rest), quoted=True)
        return Wrapped(len(words), name + " -s", files, script=script, cwd=chdir)
    return Wrapped(k, name, files, cwd=chdir)


_SUDO_VALUE_LETTERS = "ugChprtTURD"


def _sudo_shell_mode(seen):
    """Do sudo's options (as _opts saw them) ask for the shell (-s, -i, --shell, --login)?"""
    for option in seen:
        if option.startswith("--"):
            if option.split("=", 1)[0] in ("--shell", "--login"):
                return True
            continue
        for c in option[1:]:
            if c in "si":
                return True
            if c in _SUDO_VALUE_LETTERS:
                break
    return False


def _sudo_chdir(words, i, k, cwd):
    """The folder `sudo -D DIR` (`-DDIR`, `--chdir DIR`, `--chdir=DIR`, `-nD DIR`) runs the command
    in, or None: relative operands are DIR's (`sudo -D ~/.local/bin cp x claude` writes there).
    A value built at run time is among the wrapper's files, which leaves the command undetermined."""
    return working_folder(words, i, k, cwd, (("D", ("--chdir",), False),), "ugChprtTUR")[0]


def folder_options(words, start, stop, options, value_shorts=""):
    """Yield (index of the option, index after its value, the value's Exp or None when unknown)
    for each option among words[start:stop] that names a folder. `options`: (short letter, long
    names, value only glued) each; a long name is also taken abbreviated (getopt_long), and a
    short letter glued after flags (`-nD DIR`, `-kCDIR`) unless a letter of `value_shorts` (an
    option taking a value) comes before it. An optional value left out (`nsenter -w`: the target
    process's folder) is unknown."""
    j = start
    while j < stop:
        e = words[j]
        t = e.text
        first = j
        j += 1
        if e.dynamic or t[:1] != "-" or t == "--":
            continue
        name, eq, glued = t.partition("=")
        found = None
        if t.startswith("--"):
            found = next((o for o in options if name in o[1]), None) or \
                next((o for o in options if len(name) >= 4 and any(n.startswith(name) for n in o[1])), None)
            if found is None:
                continue
            tail = glued if eq else ""
        else:
            for option in options:
                head, hit, rest = t[1:].partition(option[0]) if option[0] else ("", "", "")
                if hit and not any(c in value_shorts for c in head):
                    found, tail = option, rest
                    break
            if found is None:
                continue
        if tail or eq:
            value = Exp(tail, e.src, quoted=e.quoted)
        elif found[2]:
            value = None
        else:
            value = words[j] if j < stop else None
            j += 1
        yield first, j, value


def working_folder(words, i, k, cwd, options, value_shorts=""):
    """(the folder a wrapper's folder options (folder_options) move the command to, or None;
    whether that folder is unknown). The last one counts, from the folder the wrapper starts in."""
    found, unknown = None, False
    for _first, _end, value in folder_options(words, i + 1, k, options, value_shorts):
        if value is None or value.dynamic:
            unknown = True
        elif value.text:
            found = absolute(value.text, cwd)
    return found, unknown


_ENV_LONG_ARG = ("--unset", "--chdir", "--split-string", "--argv0")
_ENV_LONG = _ENV_LONG_ARG + ("--ignore-environment", "--null", "--debug", "--help", "--version", "--ignore-signal",
                             "--default-signal", "--block-signal", "--list-signal-handling")
# (-P ALTPATH: BSD and macOS env look the command up in ALTPATH; GNU env refuses the option)
_ENV_SHORT_ARG = {"u": "--unset", "C": "--chdir", "S": "--split-string", "a": "--argv0", "P": "-P"}


def _env_options(words, i):
    """(index after env's options, [(long option, value)]): GNU getopt as env uses it, so that
    bundles (`-iS CMD`, `-vS CMD`), glued values (`-SCMD`), a value in the next word
    (`--split-string CMD`), abbreviations (`--sp CMD`) and `-` (the old -i) are all read; each
    value is an Exp."""
    k = i + 1
    found = []
    while k < len(words):
        e = words[k]
        t = e.text
        if e.dynamic or not t.startswith("-"):
            break
        k += 1
        if t == "--":
            break
        if t == "-":
            continue  # `env - CMD`: -i
        if t.startswith("--"):
            opt, eq, val = t.partition("=")
            full = [n for n in _ENV_LONG if n.startswith(opt)]
            opt = opt if opt in _ENV_LONG else (full[0] if len(full) == 1 else opt)
            value = Exp(val, e.src, dynamic=e.dynamic, quoted=True)
            if opt in _ENV_LONG_ARG and not eq and k < len(words):
                value, k = words[k], k + 1
            found.append((opt, value))
            continue
        for j in range(1, len(t)):
            c = t[j]
            if c in _ENV_SHORT_ARG:
                if j + 1 < len(t):
                    value = Exp(t[j + 1:], e.src, dynamic=e.dynamic, quoted=True)
                elif k < len(words):
                    value, k = words[k], k + 1
                else:
                    value = Exp("", e.src, quoted=True)
                found.append((_ENV_SHORT_ARG[c], value))
                break
            found.append(("-" + c, None))
    return k, found


def _w_env(w, words, i, scope, cwd):
    k, found = _env_options(words, i)
    files = [v for o, v in found if o == "--chdir"]
    new_cwd = absolute(files[-1].text, cwd) if files and not files[-1].dynamic else None
    split = [v for o, v in found if o == "--split-string"]
    start, k = k, _skip_assignments(words, k)
    if split:
        rest = " ".join([split[-1].text] + [e.text for e in words[k:]])
        src = " ".join([split[-1].src] + [e.src for e in words[k:]])
        # (the words after the string; a string built at run time is read as far as it is known,
        # as before: `env -S "$(cat f) claude"` still shows the agent it starts)
        dynamic = any(e.dynamic for e in words[k:])
        return Wrapped(k, "env -S", files, script=Exp(rest, src, dynamic=dynamic, quoted=True), cwd=new_cwd)
    if k >= len(words):
        return None
    if not found and k > start:
        # `env NAME=value cmd` (no option): named with its assignments, which a role can allow
        # as it allows `NAME=value cmd` (the variables are judged as assignments either way)
        return Wrapped(k, " ".join(["env"] + [e.text for e in words[start:k]]), files, cwd=new_cwd)
    return Wrapped(k, "env", files, cwd=new_cwd)


def _simple_wrapper(arg_short="", arg_long=(), positional=0, file_short="", file_long=(), stop_flags=(), opt_short="",
                    long_names=(), chdir=None):
    """long_names: the wrapper's other long options, when all are known: then an abbreviation
    (`timeout --sig KILL 5 CMD`) is read as the option it abbreviates. chdir: (short letter,
    long names, value only glued) of each option that moves the command to another folder
    (`unshare --wd DIR`, `systemd-run --working-directory=DIR`, `nsenter -wDIR`, `-W DIR`)."""
    def handler(w, words, i, scope, cwd):
        k, files, seen = _opts(words, i, arg_short, arg_long, file_short=file_short, file_long=file_long,
                               opt_short=opt_short, long_names=long_names)
        if any(s in stop_flags for s in seen):
            return None
        if positional and k < len(words) and words[k].text.startswith("-") is False:
            pass
        k += positional
        if k >= len(words):
            return None
        folder = None
        if chdir is not None:
            folder, unknown = working_folder(words, i, k, cwd, chdir, arg_short)
            if unknown:  # (a folder the guard cannot know: the command's relative operands are undetermined)
                files = files + [Exp("", words[i].src + "'s working folder", dynamic=True, quoted=True)]
        return Wrapped(k, basename(words[i].text), files, cwd=folder)

    return handler


def _positional_wrapper(positional, arg_short="", arg_long=()):
    """`setarch ARCH [options] PROG`, `setuidgid USER PROG`, `logsave FILE PROG`: options, the
    wrapper's own words, options again, then the program."""
    def handler(w, words, i, scope, cwd):
        k = _opts(words, i, arg_short, arg_long)[0] + positional
        if k > len(words):
            return None
        k = _opts(words, k - 1, arg_short, arg_long)[0]
        if k >= len(words):
            return None
        return Wrapped(k, basename(words[i].text), [])

    return handler


def _w_command(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i)
    if any(s in ("-v", "-V") or ("v" in s[1:] or "V" in s[1:]) for s in seen):
        return None
    if k >= len(words):
        return None
    return Wrapped(k, "command", files)


def _w_exec(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "a")
    if k >= len(words):
        return None
    return Wrapped(k, "exec", files)


def _w_nice(w, words, i, scope, cwd):
    k = _opts(words, i, "n", ("--adjustment",), long_names=("--help", "--version"))[0]
    if k >= len(words):
        return None
    return Wrapped(k, "nice", [])


def _w_time(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "f", ("--format",), file_short="o", file_long=("--output",))
    # bash's keyword `time` times a pipeline, whose NAME=VALUE words are the command's environment
    # (`time GIT_SSH_COMMAND=curl git fetch`): taken as `env` takes them (/usr/bin/time cannot run them)
    from legant_guard.shell.sinks import assignment_words

    while k < len(words) and assignment_words(words[k:k + 1]):
        k += 1
    if k >= len(words):
        return None
    return Wrapped(k, "time", files)


def _w_chrt(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "TPD", ("--sched-runtime", "--sched-period", "--sched-deadline"))
    if any("p" in s[1:] and not s.startswith("--") or s == "--pid" for s in seen):
        return None
    k += 1  # priority
    if k >= len(words):
        return None
    return Wrapped(k, "chrt", files)


def _w_taskset(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i)
    if any("p" in s[1:] and not s.startswith("--") or s == "--pid" for s in seen):
        return None
    k += 1  # mask / cpu list
    if k >= len(words):
        return None
    return Wrapped(k, "taskset", files)


def _w_ionice(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "cnP", ("--class", "--classdata"))
    if any(s in ("-p", "--pid", "-P", "--pgid", "-u", "--uid") for s in seen):
        return None
    if k >= len(words):
        return None
    return Wrapped(k, "ionice", files)


def _w_flock(w, words, i, scope, cwd):
    # `flock -c CMD FILE`: getopt takes -c (and its command) before the lock file too
    k, files, seen = _opts(words, i, "Ewc", ("--conflict-exit-code", "--timeout", "--wait", "--command"),
                           long_names=_FLOCK_LONG)
    command = _flock_command(words, i, k)
    if command is not None:
        if k >= len(words):
            return None
        return Wrapped(len(words), "flock -c", [words[k]], script=command)
    if k >= len(words) or (words[k].text.isdigit() and k + 1 == len(words)):
        return None  # `flock 9`: locks a descriptor, runs nothing
    # (`flock -x 9 -c CMD`, `flock 9 CMD`: with a command after it, the number is a lock file's name)
    files.append(words[k])
    k += 1
    if k < len(words) and words[k].text in ("-c", "--command"):
        if k + 1 >= len(words):
            return None
        return Wrapped(k + 1, "flock -c", files, script=words[k + 1])
    if k >= len(words):
        return None
    return Wrapped(k, "flock", files)


def _w_watch(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "nq", ("--interval", "--equexit"))
    if k >= len(words):
        return None
    if any(s in ("-x", "--exec") or (not s.startswith("--") and "x" in s[1:]) for s in seen):
        return Wrapped(k, "watch", files)
    rest = words[k:]
    text = " ".join(e.text for e in rest)
    return Wrapped(k, "watch", files, script=Exp(text, text, dynamic=any(e.dynamic for e in rest), quoted=True))


_XARGS_LONG = ("--null", "--interactive", "--no-run-if-empty", "--open-tty", "--show-limits", "--verbose", "--exit",
               "--help", "--version", "--eof", "--replace", "--max-lines")


def _w_xargs(w, words, i, scope, cwd):
    # -e[EOF], -i[R], -l[N] (and --eof[=EOF], --replace[=R], --max-lines[=N]) take an optional,
    # glued argument only: read as taking the next word they would hide the command.
    k, files, seen = _opts(
        words, i, "dEILnPs", ("--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"),
        file_short="a", file_long=("--arg-file",), opt_short="eil", long_names=_XARGS_LONG,
    )
    if k >= len(words):
        return None  # runs echo
    replace = _xargs_replace(seen)
    if replace and replace in words[k].text:
        # the program itself is read from the input: `echo curl | xargs -I{} {} x`
        return Wrapped(k, "xargs", files, script=Exp("", words[k].src, dynamic=True))
    if replace:
        # code built from the input: `xargs -I{} sh -c {}` runs each input line as a script
        for j in range(k + 1, len(words)):
            prev = words[j - 1].text
            if replace in words[j].text and (prev in _CODE_OPTIONS or (
                    prev.startswith("-") and not prev.startswith("--") and prev.endswith("c"))):
                e = words[j]
                words[j] = Exp(e.text, e.src, dynamic=True, glob=e.glob, quoted=e.quoted, proc=e.proc)
    return Wrapped(k, "xargs", files, replace=replace)


_CODE_OPTIONS = frozenset(("-c", "-e", "-E", "--command", "--eval", "-r", "-p", "--print", "-x", "--exec"))


def _xargs_replace(seen):
    """The replace string of xargs -I R / -i[R] / --replace[=R], or None."""
    replace = None
    for j, s in enumerate(seen):
        if s == "--replace":
            replace = "{}"
        elif s.startswith("--replace="):
            replace = s.split("=", 1)[1] or "{}"
        elif s.startswith("-") and not s.startswith("--"):
            for m in range(1, len(s)):
                if s[m] == "I":
                    replace = s[m + 1:] or (seen[j + 1] if j + 1 < len(seen) else None)
                    break
                if s[m] == "i":
                    replace = s[m + 1:] or "{}"
                    break
                if s[m] in "dEnPsLa":
                    break
    return replace


# GNU parallel's long options that take a value (a word the command would otherwise start with)
_PARALLEL_ARG_LONG = ("--jobs", "--sshlogin", "--delimiter", "--colsep", "--timeout", "--delay", "--tmpdir",
                      "--tagstring", "--retries", "--max-args", "--max-replace-args", "--halt", "--memfree", "--load",
                      "--env", "--basefile", "--bf", "--return", "--transferfile", "--tf", "--workdir", "--wd",
                      "--sshloginfile", "--slf", "--trim", "--rpl", "--arg-sep", "--arg-file-sep", "--block",
                      "--block-size", "--header", "--nice", "--profile", "--memsuspend", "--sshdelay",
                      "--termseq", "--group-by", "--template", "--limit", "--ssh", "--compress-program",
                      "--decompress-program", "--filter", "--max-procs", "--max-chars", "--max-lines",
                      "--cpus-per-job", "--hostgroups", "--results", "--res", "--seqreplace", "--shellquote-hosts")
# Values parallel runs: a program (`--ssh`, `--compress-program`, `--limit CMD`), perl code
# (`--rpl`, `--filter`, `{= … =}` anywhere), or a remote host it reaches through ssh.
_PARALLEL_RUNS = ("--ssh", "--compress-program", "--decompress-program", "--limit")
_PARALLEL_PERL = ("--rpl", "--filter", "--seqreplace")
_PARALLEL_HOSTS = ("-S", "--sshlogin", "--slf", "--sshloginfile")


def _parallel_sinks(w, words, i, k, scope, cwd):
    """Judge what parallel's own options run (analyze.py's run_sink): programs, perl code, ssh."""
    from legant_guard.shell import sinks as S

    j = i + 1
    while j < k:
        e = words[j]
        opt, eq, val = e.text.partition("=")
        value = Exp(val, e.src, dynamic=e.dynamic, quoted=True) if eq else (words[j + 1] if j + 1 < k else None)
        j += 1 if eq or value is None else 2
        if opt.startswith("-S") and not opt.startswith("--") and len(opt) > 2:
            opt, value = "-S", Exp(opt[2:], e.src, dynamic=e.dynamic, quoted=True)
        if value is None:
            continue
        if opt in _PARALLEL_RUNS:
            w.run_sink(S.Sink("parallel " + opt, "shell", "parallel runs this program", value), scope, ["parallel"], cwd)
        elif opt in _PARALLEL_PERL:
            w.run_sink(S.Sink("parallel " + opt, "code", "parallel evaluates this as perl code", value),
                       scope, ["parallel"], cwd)
        elif opt in _PARALLEL_HOSTS and (value.dynamic or value.text.strip() not in (":", "")):
            w.run_sink(S.Sink("parallel " + opt, "shell", "parallel runs its jobs on these hosts through ssh",
                              Exp("ssh " + quote(value.text), value.src, dynamic=value.dynamic, quoted=True)),
                       scope, ["parallel"], cwd)


def _w_parallel(w, words, i, scope, cwd):
    k, files, seen = _opts(
        words, i, "jSdENnLPIXC", _PARALLEL_ARG_LONG,
        file_short="a", file_long=("--arg-file", "--joblog", "--results"),
    )
    _parallel_sinks(w, words, i, k, scope, cwd)
    if any("{=" in e.text for e in words[i + 1:]):
        # `{= perl code =}` in the command, an argument or a value: parallel evaluates it
        return Wrapped(len(words), "parallel", files, script=Exp("", "{= … =}", dynamic=True))
    end = k
    while end < len(words) and words[end].text not in (":::", "::::", ":::+", "::::+"):
        end += 1
    if k >= end:
        if end == len(words) or any(e.text in ("::::", "::::+") for e in words[end:]):
            if any(x in ("--version", "--help", "-h", "--citation", "--number-of-cpus", "--number-of-cores") for x in seen):
                return None
            # no command and no ::: list: every line of its input (or of a :::: file) is a command
            return Wrapped(len(words), "parallel", files, script=Exp("", "its input", dynamic=True))
        if end < len(words):
            # no command: every argument is a command line (`parallel ::: 'curl x'`)
            lines = [e for e in words[end:] if e.text not in (":::", "::::", ":::+", "::::+")]
            text = "\n".join(e.text for e in lines)
            return Wrapped(k, "parallel", files, script=Exp(text, text, dynamic=any(e.dynamic for e in lines), quoted=True))
        return None
    # The command words (re-read by a shell) followed by the argument lists as operands.
    cmd_words = words[k:end]
    args = [e for e in words[end:] if e.text not in (":::", "::::", ":::+", "::::+")]
    if "{" in cmd_words[0].text:
        # the program itself comes from the arguments: `parallel {} ::: curl`
        return Wrapped(k, "parallel", files, script=Exp("", cmd_words[0].src, dynamic=True))
    arg_files, mode = [], None
    for e in words[end:]:
        if e.text in (":::", "::::", ":::+", "::::+"):
            mode = e.text
        elif mode in ("::::", "::::+"):
            arg_files.append(e)
    arg_file_option = any(t.startswith("--arg-file") or (t[:1] == "-" and t[1:2] != "-" and "a" in t[1:]) for t in seen)
    if end == len(words) or arg_file_option or arg_files:
        # arguments read from its input, an -a file or a :::: file: operands not known here
        files = files + arg_files
        if all(_plain_word(e) for e in cmd_words):
            return Wrapped(k, "parallel", files)  # judged like xargs (operands from input)
        return Wrapped(k, "parallel", files, script=Exp("", " ".join(e.src for e in cmd_words), dynamic=True))
    # a glob argument (`::: .e*`) was expanded by the shell before parallel saw it: keep the pattern
    text = " ".join([e.text for e in cmd_words] + [e.text if e.glob and _plain_word(e) else quote(e.text) for e in args])
    return Wrapped(k, "parallel", files, script=Exp(text, text, dynamic=any(e.dynamic for e in cmd_words + args), quoted=True))


def _plain_word(e):
    """A word a shell re-reading it would leave as it is (no quoting, expansion or operator)."""
    return not e.dynamic and e.text and not any(c in e.text for c in " \t\n;&|<>()$`'\"\\{}!#~=")


def _w_entr(w, words, i, scope, cwd):
    """`entr CMD` runs CMD when a file changes; `entr -s 'CODE'` hands CODE to a shell."""
    k, files, seen = _opts(words, i)
    if k >= len(words):
        return None
    if any(s.startswith("-") and not s.startswith("--") and "s" in s[1:] for s in seen):
        return Wrapped(len(words), "entr -s", files, script=words[k])
    return Wrapped(k, "entr", files)


def _w_busybox(w, words, i, scope, cwd):
    k = i + 1
    if k < len(words) and words[k].text.startswith("--coreutils-prog="):
        # `coreutils --coreutils-prog=env curl x` runs `env curl x`
        e = words[k]
        words[k] = Exp(e.text.split("=", 1)[1], e.src, dynamic=e.dynamic, quoted=True)
        return Wrapped(k, basename(words[i].text), [])
    if k >= len(words) or words[k].text.startswith("-"):
        return None
    return Wrapped(k, "busybox", [])


# The desktop's file tools: each subcommand is a program the guard knows (red team 33: `gio trash
# .claude`, `gio move .claude x` took a hook config folder away; `gio open URL` is xdg-open).
_FILE_MANAGER_COMMANDS = {
    "gio": {"trash": "trash", "remove": "rm", "rm": "rm", "move": "mv", "mv": "mv", "rename": "mv", "copy": "cp",
            "cp": "cp", "cat": "cat", "save": "tee", "mkdir": "mkdir", "list": "ls", "ls": "ls", "info": "stat",
            "tree": "tree", "open": "xdg-open"},
    "kioclient": {"move": "mv", "mv": "mv", "copy": "cp", "cp": "cp", "remove": "rm", "rm": "rm", "cat": "cat",
                  "ls": "ls", "exec": "xdg-open", "download": "cp"},
    "gtrash": {"put": "trash"},
}
_FILE_MANAGER_COMMANDS["kioclient5"] = _FILE_MANAGER_COMMANDS["kioclient6"] = _FILE_MANAGER_COMMANDS["kioclient"]
# Older names of gio's subcommands, and trash-cli's look-alikes: the program they are.
_FILE_MANAGER_PROGRAMS = {"gvfs-mv": "mv", "gvfs-rm": "rm", "gvfs-trash": "trash", "gvfs-copy": "cp", "gvfs-cat": "cat",
                          "gvfs-save": "tee", "gvfs-open": "xdg-open", "gvfs-ls": "ls", "gvfs-mkdir": "mkdir",
                          "gvfs-rename": "mv", "rmtrash": "trash"}


def _w_file_manager(w, words, i, scope, cwd):
    """`gio trash F` is `trash F`, `gio move A B` is `mv A B`, `gvfs-rm F` is `rm F`: the command
    judged as the program it is. `gio rename F NAME` names F's new name in F's own folder."""
    name = basename(words[i].text)
    if name in _FILE_MANAGER_PROGRAMS:
        e = words[i]
        words[i] = Exp(_FILE_MANAGER_PROGRAMS[name], e.src, dynamic=e.dynamic, quoted=True)
        return Wrapped(i, name, [])
    k = i + 1
    while k < len(words) and words[k].text.startswith("-"):
        k += 1
    program = _FILE_MANAGER_COMMANDS[name].get(words[k].text) if k < len(words) and not words[k].dynamic else None
    if program is None:
        return None
    if name == "gio" and words[k].text == "rename":
        operands = [j for j in range(k + 1, len(words)) if not words[j].text.startswith("-")]
        if len(operands) == 2 and not words[operands[0]].dynamic and "/" in words[operands[0]].text.rstrip("/"):
            e = words[operands[1]]
            folder = words[operands[0]].text.rstrip("/").rsplit("/", 1)[0]
            words[operands[1]] = Exp(folder + "/" + e.text, e.src, dynamic=e.dynamic, quoted=True)
    e = words[k]
    words[k] = Exp(program, e.src, dynamic=False, quoted=True)
    return Wrapped(k, name, [])


def _w_su(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "csgGwu", ("--command", "--shell", "--group", "--supp-group", "--whitelist-environment",
                                               "--session-command", "--user"))
    script = shell = None
    for j, s in enumerate(seen):
        if s in ("-c", "--command", "--session-command") and j + 1 < len(seen):
            script = seen[j + 1]
        elif s.startswith(("--command=", "--session-command=")):
            script = s.split("=", 1)[1]
        elif s in ("-s", "--shell") and j + 1 < len(seen):
            shell = seen[j + 1]
        elif s.startswith("--shell="):
            shell = s.split("=", 1)[1]
    name = basename(words[i].text)
    if script is not None and shell is not None:
        # `su -s PROG -c X root` runs `PROG -c X`: the shell is whatever -s names
        script = "%s -c %s" % (quote(shell), quote(script))
    if name == "runuser":
        k2 = k
        if k2 < len(words) and script is None:
            return Wrapped(k2, "runuser", files)
    if script is None:
        return None  # interactive login shell
    return Wrapped(len(words), name + " -c", files, script=Exp(script, script, quoted=True))


def _w_capsh(w, words, i, scope, cwd):
    """`capsh ... -- -c CODE`: the words after `--` go to bash."""
    for k in range(i + 1, len(words)):
        if not words[k].dynamic and words[k].text == "--":
            rest = words[k + 1:]
            if len(rest) >= 2 and not rest[0].dynamic and rest[0].text == "-c":
                return Wrapped(len(words), "capsh -c", [], script=rest[1])
            return None
    return None


# Options of a runner that take the next word as their value (`uv run --with pytest X`: X runs,
# not pytest), and those whose value is a file the runner reads or the folder it runs in.
_RUNNER_VALUES = {
    "uv": ("--with", "-w", "--with-editable", "--with-requirements", "--python", "-p", "--package", "--extra",
           "--no-extra", "--group", "--no-group", "--only-group", "--env-file", "--index", "--default-index",
           "--index-url", "-i", "--extra-index-url", "--find-links", "-f", "--upgrade-package", "-P",
           "--reinstall-package", "--index-strategy", "--keyring-provider", "--resolution", "--prerelease",
           "--fork-strategy", "--exclude-newer", "--exclude-newer-package", "--no-build-isolation-package",
           "--config-setting", "-C", "--link-mode", "--no-build-package", "--no-binary-package", "--refresh-package",
           "--python-preference", "--python-platform", "--cache-dir", "--color", "--config-file", "--directory",
           "--project", "--allow-insecure-host", "--script"),
    "poetry": ("--directory", "-C", "--project", "-P"),
    "pdm": ("--project", "-p", "--venv", "-g"),
    "conda": ("-n", "--name", "-p", "--prefix", "--cwd"),
    "mise": ("-C", "--cd", "-E", "--env", "-j", "--jobs"),
    "npm": ("--package", "-p", "--workspace", "-w", "--prefix", "-c", "--call"),
    "pnpm": ("-C", "--dir", "--filter", "-F", "--package"),
    "yarn": ("--cwd",),
    "hatch": ("-e", "--env"),
    # (red team 32: `volta run --node 18 curl x` read 18 as the command)
    "volta": ("--node", "--npm", "--pnpm", "--yarn", "--env"),
    "fnm": ("--using", "--log-level", "--arch", "--fnm-dir", "--node-dist-mirror"),
}
_RUNNER_VALUES.update({"pueue": ("-d", "--working-directory", "-g", "--group", "-a", "--after", "-l", "--label",
                                  "--delay", "--priority", "-o"),
                       "pm2": ("--name", "-n", "--interpreter", "--instances", "-i", "--cwd", "--log", "-l",
                               "--output", "-o", "--error", "-e", "--max-memory-restart", "--node-args", "--env"),
                       "mamba": _RUNNER_VALUES["conda"], "micromamba": _RUNNER_VALUES["conda"],
                       "pixi": ("-e", "--environment", "--manifest-path", "-w", "--with", "--spec", "-s"),
                       "devbox": ("-c", "--config", "-e", "--env", "--env-file")})
_RUNNER_FILES = {"uv": ("--env-file", "--with-requirements", "--config-file", "--directory", "--project"),
                 "poetry": ("--directory", "-C", "--project", "-P"), "pdm": ("--project", "-p", "--venv")}
_RUNNER_DIRS = {"uv": ("--directory",), "poetry": ("--directory", "-C")}


def _w_runner(sub_words):
    """`uv run X`, `poetry run X`, `bundle exec X`: run X after the subcommand (and after the
    runner's options, with the values of those that take one)."""
    subs = frozenset(sub_words.split())

    def handler(w, words, i, scope, cwd):
        name = basename(words[i].text)
        values, reads, dirs = (_RUNNER_VALUES.get(name, ()), _RUNNER_FILES.get(name, ()), _RUNNER_DIRS.get(name, ()))
        files = []
        run_in = None

        def skip_options(k, stop_at_dashes):
            nonlocal run_in
            while k < len(words) and words[k].text.startswith("-") and not words[k].dynamic:
                text = words[k].text
                if text == "--" and stop_at_dashes:
                    return k + 1
                opt, eq, val = text.partition("=")
                k += 1
                if opt in values:
                    value = Exp(val, words[k - 1].src, quoted=words[k - 1].quoted) if eq else \
                        (words[k] if k < len(words) else None)
                    k += 0 if eq else 1
                    if value is not None and opt in reads:
                        files.append(value)
                        if opt in dirs and not value.dynamic:
                            run_in = absolute(value.text, cwd)
            return k

        k = skip_options(i + 1, False)
        if k >= len(words) or words[k].text not in subs:
            return None
        k = skip_options(k + 1, True)
        if k >= len(words):
            return None
        # The runner's own words (subcommand and options: `uv run --with=x`) stay visible, so a
        # command allow-list can hold the runner to its plain forms (hook/cmdforms.py).
        own = " ".join(words[j].text for j in range(i + 1, k) if words[j].text != "--")
        return Wrapped(k, basename(words[i].text) + " " + own, files, cwd=run_in)

    return handler


def _w_js_runner(sub_words):
    """pnpm, yarn and uv as runners of `exec`/`run` (_w_runner), then of what
    shell/packagerunners.py reads (`pnpm curl`: a word no pnpm command nor script runs as a
    command; `yarn workspaces foreach exec`; `npx -p PKG CMD`; `uvx --from PKG CMD`)."""
    runner = _w_runner(sub_words) if sub_words else None

    def handler(w, words, i, scope, cwd):
        name = basename(words[i].text)
        from legant_guard.shell import packagerunners

        if name == "pnpm":  # (its exec read there too: `-c` makes its command a shell line)
            return packagerunners.pnpm(words, i, cwd)
        found = runner(w, words, i, scope, cwd) if runner else None
        if found is not None:
            return found
        return getattr(packagerunners, name)(words, i, cwd)

    return handler


_COVERAGE_VALUES = ("--rcfile", "--data-file", "--include", "--omit", "--source", "--concurrency", "--context",
                    "--debug", "--save-signal")


def _w_coverage(w, words, i, scope, cwd):
    """`coverage run [OPTIONS] -m MODULE ARGS` is `python -m MODULE ARGS` (and `coverage run FILE`
    is `python FILE`): the module runs as python runs it (`coverage run -m http.server` served the
    project where `python -m http.server` is refused). The data file it writes (`--data-file=F`:
    `coverage run --data-file=.claude/settings.json x.py` replaced the hook config with a
    database) is a write of its own (red team 32)."""
    k = i + 1
    if k >= len(words) or words[k].dynamic or words[k].text != "run":
        return None
    k += 1
    module = False
    files, rcfiles = [], []
    while k < len(words) and not words[k].dynamic and words[k].text.startswith("-"):
        text = words[k].text
        k += 1
        if text == "--":
            break
        name, eq, value = text.partition("=")
        if name in ("-m", "--module") or (not text.startswith("--") and "m" in text[1:]):
            module = True
        elif name in _COVERAGE_VALUES:
            if name == "--data-file":
                files.append(Exp(value, words[k - 1].src, quoted=True) if eq else words[k] if k < len(words) else None)
            elif name == "--rcfile":  # (read: `coverage run --rcfile=.env x.py` printed it in its error)
                rcfiles.append(Exp(value, words[k - 1].src, quoted=True) if eq else
                               words[k] if k < len(words) else Exp("", "(missing value)", dynamic=True))
            k += 0 if eq else 1
    if k >= len(words):
        return None
    for f in files:  # (written as git's trace file is: an EnvPath with fs.write, judged as a write)
        if f is None or f.dynamic:
            w.unknown(None, "the data file `coverage run` writes (a value built at run time)")
        else:
            from legant_guard.shell.analyze import EnvPath

            w.env_paths.append(EnvPath("coverage run --data-file", absolute(f.text, cwd), "fs.write"))
    rest = words[k:]
    text = ("python3 -m " if module else "python3 ") + " ".join(e.src for e in rest)
    return Wrapped(len(words), "coverage run", rcfiles,
                   script=Exp(text, text, dynamic=any(e.dynamic for e in rest), quoted=True))


def _w_mise(w, words, i, scope, cwd):
    """`mise exec|x [OPTIONS] [TOOL@VERSION]... -- CMD` (and rtx, its old name): the tool specs
    before `--` are no program (`mise x python@3.11 -- rm -rf ~` was judged as `python@3.11`);
    `-c/--command STRING` runs STRING in a shell; with neither it starts an interactive shell."""
    values = _RUNNER_VALUES["mise"]
    k, run_in = i + 1, None
    while k < len(words) and words[k].text not in ("exec", "x"):
        if not words[k].text.startswith("-") or words[k].dynamic:
            return None
        if words[k].text in ("-C", "--cd") and k + 1 < len(words) and not words[k + 1].dynamic:
            run_in = absolute(words[k + 1].text, cwd)
        k += 2 if words[k].text in values else 1
    k += 1
    while k < len(words):
        text = words[k].text
        if words[k].dynamic:
            return None
        if text == "--":
            return Wrapped(k + 1, basename(words[i].text) + " exec", [], cwd=run_in)
        if text in ("-c", "--command") and k + 1 < len(words):
            return Wrapped(len(words), basename(words[i].text) + " exec -c", [], script=words[k + 1], cwd=run_in)
        if text.startswith("--command="):
            return Wrapped(len(words), basename(words[i].text) + " exec -c", [],
                           script=Exp(text.split("=", 1)[1], words[k].src, quoted=True), cwd=run_in)
        if text in ("-C", "--cd") and k + 1 < len(words) and not words[k + 1].dynamic:
            run_in = absolute(words[k + 1].text, cwd)
        k += 2 if text in values else 1
    return None


def _w_direnv(w, words, i, scope, cwd):
    """`direnv exec DIR CMD`: CMD runs with DIR's environment (DIR's .envrc is loaded), in the
    working folder."""
    if i + 3 >= len(words) or words[i + 1].text != "exec":
        return None
    return Wrapped(i + 3, "direnv", [words[i + 2]])


def _w_xcrun(w, words, i, scope, cwd):
    """`xcrun [--sdk SDK] TOOL ARGS` runs TOOL; `-f`/`--find` only prints where it is."""
    k, files, seen = _opts(words, i, "", ("--sdk", "--toolchain"))
    if k >= len(words) or any(s in ("-f", "--find", "--show-sdk-path", "--show-sdk-version") for s in seen):
        return None
    return Wrapped(k, "xcrun", files)


def _w_valgrind(w, words, i, scope, cwd):
    """valgrind runs its command; `--db-command=CMD` (with --db-attach) runs CMD, and its
    `--log-file=`, `--xml-file=`, `--*-out-file=` files are written."""
    from legant_guard.shell import sinks as S

    k, files, seen = _opts(words, i)
    for e in words[i + 1:k]:
        opt, eq, value = e.text.partition("=")
        if not eq:
            continue
        if opt == "--db-command":
            w.run_sink(S.Sink("valgrind --db-command", "shell", "valgrind runs this debugger command",
                              Exp(value, e.src, dynamic=e.dynamic, quoted=True)), scope, ["valgrind"], cwd)
        elif opt in ("--log-file", "--xml-file") or opt.endswith("-out-file"):
            files.append(Exp(value, e.src, dynamic=e.dynamic, quoted=True))
    if k >= len(words):
        return None
    return Wrapped(k, "valgrind", files)


def _w_cmd(w, words, i, scope, cwd):
    """Windows' `cmd /c LINE` (or /k, /r) under WSL: the rest of the words is a command line."""
    for k in range(i + 1, len(words)):
        t = words[k].text.lower()
        if t in ("/c", "/k", "/r"):
            rest = words[k + 1:]
            text = " ".join(e.text for e in rest)
            return Wrapped(len(words), "cmd /c", [], script=Exp(text, " ".join(e.src for e in rest),
                                                                 dynamic=any(e.dynamic for e in rest), quoted=True))
        if not t.startswith("/"):
            break
    return None


def _w_chroot(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "", ("--userspec", "--groups"))
    if k >= len(words):
        return None
    files.append(words[k])
    k += 1
    if k >= len(words):
        return None
    return Wrapped(k, "chroot", files)


_SCRIPT_ARG_LONG = ("--command", "--echo", "--timing", "--log-timing", "--log-in", "--log-out", "--log-io",
                    "--logging-format", "--output-limit")
_SCRIPT_LONG = _SCRIPT_ARG_LONG + ("--append", "--return", "--flush", "--force", "--quiet", "--help", "--version")


def _w_script(w, words, i, scope, cwd):
    k, files, seen = _opts(words, i, "cETIOBmo", _SCRIPT_ARG_LONG, long_names=_SCRIPT_LONG)
    script = None
    j = 0
    while j < len(seen):
        s = seen[j]
        if s.startswith("--command="):  # (`--command=CMD`, `--comm=CMD`: _opts spells the option out)
            script = s.split("=", 1)[1]
        elif s in ("-c", "--command") or (s.startswith("-") and not s.startswith("--") and "c" in s[1:]):
            if j + 1 < len(seen):
                script = seen[j + 1]
            j += 1  # (the value is no option)
        j += 1
    if script is None:
        return None
    return Wrapped(len(words), "script -c", words[k:], script=Exp(script, script, quoted=True))


# flock's long options (getopt_long: `--com CMD` is --command)
_FLOCK_LONG = ("--shared", "--exclusive", "--unlock", "--nonblock", "--nb", "--timeout", "--wait",
               "--conflict-exit-code", "--close", "--command", "--fcntl", "--no-fork", "--verbose", "--help", "--version")


def _flock_command(words, i, k):
    """The command of a `-c CMD` / `--command=CMD` (or `--com CMD`) among flock's options
    words[i+1:k], or None."""
    j = i + 1
    while j < k:
        t = words[j].text
        name = t.split("=", 1)[0]
        if len(name) >= 5 and "--command".startswith(name):
            t = "--command" + t[len(name):]
        if t in ("-c", "--command") and j + 1 < k:
            return words[j + 1]
        if t.startswith("--command="):
            return Exp(t.split("=", 1)[1], words[j].src, dynamic=words[j].dynamic, quoted=True)
        if t.startswith("-c") and not t.startswith("--") and len(t) > 2:
            return Exp(t[2:], words[j].src, dynamic=words[j].dynamic, quoted=True)
        j += 1
    return None


# `cmake -E TOOL ARGS`: cmake's portable commands, read as the shell commands they are (a
# file they copy, delete or print meets the same rules); `env`, `time` and `chdir DIR` run the
# command after them. A tool not listed here is undetermined.
_CMAKE_TOOLS = {
    "cat": "cat", "compare_files": "cmp", "copy": "cp", "copy_if_different": "cp", "copy_directory": "cp -r",
    "copy_directory_if_different": "cp -r", "create_symlink": "ln -s", "create_hardlink": "ln", "echo": "echo",
    "echo_append": "echo", "environment": "env", "make_directory": "mkdir -p", "md5sum": "md5sum",
    "sha1sum": "sha1sum", "sha224sum": "sha224sum", "sha256sum": "sha256sum", "sha384sum": "sha384sum",
    "sha512sum": "sha512sum", "remove": "rm", "remove_directory": "rm -rf", "rename": "mv", "rm": "rm",
    "sleep": "sleep", "tar": "tar", "touch": "touch", "touch_nocreate": "touch -c", "true": "true",
    "false": "false", "env": "env", "time": "", "chdir": "", "capabilities": "true",
}
# `cmake -DCMAKE_C_COMPILER_LAUNCHER=PROG`: cache variables naming a program cmake or the build runs
_CMAKE_PROGRAM_SUFFIXES = ("_COMPILER", "_COMPILER_LAUNCHER", "_LINKER_LAUNCHER", "_CLANG_TIDY", "_CPPCHECK",
                           "_CPPLINT", "_INCLUDE_WHAT_YOU_USE", "_CROSSCOMPILING_EMULATOR", "_MAKE_PROGRAM",
                           "_LINKER", "_AR", "_RANLIB")
# cache variables naming files of CMake code cmake runs (a toolchain file, project includes, rule overrides)
_CMAKE_SCRIPT_SUFFIXES = ("_TOOLCHAIN_FILE", "_INCLUDE", "_INCLUDE_BEFORE", "_INCLUDES", "_OVERRIDE")


def _w_cmake(w, words, i, scope, cwd):
    if i + 1 < len(words) and words[i + 1].text == "-E" and not words[i + 1].dynamic:
        tool = words[i + 2] if i + 2 < len(words) else None
        rest = words[i + 3:]
        if tool is None:
            return None
        dynamic = tool.dynamic or tool.text not in _CMAKE_TOOLS or any(e.dynamic for e in rest)
        if tool.text == "chdir" and rest:
            text = "cd %s && %s" % (quote(rest[0].text), " ".join(quote(e.text) for e in rest[1:]))
        elif tool.text.startswith("copy_directory") and len(rest) > 1:
            # copy_directory puts what each source folder holds into the last one (`cp -r SRC/. DST`,
            # not `cp -r SRC DST`, which writes DST/SRC/...)
            text = " ".join(["cp -r"] + [quote(e.text.rstrip("/") + "/.") for e in rest[:-1]] + [quote(rest[-1].text)])
        else:
            text = " ".join([_CMAKE_TOOLS.get(tool.text, "")] + [quote(e.text) for e in rest]).strip()
        src = " ".join(e.src for e in words[i + 1:])
        return Wrapped(len(words), "cmake -E " + tool.src, [], script=Exp(text or "true", src, dynamic=dynamic, quoted=True))
    from legant_guard.shell import sinks as S

    for k in range(i + 1, len(words)):
        e = words[k]
        if e.text == "-D" and k + 1 < len(words):
            e = words[k + 1]
        elif not e.text.startswith("-D"):
            continue
        else:
            e = Exp(e.text[2:], e.src, dynamic=e.dynamic, quoted=True)
        name, eq, value = e.text.partition("=")
        name = name.split(":", 1)[0]
        if e.dynamic or (eq and name.startswith("CMAKE_") and name.endswith(_CMAKE_PROGRAM_SUFFIXES) and value):
            sink = S.Sink("cmake -D" + name, "shell", "cmake (or the build it writes) runs the program this variable "
                          "names", Exp(value.replace(";", " "), e.src, dynamic=e.dynamic, quoted=True))
            w.run_sink(sink, scope, ["cmake"], cwd)
        elif eq and (name.startswith("CMAKE_") and name.endswith(_CMAKE_SCRIPT_SUFFIXES) or
                     name.startswith("CMAKE_USER_MAKE_RULES_OVERRIDE")) and \
                any(v.startswith(S._make_file_prefixes()) for v in value.split(";")):
            # `-DCMAKE_TOOLCHAIN_FILE=/dev/stdin`: CMake code read from the input (red team 37)
            w.run_sink(S.Sink("cmake -D" + name, "code", "cmake runs the CMake script this variable names "
                              "(`execute_process` runs any command), here from its input or a descriptor",
                              Exp(value, e.src, quoted=True)), scope, ["cmake"], cwd)
    _cmake_native_options(w, words, i, scope, cwd)
    return None


def _cmake_native_options(w, words, i, scope, cwd):
    """`cmake --build DIR -- ARGS`: cmake hands ARGS to the build tool it generated for (make or
    ninja), so they are judged as that tool's own (`-- --eval=CODE`, `-- -f /dev/stdin`; red team 37)."""
    from legant_guard.shell import sinks as S

    k = next((j for j in range(i + 1, len(words)) if words[j].text == "--" and not words[j].dynamic), None)
    if k is None or k + 1 >= len(words) or not any(e.text == "--build" for e in words[i + 1:k]):
        return
    rest = words[k + 1:]
    for tool in ("make", "ninja"):
        for sink in S.find(tool, rest):
            w.run_sink(S.Sink("cmake --build -- " + sink.label, sink.payload, sink.reason, sink.value),
                       scope, ["cmake"], cwd)


def _w_strace(w, words, i, scope, cwd):
    """strace runs its command; `-o |CMD` (or `!CMD`) pipes the trace into CMD, and `-E NAME=V`
    puts NAME in the command's environment."""
    from legant_guard.shell import sinks as S

    k, files, seen = _opts(words, i, "abeEIOpPsSuUX", ("--attach", "--trace", "--signal", "--status", "--env",
                                                      "--string-limit", "--summary-sort-by", "--user", "--trace-path",
                                                      "--const-print-style", "--columns", "--detach-on",
                                                      "--summary-columns", "--interruptible", "--overhead"),
                           file_short="o", file_long=("--output",))
    for f in files:
        if f.dynamic or f.text.startswith(("|", "!")):
            w.run_sink(S.Sink("strace -o", "shell", "strace pipes its trace into this command",
                              Exp(f.text[1:], f.src, dynamic=f.dynamic, quoted=True)), scope, ["strace"], cwd)
    for j, s in enumerate(seen):
        value = s[2:] if s.startswith("-E") and len(s) > 2 else s[6:] if s.startswith("--env=") else \
            seen[j + 1] if s in ("-E", "--env") and j + 1 < len(seen) else None
        if value and "=" in value:
            name, _, val = value.partition("=")
            w.environment_sink(name, Exp(val, val, quoted=True), scope, ["strace"])
    files = [f for f in files if not (f.dynamic or f.text.startswith(("|", "!")))]
    if k >= len(words):
        return None
    return Wrapped(k, "strace", files)


# Codex's own sandboxes run a command the way Codex runs its shell tool (red team #34): `codex sandbox
# linux|macos|windows [--full-auto] [-c K=V] [--] CMD…` (`codex debug landlock|seatbelt` before), whose
# workspace-write policy lets CMD write the project (`.claude/` included) and whose configuration may
# turn the sandbox off; and the helper binary itself, `codex-linux-sandbox --sandbox-policy P -- CMD`.
_CODEX_SANDBOXES = {"sandbox": ("linux", "macos", "windows", "landlock", "seatbelt"), "debug": ("landlock", "seatbelt")}
_CODEX_VALUES = ("-c", "--config", "-p", "--profile", "--enable", "--disable", "-C", "--cd")


def _w_codex(w, words, i, scope, cwd):
    k = i + 1
    while k < len(words) and words[k].text.startswith("-") and not words[k].dynamic:
        k += 2 if words[k].text in _CODEX_VALUES else 1
    if k + 1 >= len(words) or words[k].text not in _CODEX_SANDBOXES or \
            words[k + 1].text not in _CODEX_SANDBOXES[words[k].text]:
        return None
    j = k + 2
    while j < len(words) and words[j].text.startswith("-") and not words[j].dynamic:
        j += 1
        if words[j - 1].text == "--":
            break
        if words[j - 1].text in _CODEX_VALUES:
            j += 1
    return Wrapped(j, "codex %s %s" % (words[k].text, words[k + 1].text), []) if j < len(words) else None


def _w_codex_helper(w, words, i, scope, cwd):
    k = next((j for j in range(i + 1, len(words)) if words[j].text == "--" and not words[j].dynamic), None)
    return Wrapped(k + 1, "codex-linux-sandbox", []) if k is not None and k + 1 < len(words) else None


WRAPPERS = {
    "codex": _w_codex, "codex-linux-sandbox": _w_codex_helper,
    "sudo": _w_sudo, "doas": _w_sudo, "env": _w_env, "command": _w_command, "exec": _w_exec,
    "nice": _w_nice, "time": _w_time, "nohup": _simple_wrapper(),
    "timeout": _simple_wrapper("sk", ("--signal", "--kill-after"), positional=1,
                               long_names=("--preserve-status", "--foreground", "--verbose", "--help", "--version")),
    "stdbuf": _simple_wrapper("ioe", ("--input", "--output", "--error"), long_names=("--help", "--version")),
    "setsid": _simple_wrapper(), "ionice": _w_ionice, "chrt": _w_chrt, "taskset": _w_taskset,
    "flock": _w_flock, "watch": _w_watch, "xargs": _w_xargs, "parallel": _w_parallel,
    "busybox": _w_busybox, "coreutils": _w_busybox, "builtin": _simple_wrapper(), "su": _w_su, "runuser": _w_su,
    "caffeinate": _simple_wrapper("tw"), "unbuffer": _simple_wrapper(), "chroot": _w_chroot,
    "script": _w_script, "strace": _w_strace, "cmake": _w_cmake,
    "ltrace": _simple_wrapper("esuSnpP", file_short="o"), "torsocks": _simple_wrapper(),
    "proxychains": _simple_wrapper(file_short="f"), "proxychains4": _simple_wrapper(file_short="f"),
    "firejail": _simple_wrapper(), "fakeroot": _simple_wrapper(), "systemd-run": _simple_wrapper("pEu", ("--unit", "--property", "--setenv", "--uid", "--gid", "--working-directory", "--description", "--slice"),
                                    chdir=(("", ("--working-directory",), False),)),
    "xvfb-run": _simple_wrapper("nsefp"), "dbus-run-session": _simple_wrapper(),
    # nsenter/unshare run a program in other namespaces; without one they start an interactive shell.
    "nsenter": _simple_wrapper("tSGW", ("--target", "--setuid", "--setgid", "--user-parent-none", "--wdns"), opt_short="muinpUCTrw",
                               chdir=(("w", ("--wd",), True), ("W", ("--wdns",), False))),
    "unshare": _simple_wrapper("SGRwl", ("--setuid", "--setgid", "--root", "--wd", "--map-user", "--map-group",
                                         "--propagation", "--setgroups", "--map-users", "--map-groups", "--load-interp"),
                               opt_short="muinpUCT", chdir=(("w", ("--wd",), False),)),
    "pkexec": _simple_wrapper("", ("--user",)), "ssh-agent": _simple_wrapper("aEPt"),
    "dbus-launch": _simple_wrapper("", ("--config-file", "--autolaunch")), "valgrind": _w_valgrind,
    "catchsegv": _simple_wrapper(), "faketime": _simple_wrapper("", (), positional=1), "entr": _w_entr,
    "uv": _w_js_runner("run"), "poetry": _w_runner("run"), "pipenv": _w_runner("run"), "pdm": _w_runner("run"),
    "hatch": _w_runner("run"), "rye": _w_runner("run"), "conda": _w_runner("run"), "bundle": _w_runner("exec"),
    "mise": _w_mise, "rtx": _w_mise, "coverage": _w_coverage, "rbenv": _w_runner("exec"), "pyenv": _w_runner("exec"),
    # Programs that start the command after their options (a missed one let `unshare curl x` pass open's deny-cmd).
    "prlimit": _simple_wrapper("po", ("--pid", "--output")), "tsp": _simple_wrapper("LDN"),
    "toybox": _w_busybox, "capsh": _w_capsh,
    **{name: _w_file_manager for name in list(_FILE_MANAGER_COMMANDS) + list(_FILE_MANAGER_PROGRAMS)},
    "setpriv": _simple_wrapper("", ("--reuid", "--regid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set",
                                    "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile")),
    "ld.so": _simple_wrapper("", ("--library-path", "--preload", "--argv0", "--audit", "--inhibit-rpath")),
    "ld-linux.so.2": _simple_wrapper("", ("--library-path", "--preload", "--argv0", "--audit", "--inhibit-rpath")),
    "ld-linux-x86-64.so.2": _simple_wrapper("", ("--library-path", "--preload", "--argv0", "--audit", "--inhibit-rpath")),
    "ld-linux-aarch64.so.1": _simple_wrapper("", ("--library-path", "--preload", "--argv0", "--audit", "--inhibit-rpath")),
    "rlwrap": _simple_wrapper("bCDfFgHlmMOpPqsStwz"),
    "direnv": _w_direnv, "npm": _w_runner("exec x"), "pnpm": _w_js_runner("exec"), "yarn": _w_js_runner("exec"),
    "npx": _w_js_runner(None), "pnpx": _w_js_runner(None), "uvx": _w_js_runner(None),
    "corepack": _w_js_runner(None),
    # red team 32: more version managers whose `exec` runs any command with their PATH
    "nodenv": _w_runner("exec"), "goenv": _w_runner("exec"), "jenv": _w_runner("exec"), "plenv": _w_runner("exec"),
    "luaenv": _w_runner("exec"), "phpenv": _w_runner("exec"),
    # more programs that run the command after their options (each let `X curl` pass open's deny-cmd)
    "ifne": _simple_wrapper(), "eatmydata": _simple_wrapper(), "nocache": _simple_wrapper("n"),
    "torify": _simple_wrapper(), "authbind": _simple_wrapper(), "linux32": _simple_wrapper(),
    "linux64": _simple_wrapper(),
    "run0": _simple_wrapper("ugD", ("--user", "--group", "--chdir", "--unit", "--property", "--description",
                                    "--slice", "--setenv", "--nice", "--machine", "--background")),
    "cpulimit": _simple_wrapper("lpPem", ("--limit", "--pid", "--path", "--exe", "--monitor-forks")),
    "systemd-inhibit": _simple_wrapper("", ("--what", "--who", "--why", "--mode")),
    "softlimit": _simple_wrapper("mdsloapfcrt"),
    # Red team 14: conda's clones, pixi, asdf and devbox run the command after their subcommand; xcrun
    # runs a developer tool by name (found on PATH too)
    # Red team 14: WSL's `wsl [-d DISTRO] [-u USER] [-e] CMD` and Windows' `cmd /c LINE`, the
    # container and supervisor inits that start their command, and more sandboxes and queues
    "wsl": _simple_wrapper("du", ("--distribution", "--user", "--cd", "--shell-type"),
                           stop_flags=("-l", "--list", "--shutdown", "--terminate", "-t", "--status", "--help",
                                       "--install", "--update", "--version", "--export", "--import", "--unregister")),
    "cmd": _w_cmd, "tini": _simple_wrapper("ep"), "dumb-init": _simple_wrapper("r", ("--rewrite",)),
    "nq": _simple_wrapper(), "fakechroot": _simple_wrapper("edcl", ("--environment", "--config-dir", "--lib",
                                                                     "--elfloader")),
    "sandbox-exec": _simple_wrapper("fnpD"), "distrobox-host-exec": _simple_wrapper(),
    "systemd-nspawn": _simple_wrapper("DiMuEZLSp", ("--directory", "--image", "--machine", "--user", "--setenv",
                                                    "--chdir", "--bind", "--bind-ro", "--overlay", "--slice", "--port",
                                                    "--network-interface", "--template")),
    "pueue": _w_runner("add"), "pm2": _w_runner("start"),
    "mamba": _w_runner("run"), "micromamba": _w_runner("run"), "pixi": _w_runner("run exec"),
    "asdf": _w_runner("exec"), "devbox": _w_runner("run"), "xcrun": _w_xcrun,
    # Red team 24: version managers and build tools that run any command in their environment
    "volta": _w_runner("run"), "fnm": _w_runner("exec"), "stack": _w_runner("exec"), "cabal": _w_runner("exec"),
    "opam": _w_runner("exec"), "dune": _w_runner("exec"), "honcho": _w_runner("run"), "foreman": _w_runner("run"),
    "overmind": _w_runner("run"), "task-spooler": _simple_wrapper("LDN"),
    "setarch": _positional_wrapper(1), "logsave": _positional_wrapper(1), "setuidgid": _positional_wrapper(1),
    "envuidgid": _positional_wrapper(1), "envdir": _positional_wrapper(1), "setlock": _positional_wrapper(1),
}
