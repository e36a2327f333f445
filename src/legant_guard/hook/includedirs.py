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

The same options reach the preprocessor by other ways (red team 41): through the driver's
`-Wp,OPT,VALUE` (split at its commas) and `-Xpreprocessor OPT`, and from a response file
(`gcc @flags.rsp x.c`, whose words gcc puts in place of `@flags.rsp`): `-include ~/.netrc -E`
there printed the file, which the command line never named. Their include folders are judged as
above, and the files they name to be included (`-include`, `-imacros`, `-include-pch`) and a
response file's operands (its sources) as reads that must meet no deny rule.
"""

from legant_guard.hook.model import deny

# Options whose value is a folder searched for included files (also glued: `-I~`, `--sysroot=~`).
_DIR_OPTIONS = ("-I", "-iquote", "-isystem", "-idirafter", "-isysroot", "--sysroot", "-iwithsysroot",
                "--include-directory", "--include-directory-after", "-cxx-isystem", "-iframework", "-F")
_INCLUDE_VARIABLES = frozenset(("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH"))


_FILE_OPTIONS = ("-include-pch", "-include", "-imacros", "--include", "--imacros")  # (longest first)


def preprocessor_words(words):
    """A compiler's words with what `-Wp,A,B` and `-Xpreprocessor A` hand the preprocessor in
    their place (`-Wp,-include,F` is `-include F`)."""
    out = []
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        if word.startswith("-Wp,"):
            out.extend(w for w in word[4:].split(",") if w)
        elif word == "-Xpreprocessor" and k < len(words):
            out.append(words[k])
            k += 1
        else:
            out.append(word)
    return out


def _values(words, options):
    """The values of `options` among `words`: `-I DIR`, glued `-IDIR`, `--opt=VALUE` (a long
    option glued only with `=`)."""
    out = []
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        for option in options:
            if word == option:
                if k < len(words):
                    out.append(words[k])
                    k += 1
                break
            if word.startswith(option) and (not option.startswith("--") or word[len(option):len(option) + 1] == "="):
                out.append(word[len(option):].removeprefix("="))
                break
    return [v for v in out if v]


def included_files(words):
    """The files a compiler's words name to be included before the sources (`-include F`,
    `-imacros F`, glued `-includeF`, `--include=F`)."""
    return _values(words, _FILE_OPTIONS)


def folders(argv, home):
    """The include folders named among a compiler's words, as spelled (`~/` expanded)."""
    found = _values(preprocessor_words(argv[1:]), _DIR_OPTIONS)
    return [home + f[1:] if home and (f == "~" or f.startswith("~/")) else f for f in found]


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
    files = [(f, "the preprocessor") for f in included_files(preprocessor_words(cmd.argv[1:]))]
    for word in cmd.argv[1:]:
        if word.startswith("@") and len(word) > 1:
            verdict, more = _response_file(cmd, word, policy, protected, home, project)
            if verdict:
                return verdict
            files += more
    for name, where in files:
        name = home + name[1:] if home and (name == "~" or name.startswith("~/")) else name
        verdict = _check_path(policy, protected, name, cmd.cwd, home, project, "fs.read")
        if verdict:
            return deny(f"`{cmd.executable}` reads {name}, named by {where}: " + verdict.reason.removeprefix("Legant: "),
                        verdict.rule)
    return None


def _response_file(cmd, word, policy, protected, home, project):
    """(a deny for an include folder the response file `word` (`@flags.rsp`) names, or None; the
    files it names to be included or compiled, with where they come from)."""
    import os
    import shlex

    from legant_guard.hook.optionfiles import _text

    text = _text(os.path.join(cmd.cwd, word[1:]))
    if not text:
        return None, []  # (no file; one that cannot be read is hook/optionfiles.py's)
    try:
        words = preprocessor_words(shlex.split(text))
    except ValueError:
        words = preprocessor_words(text.split())
    where = f"its response file {word[1:]}"
    verdict = check(_Words(cmd, [cmd.executable] + words), policy, protected, home, project) if \
        not any(w.startswith("@") for w in words) else None
    if verdict:
        return verdict, []
    writer = next((w for w in words if w.startswith(_WRITING)), None)
    if writer:
        return deny(f"could not determine the command (`{cmd.executable} {word}` reads more options from {word[1:]}, "
                    f"and it holds `{writer[:80]}`, which names a file the compiler writes), and the token has "
                    "command rules; give the options on the command line", "undetermined"), []
    operands = [w for w in words if not w.startswith("-")]
    return None, [(f, where) for f in included_files(words) + operands]


# Options of a response file that name a file the compiler (or the tools it runs) writes: the
# output, dependency files, dumps, profiles, listings, and the words handed to the linker,
# assembler and preprocessor. Such a file is judged where it is spelled, on the command line.
_WRITING = ("-o", "--output", "-M", "-Wl,", "-Wa,", "-Wp,", "-X", "-save-temps", "-dump", "-fdump", "-fprofile", "-ftest-coverage",
            "-fstack-usage", "-fcallgraph", "-aux-info", "-fopt-info", "-ftime-trace", "-fsave-optimization", "-fmodule",
            "-fcoverage", "-specs", "--specs", "-frecord", "-fdiagnostics", "-fsanitize-coverage", "-fcs-profile")


class _Words:
    """The command as its response file's words make it (for check)."""

    def __init__(self, cmd, argv):
        self.argv, self.cwd, self.executable = argv, cmd.cwd, cmd.executable
