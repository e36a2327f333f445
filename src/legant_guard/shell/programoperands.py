"""Operand rules of particular programs (shell/operands.py's part for them, loaded for those
commands): msbuild switches, docker's host files, response files (`@FILE`), jq and yq modules,
option files, remote copies (`scp host:path local`), chmod, and go's directory operands.
"""

import os

from legant_guard.shell import knowledge as K
from legant_guard.shell.words import Exp
from legant_guard.shell.operands import _tilde_value, add_path, in_folder, operands, spec_operands


# MSBuild switches dotnet and msbuild also take with a slash (`/p:Version=1.0`, `/bl:out.binlog`)
_MSBUILD_SWITCHES = frozenset((
    "p property t target v verbosity m maxcpucount bl binarylogger fl flp fileloggerparameters clp "
    "consoleloggerparameters nr nodereuse warnaserror err nowarn warnasmessage noerr r restore rp "
    "restoreproperty tl terminallogger ds detailedsummary pp preprocess").split())


def msbuild_operands(w, cmd, args, scope, cwd):
    """dotnet/msbuild: a switch (`/p:Name=Value`, `-p:Name=Value;Other=/x`, `-bl:FILE`) is no
    path itself; each value in it that looks like a path is checked as one (`/p:OutputPath=/etc`,
    `-bl:/tmp/x.binlog`), and so is each value of a `KEY=VALUE` list in any other word (`dotnet
    test --logger "trx;LogFileName=F"`, `-- RunConfiguration.TestAdaptersPaths=DIR`; red team 37).
    Every other word as `operands` reads it."""
    rest = []
    for e in args:
        t = e.text
        name = t[1:].split(":", 1)[0]
        switch = (not e.dynamic and t[:1] in "-/" and ":" in t and name.isalpha()
                  and (t[0] == "-" or name.lower() in _MSBUILD_SWITCHES))
        if switch or (not e.dynamic and "=" in t and not t.startswith("-")):
            if not switch:
                rest.append(e)
            for piece in (t.split(":", 1)[1] if switch else t).replace(";", "=").replace(",", "=").split("="):
                if piece.startswith(("/", "~", ".")) or "/" in piece:
                    if piece.startswith("~"):  # read both ways: as the home and as a folder named `~`
                        add_path(w, cmd, Exp((scope.home or "/") + piece[1:], e.src), scope, cwd)
                    add_path(w, cmd, Exp(piece, e.src, glob=e.glob, quoted=e.quoted), scope, cwd)
            continue
        rest.append(e)
    operands(w, cmd, rest, scope, cwd)


# docker build options whose value names host files in a list of KEY=VALUE (`--secret
# id=x,src=.env`, `-o type=local,dest=/tmp/out`), after NAME= (`--build-context ctx=/etc`,
# or as itself (`-o /tmp/out`); `--ssh` hands the build the user's keys: not determined
_DOCKER_HOST_OPTIONS = {"--secret": "csv", "--cache-from": "csv", "--cache-to": "csv", "-o": "csv", "--output": "csv",
                        "--build-context": "named", "--ssh": "named", "--attest": "csv"}
_DOCKER_PATH_KEYS = ("src", "source", "dest", "destination", "context", "dockerfile")


def docker_host_files(w, cmd, args, scope, cwd):
    """The host files `docker build` reads or writes by its options' values (docker's Spec
    reads `-f` and `--iidfile`): a build secret is printed by any `RUN cat /run/secrets/ID`."""
    k = 0
    while k < len(args):
        e = args[k]
        k += 1
        opt, eq, val = e.text.partition("=")
        kind = _DOCKER_HOST_OPTIONS.get(opt)
        if kind is None or e.dynamic:
            continue
        if eq:
            value = Exp(val, e.src, dynamic=e.dynamic, quoted=e.quoted)
        elif k < len(args):
            value, k = args[k], k + 1
        else:
            continue
        if value.dynamic:
            w.unknown(cmd, "the files `docker %s %s` names" % (opt, value.src))
            continue
        if opt == "--ssh":  # the user's SSH agent or keys, for the build's own ssh and git
            w.unknown(cmd, "the keys `docker build --ssh %s` hands to the build (it can reach any host with them)"
                      % value.src)
            continue
        text = value.text
        if kind == "named":
            pieces = text.split("=", 1)[1].split(",") if "=" in text else []
        elif "=" in text:
            pieces = [p.split("=", 1)[1] for p in text.split(",") if p.split("=", 1)[0].strip().lower() in _DOCKER_PATH_KEYS]
        else:
            pieces = [text] if opt in ("-o", "--output") and text != "-" else []
        for piece in pieces:
            if piece and "://" not in piece:
                add_path(w, cmd, _tilde_value(Exp(piece, value.src, quoted=True), scope.home), scope, cwd)


def passed_on(w, cmd, e, scope, cwd):
    """`-Wl,A,B`, `-Wp,A,B`, `-Wa,A,B` (a compiler driver's words for the linker, preprocessor,
    assembler, split at the commas): each word and each `OPT=VALUE` value that is no option is a
    path, as the same words given through `-Xlinker` are (red team 41: `gcc -Wl,-Map=opencode.json`,
    `-Wl,-o,F`, `-Wp,-MD,.claude/settings.json`, `-Wa,-adhln=F` wrote a hook config unseen)."""
    for piece in e.text.split(",")[1:]:
        value = piece.split("=", 1)[-1]
        if value and not value.startswith("-"):
            if value == "~" or value.startswith("~/"):
                value = (scope.home or "/") + value[1:]
            add_path(w, cmd, Exp(value, e.src, quoted=True), scope, cwd)


def response_files(w, cmd, args, scope, cwd):
    """`@FILE` words of a program that reads them as more arguments (knowledge.RESPONSE_FILE_PROGRAMS):
    FILE is read (also a glued option value such as `-J@FILE` is left to the generic reading)."""
    for e in args:
        t = e.text
        if e.dynamic or e.proc or not t.startswith("@") or len(t) < 2:
            continue
        path = t[1:]
        add_path(w, cmd, Exp(path, e.src, glob=e.glob, quoted=e.quoted), scope, cwd)
        if path.startswith("~/"):  # not expanded by bash, but read both ways
            add_path(w, cmd, Exp((scope.home or "/") + path[1:], e.src), scope, cwd)


def prompt_mentions(w, cmd, args, scope, cwd):
    """Each `@PATH` a word of an agent's command line (claude, codex, opencode) mentions is read:
    a prompt given there (`claude -p "summarize @.env"`, `@"a b.txt"`) attaches the files it
    mentions before any tool call, so the nested session's hooks never see that read; the outer
    call is where the guard sees it."""
    for e in args:
        t = e.text
        if e.dynamic or e.proc or "@" not in t:
            continue
        for k in range(len(t)):
            if t[k] != "@" or (k and not t[k - 1].isspace() and t[k - 1] not in "\"'([{<,;"):
                continue
            rest = t[k + 1:]
            if rest[:1] in "\"'":  # `@"a b.txt"`
                end = rest.find(rest[0], 1)
                path = rest[1:end] if end > 0 else rest[1:]
            else:
                path = rest.split(None, 1)[0] if rest.strip() else ""
                path = path.rstrip(".,;:!?)]}>\"'")
            if not path:
                continue
            add_path(w, cmd, Exp(path, e.src, quoted=True), scope, cwd)
            if path.startswith("~/"):
                add_path(w, cmd, Exp((scope.home or "/") + path[1:], e.src), scope, cwd)


def jq_modules(w, cmd, args):
    """jq reads `import "PATH" as $x` as PATH.json (and `include`/`import ... as x` as PATH.jq)
    from anywhere, `../../home/u/.docker/config` included, and a program file (`-f FILE`) may
    do the same: such a program's files are not known, so they are undetermined."""
    for e in args:
        t = e.text
        if e.dynamic:
            continue
        if t in ("-f", "--from-file") or t.startswith("--from-file="):
            w.unknown(cmd, "the files the program `%s %s` reads may import" % (cmd.executable, t))
            return
        for keyword in ("import", "include"):
            at = t.find(keyword)
            while at >= 0:
                rest = t[at + len(keyword):].lstrip()
                if rest.startswith('"'):
                    w.unknown(cmd, "the files `%s` imports (`%s \"PATH\"` reads PATH.json from anywhere)"
                              % (cmd.executable, keyword))
                    return
                at = t.find(keyword, at + 1)


def yq_loads(w, cmd, args):
    """yq's load(PATH), load_str(PATH), load_xml(...) ... read any file (`yq -n 'load_str(".env")'`),
    a program file (`--from-file`) may too: such files are undetermined."""
    for e in args:
        t = e.text
        if e.dynamic or t.startswith("--from-file") or "load" in t:
            w.unknown(cmd, "the files the program `%s` loads (load(PATH), load_str(PATH) read any file)" % cmd.executable)
            return


def option_files(w, cmd, args, options, scope, cwd):
    """Only the values of `options` (`-f X`, `-fX`, `--file=X`, `--file X`) as paths."""
    k = 0
    while k < len(args):
        e = args[k]
        k += 1
        t = e.text
        if e.dynamic or not t.startswith("-") or t == "-":
            continue
        if t == "--":
            break
        if t.startswith("--"):
            name, eq, value = t.partition("=")
        else:  # a bundle (`-uf FILE`, `-uf.env`): the first letter that takes a file ends it
            j = next((j for j in range(1, len(t)) if "-" + t[j] in options), None)
            if j is None:
                continue
            name, eq, value = "-" + t[j], "", t[j + 1:]
        if name not in options:
            continue
        if eq or value:
            add_path(w, cmd, Exp(value, e.src, dynamic=e.dynamic, glob=e.glob, quoted=e.quoted, proc=e.proc),
                     scope, cwd)
        elif k < len(args):
            add_path(w, cmd, args[k], scope, cwd)
            k += 1


# gzip and the programs built on it (zcat, gunzip, pigz) open OPERAND+SUFFIX when given `-S SUFFIX`
# (`--suffix`, `--su`, bundled `-dcfS v`) and OPERAND lacks it: `zcat -f -S v .en` prints `.env`
# (with -f, data that is not compressed passes through as it is). Red team 42.
SUFFIX_READERS = frozenset(("gzip", "gunzip", "zcat", "gzcat", "pigz", "unpigz"))


def suffixed_reads(w, cmd, args, scope, cwd):
    """The files `gzip -S SUF OPERAND` opens besides OPERAND: OPERAND+SUF, each judged as a path."""
    suffix, files, k, end = None, [], 0, False
    while k < len(args):
        e = args[k]
        t = e.text
        k += 1
        if end or e.dynamic or not t.startswith("-") or t == "-":
            files.append(e)
            continue
        if t == "--":
            end = True
        elif t.startswith("--"):
            name, eq, value = t.partition("=")
            if len(name) > 3 and "--suffix".startswith(name):
                if eq:
                    suffix = Exp(value, e.src, quoted=e.quoted)
                elif k < len(args):
                    suffix, k = args[k], k + 1
        elif "S" in t:
            value = t[t.index("S") + 1:]
            if value:
                suffix = Exp(value, e.src, quoted=e.quoted)
            elif k < len(args):
                suffix, k = args[k], k + 1
    if suffix is None:
        return
    for e in files:
        if e.proc:
            continue
        if suffix.dynamic or e.dynamic:
            w.unknown(cmd, "the file `%s -S %s %s` opens (the operand with the suffix put after it)" % (
                cmd.executable, suffix.src, e.src))
        elif suffix.text and not e.text.endswith(suffix.text):
            add_path(w, cmd, Exp(e.text + suffix.text, e.src, glob=e.glob, quoted=True), scope, cwd)


def makefiles_operand(w, cmd, e, scope, cwd):
    """`make MAKEFILES='a.mk b.mk'`: GNU make reads the makefiles the variable lists before the others
    (its value on the command line too: main.c expands $(MAKEFILES)), as `-f` files are read: `make
    MAKEFILES=.env print-SECRET` printed a secret through a project's `print-%` rule (red team 42)."""
    if e.dynamic:
        w.unknown(cmd, "the makefiles `%s` names" % e.src)
        return
    for word in e.text[10:].split():
        add_path(w, cmd, _tilde_value(Exp(word, e.src, quoted=True), scope.home), scope, cwd)


# A remote host may be this machine (red team 39: `ssh localhost 'cat GUARD/key.pem'`, `scp x
# 127.0.0.1:~/.claude/settings.json` ran here, as the same user, where sshd lets the user's own key in).
# scp/rsync's `host:path` is judged as this machine's path, and ssh's command line as one run here,
# where the host is this machine: a loopback name or address, this machine's own names and
# addresses, an alias ~/.ssh/config sends to one, or a host built at run time (a remote deploy,
# `rsync --delete build/ staging:/srv/app/`, would meet the tripwires of a local one).
_LOOPBACK = frozenset(("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "0", "0.0.0.0", "::1",
                       "0:0:0:0:0:0:0:1"))


def this_machine(e, home, depth=0):
    """Is the host of the word `e` (`[user@]host`) this machine, or unknown until run time?"""
    if e.dynamic:
        return True
    host = e.text.rsplit("@", 1)[-1]
    host = host[1:].split("]", 1)[0] if host.startswith("[") else host
    host = host.lower().rstrip(".")
    if host in _LOOPBACK or host.startswith("127.") or host in _own_names():
        return True
    if depth == 0 and home:  # (`Host dev` + `HostName 127.0.0.1` in ~/.ssh/config)
        target = _ssh_config_hostname(host, os.path.join(home, ".ssh", "config"))
        if target and target != host:
            return this_machine(Exp(target, target), home, 1)
    return False


def _own_names():
    """This machine's host names and addresses (/proc/net's local routes and IPv6 addresses)."""
    import socket

    names = set()
    try:  # (never getfqdn(): a name lookup may wait on DNS past the hook's deadline)
        names.add(socket.gethostname().lower())
    except OSError:
        pass
    try:
        with open("/proc/net/fib_trie", "rb") as f:
            lines = f.read(1 << 20).decode("ascii", "replace").splitlines()
        names.update(lines[i - 1].split()[-1] for i, line in enumerate(lines) if i and "/32 host LOCAL" in line)
    except OSError:
        pass
    try:
        with open("/proc/net/if_inet6", "rb") as f:
            for line in f.read(1 << 16).decode("ascii", "replace").splitlines():
                raw = line.split()[0] if line.split() else ""
                if len(raw) == 32:
                    import ipaddress

                    names.add(str(ipaddress.IPv6Address(int(raw, 16))))
    except (OSError, ValueError):
        pass
    return names


def _ssh_config_hostname(host, path):
    """The HostName ~/.ssh/config gives `host` (the first `Host` block whose patterns match), or None."""
    import fnmatch

    try:
        with open(path, "rb") as f:
            text = f.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    matching = False
    for line in text.splitlines():
        words = line.replace("=", " ").split()
        if not words or words[0].startswith("#"):
            continue
        key = words[0].lower()
        if key in ("host", "match"):
            matching = key == "host" and any(fnmatch.fnmatch(host, p) for p in words[1:] if not p.startswith("!"))
        elif matching and key == "hostname" and len(words) > 1:
            return words[1].lower().replace("%h", host)
    return None


def remote(w, cmd, name, args, scope, cwd):
    """ssh/scp/sftp/rsync: where the host is this machine (this_machine), a `host:path` operand is that
    path (below the home folder), and ssh's command a command line run in the home folder."""
    spec = K.SPECS[name]
    if name in ("ssh", "sftp"):
        spec_operands(w, cmd, [a for a in args if a.text.startswith("-")] + [], spec, scope, cwd)
        k, host = 0, None
        while k < len(args):  # option file arguments (-i KEY, -F CONFIG)
            t = args[k].text
            if t in spec.file and k + 1 < len(args):
                add_path(w, cmd, args[k + 1], scope, cwd)
                k += 2
                continue
            if not t.startswith("-") and name == "ssh":
                host = args[k]
                break
            k += 2 if t in spec.arg else 1
        if host is not None and args[k + 1:] and this_machine(host, scope.home):
            _local_command(w, cmd, args[k + 1:], scope)
        return
    local = []
    k = 0
    while k < len(args):
        e = args[k]
        t = e.text
        if t.startswith("-") and len(t) > 1:
            if t in spec.file and k + 1 < len(args):
                add_path(w, cmd, args[k + 1], scope, cwd)
                k += 2
                continue
            if t.startswith("--") and "=" in t:
                opt, _, val = t.partition("=")
                if opt in spec.file:
                    add_path(w, cmd, _tilde_value(Exp(val, e.src, glob=e.glob, quoted=e.quoted), scope.home), scope, cwd)
            k += 2 if t in spec.arg else 1
            continue
        colon = t.find(":")
        slash = t.find("/")
        if colon > 0 and (slash < 0 or colon < slash) and not e.dynamic:
            k += 1
            if "::" not in t and this_machine(Exp(t[:colon], t[:colon]), scope.home):  # (this machine's path, in its place)
                path = t[colon + 1:]
                home_path = path if path.startswith(("/", "~")) else "~/" + path if path else "~"
                local.append(_tilde_value(Exp(home_path, e.src, glob=e.glob, quoted=e.quoted), scope.home))
            continue  # host:path
        if e.dynamic and colon >= 0 and "/" in t[colon + 1:]:  # (`$(hostname):/p`: the host is built at run time)
            path = t[colon + 1:]
            local.append(_tilde_value(Exp(path if path.startswith(("/", "~")) else "~/" + path, e.src, glob=e.glob,
                                          quoted=e.quoted), scope.home))
        local.append(e)
        k += 1
    for e in local:
        add_path(w, cmd, e, scope, cwd)


def _local_command(w, cmd, words, scope):
    """ssh's command on this machine: ssh joins its words with blanks and the user's shell runs the
    line in the home folder; judged as that command line (run_sink), or undetermined when built at
    run time."""
    from legant_guard.shell import sinks as S

    dynamic = any(e.dynamic for e in words)
    value = Exp(" ".join(e.text for e in words), " ".join(e.src for e in words), dynamic=dynamic, quoted=True)
    sink = S.Sink("ssh to this machine", "shell", "ssh runs this command line here, as the same user", value)
    cmd.sinks.append(sink)
    w.run_sink(sink, scope, list(cmd.via or ()), scope.home or "/")


def chmod(w, cmd, name, args, scope, cwd):
    """chmod/chown/chgrp: the first operand is a mode or owner (unless --reference), then files."""
    mode_seen = any(a.text.startswith("--reference") for a in args)
    for e in args:
        t = e.text
        if t == "--":
            continue
        if t.startswith("-") and not e.dynamic:
            if name == "chmod" and not mode_seen and len(t) > 1 and all(c in "rwxXstugoa,=+-01234567" for c in t[1:]) and not t.startswith("--"):
                mode_seen = True
                continue
            if "R" in t[1:] and not t.startswith("--") or t == "--recursive":
                cmd.recursive = True
            continue
        if not mode_seen:
            mode_seen = True
            continue
        if e.dynamic and e.text.startswith("/"):
            cmd.if_empty += (e.text,)  # (`chmod -R 000 ${x:-/}`: / with x unset)
        add_path(w, cmd, e, scope, cwd)


def go_directory_operands(w, cmd, args, spec, scope, cwd):
    """`go -C DIR build -o OUT`: go changes to DIR first (-C only as its first flag: `-C DIR`,
    `-C=DIR`, `--C DIR`, `--C=DIR`), so OUT, the packages and every file option are DIR's."""
    first = args[0] if args else None
    if first is None:
        return
    if first.dynamic:
        w.unknown(cmd, "the first word of `go` (-C DIR moves it to another folder), built at run time")
        return
    name, eq, glued = first.text.partition("=")
    if name not in ("-C", "--C"):
        _go_test_binary_flags(w, cmd, args, spec, scope, cwd)
        _go_profiles_in_output_dir(w, cmd, args, scope, cwd)
        return
    value, rest = (Exp(glued, first.src, quoted=True), args[1:]) if eq else (args[1] if len(args) > 1 else None, args[2:])
    if value is None:
        return
    if value.dynamic:
        w.unknown(cmd, "the folder `go -C` works in (a value built at run time)")
        return
    folder = os.path.normpath(os.path.join(cwd, _tilde_value(value, scope.home).text))
    in_folder(w, cmd, rest, spec, scope, folder)
    _go_test_binary_flags(w, cmd, rest, spec, scope, folder)
    _go_profiles_in_output_dir(w, cmd, rest, scope, folder)


# the test binary's own flags that name a file or folder it writes, besides go test's (spec.file)
_GO_TEST_WRITES = ("gocoverdir", "testlogfile", "fuzzcachedir")


def _go_test_binary_flags(w, cmd, args, spec, scope, cwd):
    """`go test ./... -test.cpuprofile=F`, `go test -cover ./... -args -test.coverprofile F`: go test
    takes its flags with a `test.` prefix too, and the test binary reads `-test.NAME` after `-args`
    (red team 37); judged as the flags without the prefix, a test binary's own output file as `-o`."""
    words = []
    for k, e in enumerate(args):
        t = e.text
        if e.dynamic or not t.startswith(("-test.", "--test.")):
            continue
        name, eq, value = t.lstrip("-")[5:].partition("=")
        flag = "-o" if name in _GO_TEST_WRITES else "-" + name
        if ("-" + name) not in spec.file and flag == "-" + name:
            continue
        words.append(Exp(flag + eq + value, e.src, quoted=True))
        if not eq and k + 1 < len(args):
            words.append(args[k + 1])
    if words:
        spec_operands(w, cmd, words, spec, scope, cwd)
        _go_profiles_in_output_dir(w, cmd, words, scope, cwd)


# go test's files that the test binary writes below -outputdir (testing.toOutputDir) when relative
_GO_PROFILES = frozenset(("cpuprofile", "memprofile", "blockprofile", "mutexprofile", "trace", "coverprofile"))


def _go_profiles_in_output_dir(w, cmd, args, scope, cwd):
    """`go test -outputdir .claude -cpuprofile settings.json`: the profile lands at
    DIR/settings.json, not at ./settings.json, which is all the spec read (red team 32)."""
    outdir, profiles = None, []
    k = 0
    while k < len(args):
        e = args[k]
        k += 1
        if e.dynamic or not e.text.startswith("-") or e.text in ("-", "--"):
            continue
        name, eq, _ = e.text.lstrip("-").partition("=")
        if name != "outputdir" and name not in _GO_PROFILES:
            continue
        value = Exp(e.text.partition("=")[2], e.src, quoted=True) if eq else (args[k] if k < len(args) else None)
        k += 0 if eq else 1
        if value is None:
            continue
        if name == "outputdir":
            outdir = value
        else:
            profiles.append(value)
    if outdir is None or not profiles:
        return
    if outdir.dynamic:
        w.unknown(cmd, "the folder `go test -outputdir` writes the profiles in (a value built at run time)")
        return
    folder = os.path.join(cwd, _tilde_value(outdir, scope.home).text)
    for value in profiles:
        if not value.dynamic and not value.text.startswith("/"):
            add_path(w, cmd, Exp(os.path.join(folder, value.text), value.src, quoted=True), scope, cwd)


def java_operands(w, cmd, args, scope, cwd):
    """The JVM's options glue their files on with `:` and nest them in `key=value` lists, which
    the generic reading (`-opt=/x` only) did not take apart: `-javaagent:/x.jar` and
    `-agentpath:/x.so` (code loaded from there), `-Xloggc:F` and `-XX:StartFlightRecording=…,
    filename=F` (files written: `-Xloggc:.claude/settings.json` truncated the hook config),
    `-Xbootclasspath/a:A:B` (red team 37). Every piece of an option's value that looks like a path
    (`/`, `~`, `.` in front, or a `/` inside) is a file the JVM touches."""
    operands(w, cmd, args, scope, cwd)
    for e in args:
        t = e.text
        if e.dynamic or not t.startswith("-") or t.startswith("--") or (":" not in t and t.count("=") < 2):
            continue
        value = t[min(k for k in (t.find(":"), t.find("=")) if k > 0) + 1:]
        for sep in ",=:":
            value = value.replace(sep, "\n")
        for piece in value.split("\n"):
            if piece.startswith(("/", ".")) or "/" in piece or piece == "~" or piece.startswith("~/"):
                if piece.startswith("~"):
                    piece = (scope.home or "/") + piece[1:]
                add_path(w, cmd, Exp(piece, e.src, quoted=True), scope, cwd)
