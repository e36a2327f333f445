"""Which program the kernel really starts for a command word, held against deny-cmd.

The analysis names a program by the last part of the word that starts it (`./mycat` is
`mycat`), but the kernel runs the file the word leads to: a symlink to /usr/bin/curl, a
hard link or copy of it, a script whose `#!` line names it (`#!/usr/bin/curl -K`), or a name
found in a folder the command itself puts on PATH (`PATH=.:$PATH mycat`). Under a token that
denies programs, each of those is the denied program by another name.

Only words that lead outside the system's own folders are looked at (the files there are what
their names say), so everyday commands cost nothing; a file that is looked at costs a few
stats and at most one read of its first bytes (and a byte compare against a denied program of
the same size).
"""

import os

from legant_guard.hook.model import deny
from legant_guard.shell.names import BASH_BUILTINS

# Folders whose files are the system's own programs (root-owned on every sane system).
_SYSTEM = SYSTEM_FOLDERS = ("/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/", "/usr/local/bin/", "/usr/local/sbin/",
                             "/opt/homebrew/bin/", "/usr/libexec/", "/usr/lib/")
_MAX_SCRIPT_HEAD = 256
_MAX_COMPARE = 16 * 1024 * 1024


def _system_path():
    return os.environ.get("PATH") or "/usr/local/bin:/usr/bin:/bin"


def candidate_files(cmd, path_dirs):
    """The files the kernel may run for `cmd`: its word when it holds a `/`, else the name in
    each folder a PATH assignment of the command puts first (`path_dirs`)."""
    if not cmd.argv:
        return []
    word = cmd.argv[0]
    if "/" in word:
        return [os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(word)))]
    return [os.path.join(folder if os.path.isabs(folder) else os.path.join(cmd.cwd, folder), word)
            for folder in path_dirs]


def identities(path, denied_names):
    """The names of the programs the kernel would start for the file at `path` (empty when it
    is not there): the symlink's target, a `#!` interpreter (and `env NAME`), and each name of
    `denied_names` whose program on the system PATH is this very file or a byte copy of it."""
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except (OSError, ValueError):
        return set()
    names = {os.path.basename(real)}
    if real.startswith(_SYSTEM):
        return names
    from legant_guard.hook.scriptfiles import read_bytes

    try:
        head = read_bytes(real, _MAX_SCRIPT_HEAD)  # never blocks on a FIFO
    except OSError:
        return names
    if head.startswith(b"#!"):
        words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
        if words:
            names.add(os.path.basename(words[0]))
            if os.path.basename(words[0]) == "env":
                names.update(w.rsplit("/", 1)[-1] for w in words[1:] if not w.startswith("-") and "=" not in w)
    for name in denied_names:
        if name in names or "*" in name or "?" in name or "[" in name:
            continue
        found = _which(name)
        if found is None:
            continue
        try:
            other = os.stat(found)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino) or \
                (other.st_size == st.st_size and 0 < st.st_size <= _MAX_COMPARE and _same_bytes(found, real)):
            names.add(name)
    return names


def _which(name):
    for folder in _system_path().split(os.pathsep):
        if not folder or not os.path.isabs(folder):
            continue
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.realpath(candidate)
    return None


def _same_bytes(a, b):
    from legant_guard.hook.scriptfiles import read_bytes

    try:
        return read_bytes(a, _MAX_COMPARE) == read_bytes(b, _MAX_COMPARE)
    except OSError:
        return False


class Unknown(str):
    """A folder of PATH the guard cannot work out (`PATH=$p:$PATH`, `read PATH`, `unset PATH`):
    any name may be found there first."""


_HERE = ("$PWD", "${PWD}", "$(pwd)", "`pwd`")
_HOMES = ("~", "$HOME", "${HOME}")


def assigned_path_dirs(command, home=None):
    """The folders PATH assignments in the command text put on PATH (`PATH=.:$PATH`, `export
    PATH=bin:...`, `env PATH=x`, `PATH+=:bin`): `$PATH` is left out, an empty entry is the working
    folder (as bash searches it), `~`/`$HOME`/`$PWD`/`$(pwd)` are followed, a variable the command
    does not set is the agent's; any other expansion is an `Unknown`."""
    if "PATH" not in command:
        return []
    dirs = []
    start = 0
    while True:
        k = command.find("PATH", start)
        if k < 0:
            break
        start = k + 4
        if k > 0 and (command[k - 1].isalnum() or command[k - 1] in "_$"):
            continue  # MANPATH=, GOPATH=, $PATH
        appended = command.startswith("+=", start)
        if not appended and (command[start:start + 1] != "=" or command[start + 1:start + 2] == "="):
            continue
        value = _value_text(command, start + (2 if appended else 1))
        parts = value.split(":")
        if appended and parts and parts[0] == "":
            parts = parts[1:]  # (`PATH+=:bin`: the `:` joins bin to what PATH held)
        for part in parts:
            folder = _folder(part.replace("'", "").replace('"', ""), command, home or os.path.expanduser("~"))
            if folder is not None:
                dirs.append(folder)
    return dirs


def _value_text(command, i):
    """The text of an assignment's value from index i: up to a blank or an operator outside
    quotes and `$(…)`/`${…}`."""
    depth, quote, j, n = 0, "", i, len(command)
    while j < n:
        c = command[j]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        elif c in "({":
            depth += 1
        elif c in ")}":
            if not depth:
                break
            depth -= 1
        elif not depth and c in " \t\n;&|<>":
            break
        j += 1
    return command[i:j]


def _folder(part, command, home):
    if part in ("$PATH", "${PATH}"):
        return None
    if not part:
        return "."  # (bash searches the working folder for an empty entry)
    for here in _HERE:
        if part == here or part.startswith(here + "/"):
            return "." + part[len(here):]
    for home_word in _HOMES:
        if part == home_word or part.startswith(home_word + "/"):
            return home.rstrip("/") + part[len(home_word):]
    if "`" in part or "$(" in part:
        return Unknown(part)
    if "$" in part:
        out = []
        for k, piece in enumerate(part.split("$")):
            if not k:
                out.append(piece)
                continue
            braced = piece.startswith("{")
            name = piece[1:].split("}", 1)[0] if braced else piece
            rest = piece[len(name) + 2:] if braced else ""
            if not braced:
                j = 0
                while j < len(name) and (name[j].isalnum() or name[j] == "_"):
                    j += 1
                name, rest = name[:j], name[j:]
            if not name or not (name[0].isalpha() or name[0] == "_") or \
                    command.count(name) != command.count("$" + name) + command.count("${" + name):
                return Unknown(part)  # (a variable the command sets, or an operator on one)
            out.append(os.environ.get(name, "") + rest)
        return "".join(out)
    return part


def search_dirs(command, cmd, home=None):
    """The folders a command word may be found in ahead of the system's: those of PATH as the
    analysis followed it for this command (`cmd.search_path`: set where the command changed
    PATH), else the assignments in its text; an `Unknown` where the analysis could not tell
    and the text does not say."""
    dirs = assigned_path_dirs(command, home)
    if not hasattr(cmd, "search_path"):
        return [d for d in dirs if not isinstance(d, Unknown)]
    values = cmd.search_path
    if values is None:
        if not dirs:
            return [Unknown("PATH as set at run time")]
        return dirs
    for value in values:
        for part in value.split(":"):
            dirs.append(part or ".")
    return [d for d in dirs if not isinstance(d, Unknown)]


def check(policy, cmd, path_dirs, check_executable, made=()):
    """A deny Decision when the file `cmd` starts is a program deny-cmd denies, else None.
    `made`: (file, source) pairs of copies and links earlier commands of the same shell command
    make (`cp /usr/bin/curl ./x && ./x`): the file is then what its source is now."""
    if not policy.deny_cmds or not cmd.executable:
        return None
    unknown = [d for d in path_dirs if isinstance(d, Unknown)]
    if unknown and "/" not in cmd.argv[0] and cmd.argv[0] not in BASH_BUILTINS:
        return deny(f"`{cmd.argv[0]}` is looked up in a PATH the command sets at run time (`{unknown[0]}`), where "
                    f"that name may be another program, and the token denies programs (deny-cmd); set PATH to "
                    f"literal folders or name the program by its path", "undetermined")
    path_dirs = [d for d in path_dirs if not isinstance(d, Unknown)]
    denied = [p for p in policy.deny_cmds if " " not in p]
    for path in candidate_files(cmd, path_dirs):
        if path.startswith(_SYSTEM):
            continue
        names = identities(path, denied)
        for dest, source in made:
            if os.path.normpath(path) == dest:
                names |= identities(source, denied)
        for name in names:
            if name == cmd.executable:
                continue
            verdict = check_executable(policy, name, args=cmd.argv[1:])
            if verdict and verdict.rule == "deny-cmd":
                return deny(f"`{cmd.argv[0]}` starts {path}, which is `{name}` (the file the kernel runs); "
                            f"{verdict.reason}", "deny-cmd")
    return None


# Programs that run `PROG-NAME` found on PATH for a subcommand NAME that is not their own (`git
# evil` runs git-evil, `cargo evil` cargo-evil, `kubectl evil` kubectl-evil, `dotnet evil`
# dotnet-evil); docker looks in its cli-plugins folders as well.
DISPATCHERS = frozenset(("git", "cargo", "kubectl", "oc", "gh", "dotnet", "hub", "docker"))
_DOCKER_PLUGINS = ("~/.docker/cli-plugins", "/usr/local/lib/docker/cli-plugins", "/usr/lib/docker/cli-plugins")


def _subcommand(cmd):
    """The first word after the program's own options: the subcommand it dispatches on."""
    if cmd.executable == "git":
        from legant_guard.hook.gitsubs import git_sub

        sub = git_sub(cmd.argv)
        return sub.name if sub else None
    for word in cmd.argv[1:]:
        if not word.startswith(("-", "+")):
            return word
    return None


def subcommand_check(policy, cmd, path_dirs, check_executable, home, agent_path=None):
    """`PATH=bin:$PATH git evil HOST` with bin/git-evil a link to curl (or a copy, or a script
    whose `#!` names it; in a folder the command puts on PATH or one of the agent's PATH,
    `agent_path`): the kernel runs curl, which deny-cmd denies. None when no such file is there."""
    sub = _subcommand(cmd)
    if not sub or "/" in sub or not policy.deny_cmds:
        return None
    name = "%s-%s" % (cmd.executable, sub)
    folders = list(path_dirs) + (agent_path or _system_path()).split(os.pathsep)
    if cmd.executable == "docker":
        folders += [home.rstrip("/") + f[1:] if f.startswith("~") else f for f in _DOCKER_PLUGINS]
    denied = [p for p in policy.deny_cmds if " " not in p]
    for folder in folders:
        if not folder:
            continue
        folder = folder if os.path.isabs(folder) else os.path.join(cmd.cwd, folder)
        if (folder.rstrip("/") + "/").startswith(_SYSTEM):
            continue  # (the system's own `git-lfs`: what its name says)
        path = os.path.join(folder, name)
        if not os.path.lexists(path):
            continue
        for program in identities(path, denied):
            verdict = check_executable(policy, program, args=cmd.argv[1:])
            if verdict and verdict.rule == "deny-cmd":
                return deny(f"`{cmd.executable} {sub}` runs {path}, which is `{program}` (the file the kernel runs); "
                            f"{verdict.reason}", "deny-cmd")
    return None
