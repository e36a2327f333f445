"""Command names: the program a command word runs, as the analysis and the tripwires read it,
and how a word is quoted back into a command line.

Kept apart from wrappers.py (the table of programs that run another program), which every
command line needs to ask about but few use: the walker loads wrappers.py only for a wrapper.
"""


def basename(text):
    return text.rstrip("/").rsplit("/", 1)[-1] if "/" in text.rstrip("/") else text.rstrip("/")


# bash's builtins and keywords: found by their exact spelling (`CD /x` runs no cd builtin, and
# whatever file it finds changes no directory of this shell).
BASH_BUILTINS = frozenset((
    "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "compopt",
    "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc",
    "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd",
    "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source",
    "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    "coproc", "time", "function", "select", "if", "then", "else", "elif", "fi", "case", "esac", "for", "while",
    "until", "do", "done", "in", ".", ":", "[", "[[", "]]", "{", "}", "!",
))


# Tools that also come under another name: GNU's beside BSD's with a `g` (Homebrew's coreutils,
# findutils, gnu-sed, gnu-tar: `gcp`, `grm`, `gdd`) and uutils' `uu-` names. Only programs whose
# reading as the tool adds checks (files written, read, deleted; a program run) are listed.
_ALIASED_TOOLS = frozenset((
    "cp", "mv", "rm", "ln", "dd", "install", "shred", "truncate", "mkdir", "rmdir", "touch", "chmod", "chown",
    "chgrp", "tee", "cat", "head", "tail", "sort", "split", "csplit", "mktemp", "readlink", "realpath", "base64",
    "tar", "sed", "find", "xargs", "env", "timeout", "nice", "nohup", "stdbuf", "chroot", "grep", "egrep", "fgrep",
))


def program_name(text):
    """The program a command word names, as the analysis classifies it: macOS's file system
    ignores case, so `RM -rf /` runs /bin/rm and `SUDO`, `BASH -c` and `MKFS.EXT4` are those
    programs; a name in upper or mixed case is read in lower case (bash's builtins excepted:
    they are matched exactly). `gcp`/`uu-cp` are cp (_ALIASED_TOOLS). The command keeps its
    spelling as the executable, for the command allow-list, which stays exact."""
    found = _PROGRAM_NAMES.get(text)
    if found is None:
        found = _program_name(text)
        if len(_PROGRAM_NAMES) < 4096:
            _PROGRAM_NAMES[text] = found
    return found


_PROGRAM_NAMES = {}  # text -> program_name(text): a long command line asks about a few names hundreds of times


def _program_name(text):
    name = basename(text)
    low = name.lower()
    if low.endswith(".exe") and len(low) > 4:  # WSL runs Windows' own programs: curl.exe, ssh.exe, cmd.exe
        name = low = low[:-4]
    if low != name and low not in BASH_BUILTINS:
        name = low
    if name[:1] == "g" and name[1:] in _ALIASED_TOOLS:
        return name[1:]
    if name[:3] == "uu-" and name[3:] in _ALIASED_TOOLS:
        return name[3:]
    if name[-1:].isdigit() or name.endswith(_VERSION_ENDS):
        from legant_guard.shell.versions import family  # `perl5.36.0`, `vim.basic`, `editor`: shell/versions.py

        return family(name)
    return name


# Name endings shell/versions.py may read as another program's (versioned names end in a digit).
_VERSION_ENDS = (".tiny", ".basic", ".nox", ".gtk", ".gtk3", ".athena", ".motif", ".distrib", ".real", ".bin",
                 ".appimage", "-static", "-multiarch", "-dbg", "editor", "pager")


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
