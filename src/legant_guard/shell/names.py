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


def program_name(text):
    """The program a command word names, as the analysis classifies it: macOS's file system
    ignores case, so `RM -rf /` runs /bin/rm and `SUDO`, `BASH -c` and `MKFS.EXT4` are those
    programs; a name in upper or mixed case is read in lower case (bash's builtins excepted:
    they are matched exactly). The command keeps its spelling as the executable, for the
    command allow-list, which stays exact."""
    name = basename(text)
    low = name.lower()
    return low if low != name and low not in BASH_BUILTINS else name


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
