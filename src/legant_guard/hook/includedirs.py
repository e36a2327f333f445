"""Folders a compiler driver reads files from by name: its include search path.

`gcc -I ~ -include .netrc -E -x c /dev/null` printed ~/.netrc (red team 37): `-include FILE` and
every `#include "FILE"` of the sources are looked for in the `-I`, `-iquote`, `-isystem`,
`-idirafter` (and `--sysroot`, `-isysroot`) folders, so a source the guard never sees reads any
file below them, and `-E` prints it. Such a folder is judged as a recursive read of it (the
engine's `_check_path(recursive=True)`): one holding a denied folder or file outside the project
(the home folder: ~/.ssh, ~/.netrc, ~/.aws) or the guard's own files is refused, as `grep -r x ~`
is; the project's own folders stay usable (`-I include`, `-I.`), as the project's code reads
them anyway. CPATH, C_INCLUDE_PATH, CPLUS_INCLUDE_PATH and OBJC_INCLUDE_PATH set on the line to
one folder are the same (a list of folders is not followed). Loaded for compiler drivers only.
"""

from legant_guard.hook.model import deny

# Options whose value is a folder searched for included files (also glued: `-I~`, `--sysroot=~`).
_DIR_OPTIONS = ("-I", "-iquote", "-isystem", "-idirafter", "-isysroot", "--sysroot", "-iwithsysroot",
                "--include-directory", "--include-directory-after", "-cxx-isystem", "-iframework", "-F")
_INCLUDE_VARIABLES = frozenset(("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH"))


def folders(argv, home):
    """The include folders named among a compiler's words, as spelled (`~/` expanded)."""
    out = []
    k = 1
    while k < len(argv):
        word = argv[k]
        k += 1
        for option in _DIR_OPTIONS:
            if word == option:
                if k < len(argv):
                    out.append(argv[k])
                    k += 1
                break
            if word.startswith(option) and (not option.startswith("--") or word[len(option)] == "="):
                out.append(word[len(option):].removeprefix("="))
                break
    return [home + f[1:] if home and (f == "~" or f.startswith("~/")) else f for f in out if f]


def check(cmd, policy, protected, home, project, env_paths=()):
    """A deny when an include folder of `cmd` holds a secret or the guard's files outside the project."""
    from legant_guard.hook.engine import _check_path

    found = folders(cmd.argv, home)
    found += [env.folder for env in env_paths if env.variable in _INCLUDE_VARIABLES]
    for folder in found:
        verdict = _check_path(policy, protected, folder, cmd.cwd, home, project, "fs.read", deny_only=True,
                              recursive=True)
        if verdict:
            return deny(f"`{cmd.executable}` looks for the files its sources and `-include` name in {folder}: "
                        + verdict.reason.removeprefix("Legant: "), verdict.rule)
    return None
