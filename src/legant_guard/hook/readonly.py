"""Plainly read-only shell commands count as reads for a token without shell.exec.

Codex has no file-reading tool: it reads with `cat`, `sed -n`, `rg` through its shell. A
reviewer token (fs.read, no shell.exec) would refuse every one of them, so a Codex reviewer
could not review. When EVERY simple command of a shell call is on the small list in
rules/readonly_commands.json, used without the options that write or run programs, with no
wrapper or nested shell, no redirect to a file and nothing the analysis could not determine,
the call is judged as the reads it makes (its operands, input redirects and working
directory) by the read rules; anything else stays a shell.exec the token does not grant.

Pure apart from reading that JSON file once (the hot path: no `re`, no yaml).
"""

import os

from legant_guard.shell.knowledge import NAMES_ONLY_PROGRAMS

_RULES = None
_DEVICE_SINKS = frozenset(("/dev/null", "/dev/stdout", "/dev/stderr"))


def rules():
    global _RULES
    if _RULES is None:
        from legant_guard import rulesfiles

        _RULES = rulesfiles.load("readonly_commands.json")
    return _RULES


class Read:
    """One read a read-only command makes: a path, where it resolves from, and whether it
    reads the content of everything below it."""

    __slots__ = ("path", "cwd", "recursive", "glob", "names_only")

    def __init__(self, path, cwd, *, recursive=False, glob=False, names_only=None):
        self.path = path
        self.cwd = cwd
        self.recursive = recursive
        self.glob = glob  # a pattern the shell expands when it runs
        self.names_only = names_only  # namesonly.Lister: only its name and metadata are shown (`ls -la X`)


class ReadOnly(tuple):
    """Is a shell command plainly read-only: its `reads` ([Read]) when it is, else None and
    `why_not`. A tuple (free to make on the hot path): `reads, why_not = reads_of(...)`."""

    __slots__ = ()

    def __new__(cls, reads, why_not):
        return tuple.__new__(cls, (reads, why_not))

    reads = property(lambda self: self[0])
    why_not = property(lambda self: self[1])


def reads_of(analysis, command=""):
    """The ReadOnly verdict of the analysed command.
    `command`: its text, for the operands a git listing gives (`wc -l $(git ls-files '*.py')`:
    the listed files are the reads, hook/precision.py)."""
    if analysis.error:
        return ReadOnly(None, f"the command could not be analysed ({analysis.error})")
    table = rules()
    commands, wrappers = table.get("commands", {}), table.get("wrappers", [])
    reads = []
    listed = set()  # undetermined entries that stand for the files a git listing gives
    for cmd in analysis.commands:
        exe = cmd.executable
        spec = commands.get(exe) if exe else None
        if not exe:
            return ReadOnly(None, "part of the command could not be determined (a program chosen at run time)")
        if spec is None:
            return ReadOnly(None, f"`{exe}` is not one of the read-only commands")
        if cmd.undetermined and command and not cmd.via:
            from legant_guard.hook import precision

            paths = precision.listed_operands(cmd, command)
            if paths is not None:
                reads += [Read(p, cmd.cwd) for p in paths]
                listed.update(cmd.undetermined)
        problem = _problem(cmd, spec, wrappers, listed) or _other_program(cmd, command)
        if problem:
            return ReadOnly(None, problem)
        recursive = spec.get("recursive") == "always" or \
            _has_any(cmd.argv, spec.get("recursive_flags", []), spec.get("exact_options", ()))
        lister = None
        if exe in NAMES_ONLY_PROGRAMS and cmd.paths:
            from legant_guard.hook import namesonly

            lister = namesonly.lister(cmd)
        redirected = [r.target for r in cmd.redirects]
        for path in cmd.paths:
            reads.append(Read(path, cmd.cwd, recursive=recursive, glob=path in cmd.globs,
                              names_only=lister if path not in redirected else None))
        if recursive and not cmd.paths:
            reads.append(Read(cmd.cwd, cmd.cwd, recursive=True))  # `rg foo` searches the working directory
        for r in cmd.redirects:
            if ">" in r.op:
                if r.target not in _DEVICE_SINKS:
                    return ReadOnly(None, f"it writes {r.target} (a redirect)")
            else:
                reads.append(Read(r.target, cmd.cwd))
        if cmd.cd_target:
            reads.append(Read(cmd.cd_target, cmd.cwd))
        reads.append(Read(cmd.cwd, cmd.cwd))
    if any(u not in listed for u in analysis.undetermined):
        return ReadOnly(None, "part of the command could not be determined")
    return ReadOnly(reads, None)


def _other_program(cmd, command):
    """Why the word that starts `cmd` may not be the system's program of that name, or None:
    `./cat x`, `bin/grep`, `/tmp/x/ls` run a file of the repository or elsewhere (a reviewed
    repository's own `./ls` is any code at all), and so does a name looked up on a PATH the
    command line sets (`PATH=.:$PATH cat x`)."""
    word = cmd.argv[0] if cmd.argv else ""
    if "/" in word:
        from legant_guard.hook.programs import SYSTEM_FOLDERS

        real = os.path.realpath(os.path.join(cmd.cwd, word))
        if not real.startswith(SYSTEM_FOLDERS):
            return f"`{word}` runs {real}, not the system's `{cmd.executable}`"
    elif "PATH" in command and _sets_path(command):
        return f"the command sets PATH, so `{word}` may be a program of another folder"
    return None


def _sets_path(command):
    """Does the command text assign PATH (`PATH=.:$PATH x`, `PATH+=:bin`), its value literal or not?"""
    k = command.find("PATH")
    while k >= 0:
        before = command[k - 1] if k else " "
        after = command[k + 4:k + 6]
        if before in " \t\n;&|(`{" and (after[:1] == "=" or after == "+="):  # (a word's start: `grep 'PATH=' x` is none)
            return True
        k = command.find("PATH", k + 4)
    return False


def only_reads(cmd):
    """Does this one simple command only read its operands: a program on the list, without the
    options that write or run programs, through no wrapper off the list? (Its redirects are
    the shell's, judged on their own.)"""
    table = rules()
    spec = table.get("commands", {}).get(cmd.executable) if cmd.executable else None
    return spec is not None and not _problem(cmd, spec, table.get("wrappers", []))


def _problem(cmd, spec, wrappers, listed=()):
    exe = cmd.executable
    for wrapper in cmd.via:
        if wrapper.split(" ", 1)[0].rsplit("/", 1)[-1] not in wrappers and wrapper not in rules().get("pagers", ()):
            if wrapper.endswith(" -c"):  # (Codex runs every command through the user's shell already)
                return f"`{exe}` runs through `{wrapper}`: give the command itself, without the shell around it"
            return f"`{exe}` runs through `{wrapper}`"
    if cmd.wrapper_files:  # `time -o F cat x` writes F (the list's wrappers open no file to read)
        return f"`{exe}` runs through a wrapper that writes {cmd.wrapper_files[0]} (`time -o`)"
    if any(u not in listed for u in cmd.undetermined):
        return f"part of `{exe}` could not be determined"
    if cmd.interactive or cmd.deletes or cmd.runs_output_of:
        return f"`{exe}` does more than read here"
    subcommands = spec.get("subcommands")
    if subcommands:
        problem = _subcommand_problem(cmd.argv, spec, subcommands)
        if problem:
            return f"only `{exe} {problem}"
    limit = spec.get("max_operands")
    if limit is not None and len(cmd.paths) > limit:
        return f"`{exe}` writes its output to a second file operand"
    flag = _first_flag(cmd.argv, spec.get("deny_flags", []), spec.get("exact_options", ()))
    if flag:
        return f"`{exe} {flag}` writes files or runs programs"
    chars = spec.get("script_chars")
    if chars is not None:
        from legant_guard.hook.commandrules import sed_scripts

        scripts = sed_scripts(cmd)
        if scripts is None or not all(s and (all(c in chars for c in s) or prints_only(s)) for s in scripts):
            return f"only `{exe}` scripts that print line ranges (like `{exe} -n 1,40p` or `/re/,/re/p`) count as reads"
    return None


def _subcommand_problem(argv, spec, subcommands):
    """Why `argv` (git) is not one of the read-only subcommands, as the end of a sentence that
    begins "only `git ", or None. Before it, only the global options that change how git prints
    (`git --no-pager diff`, `git -c color.ui=never log`: not `-c core.pager=sh`, nor `-C DIR`,
    which reads another repository)."""
    at, allowed = 1, spec.get("global_options", {})
    while at < len(argv) and argv[at] in allowed:
        value = allowed[argv[at]]
        if value:
            if at + 1 >= len(argv) or not argv[at + 1].startswith(value):
                break
            at += 1
        at += 1
    sub = argv[at] if at < len(argv) else None
    if sub not in subcommands:
        return f"{'/'.join(subcommands)}` count as reads"
    after = argv[at + 1:]
    words = spec.get("second_words", {}).get(sub)
    if words is not None and after[:1] not in [[w] for w in words]:
        return f"{sub} {'/'.join(words)}` count as reads"
    listing = spec.get("listing_subcommands", {}).get(sub)
    if listing is not None and any(w not in listing for w in after):
        return f"{sub}` with {' '.join(listing)} lists (a name creates, deletes or contacts a remote)"
    return None


def prints_only(script):
    """Is a sed script only addresses and `p` (`/def main/,/^$/p`, `10,+5p;/TODO/p`)? Line
    numbers, `$`, `/regex/` (with `I`/`M`), `A,+N`, `A,~N` and `!`; nothing else, so no command
    that writes, reads another file or runs one (w, r, e, s///w ...) can hide in it."""
    i, n = 0, len(script)

    def address(i, second=False):
        if i < n and (script[i].isdigit() or second and script[i] in "+~"):
            i += 1
            while i < n and script[i].isdigit():
                i += 1
            return i
        if i < n and script[i] == "$":
            return i + 1
        if i < n and script[i] == "/":
            j = i + 1
            while j < n and script[j] != "/":
                j += 2 if script[j] == "\\" else 1
            if j >= n:
                return None
            j += 1
            while j < n and script[j] in "IM":
                j += 1
            return j
        return None

    while True:
        while i < n and script[i] in " \t;\n":
            i += 1
        if i >= n:
            return True
        if script[i] != "p":
            i = address(i)
            if i is None:
                return False
            if i < n and script[i] == ",":
                i = address(i + 1, second=True)
                if i is None:
                    return False
            while i < n and script[i] in " \t!":
                i += 1
        if i >= n or script[i] != "p":
            return False
        i += 1
        if i < n and script[i] not in " \t;\n":
            return False


def _matches_flag(word, flag, exact=()):
    """`word` is option `flag`: exactly, by prefix (`--output*`, `-i*`), or inside a bundle
    of short options (`-nf` carries `-f`), or a long option abbreviated as getopt_long and git
    take it (`sort --out=F` is `sort --output=F`; an ambiguous one is refused by the program).
    `exact`: the program's own long options whose names begin a denied one: getopt_long and
    git take a name that is exactly an option as that option, never as an abbreviation
    (`grep --exclude=.env` is --exclude, not --exclude-from; `git diff --text` is not --textconv)."""
    if flag.endswith("*"):
        if word.startswith(flag[:-1]):
            return True
        flag = flag[:-1]
    elif word == flag or (flag.startswith("--") and word.startswith(flag + "=")):
        return True
    if flag.startswith("--") and word.startswith("--"):
        name = word.split("=", 1)[0]
        return len(name) > 2 and flag.startswith(name) and name not in exact
    return len(flag) == 2 and flag[0] == "-" and flag[1] != "-" and word.startswith("-") and \
        not word.startswith("--") and flag[1] in word[1:]


def _first_flag(argv, flags, exact=()):
    for word in argv[1:]:
        if word == "--":
            break
        if word.startswith("-"):
            for flag in flags:
                if _matches_flag(word, flag, exact):
                    return word
    return None


def _has_any(argv, flags, exact=()):
    return bool(flags) and _first_flag(argv, flags, exact) is not None
